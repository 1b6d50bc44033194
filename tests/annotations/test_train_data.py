"""Checks on the team-written training set in ``annotations/train/``."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from pipeline import types
from pipeline.components.lexicon import read_lexicon
from pipeline.paths import resolve_config_path

ROOT = Path(__file__).resolve().parents[2]
TRAIN = ROOT / "annotations" / "train"
SEEDS = ROOT.parent / "shared" / "seeds"

DEFAULT_FRAMES = {r["label"] for r in read_lexicon(resolve_config_path("", "frames.jsonl"))["records"]}
STANCES, CLAIM_TYPES, SPEAKER_KINDS = set(types.STANCES), set(types.CLAIM_TYPES), set(types.SPEAKER_KINDS)
MAJOR_TARGETS = (
    "NATO",
    "EU",
    "minilateralism",
    "collective-defence",
    "article-5",
    "USA",
    "AUKUS",
    "QUAD",
    "JEF",
    "CSTO",
    "strategic-autonomy",
)
ID_PATTERN = re.compile(r"^(?:[A-Z][A-Z0-9]{1,5}|[a-z0-9]+(?:-[a-z0-9]+)*)$")


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return _read_jsonl(TRAIN / "claims.jsonl")


@pytest.fixture(scope="module")
def claims(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in records if r["is_claim"]]


@pytest.fixture(scope="module")
def pairs(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [t for c in claims for t in c["targets"]]


def _build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_claims", TRAIN / "build_claims.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve string annotations via sys.modules
    spec.loader.exec_module(module)
    return module


def test_at_least_600_claim_target_pairs(pairs: list[dict[str, Any]]) -> None:
    assert len(pairs) >= 600


def test_claim_ids_unique(records: list[dict[str, Any]]) -> None:
    ids = [r["claim_id"] for r in records]
    assert len(ids) == len(set(ids))


def test_target_mentions_are_substrings(records: list[dict[str, Any]]) -> None:
    bad = [(r["claim_id"], t["text"]) for r in records for t in r["targets"] if t["text"] not in r["text"]]
    assert bad == []


def test_labels_in_allowed_sets(records: list[dict[str, Any]]) -> None:
    for r in records:
        assert r["split"] == "train" and r["annotator"] == "team", r["claim_id"]
        assert r["checkworthy"] in (0, 1), r["claim_id"]
        assert set(r["frames"]) <= DEFAULT_FRAMES, r["claim_id"]
        assert r["speaker"]["kind"] in SPEAKER_KINDS, r["claim_id"]
        assert r["hedged"] == bool(r["hedges"]), r["claim_id"]
        for t in r["targets"]:
            assert t["stance"] in STANCES, r["claim_id"]
            assert ID_PATTERN.match(t["id"]), (r["claim_id"], t["id"])
        if r["is_claim"]:
            assert r["type"] in CLAIM_TYPES, r["claim_id"]
            assert len(r["targets"]) <= 3, r["claim_id"]
        else:
            assert r["type"] is None and r["checkworthy"] == 0, r["claim_id"]
            assert all(t["stance"] == "neutral" for t in r["targets"]), r["claim_id"]


def test_every_default_frame_at_least_20_times(claims: list[dict[str, Any]]) -> None:
    counts = Counter(f for c in claims for f in c["frames"])
    assert {f: counts[f] for f in DEFAULT_FRAMES if counts[f] < 20} == {}


def test_stance_balance(pairs: list[dict[str, Any]]) -> None:
    counts = Counter(t["stance"] for t in pairs)
    shares = {s: counts[s] / len(pairs) for s in STANCES}
    assert min(shares.values()) >= 0.20, shares


def test_major_targets_have_every_stance(pairs: list[dict[str, Any]]) -> None:
    seen: dict[str, set[str]] = {}
    for t in pairs:
        seen.setdefault(t["id"], set()).add(t["stance"])
    assert {tid: seen.get(tid, set()) for tid in MAJOR_TARGETS if seen.get(tid) != STANCES} == {}


def test_hard_negatives_and_document_sizes(records: list[dict[str, Any]]) -> None:
    assert sum(1 for r in records if not r["is_claim"]) >= 60
    per_doc = Counter(r["doc_id"] for r in records if r["is_claim"])
    assert len(per_doc) >= 50
    assert all(8 <= n <= 15 for n in per_doc.values()), per_doc


def test_offsets_point_into_documents(records: list[dict[str, Any]]) -> None:
    docs = {d["doc_id"]: d["text"] for d in _read_jsonl(TRAIN / "documents.jsonl")}
    assert {r["doc_id"] for r in records} == set(docs)
    assert all(docs[r["doc_id"]][r["start"] : r["end"]] == r["text"] for r in records)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def test_no_text_taken_from_seeds(records: list[dict[str, Any]]) -> None:
    seed_files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not seed_files:
        pytest.skip("seed articles not available")
    seed_words = _words(" ".join(p.read_text(encoding="utf-8") for p in seed_files))
    seed_text = " ".join(seed_words)
    n = 10
    shingles = {tuple(seed_words[i : i + n]) for i in range(len(seed_words) - n + 1)}
    for r in records:
        words = _words(r["text"])
        assert " ".join(words) not in seed_text, r["claim_id"]
        shared = [words[i : i + n] for i in range(len(words) - n + 1) if tuple(words[i : i + n]) in shingles]
        assert shared == [], (r["claim_id"], shared)


def test_stats_file_is_current(records: list[dict[str, Any]]) -> None:
    stored = json.loads((TRAIN / "stats.json").read_text(encoding="utf-8"))
    assert stored == _build_module().stats(records)


def test_build_validation_flags_a_bad_mention(tmp_path: Path) -> None:
    build = _build_module()
    src = tmp_path / "docs_x.txt"
    src.write_text(
        "=== train-doc-999\nsource: S\nauthor: A B\ntitle: T\n"
        "E: NATO is far from obsolete. || NATO=NATO/f\n"
        "E: The Quad may matter. || the Alliance=NATO/a || AC\n",
        encoding="utf-8",
    )
    claims, articles = build.build(build.parse(src))
    assert [c["hedges"] for c in claims] == [[], [], ["may"]]
    assert claims[1]["targets"] == [{"id": "NATO", "text": "NATO", "stance": "favor"}]
    problems = build.validate(claims, articles)
    assert len(problems) == 1 and "the Alliance" in problems[0]
