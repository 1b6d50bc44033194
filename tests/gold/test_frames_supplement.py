"""The frame-rich supplement (annotations/real/frames_supplement/): stand-off, train and dev records
only, every unit inside its passage with its hash checked, adjudication and agreement consistent
with the two stored passes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.annotate.agreement import cohen_kappa
from pipeline.gold.corpora import load_records, span_text
from pipeline.gold.splits import record_split
from pipeline.io import read_jsonl

ROOT = Path(__file__).resolve().parents[2]
SUPP = ROOT / "annotations" / "real" / "frames_supplement"
CORPORA = ROOT.parent / "shared" / "corpora"
LABELS = {json.loads(line)["label"] for line in (ROOT / "configs" / "frames.jsonl").read_text().splitlines()}


def _units() -> list[dict]:
    return list(read_jsonl(SUPP / "units.jsonl"))


def test_units_are_stand_off_in_train_and_dev_records_only() -> None:
    passages = {p["passage_id"]: p for p in read_jsonl(SUPP / "passages.jsonl")}
    gold_records = {
        (p["corpus"], p["record_id"]) for p in read_jsonl(ROOT / "annotations/real/passages.jsonl")
    }
    test_records = {r for r in gold_records if record_split(*r) == "test"}
    for unit in _units():
        assert "text" not in unit and len(unit["sha256"]) == 64
        passage = passages[unit["passage_id"]]
        assert passage["start"] <= unit["start"] < unit["end"] <= passage["end"]
        assert unit["split"] == record_split(unit["corpus"], unit["record_id"]) in ("train", "dev")
        assert (unit["corpus"], unit["record_id"]) not in test_records
        assert set(unit["frames"]) <= LABELS


def test_gold_labels_follow_the_passes_and_agreement_is_recomputable() -> None:
    one = {r["unit_id"]: r for r in read_jsonl(SUPP / "passes" / "pass1.jsonl")}
    two = {r["unit_id"]: r for r in read_jsonl(SUPP / "passes" / "pass2.jsonl")}
    units = _units()
    assert set(one) == set(two) == {u["unit_id"] for u in units}
    assert not {r["annotator"] for r in one.values()} & {r["annotator"] for r in two.values()}
    for unit in units:
        a, b = sorted(one[unit["unit_id"]]["frames"]), sorted(two[unit["unit_id"]]["frames"])
        if a == b:
            assert unit["resolution"] == "agreed" and sorted(unit["frames"]) == a
        else:
            assert unit["resolution"] in ("pass1", "pass2", "third")
            if unit["resolution"] != "third":
                assert sorted(unit["frames"]) == (a if unit["resolution"] == "pass1" else b)
    ids = sorted(one)
    kappa = cohen_kappa([bool(one[i]["frames"]) for i in ids], [bool(two[i]["frames"]) for i in ids])
    stored = json.loads((SUPP / "agreement.json").read_text())
    any_frame = next(r for r in stored["per_frame"] if r["frame"] == "any frame")
    assert kappa is not None and round(kappa, 4) == any_frame["cohen_kappa"]


def test_every_unit_hash_matches_the_corpus() -> None:
    if not (CORPORA / "ungdc").is_dir() or not (CORPORA / "au-pm-transcripts").is_dir():
        pytest.skip(
            f"shared corpora not found at {CORPORA} (download them as annotations/real/README.md says)"
        )
    units = _units()
    records = load_records(CORPORA, {(u["corpus"], u["record_id"]) for u in units})
    for unit in units:
        record = records[(unit["corpus"], unit["record_id"])]
        assert span_text(record, unit["start"], unit["end"], unit["sha256"], what="unit")
