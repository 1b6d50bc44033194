"""Bounded load test: 20 concurrent annotators on loopback lose no write and see no error."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).parents[2] / "benchmarks" / "bench_serve_load.py"


@pytest.mark.slow
def test_twenty_annotators_lose_no_write(tmp_path):
    spec = importlib.util.spec_from_file_location("bench_serve_load", BENCH)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    result = bench.run_load(annotators=20, saves=3, time_limit=60, db_dir=str(tmp_path))
    assert result["errors"] == []
    assert result["lost_writes"] == [] and result["shared_claim_missing_targets"] == []
    assert result["history_edit_rows"] == result["expected_history_edit_rows"] == 80
    assert result["saves"] == 60 + 20 + result["conflicts_409_retried"]
