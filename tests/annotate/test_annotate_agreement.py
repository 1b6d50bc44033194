"""Agreement metrics against hand-computed textbook values."""

from __future__ import annotations

import csv
import io
import json

import pytest

from pipeline.annotate.agreement import agreement_report, cohen_kappa, krippendorff_alpha_nominal, span_f1


def test_krippendorff_2011_nominal_example_with_missing_data():
    # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", 4 coders x 12 units, "." = missing.
    rows = {
        "A": "1 2 3 3 2 1 4 1 2 . . .",
        "B": "1 2 3 3 2 2 4 1 2 5 . 3",
        "C": ". 3 3 3 2 3 4 2 2 5 1 .",
        "D": "1 2 3 3 2 4 4 1 2 5 1 .",
    }
    units: dict = {}
    for coder, line in rows.items():
        for unit, value in enumerate(line.split()):
            if value != ".":
                units.setdefault(unit, {})[coder] = int(value)
    assert krippendorff_alpha_nominal(units) == pytest.approx(0.743, abs=5e-4)


def test_cohen_kappa_textbook_two_by_two():
    # 50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15 -> p_o = .7, p_e = .5, kappa = .4
    a = ["y"] * 25 + ["n"] * 25
    b = ["y"] * 20 + ["n"] * 5 + ["y"] * 10 + ["n"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    assert cohen_kappa(["x", "x"], ["x", "x"]) is None


def test_span_f1():
    gold = {("d", 0, 10), ("d", 12, 20), ("d", 30, 40)}
    pred = {("d", 0, 10), ("d", 12, 21)}
    score = span_f1(gold, pred)
    assert (score.precision, score.recall, score.true_positives) == (0.5, pytest.approx(1 / 3, abs=1e-6), 1)
    assert score.f1 == pytest.approx(0.4)


def _lab(ctype, stance, status="accepted", end=10, frames=("burden-sharing",)):
    return {
        "status": status,
        "claim": {
            "doc_id": "d",
            "start": 0,
            "end": end,
            "type": ctype,
            "hedged": False,
            "speaker": {"kind": "author"},
            "targets": [{"id": "NATO", "stance": stance}],
            "frames": [{"label": f, "score": 1.0} for f in frames],
        },
    }


def test_report_per_field_pair_and_annotator(tmp_path):
    labels = {
        "ann": {
            "c1": _lab("evaluation", "favor"),
            "c2": _lab("prediction", "against"),
            "c3": _lab("causal", "favor"),
        },
        "bob": {
            "c1": _lab("evaluation", "favor"),
            "c2": _lab("evaluation", "against", end=9),
            "c3": _lab("causal", "favor", "rejected"),
        },
    }
    report = agreement_report(labels, project="p")
    # type over c1, c2 (c3 rejected by bob): ann (evaluation, prediction) vs bob (evaluation, evaluation)
    assert report.fields["type"]["pairable_units"] == 2
    assert report.fields["stance"]["alpha"] == 1.0  # favor, against: both agree on both units
    # p_o = 1/2, p_e = (1/2 * 1 + 1/2 * 0) = 1/2 -> kappa 0
    assert report.fields["type"]["kappa_mean"] == 0.0
    json_path, csv_path = report.write(tmp_path)
    data = json.loads(json_path.read_text())
    assert data["per_annotator"]["ann"]["items"] == 3
    span = next(p for p in report.pairs if p["field"] == "span")
    # spans are sets of (doc, start, end): ann {(d,0,10)}, bob {(d,0,10), (d,0,9)} -> P 1/2, R 1, F1 2/3
    assert span["f1"] == pytest.approx(2 / 3, abs=1e-6)
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text())))
    assert {r["scope"] for r in rows} == {"project", "pair", "annotator"}
