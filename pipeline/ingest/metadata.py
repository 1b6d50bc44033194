"""Metadata written in the text itself, and the kinds of the blocks that carry it.

The front matter is the run of short blocks before the first body paragraph: a
dateline, a source line ("Originally published by X"), a title and a byline. A
standfirst (a one-sentence summary right under the title) is front matter when a "By ..."
byline or a date line follows it, or when it repeats the source's own subtitle field. The
title is the first markdown heading there, else the first title-like line of two words or
more (a one-word rubric such as "Opinion" is not).
The closing signature is the byline name repeated near the end, optionally followed
by a short bio line; site furniture after them (disclaimers, tags, share prompts) is
skipped. A closing bio ("Jane Doe is a senior fellow at ...") names the author when
no byline does. Anything not found is ``None``: a missing author is better than a
wrong one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.ingest.classify import (
    bio_author,
    byline_name,
    classify_body,
    dated_line,
    ends_sentence,
    is_boilerplate,
    is_title_like,
    source_of,
    split_names,
    word_count,
)
from pipeline.ingest.dates import parse_date
from pipeline.ingest.settings import IngestSettings

_DASHES = "—–-― "
_STANDFIRST_LOOKAHEAD = 2
"""A short sentence counts as a standfirst when a byline or date line follows within this many blocks."""
_STANDFIRST_MAX_WORDS = 40
_QUOTE_MARKS = "\"'“”‘’«»"
_PULL_QUOTE_WORDS = (6, 60)
"""A quotation block of this many words that a paragraph holds verbatim is a pull quote."""
_ABOUT_AUTHOR = ("about the author", "about the authors", "about the author(s)")


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
    description: str | None = None,
) -> TextMetadata:
    """Kinds for every block plus the metadata found in front matter and closing.

    ``description`` is the article's own standfirst when its source gives one (a JSONL line's
    ``subtitle``/``standfirst``/``dek``): a first body block that repeats it is the standfirst."""
    meta = TextMetadata(kinds=[classify_body(t, h, settings) for t, h in zip(texts, hints, strict=True)])
    body_start, standfirsts = _front_end(texts, hints, settings)
    titles: list[int] = []
    for i in range(body_start):
        _front_block(i, texts[i], hints[i], meta, settings, titles)
    if body_start < len(texts) and _repeats(texts[body_start], description):
        standfirsts.append(body_start)
    for i in standfirsts:
        if meta.kinds[i] == "paragraph":
            meta.kinds[i] = "heading"  # front matter, not a claim of the body
    meta.title = _pick_title(texts, hints, titles)
    _end_matter(texts, body_start, meta, settings)
    _pull_quotes(texts, body_start, meta)
    _closing(texts, body_start, meta, settings, known_author)
    return meta


def _end_matter(texts: list[str], body_start: int, meta: TextMetadata, settings: IngestSettings) -> None:
    """Notes, references and sources after the body: boilerplate from their heading on (a short block
    such as "Notes", "References:" or "Further reading", whatever kind it was given)."""
    for i in range(body_start, len(texts)):
        label = texts[i].strip().rstrip(":").strip().casefold()
        if word_count(label) <= 3 and label in settings.end_matter_set:
            for j in range(i, len(texts)):
                meta.kinds[j] = "boilerplate"
            return


def _pull_quotes(texts: list[str], body_start: int, meta: TextMetadata) -> None:
    """A pull quote repeats a sentence of the body verbatim in a block quotation (or a block wholly in
    quotation marks): the repeat is boilerplate, so the sentence is one claim, once. Plain paragraphs
    are never taken for pull quotes (a refrain, a journalist quoting an answer back)."""
    body = "\n".join(
        texts[i].casefold() for i in range(body_start, len(texts)) if meta.kinds[i] == "paragraph"
    )
    for i in range(body_start, len(texts)):
        text = texts[i].strip()
        quoted = meta.kinds[i] == "quote" or (
            text[:1] in _QUOTE_MARKS and text.rstrip(".")[-1:] in _QUOTE_MARKS
        )
        if not quoted or meta.kinds[i] not in ("quote", "paragraph"):
            continue
        core = text.strip(_QUOTE_MARKS).strip().rstrip(".!?…").strip().casefold()
        if not _PULL_QUOTE_WORDS[0] <= word_count(core) <= _PULL_QUOTE_WORDS[1]:
            continue
        own = texts[i].casefold() if meta.kinds[i] == "paragraph" else None
        if (body.count(core) - (1 if own is not None and core in own else 0)) > 0:
            meta.kinds[i] = "boilerplate"


def _front_end(texts: list[str], hints: list[str | None], settings: IngestSettings) -> tuple[int, list[int]]:
    """Index of the first body block, and the standfirst passed on the way (at most one)."""
    body = _first_body_block(texts, hints, settings, 0)
    after = _standfirst_end(texts, hints, body, settings)
    if after is None:
        return body, []
    return _first_body_block(texts, hints, settings, after), [body]


def _repeats(text: str, description: str | None) -> bool:
    """The block is exactly the source's subtitle (a standfirst); a subtitle that only starts like the
    block leaves it body."""
    if not description:
        return False
    block = " ".join(text.split()).casefold()
    return word_count(block) <= _STANDFIRST_MAX_WORDS and block == " ".join(description.split()).casefold()


def _first_body_block(texts: list[str], hints: list[str | None], settings: IngestSettings, start: int) -> int:
    for i in range(start, len(texts)):
        if hints[i] == "heading":
            continue
        text = texts[i]
        long_enough = word_count(text) >= settings.body_min_words
        sentence = (
            ends_sentence(text)
            and word_count(text) > settings.question_heading_max_words
            and not is_boilerplate(text, settings)
        )
        if long_enough or sentence:
            return i
    return len(texts)


def _standfirst_end(
    texts: list[str], hints: list[str | None], body: int, settings: IngestSettings
) -> int | None:
    """If ``texts[body]`` is a standfirst (short, right under the title, and a "By ..." byline or a
    date line follows within a block or two), the index just past that line; else None. A bare
    name does not count: transcripts put speakers' names on their own lines."""
    if body == 0 or not (hints[body - 1] == "heading" or is_title_like(texts[body - 1], settings)):
        return None
    for k in range(body + 1, min(body + 1 + _STANDFIRST_LOOKAHEAD, len(texts))):
        if any(word_count(texts[j]) >= settings.body_min_words for j in range(body, k)):
            return None
        text = texts[k]
        byline = settings.byline_prefix_re.fullmatch(text.strip()) and byline_name(text, settings)
        if byline or dated_line(text, settings) or parse_date(text, settings):
            return k + 1
    return None


