"""Scores, calibration and thresholds of the shared-encoder model on labelled claims.

Scores are on the 0-100 scale of :mod:`pipeline.metrics` with bootstrap 95% intervals
(resampling claims). A trivial baseline (the majority class; "no frame"; the majority type) is
reported beside every score.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from pipeline.metrics import bootstrap_ci, classification_report
from pipeline.training.calibration import fit_temperature, softmax
from pipeline.training.shared import STANCE_LABELS, Outputs
from pipeline.training.shared_data import ClaimExample

THRESHOLD_GRID = [round(x, 2) for x in np.arange(0.2, 0.96, 0.05)]


def stance_pairs(
    examples: Sequence[ClaimExample], probs: Sequence[np.ndarray]
) -> tuple[list[str], list[str], list[float], list[int]]:
    """Gold and predicted stance per labelled target, the confidence, and the claim index of each pair."""
    gold, pred, conf, owner = [], [], [], []
    for i, (e, p) in enumerate(zip(examples, probs, strict=True)):
        for k, s in enumerate(e.stances):
            if s is None:
                continue
            gold.append(STANCE_LABELS[s])
            pred.append(STANCE_LABELS[int(np.argmax(p[k]))])
            conf.append(float(np.max(p[k])))
            owner.append(i)
    return gold, pred, conf, owner


def stance_report(examples: Sequence[ClaimExample], probs: Sequence[np.ndarray]) -> dict[str, Any]:
    gold, pred, _, _ = stance_pairs(examples, probs)
    report = classification_report(gold, pred, STANCE_LABELS)
    majority = Counter(gold).most_common(1)[0][0] if gold else "neutral"
    base = classification_report(gold, [majority] * len(gold), STANCE_LABELS, n_resamples=200)
    report["baseline"] = {"label": majority, "macro_f1": base["macro_f1"], "accuracy": base["accuracy"]}
    return report


def fit_stance_temperature(examples: Sequence[ClaimExample], logits: Sequence[np.ndarray]) -> float:
    rows, gold = [], []
    for e, lg in zip(examples, logits, strict=True):
        for k, s in enumerate(e.stances):
            if s is not None:
                rows.append(lg[k])
                gold.append(s)
    return fit_temperature(np.asarray(rows), np.asarray(gold)) if rows else 1.0


def recalibrate(logits: Sequence[np.ndarray], temperature: float) -> list[np.ndarray]:
    return [softmax(lg, temperature) if len(lg) else lg for lg in logits]


def _frame_sets(examples: Sequence[ClaimExample]) -> list[set[str]]:
    return [set(e.frames or []) for e in examples]


def predicted_frames(
    probs: np.ndarray, labels: Sequence[str], thresholds: dict[str, float]
) -> list[set[str]]:
    return [{lab for j, lab in enumerate(labels) if row[j] >= thresholds.get(lab, 0.5)} for row in probs]


def frames_report(
    examples: Sequence[ClaimExample], probs: np.ndarray, labels: Sequence[str], thresholds: dict[str, float]
) -> dict[str, Any]:
    """Micro P/R/F1 over (claim, frame) decisions, per frame, and the "no frame" baseline."""
    gold = _frame_sets(examples)
    pred = predicted_frames(probs, labels, thresholds)

    def micro(idx: np.ndarray) -> tuple[float, float, float]:
        tp = sum(len(gold[i] & pred[i]) for i in idx)
        fp = sum(len(pred[i] - gold[i]) for i in idx)
        fn = sum(len(gold[i] - pred[i]) for i in idx)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    everything = np.arange(len(gold))
    p, r, f = micro(everything)
    report: dict[str, Any] = {
        "n": len(gold),
        "micro_precision": round(100 * p, 2),
        "micro_recall": round(100 * r, 2),
        "micro_f1": round(100 * f, 2),
    }
    for k, name in enumerate(("micro_precision", "micro_recall", "micro_f1")):

        def stat(idx: np.ndarray, k: int = k) -> float:
            return 100 * micro(idx)[k]

        low, high = bootstrap_ci(stat, len(gold), n_resamples=500)
        report[f"{name}_ci95"] = [round(low, 2), round(high, 2)]
    per = {}
    for lab in labels:
        tp = sum(1 for g, q in zip(gold, pred, strict=True) if lab in g and lab in q)
        fp = sum(1 for g, q in zip(gold, pred, strict=True) if lab not in g and lab in q)
        fn = sum(1 for g, q in zip(gold, pred, strict=True) if lab in g and lab not in q)
        per[lab] = {
            "precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
            "recall": round(tp / (tp + fn), 4) if tp + fn else 0.0,
            "support": tp + fn,
        }
    report["per_frame"] = per
    report["no_frame_share_gold"] = round(sum(1 for g in gold if not g) / max(1, len(gold)), 4)
    report["no_frame_share_pred"] = round(sum(1 for q in pred if not q) / max(1, len(pred)), 4)
    report["baseline"] = {"label": "no frame", "micro_precision": 0.0, "micro_recall": 0.0, "micro_f1": 0.0}
    return report


def fit_frame_thresholds(
    examples: Sequence[ClaimExample],
    probs: np.ndarray,
    labels: Sequence[str],
    min_precision: float,
    *,
    min_support: int = 3,
) -> dict[str, float]:
    """Per frame, the threshold with the best dev F1 among those whose dev precision reaches
    ``min_precision``. A frame with fewer than ``min_support`` dev examples takes the pooled
    threshold (the same rule over every frame's decisions at once); 1.0 means never fires."""
    gold = _frame_sets(examples)

    def best(columns: list[int]) -> float:
        chosen = (-1.0, 1.0)
        for t in THRESHOLD_GRID:
            tp = fp = fn = 0
            for j in columns:
                lab = labels[j]
                fired = probs[:, j] >= t
                tp += sum(1 for i, f in enumerate(fired) if f and lab in gold[i])
                fp += sum(1 for i, f in enumerate(fired) if f and lab not in gold[i])
                fn += sum(1 for i, f in enumerate(fired) if not f and lab in gold[i])
            if tp == 0 or tp / (tp + fp) < min_precision:
                continue
            f1 = 2 * tp / (2 * tp + fp + fn)
            if f1 > chosen[0]:
                chosen = (f1, t)
        return chosen[1]

    support = {lab: sum(1 for g in gold if lab in g) for lab in labels}
    pooled = best(list(range(len(labels))))
    return {lab: best([j]) if support[lab] >= min_support else pooled for j, lab in enumerate(labels)}


def type_report(examples: Sequence[ClaimExample], probs: np.ndarray, labels: Sequence[str]) -> dict[str, Any]:
    rows = [i for i, e in enumerate(examples) if e.type in labels]
    gold = [str(examples[i].type) for i in rows]
    pred = [labels[int(np.argmax(probs[i]))] for i in rows]
    report = classification_report(gold, pred, list(labels), official="macro_f1")
    majority = Counter(gold).most_common(1)[0][0] if gold else labels[0]
    base = classification_report(gold, [majority] * len(gold), list(labels), n_resamples=200)
    report["baseline"] = {"label": majority, "macro_f1": base["macro_f1"], "accuracy": base["accuracy"]}
    return report


def review_threshold(
    confidences: Sequence[float], correct: Sequence[bool], *, accuracy: float, max_share: float
) -> float:
    """The lowest confidence above which dev accuracy reaches ``accuracy``, flagging at most ``max_share``."""
    conf = np.asarray(confidences)
    ok = np.asarray(correct, dtype=bool)
    if not len(conf):
        return 0.0
    cap = float(np.quantile(conf, max_share))
    for t in sorted(set(np.round(conf, 3))):
        kept = conf >= t
        if kept.any() and ok[kept].mean() >= accuracy:
            return float(min(t, cap))
    return cap


def full_report(
    examples: Sequence[ClaimExample],
    out: Outputs,
    frame_labels: Sequence[str],
    type_labels: Sequence[str],
    thresholds: dict[str, float],
) -> dict[str, Any]:
    """Stance, frames and type scores of ``out`` on ``examples`` (each where the examples carry labels)."""
    report: dict[str, Any] = {}
    if any(s is not None for e in examples for s in e.stances):
        report["stance"] = stance_report(examples, out.stance)
    framed = [i for i, e in enumerate(examples) if e.frames is not None]
    if framed and out.frames is not None and frame_labels:
        report["frames"] = frames_report(
            [examples[i] for i in framed], out.frames[framed], frame_labels, thresholds
        )
    typed = [i for i, e in enumerate(examples) if e.type]
    if typed and out.types is not None and type_labels:
        report["type"] = type_report([examples[i] for i in typed], out.types[typed], type_labels)
    return report


def dev_score(report: dict[str, Any]) -> float:
    """Model selection on dev: stance macro-F1, plus half the frames micro-F1 and half the type macro-F1."""
    score = float(report.get("stance", {}).get("macro_f1", 0.0))
    score += 0.5 * float(report.get("frames", {}).get("micro_f1", 0.0))
    score += 0.5 * float(report.get("type", {}).get("macro_f1", 0.0))
    return score
