"""Every metric claimscope reports, in one module on one scale.

The scale: headline figures of a report (``f_avg``, ``macro_f1``, ``accuracy`` and their
bootstrap intervals) are percentages, as the official scorers print them; per-class
precision, recall and F1 are fractions in ``[0, 1]``. :func:`classification_report` is the
one report of a labelling task; ``claimscope evaluate`` (run against gold) and training
(model against a test set) both build on it.

Scorers matched:

- SemEval-2016 Task 6 ``F_avg``: mean of the FAVOR and AGAINST F1, computed over all test
  items pooled across targets (the organisers' ``eval.pl``).
- CLEF-2019 CheckThat! Task 1 MAP: per document, lines ranked by score (stable sort, ties keep
  input order), average precision over its positives; the mean over documents (``scorer/main.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

BOOTSTRAP_SEED = 12345


def precision_recall_f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts (0.0 where undefined, as the official scorers)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Rounded precision, recall and F1 (fractions) from counts."""
    p, r, f = precision_recall_f1(tp, fp, fn)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


@dataclass
class ClassScores:
    precision: float
    recall: float
    f1: float
    support: int


def class_scores(gold: Sequence[str], pred: Sequence[str], label: str) -> ClassScores:
    """Precision, recall and F1 of one class (0 where undefined, as ``eval.pl``)."""
    tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p == label)
    n_pred = sum(1 for p in pred if p == label)
    n_gold = sum(1 for g in gold if g == label)
    precision, recall, f1 = precision_recall_f1(tp, n_pred - tp, n_gold - tp)
    return ClassScores(precision, recall, f1, n_gold)


def f_avg(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] = ("favor", "against")) -> float:
    """SemEval-2016 Task 6 official score (x100): mean F1 of favor and against, pooled."""
    return 100.0 * float(np.mean([class_scores(gold, pred, lab).f1 for lab in labels]))


def macro_f1(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> float:
    """Unweighted mean F1 over ``labels`` (x100)."""
    return 100.0 * float(np.mean([class_scores(gold, pred, lab).f1 for lab in labels]))


def accuracy(gold: Sequence[str], pred: Sequence[str]) -> float:
    return 100.0 * sum(g == p for g, p in zip(gold, pred, strict=True)) / max(1, len(gold))


def confusion(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> list[list[int]]:
    """Rows = gold label, columns = predicted label, in ``labels`` order."""
    index = {lab: i for i, lab in enumerate(labels)}
    table = [[0] * len(labels) for _ in labels]
    for g, p in zip(gold, pred, strict=True):
        if g in index and p in index:
            table[index[g]][index[p]] += 1
    return table


def average_precision(labels: Sequence[int], scores: Sequence[float]) -> float:
    """AP of one document as the CLEF 2019 scorer computes it."""
    order = sorted(range(len(scores)), key=lambda i: scores[i], reverse=True)  # stable
    n_pos = sum(1 for v in labels if v == 1)
    hits, precisions = 0, []
    for rank, i in enumerate(order, start=1):
        if labels[i] == 1:
            hits += 1
            precisions.append(hits / rank)
    return sum(precisions) / n_pos if precisions else 0.0


def mean_average_precision(groups: Sequence[str], labels: Sequence[int], scores: Sequence[float]) -> float:
    """CLEF 2019 MAP: mean over documents (``groups``) of their AP (first-seen document order)."""
    return float(np.mean(list(per_document_ap(groups, labels, scores).values())))


def per_document_ap(
    groups: Sequence[str], labels: Sequence[int], scores: Sequence[float]
) -> dict[str, float]:
    by_doc: dict[str, list[int]] = {}
    for i, g in enumerate(groups):
        by_doc.setdefault(g, []).append(i)
    return {
        g: average_precision([labels[i] for i in idx], [scores[i] for i in idx]) for g, idx in by_doc.items()
    }


def bootstrap_ci(
    statistic: Callable[[np.ndarray], float],
    n_items: int,
    *,
    n_resamples: int = 1000,
    seed: int = BOOTSTRAP_SEED,
    alpha: float = 0.05,
) -> tuple[float, float]:
    """Percentile bootstrap interval of ``statistic(indices)`` over resampled item indices."""
    rng = np.random.default_rng(seed)
    values = [statistic(rng.integers(0, n_items, n_items)) for _ in range(n_resamples)]
    low, high = np.percentile(values, [100 * alpha / 2, 100 * (1 - alpha / 2)])
    return float(low), float(high)


def classification_report(
    gold: Sequence[str],
    pred: Sequence[str],
    labels: Sequence[str],
    *,
    official: str = "f_avg",
    n_resamples: int = 1000,
    seed: int = BOOTSTRAP_SEED,
) -> dict[str, Any]:
    """Everything reported for a classification task, with bootstrap 95% CIs.

    ``n_resamples=0`` leaves the intervals out (``[]``), for callers that report point figures.
    """
    g, p = np.asarray(gold, dtype=object), np.asarray(pred, dtype=object)
    fav_labels = [lab for lab in ("favor", "against") if lab in labels]

    def _fa(idx: np.ndarray) -> float:
        return f_avg(list(g[idx]), list(p[idx]), fav_labels)

    def _mf(idx: np.ndarray) -> float:
        return macro_f1(list(g[idx]), list(p[idx]), labels)

    def _acc(idx: np.ndarray) -> float:
        return accuracy(list(g[idx]), list(p[idx]))

    report: dict[str, Any] = {"n": len(gold), "labels": list(labels)}
    funcs = {"macro_f1": _mf, "accuracy": _acc}
    if fav_labels:
        funcs = {"f_avg": _fa, **funcs}
    everything = np.arange(len(gold))
    for name, fn in funcs.items():
        report[name] = round(fn(everything), 2)
        if n_resamples > 0:
            low, high = bootstrap_ci(fn, len(gold), n_resamples=n_resamples, seed=seed)
            report[f"{name}_ci95"] = [round(low, 2), round(high, 2)]
        else:
            report[f"{name}_ci95"] = []
    report["official_metric"] = official if official in report else "macro_f1"
    report["per_class"] = {
        lab: {
            k: round(v, 4) if isinstance(v, float) else v
            for k, v in class_scores(gold, pred, lab).__dict__.items()
        }
        for lab in labels
    }
    report["confusion_matrix"] = confusion(gold, pred, labels)
    return report


def ranking_report(
    groups: Sequence[str],
    labels: Sequence[int],
    scores: Sequence[float],
    *,
    n_resamples: int = 1000,
    seed: int = BOOTSTRAP_SEED,
) -> dict[str, Any]:
    """CLEF-style ranking metrics: MAP (official), per-document AP, CI by resampling documents."""
    per_doc = per_document_ap(groups, labels, scores)
    aps = np.asarray(list(per_doc.values()))
    low, high = bootstrap_ci(lambda idx: float(aps[idx].mean()), len(aps), n_resamples=n_resamples, seed=seed)
    return {
        "n": len(labels),
        "documents": len(per_doc),
        "map": round(float(aps.mean()), 4),
        "map_ci95": [round(low, 4), round(high, 4)],
        "per_document_ap": {k: round(v, 4) for k, v in per_doc.items()},
        "official_metric": "map",
    }
