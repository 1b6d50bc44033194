"""Dataset adapters: splits, grouping, label mapping, sniffing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.errors import TrainingError
from pipeline.training.datasets import default_path, load_dataset
from pipeline.training.examples import mark_target, model_inputs

CLAIMS = [
    {
        "doc_id": "d1",
        "claim_id": "d1-c1",
        "text": "NATO is failing its eastern members.",
        "targets": [{"id": "NATO", "text": "NATO", "stance": "against"}],
        "is_claim": True,
        "checkworthy": 1,
        "split": "train",
    },
    {
        "doc_id": "d1",
        "claim_id": "d1-c2",
        "text": "The Nordic coalition adds real speed.",
        "targets": [{"id": "JEF", "text": "Nordic coalition", "stance": "favor"}],
        "is_claim": True,
        "checkworthy": 1,
        "split": "train",
    },
    {
        "doc_id": "d2",
        "claim_id": "d2-c1",
        "text": "By A. Writer",
        "targets": [],
        "is_claim": False,
        "checkworthy": 0,
    },
]


def write_claims(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_claimscope_pairs_and_checkworthiness(tmp_path: Path) -> None:
    path = write_claims(tmp_path / "claims.jsonl", CLAIMS)
    stance = load_dataset(str(path))
    assert [(e.target, e.label, e.group) for e in stance] == [
        ("NATO", "against", "d1"),
        ("Nordic coalition", "favor", "d1"),
    ]
    texts, _targets = model_inputs(stance)
    assert texts[1] == "The [Nordic coalition] adds real speed."
    worthy = load_dataset(f"claimscope:{path}", task="checkworthiness")
    assert [e.label for e in worthy] == ["checkworthy", "checkworthy", "other"]


def test_mark_target_uses_offsets_then_search() -> None:
    assert mark_target("US and the US", "US", 11, 13) == "US and the [US]"
    assert mark_target("us and them", "US") == "[us] and them"
    assert mark_target("nothing here", "NATO") == "nothing here"


def test_unknown_path_is_coded(tmp_path: Path) -> None:
    with pytest.raises(TrainingError, match=r"\[E301\]"):
        load_dataset(str(tmp_path / "missing.jsonl"))
    (tmp_path / "odd.jsonl").write_text('{"foo": 1}\n')
    with pytest.raises(TrainingError, match=r"\[E302\]"):
        load_dataset(str(tmp_path / "odd.jsonl"))


@pytest.mark.skipif(not default_path("semeval2016").exists(), reason="shared SemEval data absent")
def test_semeval_splits_keep_test_apart() -> None:
    examples = load_dataset("semeval2016")
    by_split = {s: [e for e in examples if e.split == s] for s in ("train", "dev", "test")}
    assert len(by_split["train"]) + len(by_split["dev"]) == 2914
    assert len(by_split["test"]) == 1249
    assert 250 < len(by_split["dev"]) < 330
    assert not any("#SemST" in e.text for e in examples)
    assert {e.label for e in examples} == {"favor", "against", "neutral"}
    assert load_dataset("semeval2016")[5].split == examples[5].split  # seeded


@pytest.mark.skipif(not default_path("clef2019").exists(), reason="shared CLEF data absent")
def test_clef_groups_are_documents() -> None:
    examples = load_dataset("clef2019")
    test_docs = {e.group for e in examples if e.split == "test"}
    dev_docs = {e.group for e in examples if e.split == "dev"}
    train_docs = {e.group for e in examples if e.split == "train"}
    assert len(test_docs) == 7 and len(dev_docs) + len(train_docs) == 19
    assert not dev_docs & train_docs
    assert sum(e.label == "checkworthy" for e in examples if e.split == "test") == 136
