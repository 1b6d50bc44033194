"""claimscope_type_head: the claim type (evaluation, prediction, causal, prescription, factual)."""

from __future__ import annotations

import numpy as np
from spacy.language import Language

from pipeline.components.claim_draft import ClaimDraft, ensure_extensions
from pipeline.components.heads_base import EncodingListener

ensure_extensions()


class TypeHead(EncodingListener):
    def __init__(self, name: str) -> None:
        self.name = name

    def apply(self, claims: list[ClaimDraft]) -> None:
        model = claims[0].encoding.model
        labels = list(model.config.type_labels)
        if not labels or not model.heads.has("claim_type"):
            return
        probs = model.heads.types(np.stack([c.encoding.claim for c in claims]))
        for claim, row in zip(claims, probs, strict=True):
            best = int(np.argmax(row))
            claim.type, claim.type_score = labels[best], round(float(row[best]), 4)
            claim.provenance["type"] = self.model_tag(self.name, claim)


@Language.factory(
    "claimscope_type_head", assigns=["doc._.claims"], requires=["doc._.claims"], default_config={}
)
def make_type_head(nlp: Language, name: str) -> TypeHead:
    return TypeHead(name)
