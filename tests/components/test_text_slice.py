"""Claim text is cut from the tokens around it, and equals ``doc.text[start:end]`` everywhere."""

from __future__ import annotations

import random

import spacy

from pipeline.components.claim_draft import text_slice

TEXT = (
    'Hello,  world!\n\nThe U.S. and NATO   agreed on "burden-sharing" in 2024. \u201cQuote\u201d here.'
    "  End\u00a0of\ttext \n"
)


def test_text_slice_equals_the_document_text_at_every_offset_pair() -> None:
    doc = spacy.blank("en")(TEXT)
    rng = random.Random(7)
    pairs = [(rng.randint(0, len(TEXT)), rng.randint(0, len(TEXT))) for _ in range(3000)]
    pairs += [(t.idx, t.idx + len(t)) for t in doc] + [(0, len(TEXT)), (5, 5), (9, 3)]
    for start, end in pairs:
        assert text_slice(doc, start, end) == TEXT[start:end], (start, end)
