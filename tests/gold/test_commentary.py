"""The commentary set (annotations/commentary/): stand-off, split by comment, the gold consistent with
its two passes and its agreement, and materialised from the public ARC bodies with every hash checked."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from pipeline.annotate.agreement import cohen_kappa
from pipeline.io import read_jsonl

ROOT = Path(__file__).resolve().parents[2]
SET = ROOT / "annotations" / "commentary"
DATASETS = ROOT.parent / "shared" / "datasets"


def _units() -> list[dict]:
    return list(read_jsonl(SET / "units.jsonl"))


def test_units_are_stand_off_and_split_by_comment() -> None:
    comments = {c["comment_id"]: c for c in read_jsonl(SET / "comments.jsonl")}
    for unit in _units():
        assert "text" not in unit and len(unit["sha256"]) == 64
        assert unit["split"] == comments[unit["comment_id"]]["split"]
        assert unit["claim"] or not unit["targets"]
        for target in unit["targets"]:
            assert "text" not in target and unit["start"] <= target["start"] < target["end"] <= unit["end"]
            assert target["stance"] in ("favor", "against", "neutral")
    assert Counter(c["split"] for c in comments.values()) == {"train": 62, "dev": 17, "test": 31}


def test_gold_follows_the_passes_and_the_agreement_is_recomputable() -> None:
    one = {r["unit_id"]: r for r in read_jsonl(SET / "passes" / "pass1.jsonl")}
    two = {r["unit_id"]: r for r in read_jsonl(SET / "passes" / "pass2.jsonl")}
    assert not {r["annotator"] for r in one.values()} & {r["annotator"] for r in two.values()}
    for unit in _units():
        a, b = one[unit["unit_id"]], two[unit["unit_id"]]
        labels = [{(t["id"], t["stance"]) for t in r["targets"]} for r in (a, b, unit)]
        if a["claim"] == b["claim"] and labels[0] == labels[1]:
            assert unit["resolution"] == "agreed" and labels[2] == labels[0]
        else:
            assert unit["resolution"] in ("pass1", "pass2", "third")
    shared = [
        (x["stance"], y["stance"])
        for uid in sorted(one)
        for x in one[uid]["targets"]
        for y in two[uid]["targets"]
        if x["id"] == y["id"]
    ]
    stored = json.loads((SET / "agreement.json").read_text())["stance_on_shared_targets"]
    kappa = cohen_kappa([x for x, _ in shared], [y for _, y in shared])
    assert len(shared) == stored["pairs"] and kappa is not None and round(kappa, 4) == stored["cohen_kappa"]


def test_materialised_for_evaluate_with_every_hash_checked(tmp_path: Path) -> None:
    if not (DATASETS / "stance-transfer" / "arc_ukp" / "arc_bodies.csv").is_file():
        pytest.skip(
            f"the ARC bodies are not at {DATASETS}/stance-transfer/arc_ukp (see annotations/commentary/README.md)"
        )
    from pipeline.gold.commentary import materialise

    inputs, gold = materialise(tmp_path, DATASETS, "test")
    docs = list(read_jsonl(inputs))
    claims = list(read_jsonl(gold))
    assert len(docs) == 31 and {c["doc_id"] for c in claims} == {d["doc_id"] for d in docs}
    texts = {d["doc_id"]: d["text"] for d in docs}
    for claim in claims:
        assert claim["text"] in texts[claim["doc_id"]]
        assert all(t["text"] in claim["text"] for t in claim["targets"])
