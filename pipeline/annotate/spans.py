"""Character spans of a claim set, shared by the span-based formats (Prodigy, doccano)."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.types import Claim


@dataclass(frozen=True)
class LabelledSpan:
    start: int
    end: int
    label: str


def claim_spans(claims: list[Claim], *, with_targets: bool = True) -> list[LabelledSpan]:
    """``CLAIM`` spans, plus ``TARGET``/``SPEAKER``/``HOLDER`` spans that have offsets; sorted, deduplicated."""
    spans: set[LabelledSpan] = set()
    for claim in claims:
        spans.add(LabelledSpan(claim.start, claim.end, "CLAIM"))
        if not with_targets:
            continue
        for target in claim.targets:
            if target.start is not None and target.end is not None:
                spans.add(LabelledSpan(target.start, target.end, "TARGET"))
        for label, who in (("SPEAKER", claim.speaker), ("HOLDER", claim.holder)):
            if who is not None and who.start is not None and who.end is not None:
                spans.add(LabelledSpan(who.start, who.end, label))
    return sorted(spans, key=lambda s: (s.start, s.end, s.label))
