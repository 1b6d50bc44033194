"""Model family ``sklearn``: :class:`TargetStanceClassifier` with C chosen on dev and temperature scaling."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import joblib
import numpy as np

from pipeline.errors import TrainingError
from pipeline.training.calibration import fit_temperature, softmax
from pipeline.training.examples import Example, model_inputs
from pipeline.training.families import Scorer, label_indices, read_model_json, write_model_json
from pipeline.training.sklearn_stance import TargetStanceClassifier

WEIGHTS_FILE = "weights/sklearn.joblib"


class SklearnModel:
    family = "sklearn"

    def __init__(
        self, c_grid: list[float] | None = None, refit_on_dev: bool = True, **estimator_params: Any
    ) -> None:
        self.c_grid = list(c_grid or [estimator_params.get("C", 1.0)])
        self.refit_on_dev = refit_on_dev
        self.estimator_params = estimator_params
        for key in ("word_ngram_range", "char_ngram_range"):
            if key in self.estimator_params:
                self.estimator_params[key] = tuple(self.estimator_params[key])
        self.labels: list[str] = []
        self.temperature = 1.0
        self.estimator: TargetStanceClassifier | None = None
        self.selection: dict[str, float] = {}

    @staticmethod
    def _x(texts: list[str], targets: list[str]) -> np.ndarray:
        return np.asarray(list(zip(texts, targets, strict=True)), dtype=object).reshape(-1, 2)

    def fit(
        self, train: list[Example], dev: list[Example] | None = None, scorer: Scorer | None = None
    ) -> SklearnModel:
        self.labels = sorted({e.label for e in train})
        x_train, y_train = self._x(*model_inputs(train)), [e.label for e in train]
        best_c, best_score = self.c_grid[0], -np.inf
        best: TargetStanceClassifier | None = None
        for c in self.c_grid:
            est = TargetStanceClassifier(**{**self.estimator_params, "C": c}).fit(x_train, y_train)
            if dev and scorer is not None and len(self.c_grid) > 1:
                probs = est.predict_proba(self._x(*model_inputs(dev)))
                score = scorer(self.labels, probs, dev)
                self.selection[str(c)] = round(score, 4)
                if score > best_score:
                    best_c, best_score, best = c, score, est
            else:
                best = est
        assert best is not None
        self.estimator_params["C"] = best_c
        if dev:
            logits = best._score_matrix(self._x(*model_inputs(dev)))
            self.temperature = fit_temperature(logits, label_indices(dev, self.labels))
            if self.refit_on_dev:
                both = train + dev
                best = TargetStanceClassifier(**self.estimator_params).fit(
                    self._x(*model_inputs(both)), [e.label for e in both]
                )
        self.estimator = best
        return self

    def predict_proba(self, texts: list[str], targets: list[str]) -> np.ndarray:
        if self.estimator is None:
            raise TrainingError("E303", path="(in memory)", what="a fitted estimator")
        return softmax(self.estimator._score_matrix(self._x(texts, targets)), self.temperature)

    def save(self, path: Path) -> None:
        path = Path(path)
        (path / WEIGHTS_FILE).parent.mkdir(parents=True, exist_ok=True)
        joblib.dump(self.estimator, path / WEIGHTS_FILE, compress=3)
        params = {"c_grid": self.c_grid, "refit_on_dev": self.refit_on_dev, **self.estimator_params}
        write_model_json(path, self.family, self.labels, self.temperature, params)

    @classmethod
    def load(cls, path: Path) -> SklearnModel:
        info = read_model_json(path)
        if not (Path(path) / WEIGHTS_FILE).exists():
            raise TrainingError("E303", path=path, what=WEIGHTS_FILE)
        model = cls(**info["params"])
        model.labels, model.temperature = info["labels"], info["temperature"]
        model.estimator = joblib.load(Path(path) / WEIGHTS_FILE)
        return model
