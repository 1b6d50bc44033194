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


def test_the_organisers_official_files_are_read_as_downloaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SemEval-2016 (Windows-1252, CRLF, header row) and CLEF 2019 (TSV per debate) folders."""
    semeval = tmp_path / "datasets" / "semeval2016-stance"
    semeval.mkdir(parents=True)
    train = "ID\tTarget\tTweet\tStance\r\n" + "".join(
        f"{i}\tAtheism\tCaf\u00e9 tweet number {i} #SemST\t{s}\r\n"
        for i, s in enumerate(["AGAINST", "FAVOR", "NONE"] * 4, 1)
    )
    (semeval / "semeval2016-task6-trainingdata.txt").write_bytes(train.encode("cp1252"))
    test = "ID\tTarget\tTweet\tStance\r\n10001\tAtheism\tA test tweet #SemST\tFAVOR\r\n"
    (semeval / "SemEval2016-Task6-subtaskA-testdata-gold.txt").write_text(test, encoding="utf-8")
    clef = tmp_path / "datasets" / "clef2019-checkthat-task1" / "raw"
    (clef / "training").mkdir(parents=True)
    (clef / "test_annotated").mkdir()
    (clef / "training" / "debate_a.tsv").write_text(
        "1\tA\tWe cut taxes by 40%.\t1\n2\tB\tThank you.\t0", encoding="utf-8"
    )
    (clef / "training" / "debate_b.tsv").write_text("1\tC\tJobs grew.\t1\n", encoding="utf-8")
    (clef / "test_annotated" / "debate_c.tsv").write_text(
        "1\tD\tCrime fell 10%.\t1\n2\tD\tHello.\t0\n", encoding="utf-8"
    )
    monkeypatch.setenv("CLAIMSCOPE_DATASETS", str(tmp_path / "datasets"))

    stance = load_dataset("semeval2016")
    assert [e.split for e in stance].count("test") == 1 and len(stance) == 13
    assert stance[0].text == "Café tweet number 1" and stance[0].label == "against"
    assert {e.label for e in stance} == {"favor", "against", "neutral"}
    worthy = load_dataset("clef2019")
    assert [(e.group, e.split, e.label) for e in worthy if e.split == "test"] == [
        ("debate_c", "test", "checkworthy"),
        ("debate_c", "test", "other"),
    ]
    assert len(worthy) == 5
    assert (
        load_dataset(str(tmp_path / "datasets" / "clef2019-checkthat-task1"))[0].text
        == "We cut taxes by 40%."
    )


def test_a_missing_public_dataset_says_where_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMSCOPE_DATASETS", str(tmp_path))
    with pytest.raises(
        TrainingError, match=r"\[E301\].*not shipped with claimscope.*Public datasets.*CLAIMSCOPE_DATASETS"
    ):
        load_dataset("semeval2016")


@pytest.mark.skipif(not default_path("semeval2016").exists(), reason="shared SemEval data absent")
def test_official_semeval_files_give_the_same_tweets_as_the_conversion() -> None:
    folder = default_path("semeval2016").parent / "raw"
    official = {e.id: (e.text, e.label, e.target) for e in load_dataset(f"semeval2016:{folder}")}
    converted = {
        e.id: (e.text, e.label, e.target) for e in load_dataset("semeval2016") if not e.id.startswith("trial")
    }
    assert official == converted and len(official) == 2814 + 1249
