"""The seed gold file is valid: labels, ids, and texts that occur in the cleaned seeds."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOLD_DIR = ROOT / "annotations" / "test"


def _load_checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_gold", GOLD_DIR / "check_gold.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check_gold = _load_checker()


def test_gold_labels_are_valid() -> None:
    claims = check_gold.load_jsonl(GOLD_DIR / "seeds.jsonl")
    problems = [p for i, rec in enumerate(claims) for p in check_gold.check_claim(rec, f"line {i + 1}")]
    assert problems == []
    assert {c["source_file"] for c in claims} == {"000_575ff4f10fe27a71.txt", "002_0decd4073acfad33.txt"}
    assert len(claims) >= 150


def test_gold_texts_occur_in_cleaned_seeds() -> None:
    seeds = check_gold.find_seeds()
    if seeds is None:
        pytest.skip("seed articles not available")
    claims = check_gold.load_jsonl(GOLD_DIR / "seeds.jsonl")
    non_claims = check_gold.load_jsonl(GOLD_DIR / "non_claims.jsonl")
    assert check_gold.check_against_seeds(claims, non_claims, seeds) == []


def test_cleanup_rejoins_page_breaks_and_strips_markup() -> None:
    raw = "Title\n\nConcerns about his\n\nintentions were [voiced](#) in *status quo* terms.\n"
    assert check_gold.clean_paragraphs(raw) == [
        "Title",
        "Concerns about his intentions were voiced in status quo terms.",
    ]


def test_checker_flags_bad_labels() -> None:
    bad = {
        "source_file": "x.txt",
        "text": "NATO is in crisis.",
        "section": None,
        "type": "opinion",
        "speaker": {"id": None, "name": None, "kind": "author"},
        "holder": None,
        "targets": [{"id": "Nato", "text": "NATO", "stance": "against"}],
        "frames": ["crisis"],
        "hedged": True,
        "hedges": [],
        "split": "test",
        "annotator": "team",
    }
    problems = " ".join(check_gold.check_claim(bad, "x"))
    for expected in ("type 'opinion'", "'Nato'", "frames", "hedged"):
        assert expected in problems
