"""Markdown (and markdown-ish plain text) cleanup with exact offsets.

Block markers (``#`` headings, ``>`` quotes, list bullets) are removed and reported
as a hint; inline emphasis and code markers are removed; links ``[anchor](href)``
keep their anchor text and are returned as ``(start, end, href)`` into the cleaned
text; footnote references glued to the text ("it.[1]") are removed. Everything repeats
until stable, so cleaning clean text changes nothing.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.ingest.mapped import MappedText

_HEADING = re.compile(r"^#{1,6}[ \t]+|^#{1,6}$")
_HEADING_CLOSE = re.compile(r"[ \t]+#+[ \t]*$")
_QUOTE = re.compile(r"^>[ \t]?")
_BULLET = re.compile(r"^(?:[-*+•])(?:[ \t]+|$)")
_SPACE_RUN = re.compile(r"\s{2,}|[\t\n]")

# Emphasis: the marker must hug non-space text on both sides; "_" only outside words.
_STRONG_STAR = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_STRONG_UNDER = re.compile(r"(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)")
_EM_STAR = re.compile(r"\*(?=[^\s*])(.+?)(?<=[^\s*])\*")
_EM_UNDER = re.compile(r"(?<!\w)_(?=[^\s_])(.+?)(?<=[^\s_])_(?!\w)")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_CODE = re.compile(r"`([^`\n]+)`")
_EMPHASIS = (_STRONG_STAR, _STRONG_UNDER, _EM_STAR, _EM_UNDER, _STRIKE, _CODE)

_LINK = re.compile(
    r"!?\[(?P<anchor>[^\[\]]*)\]"
    r"\(\s*<?(?P<href>[^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*)>?"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
)
_AUTOLINK = re.compile(r"<(?P<href>(?:https?|mailto):[^<>\s]+)>")
_FOOTNOTE_REF = re.compile(r"(?<=[^\s\[])\[\^?\d{1,3}\](?!\()")
"""A footnote reference glued to the text ("... to test it.[1]", "[^2]"): not prose."""


@dataclass(frozen=True)
class RawLink:
    """A link by the raw positions of the first and last character of its anchor."""

    raw_first: int
    raw_last: int
    href: str


@dataclass
class CleanBlock:
    """One block after cleanup: text, its links and a hint from block markers."""

    text: MappedText
    links: list[RawLink] = field(default_factory=list)
    hint: str | None = None  # "heading" (a # line) or "quote" (a > line)


def strip_block_markers(line: MappedText) -> tuple[MappedText, str | None]:
    """Remove leading ``#``/``>``/bullet markers (repeatedly); return the hint they give."""
    hint: str | None = None
    while True:
        line = line.strip()
        if _HEADING.match(line.text):
            line = line.sub(_HEADING, "").sub(_HEADING_CLOSE, "")
            hint = "heading"
        elif _QUOTE.match(line.text):
            line = line.sub(_QUOTE, "")
            hint = hint or "quote"
        elif _BULLET.match(line.text):
            line = line.sub(_BULLET, "")
        else:
            return line, hint


def collapse_spaces(text: MappedText) -> MappedText:
    """Any run of whitespace inside a block becomes one space."""
    return text.sub(_SPACE_RUN, lambda m: MappedText.literal(" ", text.raw_at(m.start()))).strip()


_EMPHASIS_CHARS = frozenset("*_~`")


def remove_emphasis(text: MappedText) -> MappedText:
    if not _EMPHASIS_CHARS.intersection(text.text):
        return text
    for _ in range(8):
        before = text.text
        for pattern in _EMPHASIS:
            text = text.sub(pattern, _inner(text))
        if text.text == before:
            break
    return text


def _inner(text: MappedText) -> Callable[[re.Match[str]], MappedText]:
    def keep_group(match: re.Match[str]) -> MappedText:
        return text.group(match, 1)

    return keep_group


def extract_links(text: MappedText) -> tuple[MappedText, list[RawLink]]:
    """Replace link syntax by its anchor; return each link by the raw span of its anchor.

    Links are kept by raw positions, not offsets, so that later edits (space
    collapsing, paragraph joins) cannot make them stale; :func:`locate_link` finds
    them in the final text. Nested link syntax is peeled from the inside out.
    """
    links: list[RawLink] = []
    if "[" not in text.text and "<" not in text.text:
        return text, links
    for _ in range(8):
        matches = _iter_links(text.text)
        if not matches:
            break
        parts: list[MappedText] = []
        last = 0
        for match in matches:
            parts.append(text.slice(last, match.start()))
            group = "anchor" if match.groupdict().get("anchor") is not None else "href"
            anchor = text.group(match, group)
            if len(anchor):
                links.append(RawLink(anchor.origin[0], anchor.origin[-1], match.group("href")))
            parts.append(anchor)
            last = match.end()
        parts.append(text.slice(last))
        text = MappedText.join(parts)
    return text, links


def _iter_links(text: str) -> list[re.Match[str]]:
    matches = list(_LINK.finditer(text)) + list(_AUTOLINK.finditer(text))
    matches.sort(key=lambda m: m.start())
    kept: list[re.Match[str]] = []
    end = -1
    for m in matches:
        if m.start() >= end:
            kept.append(m)
            end = m.end()
    return kept


def locate_link(origin: array[int], link: RawLink, offset: int = 0) -> tuple[int, int] | None:
    """Offsets ``(start, end)`` in a text with map ``origin`` covering the link's anchor.

    Every step keeps raw order, so ``origin`` is non-decreasing and a bisection finds
    the characters that came from the anchor. ``None`` if none of them survived.
    """
    start = bisect_left(origin, link.raw_first)
    end = bisect_right(origin, link.raw_last)
    if end <= start:
        return None
    return offset + start, offset + end


def clean_block(line: MappedText) -> CleanBlock:
    """Full inline cleanup of one block of text, repeated until stable."""
    hint: str | None = None
    links: list[RawLink] = []
    text = line
    for _ in range(8):
        before = text.text
        text = collapse_spaces(text)
        text, new_hint = strip_block_markers(text)
        hint = hint or new_hint
        text = remove_emphasis(text)
        if "[" in text.text:
            text = text.sub(_FOOTNOTE_REF, "")
        text, new_links = extract_links(text)
        links.extend(new_links)
        if text.text == before:
            break
    return CleanBlock(text=text, links=links, hint=hint)
