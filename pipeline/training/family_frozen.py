"""Model family ``frozen``: frozen MiniLM sentence embeddings + a logistic-regression head.

Features for a (text, target) pair: ``[e(text), e(target), e(text) * e(target)]`` where the
text carries the target marked; without targets just ``e(text)``. The head is a few KB of
numbers (``head.npz``), so models of this family can be committed and shipped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

from pipeline.errors import TrainingError
from pipeline.training.calibration import fit_temperature, softmax
from pipeline.training.encoder import ENCODER_NAME, shared_encoder
from pipeline.training.examples import TARGET_CLOSE, TARGET_OPEN, Example, model_inputs
from pipeline.training.families import Scorer, label_indices, read_model_json, write_model_json

HEAD_FILE = "head.npz"


def target_window(marked: str, words: int) -> str:
    """The marked target with ``words`` words either side: the local context of the stance."""
    start, end = marked.find(TARGET_OPEN), marked.find(TARGET_CLOSE)
    if start < 0 or end < start:
        return marked
    before = marked[:start].split()[-words:]
    after = marked[end + 1 :].split()[:words]
    return " ".join([*before, marked[start : end + 1], *after])


class FrozenEncoderModel:
    family = "frozen"

    def __init__(
        self,
        c_grid: list[float] | None = None,
        class_weight: str | None = "balanced",
        use_target: bool = True,
        encoder_path: str = "",
        threads: int = 2,
        batch_size: int = 32,
        refit_on_dev: bool = True,
        C: float | None = None,
        context_window: int = 0,
    ) -> None:
        self.c_grid = list(c_grid or [1.0])
        self.C = C if C is not None else self.c_grid[0]
        self.class_weight = class_weight
        self.use_target = use_target
        self.encoder_path = encoder_path
        self.threads = threads
        self.batch_size = batch_size
        self.refit_on_dev = refit_on_dev
        self.context_window = context_window
        self.labels: list[str] = []
        self.temperature = 1.0
        self.coef_: np.ndarray | None = None
        self.intercept_: np.ndarray | None = None
        self.selection: dict[str, float] = {}

    # -- features -------------------------------------------------------------------
    def features(self, texts: list[str], targets: list[str], *, cache: bool = False) -> np.ndarray:
        """Encoder features of (text, target) pairs; ``cache`` memoises embeddings (training)."""
        encoder = shared_encoder(self.encoder_path, self.threads)
        text_vecs = encoder.embed(texts, self.batch_size, cache=cache)
        if not self.use_target:
            return text_vecs
        target_vecs = encoder.embed_unique([t or "" for t in targets], self.batch_size, cache=cache)
        parts = [text_vecs, target_vecs, text_vecs * target_vecs]
        if self.context_window > 0:
            windows = [target_window(t, self.context_window) for t in texts]
            window_vecs = encoder.embed(windows, self.batch_size, cache=cache)
            parts += [window_vecs, window_vecs * target_vecs]
        return np.hstack(parts)

    def _head(self, C: float) -> LogisticRegression:
        return LogisticRegression(C=C, class_weight=self.class_weight, max_iter=3000, random_state=0)

    def _logits(self, feats: np.ndarray) -> np.ndarray:
        if self.coef_ is None or self.intercept_ is None:
            raise TrainingError("E303", path="(in memory)", what="a fitted head")
        logits = feats @ self.coef_.T + self.intercept_
        if logits.shape[1] == 1:  # binary logistic regression: one column for the second class
            logits = np.hstack([np.zeros_like(logits), logits])
        return np.asarray(logits)

    # -- family API -----------------------------------------------------------------
    def fit(
        self, train: list[Example], dev: list[Example] | None = None, scorer: Scorer | None = None
    ) -> FrozenEncoderModel:
        self.labels = sorted({e.label for e in train})
        x_train = self.features(*model_inputs(train), cache=True)
        y_train = label_indices(train, self.labels)
        x_dev = self.features(*model_inputs(dev), cache=True) if dev else None
        best_score = -np.inf
        for c in self.c_grid if (dev and scorer) else [self.C]:
            head = self._head(c).fit(x_train, y_train)
            self.coef_, self.intercept_ = head.coef_.astype(np.float32), head.intercept_.astype(np.float32)
            if dev and scorer and x_dev is not None:
                score = scorer(self.labels, softmax(self._logits(x_dev)), dev)
                self.selection[str(c)] = round(score, 4)
                if score > best_score:
                    best_score, self.C = score, c
        head = self._head(self.C).fit(x_train, y_train)
        self.coef_, self.intercept_ = head.coef_.astype(np.float32), head.intercept_.astype(np.float32)
        if dev and x_dev is not None:
            self.temperature = fit_temperature(self._logits(x_dev), label_indices(dev, self.labels))
            if self.refit_on_dev:
                head = self._head(self.C).fit(
                    np.vstack([x_train, x_dev]), np.concatenate([y_train, label_indices(dev, self.labels)])
                )
                self.coef_, self.intercept_ = (
                    head.coef_.astype(np.float32),
                    head.intercept_.astype(np.float32),
                )
        return self

    def predict_proba(self, texts: list[str], targets: list[str]) -> np.ndarray:
        return softmax(self._logits(self.features(texts, targets)), self.temperature)

    def params(self) -> dict[str, Any]:
        return {
            "c_grid": self.c_grid,
            "C": self.C,
            "class_weight": self.class_weight,
            "use_target": self.use_target,
            "encoder_path": self.encoder_path,
            "threads": self.threads,
            "batch_size": self.batch_size,
            "refit_on_dev": self.refit_on_dev,
            "context_window": self.context_window,
        }

    def save(self, path: Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        assert self.coef_ is not None and self.intercept_ is not None
        np.savez(path / HEAD_FILE, coef=self.coef_, intercept=self.intercept_)
        write_model_json(
            path, self.family, self.labels, self.temperature, {**self.params(), "encoder": ENCODER_NAME}
        )

    @classmethod
    def load(cls, path: Path) -> FrozenEncoderModel:
        info = read_model_json(path)
        if not (Path(path) / HEAD_FILE).exists():
            raise TrainingError("E303", path=path, what=HEAD_FILE)
        params = {k: v for k, v in info["params"].items() if k != "encoder"}
        model = cls(**params)
        model.labels, model.temperature = info["labels"], info["temperature"]
        with np.load(Path(path) / HEAD_FILE) as data:
            model.coef_, model.intercept_ = data["coef"], data["intercept"]
        return model
