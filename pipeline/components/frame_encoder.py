"""claimscope_frame_encoder: multi-label frames by similarity in the encoder's embedding space.

Works before any training: each frame of the taxonomy (``configs/frames.jsonl``: label,
description, examples) becomes a set of embeddings; a claim's score for a frame is
``0.5 * cos(claim, centroid) + 0.5 * max cos(claim, example)``. Frames at or above
``threshold`` are kept, best ``top_k`` first. ``combine`` says how they meet the rule frames:
``replace``, ``union`` (best score per label) or ``rules_first`` (encoder only where the
rules found none). With ``model_path`` pointing at a trained frame head
(``claimscope train --config configs/train/claimscope-frames.cfg``) the score is the head's
probability and ``head_threshold`` applies instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import srsly
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.components.batched import BatchedDocs
from pipeline.components.claim_draft import ensure_extensions, get_claims
from pipeline.errors import ConfigError
from pipeline.frames import read_taxonomy
from pipeline.paths import resolve_config_path

ensure_extensions()

REBUILD = "configs/train/claimscope-frames.cfg"
COMBINE = ("replace", "union", "rules_first")


class FrameEncoder(BatchedDocs):
    version = "1"

    def __init__(
        self,
        name: str,
        taxonomy: list[dict[str, Any]],
        threshold: float,
        top_k: int,
        combine: str,
        encoder_path: str,
        batch_size: int,
        threads: int,
        model_path: str = "",
        head_threshold: float = 0.5,
    ) -> None:
        if combine not in COMBINE:
            raise ConfigError("E006", name="combine", expected=f"one of {', '.join(COMBINE)}", got=combine)
        self.name = name
        self.taxonomy = taxonomy
        self.threshold = threshold
        self.top_k = top_k
        self.combine = combine
        self.encoder_path = encoder_path
        self.batch_size = batch_size
        self.threads = threads
        self.model_path = model_path
        self.head_threshold = head_threshold
        self._head: Any = None
        self._centroids: np.ndarray | None = None
        self._examples: list[np.ndarray] = []

    @property
    def tag(self) -> str:
        return f"{self.name}@{self.version}"

    @property
    def labels(self) -> list[str]:
        return [str(rec["label"]) for rec in self.taxonomy]

    def _encoder(self) -> Any:
        from pipeline.training.encoder import shared_encoder

        return shared_encoder(self.encoder_path, self.threads)

    def require_models(self) -> None:
        """A coded error (E303) now if a configured ``model_path`` has no trained head."""
        if self.model_path:
            from pipeline.training.runtime import require_model, resolve_model_path

            require_model(resolve_model_path(self.model_path), REBUILD)

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None) -> None:
        """Embed every frame's description and examples (done lazily on first use)."""
        encoder = self._encoder()
        centroids, examples = [], []
        for rec in self.taxonomy:
            texts = [str(rec.get("description", ""))] + [str(x) for x in rec.get("examples", [])]
            vecs = encoder.embed([t for t in texts if t], self.batch_size)
            centroid = vecs.mean(axis=0)
            centroids.append(centroid / max(float(np.linalg.norm(centroid)), 1e-9))
            examples.append(vecs)
        self._centroids = np.vstack(centroids)
        self._examples = examples
        if self.model_path:
            from pipeline.training.frame_head import FrameHead
            from pipeline.training.runtime import require_model, resolve_model_path

            head = FrameHead.load(require_model(resolve_model_path(self.model_path), REBUILD))
            order = [head.labels.index(label) if label in head.labels else -1 for label in self.labels]
            self._head = (head, order)

    def scores(self, texts: list[str]) -> np.ndarray:
        """``(len(texts), n_frames)`` similarity scores in [-1, 1]."""
        if self._centroids is None:
            self.initialize()
        assert self._centroids is not None
        vecs = self._encoder().embed(texts, self.batch_size)
        if self._head is not None:
            head, order = self._head
            probs = head.predict_proba(vecs)
            return np.stack([probs[:, j] if j >= 0 else np.zeros(len(texts)) for j in order], axis=1)
        central = vecs @ self._centroids.T
        nearest = np.stack([(vecs @ ex.T).max(axis=1) for ex in self._examples], axis=1)
        return np.asarray(0.5 * central + 0.5 * nearest)

    def annotate(self, docs: list[Doc]) -> None:
        claims = [claim for doc in docs for claim in get_claims(doc)]
        if not claims:
            return
        matrix = self.scores([c.text for c in claims])
        labels = self.labels
        for claim, row in zip(claims, matrix, strict=True):
            found = [
                {"label": labels[j], "score": round(float(row[j]), 4)}
                for j in np.argsort(-row)[: self.top_k]
                if row[j] >= (self.head_threshold if self._head is not None else self.threshold)
            ]
            claim.frames = self._combine(claim.frames, found)
            claim.provenance["frames"] = (
                self.tag if self.combine == "replace" else f"{self.tag}+rules:{self.combine}"
            )

    def _combine(self, rules: list[dict[str, Any]], found: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if self.combine == "replace" or not rules:
            return found
        if self.combine == "rules_first":
            return rules
        best: dict[str, float] = {}
        for frame in [*rules, *found]:
            best[frame["label"]] = max(best.get(frame["label"], 0.0), float(frame["score"]))
        ranked = sorted(best.items(), key=lambda kv: -kv[1])[: max(self.top_k, len(rules))]
        return [{"label": label, "score": score} for label, score in ranked]

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_jsonl(path / "frames.jsonl", self.taxonomy)
        srsly.write_json(
            path / "cfg.json", {"threshold": self.threshold, "top_k": self.top_k, "combine": self.combine}
        )

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> FrameEncoder:
        path = Path(path)
        self.taxonomy = list(srsly.read_jsonl(path / "frames.jsonl"))
        cfg = srsly.read_json(path / "cfg.json")
        self.threshold, self.top_k, self.combine = cfg["threshold"], cfg["top_k"], cfg["combine"]
        self._centroids = None
        return self


@Language.factory(
    "claimscope_frame_encoder",
    assigns=["doc._.claims"],
    requires=["doc._.claims"],
    default_config={
        "taxonomy_path": "",
        "threshold": 0.35,
        "top_k": 2,
        "combine": "union",
        "encoder_path": "",
        "batch_size": 64,
        "threads": 1,
        "model_path": "",
        "head_threshold": 0.5,
    },
)
def make_frame_encoder(
    nlp: Language,
    name: str,
    taxonomy_path: str,
    threshold: float,
    top_k: int,
    combine: str,
    encoder_path: str,
    batch_size: int,
    threads: int,
    model_path: str,
    head_threshold: float,
) -> FrameEncoder:
    taxonomy = read_taxonomy(resolve_config_path(taxonomy_path, "frames.jsonl"))
    return FrameEncoder(
        name,
        taxonomy,
        threshold,
        top_k,
        combine,
        encoder_path,
        batch_size,
        threads,
        model_path,
        head_threshold,
    )
