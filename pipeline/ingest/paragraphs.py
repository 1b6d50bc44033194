"""Splitting normalised text into blocks and rejoining paragraphs broken by page breaks.

Blocks are separated by blank lines, or by single newlines when a chunk's lines are
not a hard-wrapped paragraph (one paragraph per line, as many exports write). A
double-spaced hard-wrapped text (OCR of typed transcripts and speeches: every line of a
page is its own blank-line separated chunk, most of them cut mid-sentence) is treated as
one hard-wrapped chunk, so its sentences are whole again (GUIDELINES 13.9.8). A
paragraph that ends without terminal punctuation and is followed by one starting in
lower case was split mid-sentence (a page break in the source): it is rejoined with
one space and a warning is recorded. A line that is only markdown images (a picture
and its alt text) is dropped: it is not the article's prose.
"""

from __future__ import annotations

import itertools
import re

from pipeline.ingest.classify import TURN_LABEL, ends_sentence, is_heading_text, starts_lowercase
from pipeline.ingest.mapped import MappedText
from pipeline.ingest.markdown import CleanBlock, clean_block
from pipeline.ingest.settings import IngestSettings

_BLANK = re.compile(r"\n[ \t]*\n\s*")
_RULE = re.compile(r"[ \t]*(?:[-*_][ \t]*){3,}|[ \t]*=+[ \t]*")
_STRUCTURAL = re.compile(r"[ \t]*(?:#{1,6}[ \t]|>|[-*+•][ \t]|\d{1,3}[.)][ \t])")
_IMAGE_ONLY = re.compile(r"\s*(?:\[?!\[[^\[\]]*\]\([^()\s]*(?:\s+\"[^\"]*\")?\)(?:\]\([^()\s]*\))?\s*)+")
"""A line that is only markdown images (``![alt](src)``, possibly linked): a picture, not prose."""
DOUBLE_SPACED_MIN_CHUNKS = 4
"""A text is double-spaced hard-wrapped only with at least this many one-line chunks ..."""
DOUBLE_SPACED_MIN_OPEN = 0.5
"""... at least this share of which (all but the last) stop without ending a sentence."""


def split_blocks(text: MappedText, settings: IngestSettings) -> list[CleanBlock]:
    """Cut the text into cleaned blocks (empty ones dropped), in order."""
    blocks: list[CleanBlock] = []
    chunks = _chunks(text)
    stripped = [c.strip() for c in chunks]
    if _double_spaced(stripped, settings):
        chunks = [_join_lines(group) for group in _wrapped_paragraphs(stripped, settings)]
    for chunk in chunks:
        for line in _lines_of_chunk(chunk, settings):
            if _IMAGE_ONLY.fullmatch(line.text):
                continue  # its alt text describes a picture; the article's text does not hold it
            block = clean_block(line)
            if block.text.text:
                blocks.append(block)
    return blocks


def _chunks(text: MappedText) -> list[MappedText]:
    chunks: list[MappedText] = []
    last = 0
    for match in _BLANK.finditer(text.text):
        chunks.append(text.slice(last, match.start()))
        last = match.end()
    chunks.append(text.slice(last))
    return [c for c in chunks if c.text.strip()]


def _lines_of_chunk(chunk: MappedText, settings: IngestSettings) -> list[MappedText]:
    lines: list[MappedText] = []
    pos = 0
    for raw in chunk.text.split("\n"):
        line = chunk.slice(pos, pos + len(raw))
        pos += len(raw) + 1
        if _RULE.fullmatch(line.text):
            # Setext underline ("===", "---") or a horizontal rule: mark the line
            # above as a heading when it underlines one, then drop the rule itself.
            if lines and line.text.strip()[:1] in "=-" and len(lines[-1].text.strip()) > 0:
                prev = lines[-1]
                lines[-1] = MappedText.literal("# ", prev.raw_at(0)) + prev.strip()
            continue
        if line.text.strip():
            lines.append(line)
    if len(lines) > 1 and _is_hard_wrapped(lines, settings):
        return [_join_lines(group) for group in _wrapped_paragraphs(lines, settings)]
    return lines


def _join_lines(lines: list[MappedText]) -> MappedText:
    parts = [lines[0].strip()]
    for line in lines[1:]:
        line = line.strip()
        parts.append(MappedText.literal(" ", line.raw_at(0) - 1))
        parts.append(line)
    return MappedText.join(parts)


def _is_hard_wrapped(lines: list[MappedText], settings: IngestSettings) -> bool:
    """Most lines (all but the last) have the length of a wrapped line; none is a list item or heading mark."""
    if any(_STRUCTURAL.match(line.text) for line in lines):
        return False
    body = [len(line.text.strip()) for line in lines[:-1]]
    wrapped = sum(1 for n in body if settings.wrap_min_chars <= n <= settings.wrap_max_chars)
    return wrapped >= settings.wrap_min_share * len(body)


def _double_spaced(lines: list[MappedText], settings: IngestSettings) -> bool:
    """The blank-line chunks (``lines``, stripped) are each one line, and they look hard-wrapped:
    most have a wrapped line's length and at least half stop mid-sentence (a paragraph per line
    ends its sentences)."""
    if len(lines) < DOUBLE_SPACED_MIN_CHUNKS or any("\n" in line.text for line in lines):
        return False
    if not _is_hard_wrapped(lines, settings):
        return False
    body = [line.text for line in lines[:-1]]
    return sum(1 for t in body if not ends_sentence(t)) >= DOUBLE_SPACED_MIN_OPEN * len(body)


def _wrapped_paragraphs(lines: list[MappedText], settings: IngestSettings) -> list[list[MappedText]]:
    """Group wrapped lines into paragraphs: a new one starts at an indented line after a
    sentence end, after a short line that ends a sentence (the last line of a paragraph), and
    at a transcript's speaker label ("PRIME MINISTER:")."""
    groups = [[lines[0]]]
    for prev, line in itertools.pairwise(lines):
        prev_text = prev.text.strip()
        indented = line.text[:1] in (" ", "\t")
        short_end = len(prev_text) < settings.wrap_min_chars and ends_sentence(prev_text)
        if (indented and ends_sentence(prev_text)) or short_end or TURN_LABEL.match(line.text):
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups


def rejoin_broken(blocks: list[CleanBlock], settings: IngestSettings) -> tuple[list[CleanBlock], list[str]]:
    """Merge paragraphs split mid-sentence; one warning per rejoin.

    The test looks at the text only (not at markdown hints, which the output no
    longer carries), so that ingesting an article's text again changes nothing.
    """
    out: list[CleanBlock] = []
    warnings: list[str] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and not ends_sentence(prev.text.text)
            and not is_heading_text(prev.text.text, settings)
            and starts_lowercase(block.text.text)
        ):
            tail = prev.text.text[-40:]
            head = block.text.text[:40]
            warnings.append(f"rejoined a paragraph split mid-sentence: ...{tail!r} + {head!r}...")
            space = MappedText.literal(" ", prev.text.raw_at(len(prev.text)))
            # Clean again: markup split by the page break (emphasis) is whole now.
            merged = clean_block(prev.text + space + block.text)
            out[-1] = CleanBlock(
                text=merged.text,
                links=prev.links + block.links + merged.links,
                hint=merged.hint,
            )
        else:
            out.append(block)
    return out, warnings
