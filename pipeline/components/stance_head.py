"""claimscope_stance_head: target-aware stance from the shared pass, with a calibrated probability.

Each target is scored from its own pooled vector against the claim's (one pass served them all).
The probability is temperature-calibrated on the real gold's dev split; a decision whose
probability is below the model's review threshold (chosen on dev) is kept but the claim is
flagged ``needs_review`` (review queue first). ``min_confidence`` > 0 turns a low-probability
favor/against into neutral instead (abstention), for users who prefer fewer, surer sides.
"""

from __future__ import annotations

import numpy as np
from spacy.language import Language

from pipeline.components.claim_draft import ClaimDraft, ensure_extensions
from pipeline.components.heads_base import EncodingListener

ensure_extensions()

NEUTRAL = "neutral"


class StanceHead(EncodingListener):
    def __init__(self, name: str, min_confidence: float, review: bool) -> None:
        self.name = name
        self.min_confidence = min_confidence
        self.review = review

    def apply(self, claims: list[ClaimDraft]) -> None:
        model = claims[0].encoding.model
        labels = list(model.config.stance_labels)
        threshold = float(model.config.review.get("stance", 0.0))
        probs = model.heads.stance(
            np.stack([c.encoding.claim for c in claims]), [c.encoding.targets for c in claims]
        )
        for claim, rows in zip(claims, probs, strict=True):
            for target, row in zip(claim.targets, rows, strict=True):
                best = int(np.argmax(row))
                if labels[best] != NEUTRAL and row[best] < self.min_confidence:
                    best = labels.index(NEUTRAL)
                target["stance"] = labels[best]
                target["score"] = round(float(row[best]), 4)
                if self.review and row[best] < threshold and "stance" not in claim.review:
                    claim.review.append("stance")
            if claim.targets:
                claim.provenance["stance"] = self.model_tag(self.name, claim)


@Language.factory(
    "claimscope_stance_head",
    assigns=["doc._.claims"],
    requires=["doc._.claims"],
    default_config={"min_confidence": 0.0, "review": True},
)
def make_stance_head(nlp: Language, name: str, min_confidence: float, review: bool) -> StanceHead:
    return StanceHead(name, min_confidence, review)
