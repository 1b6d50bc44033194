"""End to end on the real pipeline: kill -9 + --resume, --workers 2 and Dask all give the same claims."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.batch import run_batch
from pipeline.batch.synthetic import generate_corpus

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _claims(out: Path) -> list[str]:
    return sorted((out / "claims.jsonl").read_text(encoding="utf-8").splitlines())


def _lines(path: Path) -> int:
    return sum(1 for _ in open(path, encoding="utf-8")) if path.exists() else 0


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_corpus(ROOT / "corpus", tmp_path_factory.mktemp("corpus") / "articles.jsonl", 24, seed=11)


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reference")
    summary = run_batch([corpus], out, workers=1, progress=False)
    assert summary.articles == 24 and summary.claims > 100 and summary.errors == 0
    return out


def test_batch_kill_then_resume_matches_uninterrupted(corpus: Path, reference: Path, tmp_path: Path) -> None:
    out = tmp_path / "killed"
    code = f"from pipeline.batch import run_batch; run_batch([{str(corpus)!r}], {str(out)!r}, resume=True, progress=False)"
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while _lines(out / "articles.jsonl") < 6 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done = _lines(out / "articles.jsonl")
    assert 0 < done < 24, "the run was not killed mid-way"
    assert json.loads((out / "run.json").read_text())["status"] == "running"

    summary = run_batch([corpus], out, resume=True, progress=False)
    manifest = json.loads((out / "run.json").read_text())
    assert manifest["status"] == "finished" and manifest["resume"]["mode"] == "resume"
    assert manifest["batch"]["skipped"] >= done and manifest["batch"]["processed"] <= 24 - done
    assert summary.articles == 24
    assert _claims(out) == _claims(reference)

    mtime = (out / "claims.jsonl").stat().st_mtime_ns
    again = run_batch([corpus], out, resume=True, progress=False)
    assert again.claims == summary.claims and (out / "claims.jsonl").stat().st_mtime_ns == mtime


def test_batch_two_workers_match_one(corpus: Path, reference: Path, tmp_path: Path) -> None:
    summary = run_batch([corpus], tmp_path / "w2", workers=2, progress=False)
    assert summary.articles == 24
    assert _claims(tmp_path / "w2") == _claims(reference)
    assert json.loads((tmp_path / "w2" / "run.json").read_text())["batch"]["backend"] == "processes"


def test_batch_dask_local_cluster_matches_one_worker(corpus: Path, reference: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        summary = run_batch(
            [corpus], tmp_path / "dask", backend="dask", scheduler=cluster.scheduler_address, progress=False
        )
    assert summary.articles == 24
    assert _claims(tmp_path / "dask") == _claims(reference)
    assert not list((tmp_path / "dask" / "parts").glob("*.jsonl"))


def test_batch_changed_config_reprocesses(corpus: Path, reference: Path, tmp_path: Path) -> None:
    out = tmp_path / "cfg"
    text = (ROOT / "configs" / "default.cfg").read_text(encoding="utf-8")
    changed = tmp_path / "changed.cfg"
    changed.write_text(text.replace("batch_size = 16", "batch_size = 8"), encoding="utf-8")
    import shutil

    shutil.copytree(reference, out)
    summary = run_batch([corpus], out, changed, resume=True, progress=False)
    manifest = json.loads((out / "run.json").read_text())
    assert manifest["resume"]["mode"] == "reprocess"
    assert (
        manifest["resume"]["previous_config_hash"]
        == json.loads((reference / "run.json").read_text())["config_hash"]
    )
    assert manifest["config_hash"] != manifest["resume"]["previous_config_hash"]
    assert manifest["batch"]["processed"] == 24 and summary.articles == 24
