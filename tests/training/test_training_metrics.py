"""Metric implementations against hand-computed values and the published SemEval baseline."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from pipeline.metrics import (
    average_precision,
    bootstrap_ci,
    class_scores,
    classification_report,
    confusion,
    f_avg,
    macro_f1,
    mean_average_precision,
)
from pipeline.training.confusion import write_confusion
from pipeline.training.datasets import default_path, load_dataset


def test_f_avg_matches_hand_computation() -> None:
    gold = ["favor", "favor", "against", "against", "neutral", "neutral"]
    pred = ["favor", "against", "against", "against", "favor", "neutral"]
    # favor: P = 1/2, R = 1/2, F = 0.5; against: P = 2/3, R = 1, F = 0.8
    assert class_scores(gold, pred, "favor").f1 == pytest.approx(0.5)
    assert class_scores(gold, pred, "against").f1 == pytest.approx(0.8)
    assert f_avg(gold, pred) == pytest.approx(65.0)
    # neutral: P = 1/1, R = 1/2 -> F = 2/3; macro over three labels
    assert macro_f1(gold, pred, ["favor", "against", "neutral"]) == pytest.approx(
        100 * (0.5 + 0.8 + 2 / 3) / 3
    )


def test_undefined_precision_counts_as_zero() -> None:
    assert f_avg(["favor", "against"], ["neutral", "neutral"]) == 0.0


def test_confusion_rows_are_gold() -> None:
    table = confusion(["a", "a", "b"], ["a", "b", "b"], ["a", "b"])
    assert table == [[1, 1], [0, 1]]


def test_average_precision_matches_clef_scorer() -> None:
    # ranked: 0.9 (pos), 0.8 (neg), 0.7 (pos) -> (1/1 + 2/3) / 2
    assert average_precision([1, 0, 1], [0.9, 0.8, 0.7]) == pytest.approx((1 + 2 / 3) / 2)
    # ties keep input order (stable sort): the negative listed first ranks first
    assert average_precision([0, 1], [0.5, 0.5]) == pytest.approx(0.5)
    assert average_precision([0, 0], [0.1, 0.2]) == 0.0
    groups = ["d1", "d1", "d2", "d2"]
    assert mean_average_precision(groups, [1, 0, 0, 1], [0.9, 0.1, 0.9, 0.1]) == pytest.approx((1 + 0.5) / 2)


def test_bootstrap_is_seeded_and_brackets_the_estimate() -> None:
    gold = ["favor", "against", "neutral"] * 30
    pred = ["favor", "against", "against"] * 30
    report = classification_report(gold, pred, ["favor", "against", "neutral"], n_resamples=200)
    low, high = report["f_avg_ci95"]
    assert low <= report["f_avg"] <= high
    again = classification_report(gold, pred, ["favor", "against", "neutral"], n_resamples=200)
    assert again["f_avg_ci95"] == report["f_avg_ci95"]
    assert bootstrap_ci(lambda idx: float(len(idx)), 10, n_resamples=5) == (10.0, 10.0)


def test_confusion_files(tmp_path: Path) -> None:
    csv_path, png_path = write_confusion([[3, 1], [0, 2]], ["favor", "against"], tmp_path / "cm", "t")
    assert csv_path.read_text().splitlines()[1] == "favor,3,1"
    assert png_path.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.skipif(not default_path("semeval2016").exists(), reason="shared SemEval data absent")
def test_semeval_majority_baseline_is_65_22() -> None:
    examples = load_dataset("semeval2016")
    majority = {}
    for target in {e.target for e in examples}:
        counts = Counter(e.label for e in examples if e.target == target and e.split != "test")
        majority[target] = counts.most_common(1)[0][0]
    test = [e for e in examples if e.split == "test"]
    score = f_avg([e.label for e in test], [majority[e.target] for e in test])
    assert round(score, 2) == 65.22
