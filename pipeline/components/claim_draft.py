"""The mutable claim record that claim components fill in, one stage at a time.

It lives on ``doc._.claims`` while a Doc is in the pipeline; ``pipeline.records``
turns it into the immutable contract record :class:`pipeline.types.Claim`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span


@dataclass
class ClaimDraft:
    span: Span
    """Token span of the claim (a sentence or a clause)."""
    start: int
    """Character offset into ``doc.text`` (== article text)."""
    end: int
    section: str | None = None
    speaker: dict[str, Any] = field(default_factory=lambda: {"id": None, "name": None, "kind": "author"})
    holder: dict[str, Any] | None = None
    co_holders: list[dict[str, Any]] = field(default_factory=list)
    """Further holders coordinated with the first ("Berlin and Warsaw regard ...")."""
    targets: list[dict[str, Any]] = field(default_factory=list)
    """``{id, text, start, end, type, stance, score}``; the syntactic head of the assertion first."""
    frames: list[dict[str, Any]] = field(default_factory=list)
    type: str = "factual"
    type_score: float = 0.0
    hedges: list[str] = field(default_factory=list)
    checkworthiness: float = 0.0
    provenance: dict[str, str] = field(default_factory=dict)
    encoding: Any = None
    """The shared transformer pass (:class:`pipeline.components.transformer.ClaimEncoding`), read by the heads."""
    review: list[str] = field(default_factory=list)
    """Fields whose model label is below its review threshold ("stance", "frames"): ``needs_review``."""

    @property
    def text(self) -> str:
        return str(self.span.doc.text[self.start : self.end])


def ensure_extensions() -> None:
    """Register the Doc extensions claimscope components use (idempotent)."""
    if not Doc.has_extension("claims"):
        Doc.set_extension("claims", default=None)
    if not Doc.has_extension("article"):
        Doc.set_extension("article", default=None)


def get_claims(doc: Doc) -> list[ClaimDraft]:
    """The claims on ``doc`` (an empty list before segmentation)."""
    ensure_extensions()
    claims = doc._.claims
    if claims is None:
        claims = []
        doc._.claims = claims
    return claims  # type: ignore[no-any-return]
