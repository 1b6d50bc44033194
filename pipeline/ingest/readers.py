"""Files to raw documents: one reader per format, all through the same decoding.

``.txt`` and ``.md`` are read as (markdown-ish) text; ``.html``/``.htm`` through
trafilatura; ``.jsonl`` holds one article per line with ``text`` or ``html`` and
optional metadata fields. A broken JSONL line is one error; the other lines still
ingest. Files are read whole except ``.jsonl``, which streams line by line.
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
from pipeline.ingest.settings import IngestSettings
from pipeline.types import ErrorRecord

# Fields a JSONL line (or trafilatura) may supply; everything else goes to metadata.
ARTICLE_FIELDS = ("title", "author", "source", "url", "published", "language", "author_bio")


@dataclass
class RawDocument:
    """One article's raw text before normalisation, plus reader-supplied metadata."""

    source_path: str
    text: str
    fmt: str  # "text", "markdown" or "html" (text extracted by trafilatura)
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


def _read_bytes(path: Path, settings: IngestSettings) -> bytes:
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            raise IngestError("E103", size=size, limit=settings.max_bytes)
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
    fields, extra = _split_fields({k: v for k, v in record.items() if k not in ("text", "html")})
    source_path = where  # the line's own source_path/id, if any, stays in metadata
    text = record.get("text")
    if isinstance(text, str) and text.strip():
        return RawDocument(source_path, text, "markdown", fields, extra, decoded.warnings)
    html = record.get("html")
    if isinstance(html, str) and html.strip():
        extracted = extract_html(html)
        html_fields, html_extra = _split_fields(extracted.metadata)
        # Fields on the line win over what trafilatura found in the page.
        merged = {**html_fields, **{k: v for k, v in fields.items() if v}}
        return RawDocument(
            source_path, extracted.text, "html", merged, {**html_extra, **extra}, decoded.warnings
        )
    if text is not None or html is not None:
        raise IngestError("E101")
    raise IngestError("E105", line=lineno)


def _split_fields(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    fields = {k: data[k] for k in ARTICLE_FIELDS if data.get(k) not in (None, "")}
    extra = {k: v for k, v in data.items() if k not in ARTICLE_FIELDS}
    return fields, extra
