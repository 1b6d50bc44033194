"""Invariants of normalisation, checked on generated messy text (hypothesis)."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from pipeline.errors import IngestError
from pipeline.ingest import build_article, doc_id_for, to_raw_offset
from pipeline.ingest.normalise import normalise_string
from pipeline.ingest.readers import RawDocument

# Words, markup and the characters real op-eds break on.
TOKENS = st.sampled_from(
    [
        "NATO",
        "alliance",
        "the",
        "defence",
        "is",
        "finished",
        "Europe",
        "crisis",
        "we",
        "Concerns",
        "about",
        "his",
        "intentions",
        "1.",
        "A.",
        "By",
        "Jane",
        "Doe",
        "10.04.2026",
        "April 10, 2026",
        "“",
        "”",
        "‘",
        "’",
        "—",
        "–",
        '"',
        "'",
        ".",
        ",",
        "?",
        ":",
        "*",
        "**",
        "_",
        "__",
        "#",
        "##",
        ">",
        "-",
        "[",
        "]",
        "(",
        ")",
        "[x](#)",
        "[Caliber.az](https://caliber.az)",
        "<https://a.org>",
        "`",
        "\n",
        "\n\n",
        "\n\n\n",
        "\r\n",
        "\t",
        "\u00a0",
        "\u00ad",
        "\u200b",
        "\ufeff",
        "\x07",
        "é",
        "e\u0301",
        "Ã©",
        "â€œ",
        "ﬁ",
        "  ",
    ]
)
MESSY = st.lists(TOKENS, min_size=0, max_size=60).map(lambda ts: " ".join(ts))
PROPS = hsettings(
    max_examples=int(os.environ.get("INGEST_PROP_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def lenient(settings):
    return settings.replace(min_chars=0)


def _build(text: str, settings):
    try:
        return build_article(RawDocument("gen.txt", text, "text"), settings)
    except IngestError:
        return None


@PROPS
@given(text=MESSY)
def test_offsets_slice_to_recorded_text(text: str, lenient) -> None:
    article = _build(text, lenient)
    if article is None:
        return
    prev_end = 0
    for block in article.blocks:
        piece = article.text[block.start : block.end]
        assert piece and piece == piece.strip() and "\n" not in piece
        assert block.start >= prev_end
        prev_end = block.end
    for link in article.links:
        assert 0 <= link.start < link.end <= len(article.text)
        assert any(b.start <= link.start and link.end <= b.end for b in article.blocks)
    # The raw map is total and keeps order.
    raws = [to_raw_offset(article, i) for i in range(len(article.text) + 1)]
    assert all(0 <= r <= len(text) for r in raws)
    assert raws == sorted(raws)


@PROPS
@given(text=MESSY)
def test_char_normalisation_is_idempotent(text: str) -> None:
    once = normalise_string(text)
    assert normalise_string(once) == once


@PROPS
@given(text=MESSY)
def test_article_normalisation_is_idempotent(text: str, lenient) -> None:
    article = _build(text, lenient)
    if article is None:
        return
    again = _build(article.text, lenient)
    assert again is not None
    assert again.text == article.text
    assert [(b.start, b.end) for b in again.blocks] == [(b.start, b.end) for b in article.blocks]


@PROPS
@given(text=MESSY)
def test_doc_id_is_stable(text: str, lenient) -> None:
    first = _build(text, lenient)
    if first is None:
        return
    second = build_article(RawDocument("elsewhere/other.md", text, "text"), lenient)
    assert first.doc_id == second.doc_id == doc_id_for(first.text, lenient)
    assert len(first.doc_id) == lenient.doc_id_chars
