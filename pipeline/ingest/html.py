"""HTML to article text and metadata, through trafilatura (we write no extractor of our own).

The main text comes back as markdown (headings, links, emphasis), which the same
cleanup as ``.md`` files turns into blocks and links.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.errors import IngestError


@dataclass
class ExtractedHtml:
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)


_META_FIELDS = {
    "title": "title",
    "author": "author",
    "url": "url",
    "date": "published",
    "sitename": "source",
    "hostname": "hostname",
    "description": "description",
    "categories": "categories",
    "tags": "tags",
    "license": "license",
    "language": "html_language",
}


def extract_html(html: str) -> ExtractedHtml:
    """Main text (markdown) and metadata of an HTML page; E106 if it holds no article."""
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_links=True,
            include_formatting=True,
            include_comments=False,
            include_tables=False,
        )
    except Exception as exc:  # trafilatura raises lxml and value errors on broken pages
        raise IngestError("E106", detail=f"trafilatura failed: {exc}") from exc
    if document is None:
        raise IngestError("E106", detail="trafilatura found no main text")
    text = _as_markdown(document)
    if not text or not text.strip():
        raise IngestError("E106", detail="trafilatura found no main text")
    metadata: dict[str, Any] = {}
    for attr, key in _META_FIELDS.items():
        value = getattr(document, attr, None)
        if value:
            metadata[key] = value
    return ExtractedHtml(text=text, metadata=metadata)


def _as_markdown(document: Any) -> str:
    try:
        # Public since trafilatura 2.0, though not re-exported at top level.
        from trafilatura.core import determine_returnstring
        from trafilatura.settings import Extractor

        options = Extractor(output_format="markdown", formatting=True, links=True, with_metadata=False)
        return str(determine_returnstring(document, options))
    except ImportError:  # pragma: no cover - older or newer trafilatura layouts
        return str(document.text or "")
