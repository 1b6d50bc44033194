"""One raw document to one :class:`~pipeline.types.Article`: the normalisation pipeline.

characters (newlines, mojibake, NFC, invisibles) -> blocks (blank lines, hard wraps,
markdown markers, emphasis, links) -> paragraphs rejoined across page breaks ->
kinds and metadata -> text assembled with blocks separated by a blank line, every
offset exact and mapped back to the raw input.
"""

from __future__ import annotations

import hashlib
from typing import cast

from pipeline.errors import IngestError
from pipeline.ingest.dates import normalise_iso_date
from pipeline.ingest.language import detect_language
from pipeline.ingest.mapped import MappedText
from pipeline.ingest.markdown import locate_link
from pipeline.ingest.metadata import analyse_blocks
from pipeline.ingest.normalise import normalise_chars
from pipeline.ingest.paragraphs import rejoin_broken, split_blocks
from pipeline.ingest.readers import RawDocument
from pipeline.ingest.settings import IngestSettings
from pipeline.types import Article, Block, BlockKind, Link

BLOCK_SEPARATOR = "\n\n"
_SUMMARY_KEYS = ("subtitle", "standfirst", "dek")
"""Metadata keys of a JSONL line that give the standfirst. Not an HTML page's description: sites
copy the first paragraph into it, and a short lede equal to it is the article's thesis."""


def doc_id_for(text: str, settings: IngestSettings) -> str:
    """Stable id: the first ``doc_id_chars`` hex digits of sha256 of the normalised text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[: settings.doc_id_chars]


def build_article(raw: RawDocument, settings: IngestSettings) -> Article:
    """Normalise ``raw`` into an Article; E101/E109 if nothing article-like is left."""
    if not raw.text.strip():
        raise IngestError("E101")
    chars, warnings = normalise_chars(MappedText.from_raw(raw.text))
    blocks, rejoin_warnings = rejoin_broken(split_blocks(chars, settings), settings)
    warnings = list(raw.warnings) + warnings + rejoin_warnings
    texts = [b.text.text for b in blocks]
    known_author = raw.fields.get("author")
    summary = next((str(raw.metadata[k]) for k in _SUMMARY_KEYS if raw.metadata.get(k)), None)
    meta = analyse_blocks(texts, [b.hint for b in blocks], settings, known_author, summary)

    separator_parts: list[MappedText] = []
    out_blocks: list[Block] = []
    out_links: list[Link] = []
    pos = 0
    for i, block in enumerate(blocks):
        if i:
            # The separator stands for the line break(s) right after the previous block.
            prev = blocks[i - 1].text
            sep = MappedText.literal(BLOCK_SEPARATOR, prev.raw_at(len(prev)))
            separator_parts.append(sep)
            pos += len(sep)
        out_blocks.append(Block(start=pos, end=pos + len(block.text), kind=cast(BlockKind, meta.kinds[i])))
        for link in block.links:
            span = locate_link(block.text.origin, link, offset=pos)
            if span is not None:
                out_links.append(Link(start=span[0], end=span[1], href=link.href))
        separator_parts.append(block.text)
        pos += len(block.text)
    body = MappedText.join(separator_parts)
    text = body.text
    if not text or len(text) < settings.min_chars:
        if raw.fmt == "html":
            raise IngestError("E106", detail=f"only {len(text)} characters of main text")
        raise IngestError("E109", chars=len(text))
    if raw.fmt == "html" and not any(b.kind in ("paragraph", "quote") for b in out_blocks):
        raise IngestError("E106", detail="no paragraph in the extracted text")

    fields = raw.fields
    published = normalise_iso_date(fields.get("published"), settings) or meta.published
    if fields.get("published") and not normalise_iso_date(fields.get("published"), settings):
        warnings.append(f"ignored published={fields['published']!r}: not a recognisable date")
    language = str(fields.get("language") or detect_language(text, settings))
    return Article(
        doc_id=doc_id_for(text, settings),
        source_path=raw.source_path,
        text=text,
        title=fields.get("title") or meta.title,
        author=fields.get("author") or meta.author,
        source=fields.get("source") or meta.source,
        url=fields.get("url"),
        published=published,
        language=language,
        blocks=out_blocks,
        links=sorted(out_links, key=lambda link: (link.start, link.end)),
        warnings=warnings,
        author_bio=fields.get("author_bio") or meta.author_bio,
        raw_offsets=body.runs(),
        metadata={**raw.metadata, "format": raw.fmt},
    )
