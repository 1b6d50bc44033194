"""Metadata written in the text itself, and the kinds of the blocks that carry it.

The front matter is the run of short blocks before the first body paragraph: a
dateline, a source line ("Originally published by X"), a title and a byline. The
closing signature is the byline name repeated near the end, optionally followed by
a short bio line. Anything not found is ``None``: a missing author is better than a
wrong one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.ingest.classify import (
    byline_name,
    classify_body,
    ends_sentence,
    is_boilerplate,
    is_title_like,
    source_of,
    word_count,
)
from pipeline.ingest.dates import parse_date
from pipeline.ingest.settings import IngestSettings

_DASHES = "—–-― "


@dataclass
class TextMetadata:
    title: str | None = None
    author: str | None = None
    source: str | None = None
    published: str | None = None
    author_bio: str | None = None
    kinds: list[str] = field(default_factory=list)


def analyse_blocks(
    texts: list[str],
    hints: list[str | None],
    settings: IngestSettings,
    known_author: str | None = None,
) -> TextMetadata:
    """Kinds for every block plus the metadata found in front matter and closing."""
    meta = TextMetadata(kinds=[classify_body(t, h, settings) for t, h in zip(texts, hints, strict=True)])
    body_start = _front_end(texts, hints, settings)
    for i in range(body_start):
        _front_block(i, texts[i], hints[i], meta, settings)
    _closing(texts, body_start, meta, settings, known_author)
    return meta


def _front_end(texts: list[str], hints: list[str | None], settings: IngestSettings) -> int:
    for i, (text, hint) in enumerate(zip(texts, hints, strict=True)):
        if hint == "heading":
            continue
        long_enough = word_count(text) >= settings.body_min_words
        sentence = (
            ends_sentence(text)
            and word_count(text) > settings.question_heading_max_words
            and not is_boilerplate(text, settings)
        )
        if long_enough or sentence:
            return i
    return len(texts)


def _front_block(i: int, text: str, hint: str | None, meta: TextMetadata, settings: IngestSettings) -> None:
    date = parse_date(text, settings)
    if date is not None:
        meta.kinds[i] = "dateline"
        meta.published = meta.published or date
        return
    source = source_of(text, settings)
    if source is not None:
        meta.kinds[i] = "boilerplate"
        meta.source = meta.source or source
        return
    if is_boilerplate(text, settings):
        meta.kinds[i] = "boilerplate"
        return
    if hint != "heading" and meta.author is None:
        name, dated = _byline_and_date(text, settings)
        if name is not None:
            meta.kinds[i] = "byline"
            meta.author = name
            meta.published = meta.published or dated
            return
    if meta.title is None and (hint == "heading" or is_title_like(text, settings)):
        meta.kinds[i] = "heading"
        meta.title = text.strip()


def _byline_and_date(text: str, settings: IngestSettings) -> tuple[str | None, str | None]:
    """A byline, possibly sharing its line with the date ("By Jane Doe · 2026-01-22")."""
    name = byline_name(text, settings)
    if name is not None:
        return name, None
    for sep in settings.byline_date_separators:
        if sep not in text:
            continue
        head, _, tail = text.partition(sep)
        for who, when in ((head, tail), (tail, head)):
            name, date = byline_name(who, settings), parse_date(when.strip(), settings)
            if name is not None and date is not None:
                return name, date
    return None, None


def _closing(
    texts: list[str],
    body_start: int,
    meta: TextMetadata,
    settings: IngestSettings,
    known_author: str | None,
) -> None:
    author = meta.author or known_author
    if not author:
        return
    first = max(body_start, len(texts) - settings.closing_window)
    for i in range(first, len(texts)):
        text = texts[i].strip().lstrip(_DASHES).strip()
        if _same_name(text, author):
            meta.kinds[i] = "byline"
            following = texts[i + 1 :]
            if len(following) == 1 and word_count(following[0]) <= settings.bio_max_words:
                meta.kinds[i + 1] = "bio"
                meta.author_bio = following[0].strip()
            return
        if (
            text.startswith(author + " ")
            and word_count(text) <= settings.bio_max_words
            and i == len(texts) - 1
        ):
            # "Jane Doe is a senior fellow at ..." as the last block.
            meta.kinds[i] = "bio"
            meta.author_bio = text
            return


def _same_name(text: str, author: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(s.replace("By ", "", 1).split()).casefold()

    return norm(text) == norm(author)
