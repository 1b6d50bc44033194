"""A scikit-learn estimator for target-aware stance: TF-IDF n-grams + a linear model per target.

Like the SemEval-2016 organisers' SVM-ngrams baseline: word 1-3-gram and character 2-5-gram
TF-IDF features, one linear model per target (targets with too few examples fall back to
one model over all targets, whose input also carries the target as a token).

``X`` is a 2-D array-like whose first column is the text (target marked) and whose second
column, when present, is the target; further columns are appended to the text. A 1-D list of
strings is read as texts without targets. It passes scikit-learn's estimator checks.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

TARGET_TOKEN_PREFIX = "tgt_"


def _target_token(target: str) -> str:
    return TARGET_TOKEN_PREFIX + "_".join(target.lower().split())


class TargetStanceClassifier(ClassifierMixin, BaseEstimator):
    """TF-IDF (word + char n-grams) + LinearSVC or LogisticRegression, one model per target.

    Parameters
    ----------
    loss : "svm" or "logreg"
    C : inverse regularisation strength of the linear model.
    word_ngram_range, char_ngram_range : n-gram ranges of the two TF-IDF views.
    per_target : train one model per target that has ``min_target_examples`` examples.
    class_weight : passed to the linear model (None or "balanced").
    """

    def __init__(
        self,
        loss: str = "svm",
        C: float = 1.0,
        word_ngram_range: tuple[int, int] = (1, 3),
        char_ngram_range: tuple[int, int] = (2, 5),
        per_target: bool = True,
        min_target_examples: int = 20,
        class_weight: str | None = None,
        lowercase: bool = True,
    ) -> None:
        self.loss = loss
        self.C = C
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.per_target = per_target
        self.min_target_examples = min_target_examples
        self.class_weight = class_weight
        self.lowercase = lowercase

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        # Text features of numbers: the generic numeric checks' accuracy bar does not apply.
        tags.classifier_tags.poor_score = True
        return tags

    # -- input handling -------------------------------------------------------------
    def _columns(self, X: Any, *, reset: bool, y: Any = None) -> tuple[list[str], list[str], Any]:
        texts_only = (
            not hasattr(X, "shape") and isinstance(X, list | tuple) and X and isinstance(X[0], str)
        ) or (isinstance(X, np.ndarray) and X.ndim == 1 and X.dtype.kind in "OUS")
        if texts_only:  # 1-D texts: no target column (an empty one if fitted with targets)
            X = np.asarray(X, dtype=object).reshape(-1, 1)
            if not reset and getattr(self, "n_features_in_", 1) == 2:
                X = np.hstack([X, np.full_like(X, "")])
        if y is not None:
            X, y = validate_data(self, X, y, dtype=None, reset=reset)
        else:
            X = validate_data(self, X, dtype=None, reset=reset)
        rows = np.asarray(X, dtype=object)
        texts = [" ".join(str(v) for v in [row[0], *row[2:]]) for row in rows]
        targets = [str(row[1]) if rows.shape[1] > 1 else "" for row in rows]
        return texts, targets, y

    def _make_model(self) -> Pipeline:
        if self.loss not in {"svm", "logreg"}:
            raise ValueError(
                f"The 'loss' parameter of TargetStanceClassifier must be 'svm' or 'logreg'. Got {self.loss!r} instead."
            )
        features = FeatureUnion(
            [
                (
                    "word",
                    TfidfVectorizer(
                        ngram_range=tuple(self.word_ngram_range),
                        lowercase=self.lowercase,
                        token_pattern=r"(?u)\b\w+\b|[#@]\w+",
                        sublinear_tf=True,
                    ),
                ),
                (
                    "char",
                    TfidfVectorizer(
                        analyzer="char_wb",
                        ngram_range=tuple(self.char_ngram_range),
                        lowercase=self.lowercase,
                        sublinear_tf=True,
                    ),
                ),
            ]
        )
        clf: Any
        if self.loss == "svm":
            clf = LinearSVC(C=self.C, class_weight=self.class_weight, random_state=0)
        else:
            clf = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=2000, random_state=0)
        return Pipeline([("features", features), ("clf", clf)])

    # -- estimator API --------------------------------------------------------------
    def fit(self, X: Any, y: Any) -> TargetStanceClassifier:
        texts, targets, y = self._columns(X, reset=True, y=y)
        check_classification_targets(y)
        y = np.asarray(y)
        self.classes_ = np.unique(y)
        if len(self.classes_) < 2:
            raise ValueError(
                f"TargetStanceClassifier needs samples of at least 2 classes; got 1 class: {self.classes_[0]!r}."
            )
        template = self._make_model()
        self.global_model_ = clone(template).fit(
            [f"{_target_token(t)} {x}" if t else x for x, t in zip(texts, targets, strict=True)], y
        )
        self.target_models_: dict[str, Pipeline] = {}
        if self.per_target:
            tarr = np.asarray(targets, dtype=object)
            for target in sorted(set(targets)):
                mask = tarr == target
                if mask.sum() >= self.min_target_examples and len(np.unique(y[mask])) >= 2:
                    sub = [texts[i] for i in np.flatnonzero(mask)]
                    self.target_models_[target] = clone(template).fit(sub, y[mask])
        return self

    @staticmethod
    def _scores(model: Pipeline, texts: list[str], classes: np.ndarray) -> np.ndarray:
        raw = np.asarray(model.decision_function(texts), dtype=float)
        own = model.classes_
        if raw.ndim == 1:
            raw = np.stack([np.zeros_like(raw), raw], axis=1)
        out = np.full((len(texts), len(classes)), -1e3)
        for j, cls in enumerate(own):
            out[:, int(np.searchsorted(classes, cls))] = raw[:, j]
        return out

    def _score_matrix(self, X: Any) -> np.ndarray:
        check_is_fitted(self, "global_model_")
        texts, targets, _ = self._columns(X, reset=False)
        scores = np.zeros((len(texts), len(self.classes_)))
        tarr = np.asarray(targets, dtype=object)
        done = np.zeros(len(texts), dtype=bool)
        for target, model in self.target_models_.items():
            idx = np.flatnonzero(tarr == target)
            if len(idx):
                scores[idx] = self._scores(model, [texts[i] for i in idx], self.classes_)
                done[idx] = True
        rest = np.flatnonzero(~done)
        if len(rest):
            marked = [f"{_target_token(targets[i])} {texts[i]}" if targets[i] else texts[i] for i in rest]
            scores[rest] = self._scores(self.global_model_, marked, self.classes_)
        return scores

    def decision_function(self, X: Any) -> np.ndarray:
        """Per-class scores (n, k); for two classes the (n,) margin of the second class."""
        scores = self._score_matrix(X)
        return scores[:, 1] - scores[:, 0] if scores.shape[1] == 2 else scores

    def predict_proba(self, X: Any, temperature: float = 1.0) -> np.ndarray:
        """Softmax of the per-class scores divided by ``temperature`` (calibrated by the caller)."""
        scores = self._score_matrix(X) / temperature
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True))

    def predict(self, X: Any) -> np.ndarray:
        scores = self._score_matrix(X)
        return np.asarray(self.classes_[np.argmax(scores, axis=1)])
