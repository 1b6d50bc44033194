"""Fixtures of the fault suite."""

from __future__ import annotations

from pathlib import Path

import pytest
from fault_helpers import make_run_folder


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    # Real Argon2 parameters cost ~1 s per hash; these tests check behaviour, not cost.
    monkeypatch.setenv("CLAIMSCOPE_ARGON2_PROFILE", "CHEAPEST")


@pytest.fixture
def run_folder(tmp_path: Path) -> Path:
    """A finished run folder: articles, claims, dataset/ and run.json of the 3-article test run."""
    return make_run_folder(tmp_path)
