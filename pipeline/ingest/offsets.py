"""From offsets in ``Article.text`` back to the raw decoded input.

``Article.raw_offsets`` is a run-length map ``[[norm_start, raw_start, length], ...]``
(see :meth:`pipeline.ingest.mapped.MappedText.runs`). For a ``.jsonl`` article the
raw input is the line's ``text`` field; for HTML it is trafilatura's extracted text
(HTML has no character offsets of its own worth keeping).
"""

from __future__ import annotations

from bisect import bisect_right

from pipeline.types import Article


def to_raw_offset(article: Article, pos: int) -> int:
    """Position in the raw input of character ``pos`` of ``article.text``.

    ``pos == len(article.text)`` maps just past the last raw character, so a span
    ``[start, end)`` maps to ``[to_raw_offset(start), to_raw_offset(end - 1) + 1)``
    (see :func:`to_raw_span`).
    """
    if not 0 <= pos <= len(article.text):
        raise IndexError(f"position {pos} outside the article text (0..{len(article.text)})")
    runs = article.raw_offsets
    if not runs:
        return pos
    if pos == len(article.text):
        norm_start, raw_start, length = runs[-1]
        return raw_start + length
    i = bisect_right([r[0] for r in runs], pos) - 1
    norm_start, raw_start, length = runs[i]
    return raw_start + min(pos - norm_start, length - 1)


def to_raw_span(article: Article, start: int, end: int) -> tuple[int, int]:
    """The raw-input span covering the normalised span ``[start, end)``."""
    if end <= start:
        raw = to_raw_offset(article, start)
        return raw, raw
    return to_raw_offset(article, start), to_raw_offset(article, end - 1) + 1
