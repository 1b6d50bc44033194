"""claimscope_frame_rules: frames from the configurable taxonomy by cue phrases.

The taxonomy (``configs/frames.jsonl``) gives each frame a label, a
description, examples and cues. A claim gets every frame whose cues it
contains, scored by how many distinct cues matched; the encoder stage
(``claimscope_frame_encoder``) can replace or ensemble this.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.components.claim_draft import ensure_extensions, get_claims
from pipeline.components.lexicon import LexiconComponent, find_phrases, read_lexicon
from pipeline.paths import resolve_config_path

ensure_extensions()


class FrameRules(LexiconComponent):
    version = "1"

    def __init__(
        self,
        name: str,
        lexicon: dict[str, Any] | Callable[[], dict[str, Any]],
        min_score: float,
        max_frames: int,
    ) -> None:
        self.min_score = min_score
        self.max_frames = max_frames
        super().__init__(name, lexicon)

    def _compile(self) -> None:
        self.frames = [
            (rec["label"], [c.lower() for c in rec.get("cues", [])])
            for rec in self.lexicon.get("records", [])
        ]
        self.target_cues = {
            rec["label"]: rec.get("target_cues", []) for rec in self.lexicon.get("records", [])
        }

    def _target_hits(self, label: str, targets: Sequence[Mapping[str, Any]]) -> set[str]:
        """A frame also fires on what the claim is about: "NATO ... against" is alliance-crisis."""
        hits = set()
        for cue in self.target_cues.get(label, []):
            for target in targets:
                if (target["id"] in cue.get("ids", []) or target.get("type") in cue.get("types", [])) and (
                    cue.get("stance") in (None, target.get("stance"))
                ):
                    hits.add(f"target:{target['id']}")
        return hits

    @property
    def labels(self) -> list[str]:
        return [label for label, _cues in self.frames]

    def process(self, doc: Doc) -> Doc:
        for claim in get_claims(doc):
            scored = []
            for label, cues in self.frames:
                hits = {phrase for phrase, _s, _e in find_phrases(claim.span, cues)}
                hits |= self._target_hits(label, claim.targets)
                if not hits:
                    continue
                score = round(1.0 - math.exp(-0.7 * len(hits)), 4)
                if score >= self.min_score:
                    scored.append({"label": label, "score": score})
            scored.sort(key=lambda f: -f["score"])
            claim.frames = scored[: self.max_frames]
            claim.provenance["frames"] = self.tag
        return doc


@Language.factory(
    "claimscope_frame_rules",
    assigns=["doc._.claims"],
    requires=["doc._.claims"],
    default_config={"taxonomy_path": "", "min_score": 0.4, "max_frames": 3},
)
def make_frame_rules(
    nlp: Language, name: str, taxonomy_path: str, min_score: float, max_frames: int
) -> FrameRules:
    return FrameRules(
        name, lambda: read_lexicon(resolve_config_path(taxonomy_path, "frames.jsonl")), min_score, max_frames
    )
