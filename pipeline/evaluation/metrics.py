"""Small, dependency-free classification metrics shared by the evaluators."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def precision_recall_f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts (0.0 where undefined, as the official scorers)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Rounded precision, recall and F1 from counts."""
    p, r, f = precision_recall_f1(tp, fp, fn)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def classification_report(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    """Accuracy, per-class P/R/F1, macro-F1, macro recall and a confusion matrix ``{gold: {pred: n}}``."""
    from pipeline.training.metrics import class_scores

    if len(gold) != len(pred):
        raise ValueError("gold and pred must have the same length")
    confusion = {g: dict.fromkeys(labels, 0) for g in labels}
    for g, p in zip(gold, pred, strict=True):
        confusion.setdefault(g, dict.fromkeys(labels, 0))
        confusion[g][p] = confusion[g].get(p, 0) + 1
    per_class = {}
    for label in labels:
        scores = class_scores(gold, pred, label)
        per_class[label] = {
            "precision": round(scores.precision, 4),
            "recall": round(scores.recall, 4),
            "f1": round(scores.f1, 4),
            "support": scores.support,
        }
    present = [lab for lab in labels if per_class[lab]["support"] > 0] or list(labels)
    correct = sum(1 for g, p in zip(gold, pred, strict=True) if g == p)
    return {
        "accuracy": round(correct / len(gold), 4) if gold else 0.0,
        "macro_f1": round(sum(per_class[lab]["f1"] for lab in present) / len(present), 4),
        "macro_recall": round(sum(per_class[lab]["recall"] for lab in present) / len(present), 4),
        "per_class": per_class,
        "confusion": confusion,
    }
