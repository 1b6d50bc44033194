"""claimscope_frame_head: multi-label frames from the shared pass; "no frame" is the common answer.

Each frame of the taxonomy fires when its probability reaches the frame's own threshold, tuned on
the real gold's dev split for precision (a frame that no threshold made precise enough never
fires). ``threshold_offset`` shifts every threshold (positive = fewer, surer frames). A claim whose
frame probabilities sit within the model's review margin of a threshold is flagged ``needs_review``.
"""

from __future__ import annotations

import numpy as np
from spacy.language import Language

from pipeline.components.claim_draft import ClaimDraft, ensure_extensions
from pipeline.components.heads_base import EncodingListener

ensure_extensions()


class FrameHead(EncodingListener):
    def __init__(self, name: str, threshold_offset: float, max_frames: int, review: bool) -> None:
        self.name = name
        self.threshold_offset = threshold_offset
        self.max_frames = max_frames
        self.review = review

    def apply(self, claims: list[ClaimDraft]) -> None:
        model = claims[0].encoding.model
        labels = list(model.config.frame_labels)
        if not labels or not model.heads.has("frames"):
            return
        thresholds = np.array(
            [model.config.frame_thresholds.get(f, 0.5) + self.threshold_offset for f in labels]
        )
        margin = float(model.config.review.get("frames", 0.0))
        probs = model.heads.frames(np.stack([c.encoding.claim for c in claims]))
        for claim, row in zip(claims, probs, strict=True):
            fired = [(float(row[j]), labels[j]) for j in np.flatnonzero(row >= thresholds)]
            fired.sort(reverse=True)
            claim.frames = [{"label": lab, "score": round(p, 4)} for p, lab in fired[: self.max_frames]]
            claim.provenance["frames"] = self.model_tag(self.name, claim)
            if (
                self.review
                and margin
                and float(np.min(np.abs(row - thresholds))) < margin
                and "frames" not in claim.review
            ):
                claim.review.append("frames")


@Language.factory(
    "claimscope_frame_head",
    assigns=["doc._.claims"],
    requires=["doc._.claims"],
    default_config={"threshold_offset": 0.0, "max_frames": 3, "review": True},
)
def make_frame_head(
    nlp: Language, name: str, threshold_offset: float, max_frames: int, review: bool
) -> FrameHead:
    return FrameHead(name, threshold_offset, max_frames, review)
