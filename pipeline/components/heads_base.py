"""What every head stage shares: it reads the claim encodings ``claimscope_transformer`` stored.

A head never runs the encoder. A claim without an encoding (no ``claimscope_transformer`` before
the head in ``[nlp.pipeline]``) is a configuration error, reported with what to add.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from pipeline.components.batched import BatchedDocs
from pipeline.components.claim_draft import ClaimDraft, get_claims
from pipeline.errors import ConfigError


class EncodingListener(BatchedDocs):
    """Mixin: ``annotate`` hands each head the claims of a batch with their encodings."""

    name: str
    batch_size: int = 256

    def annotate(self, docs: list[Doc]) -> None:
        claims = [c for doc in docs for c in get_claims(doc)]
        if not claims:
            return
        missing = next((c for c in claims if c.encoding is None), None)
        if missing is not None:
            raise ConfigError(
                "E203", name=self.name, requires="ClaimDraft.encoding (the claimscope_transformer stage)"
            )
        self.apply(claims)

    def apply(self, claims: list[ClaimDraft]) -> None:  # pragma: no cover - each head implements it
        raise NotImplementedError

    @staticmethod
    def model_tag(name: str, claim: ClaimDraft) -> str:
        model: Any = claim.encoding.model
        return f"{name}@{model.tag}"