def _front_block(
    i: int, text: str, hint: str | None, meta: TextMetadata, settings: IngestSettings, titles: list[int]
) -> None:
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
    if hint != "heading" and meta.author is None:
        name, with_date = _byline_and_date(text, settings)
        if name is not None:
            meta.kinds[i] = "byline"
            meta.author = name
            meta.published = meta.published or with_date
            return
    dated = dated_line(text, settings)  # before menus: "Opinion • March 3, 2026 • 6 min read"
    if dated is not None:
        meta.kinds[i] = "dateline"
        meta.published = meta.published or dated
        return
    if is_boilerplate(text, settings):
        meta.kinds[i] = "boilerplate"
        return
    if hint == "heading" or is_title_like(text, settings):
        meta.kinds[i] = "heading"
        titles.append(i)


def _pick_title(texts: list[str], hints: list[str | None], titles: list[int]) -> str | None:
    """The first markdown heading, else the first title-like line of two or more words, else the first."""
    if not titles:
        return None
    for wanted in (
        lambda i: hints[i] == "heading",
        lambda i: word_count(texts[i]) >= 2,
        lambda i: True,
    ):
        for i in titles:
            if wanted(i):
                return texts[i].strip()
    return None


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
    # Site furniture after the signature (disclaimer, tags, share prompts) is not the end.
    end = len(texts)
    while end > body_start and meta.kinds[end - 1] == "boilerplate":
        end -= 1
    first = max(body_start, end - settings.closing_window)
    author = meta.author or known_author
    if not author:
        _closing_without_byline(texts, first, end, meta, settings)
        return
    names = [n.strip() for n in split_names(author)]
    bio_words = settings.bio_max_words * max(len(names), 1)
    for i in range(first, end):
        text = texts[i].strip().lstrip(_DASHES).strip()
        if _same_name(text, author) or any(_same_name(text, n) for n in names):
            meta.kinds[i] = "byline"
            following = list(range(i + 1, end))
            if len(following) == 1 and word_count(texts[following[0]]) <= bio_words:
                meta.kinds[following[0]] = "bio"
                meta.author_bio = texts[following[0]].strip()
            return
        if _is_about_heading(text) and i + 1 < end:
            _mark_bio(range(i + 1, end), texts, meta)
            return
        if (
            any(text.startswith(n + " ") for n in [author, *names])
            and word_count(text) <= bio_words
            and i == end - 1
        ):
            # "Jane Doe is a senior fellow at ..." as the last block.
            meta.kinds[i] = "bio"
            meta.author_bio = text
            return


def _closing_without_byline(
    texts: list[str], first: int, end: int, meta: TextMetadata, settings: IngestSettings
) -> None:
    """No byline: an "About the author" section, or a last block that is a bio, gives the author."""
    for i in range(first, end):
        if _is_about_heading(texts[i]) and i + 1 < end:
            _mark_bio(range(i + 1, end), texts, meta)
            meta.author = bio_author(texts[i + 1], settings)
            return
    if end <= first:
        return
    last = texts[end - 1].strip()
    name = bio_author(last, settings)
    earlier = " ".join(texts[: end - 1])
    if name is not None and name.split()[-1] not in earlier:
        meta.kinds[end - 1] = "bio"
        meta.author_bio = last
        meta.author = name


def _is_about_heading(text: str) -> bool:
    return text.strip().rstrip(":").casefold() in _ABOUT_AUTHOR


def _mark_bio(indices: range, texts: list[str], meta: TextMetadata) -> None:
    for j in indices:
        meta.kinds[j] = "bio"
    meta.author_bio = " ".join(texts[j].strip() for j in indices)


def _same_name(text: str, author: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(s.replace("By ", "", 1).split()).casefold()

    return norm(text) == norm(author)
