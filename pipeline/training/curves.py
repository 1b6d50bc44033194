"""Grouped k-fold cross-validation and learning curves (score vs number of training examples)."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.training.datasets import assign_dev
from pipeline.training.examples import Example
from pipeline.training.families import StanceModel
from pipeline.training.scoring import make_scorer, score_examples


def group_folds(examples: list[Example], k: int, seed: int) -> list[list[int]]:
    """``k`` folds of example indices; every document (``group``) sits in exactly one fold."""
    groups = sorted({e.group for e in examples})
    random.Random(seed).shuffle(groups)
    fold_of = {g: i % k for i, g in enumerate(groups)}
    folds: list[list[int]] = [[] for _ in range(k)]
    for i, e in enumerate(examples):
        folds[fold_of[e.group]].append(i)
    return [f for f in folds if f]


def _split_inner(examples: list[Example], seed: int) -> tuple[list[Example], list[Example]]:
    inner = [Example(**{**e.__dict__, "split": "train"}) for e in examples]
    assign_dev(inner, 0.15, seed)
    return [e for e in inner if e.split == "train"], [e for e in inner if e.split == "dev"]


def cross_validate(
    make: Callable[[], StanceModel], examples: list[Example], task: str, k: int, seed: int
) -> dict[str, Any]:
    """Grouped k-fold CV; each fold selects on an inner grouped dev split of its training part."""
    scores: list[float] = []
    metric = ""
    for fold in group_folds(examples, k, seed):
        held = set(fold)
        train, dev = _split_inner([e for i, e in enumerate(examples) if i not in held], seed)
        test = [examples[i] for i in fold]
        labels = sorted({e.label for e in train})
        model = make().fit(train, dev or None, make_scorer(task, labels))
        report = score_examples(model, test, task, n_resamples=200)
        metric = report["official_metric"]
        scores.append(float(report["official_value"]))
    arr = np.asarray(scores)
    return {
        "k": len(scores),
        "metric": metric,
        "folds": [round(s, 4) for s in scores],
        "mean": round(float(arr.mean()), 4),
        "std": round(float(arr.std(ddof=1)) if len(arr) > 1 else 0.0, 4),
    }


def learning_curve(
    make: Callable[[], StanceModel],
    train: list[Example],
    dev: list[Example],
    evaluation: list[Example],
    task: str,
    fractions: list[float],
    seed: int,
) -> list[dict[str, Any]]:
    """Train on growing seeded shares of the training documents; score each on ``evaluation``."""
    groups = sorted({e.group for e in train})
    random.Random(seed).shuffle(groups)
    points = []
    for fraction in fractions:
        keep = set(groups[: max(1, round(fraction * len(groups)))])
        subset = [e for e in train if e.group in keep]
        labels = sorted({e.label for e in subset})
        if len(labels) < 2:
            continue
        model = make().fit(subset, dev or None, make_scorer(task, labels))
        report = score_examples(model, evaluation, task, n_resamples=200)
        points.append(
            {
                "fraction": fraction,
                "n_train": len(subset),
                "metric": report["official_metric"],
                "score": report["official_value"],
                "ci95": report.get(f"{report['official_metric']}_ci95"),
            }
        )
    return points


def plot_learning_curve(points: list[dict[str, Any]], path: Path, title: str) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.5, 3.8))
    xs = [p["n_train"] for p in points]
    ys = [p["score"] for p in points]
    ax.plot(xs, ys, marker="o")
    if all(p.get("ci95") for p in points):
        ax.fill_between(xs, [p["ci95"][0] for p in points], [p["ci95"][1] for p in points], alpha=0.2)
    ax.set_xlabel("training examples")
    ax.set_ylabel(points[0]["metric"] if points else "score")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
