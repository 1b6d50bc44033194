"""PDF to article text, through pypdf's layout extraction (we write no PDF parser of our own).

Think-tank commentaries and briefs often come as PDFs. A page's text is taken in layout mode,
which keeps the vertical gaps between paragraphs and headings as blank lines, so the same
block splitting as plain text finds the paragraphs. What a PDF adds on top of text is removed
here, page by page:

- two text columns side by side become the left column, then the right one;
- running headers and footers (a line at the top or bottom of most pages, page numbers
  ignored) and bare page numbers ("3", "Page 3 of 10", "- 3 -");
- a word hyphenated across a line end ("secu-" + "rity") is whole again.

Pages are joined by a blank line; a paragraph that runs over a page break is rejoined like any
other paragraph split mid-sentence. Scans without a text layer (E114), encrypted files (E113) and
files pypdf cannot parse (E115) are errors with what to do.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pipeline.errors import IngestError

_PAGE_NUMBER = re.compile(r"(?i)(?:page\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?")
_DIGITS = re.compile(r"\d+")
_HYPHEN_BREAK = re.compile(r"(\w+)-\n[ \t]*([a-zà-ÿ]\w*)")
_GUTTER = re.compile(" {4,}")
"""Spaces between two columns of text on one line (layout mode pads with spaces)."""
_COLUMN_SHARE = 0.5
"""A page has two columns when at least this share of its text lines has a gap at one position."""
_MIN_TEXT_CHARS = 20


@dataclass
class ExtractedPdf:
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)


def extract_pdf(data: bytes) -> ExtractedPdf:
    """The text of a PDF with its furniture removed, plus its document information."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError("E113")
        pages = [_page_lines(page.extract_text(extraction_mode="layout") or "") for page in reader.pages]
        info = dict(reader.metadata or {})
    except IngestError:
        raise
    except DependencyError as exc:
        raise IngestError("E115", detail=f"this PDF needs an extra package: {exc}") from exc
    except Exception as exc:  # a hostile or broken file must cost its own record, never the batch
        raise IngestError("E115", detail=f"{type(exc).__name__}: {exc}") from exc
    pages = _without_running_lines(pages)
    text = _dehyphenate("\n\n".join("\n".join(lines) for lines in pages))
    if len(re.sub(r"\s", "", text)) < _MIN_TEXT_CHARS:
        raise IngestError("E114", pages=len(pages))
    metadata = {**_document_info(info), "pages": len(pages)}
    return ExtractedPdf(text=text, metadata=metadata)


def _dehyphenate(text: str) -> str:
    """ "secu-" + "rity" -> "security"; "so-" + "called" stays "so-called" when the document writes the
    hyphenated form elsewhere and never the joined one."""
    lower = text.casefold()

    def join(match: re.Match[str]) -> str:
        head, tail = match.group(1), match.group(2)
        joined, hyphenated = f"{head}{tail}".casefold(), f"{head}-{tail}".casefold()
        if lower.count(hyphenated) and not lower.count(joined):
            return f"{head}-{tail}"
        if head[-1:].isalpha() and head[-1:].islower():
            return f"{head}{tail}"
        return f"{head}-{tail}"

    return _HYPHEN_BREAK.sub(join, text)


def _page_lines(text: str) -> list[str]:
    """A page's lines in reading order: columns one after the other, the common margin removed,
    runs of blank lines made one."""
    lines = [line.rstrip() for line in text.split("\n")]
    split = _column_split(lines)
    if split is not None:
        lines = _columns_in_order(lines, split)
    indent = min((len(line) - len(line.lstrip()) for line in lines if line.strip()), default=0)
    out: list[str] = []
    for line in lines:
        line = line[indent:] if line.strip() else ""
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


def _columns_in_order(lines: list[str], split: int) -> list[str]:
    """Lines with the gutter blank at ``split`` go to their column; a full-width line (a title, a
    summary above the columns) ends the columns before it and stays whole."""
    out: list[str] = []
    left: list[str] = []
    right: list[str] = []

    def flush() -> None:
        out.extend([*left, "", *right] if right else left)
        left.clear()
        right.clear()

    for line in lines:
        if len(line) <= split or not line[split - 1 : split].strip():
            left.append(line[:split].rstrip())
            right.append(line[split:].rstrip())
        else:
            flush()
            out.append(line)
    flush()
    return out


def _column_split(lines: list[str]) -> int | None:
    """The position of a gutter that most text lines have (text on both sides), else None."""
    text_lines = [line for line in lines if len(line.strip()) > 20]
    if len(text_lines) < 6:
        return None
    gaps: Counter[int] = Counter()
    for line in text_lines:
        seen = set()
        for match in _GUTTER.finditer(line):
            left, right = line[: match.start()].strip(), line[match.end() :].strip()
            if len(left) > 10 and len(right) > 10:
                seen.add(match.end())
        gaps.update(seen)
    if not gaps:
        return None
    position, count = gaps.most_common(1)[0]
    return position if count >= _COLUMN_SHARE * len(text_lines) else None


def _without_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Drop page numbers and the headers/footers repeated on most pages (digits ignored)."""

    def key(line: str) -> str:
        return _DIGITS.sub("#", " ".join(line.split())).casefold()

    edges: Counter[str] = Counter()
    for lines in pages:
        edges.update({key(lines[i]) for i in _edge_indices(lines)})
    repeated = {k for k, n in edges.items() if len(pages) >= 2 and n >= max(2, len(pages) / 2)}
    out: list[list[str]] = []
    for lines in pages:
        edge = _edge_indices(lines)
        kept = [
            line
            for i, line in enumerate(lines)
            if not (i in edge and (key(line) in repeated or _PAGE_NUMBER.fullmatch(line.strip())))
        ]
        while kept and not kept[0]:
            kept.pop(0)
        while kept and not kept[-1]:
            kept.pop()
        out.append(kept)
    return out


def _edge_indices(lines: list[str]) -> set[int]:
    """The first two and last two text lines of a page (where headers and footers sit)."""
    text = [i for i, line in enumerate(lines) if line.strip()]
    return set(text[:2] + text[-2:] if len(text) > 4 else text)


def _document_info(info: dict[str, Any]) -> dict[str, Any]:
    """The document information's title and author, as metadata only: they are often a file
    name ("Microsoft Word - draft3.docx") or a login, so the text's own title and byline win."""
    values = (("pdf_title", info.get("/Title")), ("pdf_author", info.get("/Author")))
    return {key: str(value).strip() for key, value in values if value and str(value).strip()}
