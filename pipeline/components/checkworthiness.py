"""claimscope_checkworthiness: a 0..1 check-worthiness score per claim (drives annotation priority).

With a trained model folder (``model_path``; default ``models/claimscope-checkworthiness``,
a logistic head on frozen MiniLM embeddings trained on ``annotations/train``) the score is
its calibrated probability of ``checkworthy``. Without one (``fallback = true``) it is the
claim's similarity to the frame taxonomy in the encoder's space, rescaled to 0..1: a claim
close to the debate's frames is worth checking first.
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
from pipeline.components.frame_encoder import FrameEncoder
from pipeline.frames import read_taxonomy
from pipeline.paths import resolve_config_path
from pipeline.training.runtime import DEFAULT_CHECKWORTHINESS_MODEL, copy_model, model_tag, resolve_model_path

ensure_extensions()

POSITIVE = "checkworthy"
REBUILD = "configs/train/claimscope-checkworthiness.cfg"


class CheckWorthiness(BatchedDocs):
    version = "1"

    def __init__(
        self,
        name: str,
        model_path: str,
        fallback: bool,
        taxonomy: list[dict[str, Any]],
        low: float,
        high: float,
        batch_size: int,
        threads: int,
    ) -> None:
        self.name = name
        self.model_path = resolve_model_path(model_path, DEFAULT_CHECKWORTHINESS_MODEL)
        self.fallback = fallback
        self.taxonomy = taxonomy
        self.low, self.high = low, high
        self.batch_size = batch_size
        self.threads = threads
        self._model: Any = None
        self._frames: FrameEncoder | None = None

    @property
    def tag(self) -> str:
        """Provenance: the trained model's ``name@model:version``, or the similarity fallback."""
        if (self.model_path / "model.json").exists():
            return model_tag(self.name, self.model_path)
        return f"{self.name}@{self.version}:similarity"

    def require_models(self) -> None:
        """A coded error (E303) now if the model folder is missing and there is no fallback."""
        from pipeline.errors import TrainingError

        if not self.fallback and not (self.model_path / "model.json").exists():
            raise TrainingError(
                "E303",
                path=self.model_path,
                what=f"model.json (rebuild: claimscope train --config {REBUILD})",
            )

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None) -> None:
        """Load the trained model, or prepare the similarity fallback (also done lazily)."""
        from pipeline.training.encoder import set_threads
        from pipeline.training.families import load_model

        set_threads(self.threads)
        if (self.model_path / "model.json").exists():
            self._model = load_model(self.model_path)
            if hasattr(self._model, "threads"):
                self._model.threads = self.threads  # the pipeline's setting, not the training machine's
        else:
            self.require_models()
            self._frames = FrameEncoder(
                self.name, self.taxonomy, 1.0, 0, "replace", "", self.batch_size, self.threads
            )
            self._frames.initialize()

    def scores(self, texts: list[str]) -> np.ndarray:
        if self._model is None and self._frames is None:
            self.initialize()
        if self._model is not None:
            probs = self._model.predict_proba(texts, [""] * len(texts))
            return np.asarray(probs[:, list(self._model.labels).index(POSITIVE)])
        assert self._frames is not None
        best = self._frames.scores(texts).max(axis=1)
        return np.clip((best - self.low) / (self.high - self.low), 0.0, 1.0)

    def annotate(self, docs: list[Doc]) -> None:
        claims = [claim for doc in docs for claim in get_claims(doc)]
        if not claims:
            return
        tag = self.tag
        for claim, score in zip(claims, self.scores([c.text for c in claims]), strict=True):
            claim.checkworthiness = round(float(score), 4)
            claim.provenance["checkworthiness"] = tag

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        if (self.model_path / "model.json").exists():
            copy_model(self.model_path, path / "model")
        srsly.write_jsonl(path / "frames.jsonl", self.taxonomy)
        srsly.write_json(path / "cfg.json", {"fallback": self.fallback, "low": self.low, "high": self.high})

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> CheckWorthiness:
        path = Path(path)
        cfg = srsly.read_json(path / "cfg.json")
        self.fallback, self.low, self.high = cfg["fallback"], cfg["low"], cfg["high"]
        self.taxonomy = list(srsly.read_jsonl(path / "frames.jsonl"))
        self.model_path = path / "model"
        self._model, self._frames = None, None
        return self


@Language.factory(
    "claimscope_checkworthiness",
    assigns=["doc._.claims"],
    requires=["doc._.claims"],
    default_config={
        "model_path": "",
        "fallback": True,
        "taxonomy_path": "",
        "low": 0.1,
        "high": 0.6,
        "batch_size": 64,
        "threads": 1,
    },
)
def make_checkworthiness(
    nlp: Language,
    name: str,
    model_path: str,
    fallback: bool,
    taxonomy_path: str,
    low: float,
    high: float,
    batch_size: int,
    threads: int,
) -> CheckWorthiness:
    taxonomy = read_taxonomy(resolve_config_path(taxonomy_path, "frames.jsonl"))
    return CheckWorthiness(name, model_path, fallback, taxonomy, low, high, batch_size, threads)
