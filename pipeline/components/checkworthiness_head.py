"""claimscope_checkworthiness_head: a 0..1 check-worthiness score per claim from the shared pass.

The head is a logistic layer trained on CLEF 2019 CheckThat! debate sentences over the shared
encoder's claim vectors; the score orders the review queue.
"""

from __future__ import annotations

import numpy as np
from spacy.language import Language

from pipeline.components.claim_draft import ClaimDraft, ensure_extensions
from pipeline.components.heads_base import EncodingListener

ensure_extensions()


class CheckworthinessHead(EncodingListener):
    def __init__(self, name: str) -> None:
        self.name = name

    def apply(self, claims: list[ClaimDraft]) -> None:
        model = claims[0].encoding.model
        if not model.heads.has("checkworthy"):
            return
        scores = model.heads.checkworthiness(np.stack([c.encoding.claim for c in claims]))
        for claim, score in zip(claims, scores, strict=True):
            claim.checkworthiness = round(float(score), 4)
            claim.provenance["checkworthiness"] = self.model_tag(self.name, claim)


@Language.factory(
    "claimscope_checkworthiness_head", assigns=["doc._.claims"], requires=["doc._.claims"], default_config={}
)
def make_checkworthiness_head(nlp: Language, name: str) -> CheckworthinessHead:
    return CheckworthinessHead(name)
