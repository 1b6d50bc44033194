"""A two-claim Doc for the model stages' tests: "NATO strengthens ..." and "AUKUS undermines ..."."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.components.claim_draft import ClaimDraft, get_claims

TEXT = "NATO strengthens the eastern flank. AUKUS undermines the region."


def two_claim_doc(nlp: Language, score: float = 0.0) -> Doc:
    """TEXT with its two claims drafted, each with one neutral alliance target of ``score``."""
    doc = nlp.make_doc(TEXT)
    claims = get_claims(doc)
    for start, end, target in ((0, 35, "NATO"), (36, len(TEXT), "AUKUS")):
        t_start = TEXT.index(target, start)
        span = doc.char_span(start, end, alignment_mode="expand")
        assert span is not None
        claims.append(
            ClaimDraft(
                span=span,
                start=start,
                end=end,
                targets=[
                    {
                        "id": target,
                        "text": target,
                        "start": t_start,
                        "end": t_start + len(target),
                        "type": "alliance",
                        "stance": "neutral",
                        "score": score,
                    }
                ],
            )
        )
    return doc
