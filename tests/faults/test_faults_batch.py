"""The batch driver: an exclusive lock on --out, duplicate repair on --resume, zero-claim runs, per-article isolation."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from fault_helpers import ClaimPerSentence, article_text, paragraphs_text

from pipeline.batch import run_batch
from pipeline.errors import BatchError
from pipeline.io import read_jsonl

ROOT = Path(__file__).resolve().parents[2]


def _inputs(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"speech{i:02d}.txt").write_text(article_text(i), encoding="utf-8")
    return folder


def _ids(out: Path) -> list[str]:
    return [c["claim_id"] for c in read_jsonl(out / "claims.jsonl")]


_HOLDER = """
import sys
sys.path.insert(0, {tests!r})
from fault_helpers import ClaimPerSentence
from pipeline.batch import run_batch
run_batch([{inputs!r}], {out!r}, processor=ClaimPerSentence(delay=60), resume=True, progress=False)
"""


def _start_holder(inputs: Path, out: Path) -> subprocess.Popen[str]:
    code = _HOLDER.format(tests=str(Path(__file__).parent), inputs=str(inputs), out=str(out))
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    line = proc.stderr.readline()  # "processing <doc_id>": it holds the folder now
    assert line.startswith("processing"), line + proc.stderr.read()
    return proc


def test_a_second_run_into_a_busy_folder_fails_at_once_naming_the_holder(tmp_path: Path) -> None:
    inputs, out = _inputs(tmp_path / "in", 3), tmp_path / "out"
    holder = _start_holder(inputs, out)
    try:
        t0 = time.monotonic()
        with pytest.raises(BatchError) as caught:
            run_batch([inputs], out, processor=ClaimPerSentence(), resume=True, progress=False)
        assert time.monotonic() - t0 < 30  # at once, not after the holder finishes
        message = str(caught.value)
        assert caught.value.code == "E506"
        assert f"pid {holder.pid}" in message and socket.gethostname() in message and "started" in message
        assert "--out" in message  # what to do: wait, or choose another folder
        assert (
            not (out / "claims.jsonl").exists() or _ids(out) == []
        )  # the holder's folder was not written to
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    # The holder died without cleaning up: its lock is stale and the next run recovers it.
    summary = run_batch([inputs], out, processor=ClaimPerSentence(), resume=True, progress=False)
    assert summary.articles == 3 and len(set(_ids(out))) == len(_ids(out)) == 12
    recovered = json.loads((out / "run.json").read_text(encoding="utf-8"))["resume"]["recovered_lock"]
    assert recovered["pid"] == holder.pid and recovered["host"] == socket.gethostname()


def test_concurrent_resumes_write_no_duplicate_ids(tmp_path: Path) -> None:
    inputs, out = _inputs(tmp_path / "in", 4), tmp_path / "out"
    run_batch([inputs], out, processor=ClaimPerSentence(), progress=False)
    _inputs(inputs, 6)  # two new articles arrive; two resumes start at the same time
    holder = _start_holder(inputs, out)
    try:
        with pytest.raises(BatchError, match=r"\[E506\]"):
            run_batch([inputs], out, processor=ClaimPerSentence(), resume=True, progress=False)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    run_batch([inputs], out, processor=ClaimPerSentence(), resume=True, progress=False)
    ids = _ids(out)
    assert len(ids) == len(set(ids)) == 24


def test_resume_repairs_duplicate_claim_ids(tmp_path: Path) -> None:
    inputs, out = _inputs(tmp_path / "in", 3), tmp_path / "out"
    run_batch([inputs], out, processor=ClaimPerSentence(), progress=False)
    clean = (out / "claims.jsonl").read_text(encoding="utf-8")
    articles = (out / "articles.jsonl").read_text(encoding="utf-8")
    # what two unlocked concurrent runs left behind: every line twice
    (out / "claims.jsonl").write_text(clean + clean, encoding="utf-8")
    (out / "articles.jsonl").write_text(articles + articles, encoding="utf-8")
    summary = run_batch([inputs], out, processor=ClaimPerSentence(), resume=True, progress=False)
    assert (out / "claims.jsonl").read_text(encoding="utf-8") == clean
    assert (out / "articles.jsonl").read_text(encoding="utf-8") == articles
    assert summary.claims == 12 and summary.articles == 3
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    repaired = manifest["resume"]["repaired_duplicates"]
    assert (repaired["claims"], repaired["articles"]) == (12, 3)
    from datasets import load_from_disk

    assert len(load_from_disk(str(out / "dataset"))) == 12


def test_a_run_with_no_claims_finishes_with_an_empty_dataset(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "heading_only.txt").write_text("A title without a sentence end " * 10, encoding="utf-8")
    (inputs / "empty.txt").write_text("  \n", encoding="utf-8")
    out = tmp_path / "out"
    summary = run_batch([inputs], out, processor=ClaimPerSentence(), progress=False)
    assert summary.claims == 0 and summary.articles == 1 and summary.errors == 1
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "finished" and manifest["counts"]["claims"] == 0
    from datasets import load_from_disk

    dataset = load_from_disk(str(out / "dataset"))
    assert len(dataset) == 0 and "claim_id" in dataset.features


def test_a_run_where_every_input_fails_still_finishes(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    summary = run_batch([inputs], out, processor=ClaimPerSentence(), progress=False)
    assert summary.articles == 0 and summary.errors == 1
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["status"] == "finished"


class BreaksAfter(ClaimPerSentence):
    """Processes ``n`` articles, then fails as a crashed backend would."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.n = n

    def process(self, articles: Any) -> Any:
        for i, result in enumerate(super().process(articles)):
            if i >= self.n:
                raise RuntimeError("the backend went away")
            yield result


