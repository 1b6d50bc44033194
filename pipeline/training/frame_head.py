"""A trained multi-label frame head: one-vs-rest logistic regression on frozen MiniLM embeddings.

Trained from claims whose ``frames`` lists the gold labels (``annotations/train``); scored by
grouped k-fold CV (micro-F1) and, when given, on an external test set (the seeds' gold).
``claimscope_frame_encoder`` mixes its probabilities with the zero-shot similarities.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

from pipeline.io import read_jsonl, write_json
from pipeline.training.curves import group_folds
from pipeline.training.encoder import ENCODER_NAME, shared_encoder
from pipeline.training.examples import Example

HEAD_FILE = "frames_head.npz"


def read_frame_claims(path: Path) -> tuple[list[Example], list[str]]:
    """Claims (``is_claim`` not false) with their gold frame labels in ``meta['frames']``."""
    examples = []
    for n, row in enumerate(read_jsonl(path)):
        if row.get("is_claim") is False:
            continue
        frames = [f["label"] if isinstance(f, dict) else str(f) for f in row.get("frames") or []]
        group = str(row.get("doc_id") or row.get("source_file") or n)
        examples.append(Example(text=row["text"], label="", group=group, meta={"frames": frames}))
    labels = sorted({f for e in examples for f in e.meta["frames"]})
    return examples, labels


def _matrix(examples: list[Example], labels: list[str]) -> np.ndarray:
    return np.asarray([[lab in e.meta["frames"] for lab in labels] for e in examples], dtype=int)


class FrameHead:
    def __init__(self, labels: list[str], C: float = 1.0, threshold: float = 0.5) -> None:
        self.labels = labels
        self.C = C
        self.threshold = threshold
        self.coef_ = np.zeros((len(labels), 0), dtype=np.float32)
        self.intercept_ = np.zeros(len(labels), dtype=np.float32)

    def fit(self, x: np.ndarray, y: np.ndarray) -> FrameHead:
        coefs, intercepts = [], []
        for j in range(len(self.labels)):
            if y[:, j].min() == y[:, j].max():  # a label seen never or always: constant score
                coefs.append(np.zeros(x.shape[1]))
                intercepts.append(-5.0 if y[0, j] == 0 else 5.0)
                continue
            clf = LogisticRegression(C=self.C, class_weight="balanced", max_iter=3000, random_state=0).fit(
                x, y[:, j]
            )
            coefs.append(clf.coef_[0])
            intercepts.append(float(clf.intercept_[0]))
        self.coef_ = np.asarray(coefs, dtype=np.float32)
        self.intercept_ = np.asarray(intercepts, dtype=np.float32)
        return self

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        return np.asarray(1.0 / (1.0 + np.exp(-(x @ self.coef_.T + self.intercept_))))

    def save(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        np.savez(path / HEAD_FILE, coef=self.coef_, intercept=self.intercept_)
        write_json(
            path / "model.json",
            {
                "family": "frame_head",
                "labels": self.labels,
                "params": {"C": self.C, "threshold": self.threshold, "encoder": ENCODER_NAME},
            },
        )

    @classmethod
    def load(cls, path: Path) -> FrameHead:
        import json

        info = json.loads((path / "model.json").read_text(encoding="utf-8"))
        head = cls(info["labels"], info["params"]["C"], info["params"]["threshold"])
        with np.load(path / HEAD_FILE) as data:
            head.coef_, head.intercept_ = data["coef"], data["intercept"]
        return head


def micro_prf(gold: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    tp = int((gold & pred).sum())
    p = tp / max(1, int(pred.sum()))
    r = tp / max(1, int(gold.sum()))
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
    }


def predict_sets(probs: np.ndarray, threshold: float, top_k: int = 3) -> np.ndarray:
    pred = np.zeros_like(probs, dtype=int)
    for i, row in enumerate(probs):
        for j in np.argsort(-row)[:top_k]:
            if row[j] >= threshold:
                pred[i, j] = 1
    return pred


def train_frame_head(
    train_path: Path,
    out: Path,
    *,
    C: float = 1.0,
    threshold: float = 0.5,
    folds: int = 5,
    seed: int = 2016,
    test_path: Path | None = None,
    threads: int = 2,
) -> dict[str, Any]:
    """Fit the head on all training claims, report grouped CV and test micro-F1, save to ``out``."""
    encoder = shared_encoder("", threads)
    examples, labels = read_frame_claims(train_path)
    x = encoder.embed([e.text for e in examples], cache=True)
    y = _matrix(examples, labels)
    cv = []
    for fold in group_folds(examples, folds, seed):
        mask = np.zeros(len(examples), dtype=bool)
        mask[fold] = True
        head = FrameHead(labels, C, threshold).fit(x[~mask], y[~mask])
        cv.append(
            micro_prf(
                y[mask].astype(bool), predict_sets(head.predict_proba(x[mask]), threshold).astype(bool)
            )["f1"]
        )
    head = FrameHead(labels, C, threshold).fit(x, y)
    head.save(out)
    metrics: dict[str, Any] = {
        "n_train": len(examples),
        "labels": labels,
        "cv_micro_f1": {
            "folds": cv,
            "mean": round(float(np.mean(cv)), 4),
            "std": round(float(np.std(cv, ddof=1)), 4),
        },
    }
    if test_path is not None and test_path.exists():
        test, _ = read_frame_claims(test_path)
        gold = _matrix(test, labels).astype(bool)
        pred = predict_sets(head.predict_proba(encoder.embed([e.text for e in test])), threshold).astype(bool)
        metrics["test"] = {"n": len(test), **micro_prf(gold, pred)}
        rng = np.random.default_rng(12345)
        boots = []
        for _ in range(1000):
            idx = rng.integers(0, len(test), len(test))
            boots.append(micro_prf(gold[idx], pred[idx])["f1"])
        metrics["test"]["f1_ci95"] = [round(float(v), 4) for v in np.percentile(boots, [2.5, 97.5])]
    write_json(out / "metrics.json", metrics)
    return metrics
