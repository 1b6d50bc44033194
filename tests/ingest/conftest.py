"""Fixtures for the ingestion tests: settings, the two seed articles, tiny op-eds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.ingest import IngestSettings, load_settings
from pipeline.ingest.readers import RawDocument

SEEDS = Path("/work/shared/seeds")


@pytest.fixture(scope="session")
def settings() -> IngestSettings:
    return load_settings()


def _seed_path(prefix: str) -> Path:
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not matches:
        pytest.skip(f"seed {prefix} not found in {SEEDS} (evaluation seeds are not bundled)")
    return matches[0]


@pytest.fixture(scope="session")
def seed_path() -> Callable[[str], Path]:
    """``seed_path("000")``: the seed file, or skip the test with a clear message."""
    return _seed_path


def _raw_doc(text: str, fmt: str = "text", path: str = "test.txt") -> RawDocument:
    return RawDocument(source_path=path, text=text, fmt=fmt)


@pytest.fixture(scope="session")
def raw_doc() -> Callable[..., RawDocument]:
    return _raw_doc


@pytest.fixture(scope="session")
def oped() -> str:
    return OPED


# A short op-ed of our own, long enough to pass min_chars.
OPED = (
    "Rethinking Deterrence on the Eastern Flank\n\n"
    "Maria Kowalska\n\n"
    "The debate about forward defence has moved faster than the budgets that should sustain it. "
    "Allies agree on the threat but not on who pays, and that gap is where credibility erodes.\n\n"
    "Burden sharing\n\n"
    "Smaller coalitions can move within days, while the wider alliance still negotiates wording. "
    "That speed is an asset, but only if the coalitions plug into one command structure.\n"
)