def test_a_run_that_stops_on_an_error_says_so_and_keeps_its_work(tmp_path: Path) -> None:
    inputs, out = _inputs(tmp_path / "in", 6), tmp_path / "out"
    run_batch([inputs], out, processor=ClaimPerSentence(), progress=False)
    done = _ids(out)
    _inputs(inputs, 9)  # three more arrive; the backend dies on them
    with pytest.raises(RuntimeError, match="backend went away"):
        run_batch([inputs], out, processor=BreaksAfter(0), resume=True, progress=False)
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "failed" and "backend went away" in manifest["error"]
    assert _ids(out) == done  # what was committed stays
    summary = run_batch([inputs], out, processor=ClaimPerSentence(), resume=True, progress=False)
    assert (
        summary.articles == 9
        and json.loads((out / "run.json").read_text(encoding="utf-8"))["status"] == "finished"
    )


@pytest.mark.slow
def test_a_bad_article_in_a_chunk_fails_alone_with_its_real_cause(tmp_path: Path) -> None:
    """Real rules pipeline: one article whose author is a list (as old ingestion let through) fails alone."""
    from pipeline.batch.worker import load_processor, process_chunk
    from pipeline.ingest import iter_articles
    from pipeline.types import Article

    for i in range(6):
        (tmp_path / f"s{i}.txt").write_text(paragraphs_text(i), encoding="utf-8")
    chunk = [a.to_dict() for a in iter_articles([tmp_path]) if isinstance(a, Article)]
    assert len(chunk) == 6 and all(len(a["blocks"]) == 3 for a in chunk)
    chunk[2]["author"] = ["Jane Doe", "John Roe"]
    processor = load_processor(ROOT / "configs" / "rules.cfg")
    outcomes = process_chunk(processor, chunk, seconds_per_article=120)
    failed = [o for o in outcomes if o.error is not None]
    assert [o.doc_id for o in failed] == [chunk[2]["doc_id"]]
    assert failed[0].error is not None and "TypeError" in failed[0].error["message"]
    assert "E043" not in failed[0].error["message"]
    assert all(o.claims for o in outcomes if o.error is None)


@pytest.mark.slow
def test_twenty_good_speeches_survive_one_with_a_list_author(tmp_path: Path) -> None:
    lines = [{"text": paragraphs_text(i), "author": "Jane Doe"} for i in range(21)]
    lines[10]["author"] = ["Jane Doe", "John Roe"]
    src = tmp_path / "speeches.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    out = tmp_path / "out"
    summary = run_batch([src], out, ROOT / "configs" / "rules.cfg", progress=False)
    assert summary.errors == 0 and summary.articles == 21
    assert {c["doc_id"] for c in read_jsonl(out / "claims.jsonl")} == {
        a["doc_id"] for a in read_jsonl(out / "articles.jsonl")
    }
