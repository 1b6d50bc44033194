"""The mutable claim record that claim components fill in, one stage at a time.

It lives on ``doc._.claims`` while a Doc is in the pipeline; ``pipeline.records``
turns it into the immutable contract record :class:`pipeline.types.Claim`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, NotRequired, TypedDict

from spacy.tokens import Doc, Span

from pipeline.types import ClaimType, ReviewField, Stance, TargetRole


class DraftTarget(TypedDict):
    """A target while the claim is in the pipeline: :class:`pipeline.types.Target` plus the keys
    the stages pass to each other (``role``, ``via``, ``rule_polarity``), which are not written."""

    id: str
    text: str
    start: int | None
    end: int | None
    type: str | None
    stance: Stance
    score: float
    role: NotRequired[TargetRole]
    """``"holder"``: the claim's holder named again as a target; stance stages skip it."""
    via: NotRequired[Literal["anaphor"]]
    """Carried over from the previous claim through an anaphoric subject ("it", "the pact")."""
    rule_polarity: NotRequired[float]
    """The stance rules' signed polarity (read by an ensemble with the transformer)."""


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
    targets: list[DraftTarget] = field(default_factory=list)
    """The syntactic head of the assertion first."""
    frames: list[dict[str, Any]] = field(default_factory=list)
    type: ClaimType = "factual"
    type_score: float = 0.0
    hedges: list[str] = field(default_factory=list)
    checkworthiness: float = 0.0
    provenance: dict[str, str] = field(default_factory=dict)
    encoding: Any = None
    """The shared transformer pass (:class:`pipeline.components.transformer.ClaimEncoding`), read by the heads."""
    review: list[ReviewField] = field(default_factory=list)
    """Fields whose model label is below its review threshold ("stance", "frames"): ``needs_review``."""

    @property
    def text(self) -> str:
        return text_slice(self.span.doc, self.start, self.end)


def text_slice(doc: Doc, start: int, end: int) -> str:
    """``doc.text[start:end]`` from the tokens around it.

    ``Doc.text`` joins every token of the document on each call: read once per claim, it was a
    fifth of a run on long speeches. Offsets inside whitespace fall back to the whole text."""
    if end <= start:
        return ""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None:
        chunk = str(span.text_with_ws)
        base = int(span.start_char)
        if base <= start and base + len(chunk) >= end:
            return chunk[start - base : end - base]
    return str(doc.text[start:end])


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
