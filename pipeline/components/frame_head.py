"""claimscope_frame_head: multi-label frames from the shared pass; "no frame" is the common answer.

Each frame of the taxonomy fires when its probability reaches the frame's own threshold, tuned on
the real gold's dev split for precision (a frame that no threshold made precise enough never
fires). ``threshold_offset`` shifts every threshold (positive = fewer, surer frames). A claim whose
frame probabilities sit within the model's review margin of a threshold is flagged ``needs_review``.
``combine = "union"`` keeps the frames an earlier stage set (e.g. ``claimscope_frame_rules``) and
adds the head's (best score per label, at most ``max_frames``); ``"replace"`` sets the head's only.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from spacy.language import Language

from pipeline.components.claim_draft import ClaimDraft, ensure_extensions
from pipeline.components.heads_base import EncodingListener
from pipeline.errors import ConfigError

COMBINE_MODES = ("replace", "union")

ensure_extensions()


class FrameHead(EncodingListener):
    def __init__(
        self, name: str, threshold_offset: float, max_frames: int, review: bool, combine: str = "replace"
    ) -> None:
        if combine not in COMBINE_MODES:
            raise ConfigError(
                "E006", name="combine", expected=f"one of {', '.join(COMBINE_MODES)}", got=combine
            )
        self.name = name
        self.threshold_offset = threshold_offset
        self.max_frames = max_frames
        self.review = review
        self.combine = combine

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
            mine = [{"label": lab, "score": round(p, 4)} for p, lab in fired[: self.max_frames]]
            earlier = list(claim.frames) if self.combine == "union" else []
            if earlier and not mine:
                pass  # the earlier stage's frames and provenance stand
            elif earlier:
                best: dict[str, dict[str, Any]] = {}
                for frame in [*earlier, *mine]:
                    label = frame["label"]
                    if label not in best or frame["score"] > best[label]["score"]:
                        best[label] = frame
                ranked = sorted(best.values(), key=lambda f: -f["score"])
                claim.frames = ranked[: self.max_frames]
                claim.provenance["frames"] = (
                    f"{claim.provenance.get('frames', '')}+{self.model_tag(self.name, claim)}"
                )
            else:
                claim.frames = mine
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
    default_config={"threshold_offset": 0.0, "max_frames": 3, "review": True, "combine": "replace"},
)
def make_frame_head(
    nlp: Language, name: str, threshold_offset: float, max_frames: int, review: bool, combine: str
) -> FrameHead:
    return FrameHead(name, threshold_offset, max_frames, review, combine)
