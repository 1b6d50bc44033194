"""The import contracts in pyproject.toml hold, and they fail when a cycle or an upward import is added."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT), "--no-cache"], cwd=root, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not LINT.exists():
        pytest.skip("import-linter is not installed (pip install -e '.[dev]')")
    root = tmp_path_factory.mktemp("arch")
    shutil.copytree(ROOT / "pipeline", root / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def test_the_package_keeps_its_import_contracts(copy: Path) -> None:
    result = _lint(copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_an_engine_importing_the_batch_driver_breaks_both_contracts(copy: Path) -> None:
    engine = copy / "pipeline" / "engine.py"
    original = engine.read_text(encoding="utf-8")
    engine.write_text(
        original + "\nfrom pipeline.batch.run import run_batch  # noqa: E402,F401\n", encoding="utf-8"
    )
    try:
        result = _lint(copy)
    finally:
        engine.write_text(original, encoding="utf-8")
    assert result.returncode != 0
    assert "pipeline.engine is not allowed to import pipeline.batch" in result.stdout
    assert "0 kept, 2 broken" in result.stdout  # the layers, and the cycle engine <-> batch
