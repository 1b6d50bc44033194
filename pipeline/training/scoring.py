"""Scoring a model on examples: the official metric of the task plus the full report."""

from __future__ import annotations

from typing import Any

import numpy as np

from pipeline.metrics import (
    classification_report,
    f_avg,
    macro_f1,
    mean_average_precision,
    ranking_report,
)
from pipeline.training.calibration import expected_calibration_error
from pipeline.training.examples import Example, model_inputs
from pipeline.training.families import Scorer, StanceModel

POSITIVE = "checkworthy"


def predictions(labels: list[str], probs: np.ndarray) -> list[str]:
    return [labels[i] for i in np.argmax(probs, axis=1)]


def positive_scores(labels: list[str], probs: np.ndarray) -> list[float]:
    return [float(v) for v in probs[:, labels.index(POSITIVE)]]


def official_metric(task: str, labels: list[str]) -> str:
    if task == "checkworthiness":
        return "map"
    return "f_avg" if {"favor", "against"} <= set(labels) else "macro_f1"


def make_scorer(task: str, labels: list[str]) -> Scorer:
    """The dev-selection score for ``task``: F_avg (stance), macro-F1, or MAP (check-worthiness)."""
    metric = official_metric(task, labels)

    def score(model_labels: list[str], probs: np.ndarray, dev: list[Example]) -> float:
        gold = [e.label for e in dev]
        if metric == "map":
            return mean_average_precision(
                [e.group for e in dev],
                [int(e.label == POSITIVE) for e in dev],
                positive_scores(model_labels, probs),
            )
        pred = predictions(model_labels, probs)
        return f_avg(gold, pred) if metric == "f_avg" else macro_f1(gold, pred, model_labels)

    return score


def score_examples(
    model: StanceModel, examples: list[Example], task: str, n_resamples: int = 1000
) -> dict[str, Any]:
    """Predict ``examples`` and report the official metric, macro-F1, per-class scores, CIs."""
    texts, targets = model_inputs(examples)
    probs = model.predict_proba(texts, targets)
    labels = list(model.labels)
    gold = [e.label for e in examples]
    pred = predictions(labels, probs)
    metric = official_metric(task, labels)
    report = classification_report(gold, pred, labels, official=metric, n_resamples=n_resamples)
    known = [i for i, g in enumerate(gold) if g in labels]
    if known:
        gold_idx = np.asarray([labels.index(gold[i]) for i in known])
        report["ece"] = round(expected_calibration_error(probs[known], gold_idx), 4)
    if task == "checkworthiness":
        ranking = ranking_report(
            [e.group for e in examples],
            [int(g == POSITIVE) for g in gold],
            positive_scores(labels, probs),
            n_resamples=n_resamples,
        )
        report = {**report, **ranking, "official_metric": "map"}
    report["official_value"] = report[report["official_metric"]]
    return report
