"""The real gold corpus as stored in annotations/real/: stand-off only, sized and balanced as promised,
materialisable from ../shared/corpora with every hash checked, agreement re-computable from the passes."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from pipeline.errors import TrainingError
from pipeline.gold.corpora import load_records, span_text
from pipeline.gold.dataset import materialise
from pipeline.gold.splits import split_hash
from pipeline.gold.standoff import read_passages
from pipeline.io import read_jsonl

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "annotations" / "real"
CORPORA = ROOT.parent / "shared" / "corpora"


@pytest.fixture(scope="module")
def corpora() -> Path:
    if not (CORPORA / "ungdc").is_dir() or not (CORPORA / "au-pm-transcripts").is_dir():
        pytest.skip(
            f"shared corpora not found at {CORPORA} (download them as annotations/real/README.md says)"
        )
    return CORPORA


def _gold() -> list[dict]:
    return list(read_jsonl(REAL / "gold.jsonl"))


def test_no_source_text_is_stored() -> None:
    """Passages, passes and gold hold offsets and hashes, never the text of a sentence."""
    for path in [REAL / "passages.jsonl", REAL / "gold.jsonl", *sorted((REAL / "passes").glob("*.jsonl"))]:
        for rec in read_jsonl(path):
            assert "text" not in rec, f"{path.name} stores text"
            assert len(rec["sha256"]) == 64 and rec["end"] >= rec["start"]
            for t in rec.get("targets", []):
                assert "text" not in t and len(t["sha256"]) == 64


def test_size_balance_and_splits_are_as_promised() -> None:
    passages = read_passages(REAL / "passages.jsonl")
    gold = _gold()
    assert len(passages) >= 600
    assert len({(p.corpus, p.record_id) for p in passages}) >= 150
    pairs = Counter(t["stance"] for c in gold for t in c["targets"])
    total = sum(pairs.values())
    assert total >= 3000
    assert all(pairs[s] / total >= 0.20 for s in ("favor", "against", "neutral")), pairs
    # Every claim has its frames decided ("no frame" is an empty list), a type, a speaker.
    assert all(isinstance(c["frames"], list) and c["type"] and c["speaker"]["kind"] for c in gold)
    splits = Counter(p.split for p in passages)
    assert splits["test"] / len(passages) >= 0.20 and splits["dev"] and splits["train"]
    # A speech or transcript never straddles two splits.
    by_record: dict[tuple[str, str], set[str]] = {}
    for p in passages:
        by_record.setdefault((p.corpus, p.record_id), set()).add(p.split)
    assert all(len(s) == 1 for s in by_record.values())


def test_split_is_frozen_by_its_hash() -> None:
    card = (REAL / "README.md").read_text(encoding="utf-8")
    assert split_hash(read_jsonl(REAL / "passages.jsonl")) in card


def test_agreement_in_the_card_is_recomputed_from_the_passes(tmp_path: Path) -> None:
    from pipeline.annotate.agreement import agreement_report
    from pipeline.gold.passes import agreement_labels, read_pass

    passes = {p.stem: read_pass(p) for p in sorted((REAL / "passes").glob("pass*.jsonl"))}
    assert len(passes) == 2
    report = agreement_report(agreement_labels(passes), project="real-gold").to_dict()
    stored = json.loads((REAL / "agreement" / "agreement.json").read_text(encoding="utf-8"))
    assert report["fields"] == stored["fields"]
    assert report["fields"]["stance"]["alpha"] >= 0.67


def test_whole_corpus_materialises_and_every_hash_matches(corpora: Path) -> None:
    passages = read_passages(REAL / "passages.jsonl")
    gold = _gold()
    mat = materialise(corpora, passages, gold)
    assert len(mat.articles) == len(passages)
    assert len(mat.claims) == len(gold)
    text_of = {a["doc_id"]: a["text"] for a in mat.articles}
    for claim in mat.claims:
        assert text_of[claim["doc_id"]][claim["start"] : claim["end"]] == claim["text"]
        for t in claim["targets"]:
            assert claim["text"].find(t["text"]) >= 0 or t["start"] >= claim["start"]
    # The two passes point into the same corpus and check out too.
    records = load_records(corpora, {(p.corpus, p.record_id) for p in passages})
    refs = {p.passage_id: p for p in passages}
    for path in sorted((REAL / "passes").glob("pass*.jsonl")):
        for rec in read_jsonl(path):
            p = refs[rec["passage_id"]]
            span_text(records[(p.corpus, p.record_id)], rec["start"], rec["end"], rec["sha256"])


def test_a_changed_corpus_is_refused_with_a_clear_error(corpora: Path) -> None:
    passage = read_passages(REAL / "passages.jsonl")[0]
    record = load_records(corpora, [(passage.corpus, passage.record_id)])[(passage.corpus, passage.record_id)]
    with pytest.raises(TrainingError) as info:
        span_text(record, passage.start, passage.end, "0" * 64)
    assert info.value.code == "E313" and "dataset card" in str(info.value)


def test_a_missing_corpus_folder_says_where_to_get_it(tmp_path: Path) -> None:
    passages = read_passages(REAL / "passages.jsonl")[:1]
    with pytest.raises(TrainingError) as info:
        materialise(tmp_path, passages, [])
    assert info.value.code == "E311" and "--corpus-dir" in str(info.value)
