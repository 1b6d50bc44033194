"""Files to raw documents: one reader per format, all through the same decoding.

``.txt`` and ``.md`` are read as (markdown-ish) text; ``.html``/``.htm`` through
trafilatura; ``.pdf`` through pypdf (:mod:`pipeline.ingest.pdf`); ``.jsonl`` holds one article
per line with ``text`` or ``html`` and optional metadata fields. A broken JSONL line is one error; the other lines still
ingest. Files are read whole except ``.jsonl``, which streams line by line.

A JSONL line is data from elsewhere: its ``text``/``html`` must be strings (E110 names the
field otherwise) and its metadata fields are made strings before anything reads them (a
number or a list of names is converted, anything else dropped, each with a warning), so a
bad field never reaches the pipeline.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import IngestError
from pipeline.ingest.decoding import decode_bytes
from pipeline.ingest.html import extract_html
from pipeline.ingest.pdf import extract_pdf
from pipeline.ingest.settings import IngestSettings
from pipeline.types import ErrorRecord

# Fields a JSONL line (or trafilatura) may supply; everything else goes to metadata.
ARTICLE_FIELDS = ("title", "author", "source", "url", "published", "language", "author_bio")


@dataclass
class RawDocument:
    """One article's raw text before normalisation, plus reader-supplied metadata."""

    source_path: str
    text: str
    fmt: str  # "text", "markdown", "html" (text extracted by trafilatura) or "pdf" (by pypdf)
    fields: dict[str, Any] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def read_file(path: Path, settings: IngestSettings) -> Iterator[RawDocument | ErrorRecord]:
    """Every document in ``path`` (one, or one per JSONL line) or error records."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".jsonl":
            yield from _read_jsonl(path, settings)
            return
        if suffix == ".pdf":
            pdf = extract_pdf(_read_bytes(path, settings, settings.pdf_max_bytes))
            yield RawDocument(str(path), pdf.text, "pdf", {}, pdf.metadata)
            return
        data = _read_bytes(path, settings)
        decoded = decode_bytes(data, settings)
        if suffix in (".html", ".htm"):
            extracted = extract_html(decoded.text)
            fields, extra = _split_fields(extracted.metadata)
            yield RawDocument(str(path), extracted.text, "html", fields, extra, decoded.warnings)
        elif suffix in (".txt", ".md", ".markdown"):
            fmt = "text" if suffix == ".txt" else "markdown"
            yield RawDocument(str(path), decoded.text, fmt, {}, {}, decoded.warnings)
        else:
            raise IngestError("E107", suffix=suffix or "(none)")
    except IngestError as exc:
        yield ErrorRecord(path=str(path), code=exc.code, message=exc.message)


def _read_bytes(path: Path, settings: IngestSettings, limit: int | None = None) -> bytes:
    limit = settings.max_bytes if limit is None else limit
    try:
        size = path.stat().st_size
        if size > limit:
            raise IngestError("E103", size=size, limit=limit)
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError("E108", detail=f"{type(exc).__name__}: {exc.strerror or exc}") from exc
    if not data.strip():
        raise IngestError("E101")
    return data


def _read_jsonl(path: Path, settings: IngestSettings) -> Iterator[RawDocument | ErrorRecord]:
    try:
        size = path.stat().st_size
        fh = open(path, "rb")  # noqa: SIM115 - closed below, generator-friendly
    except OSError as exc:
        raise IngestError("E108", detail=f"{type(exc).__name__}: {exc.strerror or exc}") from exc
    if size == 0:
        fh.close()
        raise IngestError("E101")
    any_line = False
    with fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            any_line = True
            where = f"{path}:{lineno}"
            try:
                yield _jsonl_document(line, lineno, where, settings)
            except IngestError as exc:
                yield ErrorRecord(path=where, code=exc.code, message=exc.message)
    if not any_line:
        raise IngestError("E101")


def _jsonl_document(line: bytes, lineno: int, where: str, settings: IngestSettings) -> RawDocument:
    if len(line) > settings.max_bytes:
        raise IngestError("E103", size=len(line), limit=settings.max_bytes)
    decoded = decode_bytes(line, settings)
    try:
        record = json.loads(decoded.text)
    except json.JSONDecodeError as exc:
        raise IngestError("E104", line=lineno, detail=f"{exc.msg} at column {exc.colno}") from exc
    if not isinstance(record, dict):
        raise IngestError("E104", line=lineno, detail=f"a JSON {type(record).__name__}, not an object")
    text, html = record.get("text"), record.get("html")
    for name, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            raise IngestError("E110", line=lineno, field=name, expected="a string", got=describe(value))
    if text is None and html is None:
        raise IngestError("E105", line=lineno)
    fields, extra = _split_fields({k: v for k, v in record.items() if k not in ("text", "html")})
    warnings = decoded.warnings + coerce_fields(fields)
    source_path = where  # the line's own source_path/id, if any, stays in metadata
    if isinstance(text, str) and text.strip():
        return RawDocument(source_path, text, "markdown", fields, extra, warnings)
    if isinstance(html, str) and html.strip():
        extracted = extract_html(html)
        html_fields, html_extra = _split_fields(extracted.metadata)
        warnings += coerce_fields(html_fields)
        # Fields on the line win over what trafilatura found in the page.
        merged = {**html_fields, **{k: v for k, v in fields.items() if v}}
        return RawDocument(source_path, extracted.text, "html", merged, {**html_extra, **extra}, warnings)
    name = "text" if text is not None else "html"
    raise IngestError("E110", line=lineno, field=name, expected="a non-empty string", got="blank text")


def _split_fields(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    fields = {k: data[k] for k in ARTICLE_FIELDS if data.get(k) not in (None, "")}
    extra = {k: v for k, v in data.items() if k not in ARTICLE_FIELDS}
    return fields, extra


def coerce_fields(fields: dict[str, Any]) -> list[str]:
    """Make every metadata field a string in place; returns a warning per field changed or dropped.

    A number becomes its decimal string, a list of names is joined with ", " (several
    authors), anything else (an object, a boolean, a mixed list) is dropped: no author is
    better than a wrong one.
    """
    warnings: list[str] = []
    for name, value in list(fields.items()):
        if isinstance(value, str):
            continue
        if isinstance(value, int | float) and not isinstance(value, bool):
            fields[name] = str(value)
            warnings.append(f"{name} was the number {value!r}; read as the string {fields[name]!r}")
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            joined = ", ".join(v.strip() for v in value if v.strip())
            if joined:
                fields[name] = joined
                warnings.append(f"{name} was a list of {len(value)} strings; joined as {joined!r}")
            else:
                del fields[name]
                warnings.append(f"ignored {name}: a list of blank strings")
        else:
            del fields[name]
            warnings.append(f"ignored {name}={describe(value)}: expected a string")
    return warnings


def describe(value: Any) -> str:
    """A short description of a JSON value for messages: its type and a clipped repr."""
    shown = repr(value)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"{type(value).__name__} {shown}"
