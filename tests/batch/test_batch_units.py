"""Budgets, the commit protocol and resume bookkeeping, with a fake processor (no models)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.batch.limits import BudgetExceeded, time_budget
from pipeline.batch.progress import BatchProgress, print_summary
from pipeline.batch.state import OutputState
from pipeline.batch.worker import ArticleOutcome, process_chunk
from pipeline.engine import ProcessedArticle, oversized
from pipeline.io import read_jsonl, write_json
from pipeline.types import Article, ErrorRecord


class FakeProcessor:
    """One claim per article; an article whose text contains 'SLOW' spins for a long time."""

    def process(self, articles: Iterable[Article]) -> Iterator[ProcessedArticle | ErrorRecord]:
        for article in articles:
            if "SLOW" in article.text:
                end = time.perf_counter() + 5
                while time.perf_counter() < end:
                    pass
            if "BROKEN" in article.text:
                yield ErrorRecord(
                    path=article.source_path, code="E204", message=f"[E204] Article {article.doc_id} failed"
                )
                continue
            claim = {"claim_id": f"{article.doc_id}-1", "doc_id": article.doc_id, "text": article.text}
            yield ProcessedArticle(article=article.to_dict(), claims=[claim])


def _article(doc_id: str, text: str = "Plain text.") -> dict[str, Any]:
    return Article(doc_id=doc_id, source_path=f"{doc_id}.txt", text=text).to_dict()


def test_batch_time_budget_in_main_thread_and_worker_thread() -> None:
    with pytest.raises(BudgetExceeded), time_budget(0.2):
        while True:
            pass
    caught: list[bool] = []

    def spin() -> None:
        try:
            with time_budget(0.2):
                end = time.perf_counter() + 5
                while time.perf_counter() < end:
                    pass
            caught.append(False)
        except BudgetExceeded:
            caught.append(True)

    thread = threading.Thread(target=spin)
    thread.start()
    thread.join(6)
    assert caught == [True]
    with time_budget(1.0):
        pass  # a quick block is left alone


def test_batch_slow_article_becomes_e205_and_the_rest_survive() -> None:
    chunk = [_article("a"), _article("b", "SLOW text"), _article("c", "BROKEN text"), _article("d")]
    t0 = time.perf_counter()
    outcomes = process_chunk(FakeProcessor(), chunk, seconds_per_article=0.3)
    assert time.perf_counter() - t0 < 4
    by_id = {o.doc_id: o for o in outcomes}
    assert [o.doc_id for o in outcomes] == ["a", "b", "c", "d"]
    assert by_id["b"].error is not None and by_id["b"].error["code"] == "E205"
    assert by_id["b"].error["doc_id"] == "b" and "time budget of 0.3s" in by_id["b"].error["message"]
    assert by_id["c"].error is not None and by_id["c"].error["code"] == "E204"
    assert len(by_id["a"].claims) == 1 and by_id["d"].article is not None


def test_batch_oversized_article_is_e502() -> None:
    err = oversized(_article("big", "x" * 101), 100)
    assert err is not None and err.code == "E502" and "101 characters" in err.message
    assert oversized(_article("ok", "x" * 100), 100) is None


def _commit(state: OutputState, doc_id: str, n_claims: int = 2) -> None:
    claims = [{"claim_id": f"{doc_id}-{i}", "doc_id": doc_id} for i in range(n_claims)]
    state.commit(ArticleOutcome(doc_id, article={"doc_id": doc_id, "text": "a b"}, claims=claims))


def test_batch_resume_purges_claims_of_an_uncommitted_article(tmp_path: Path) -> None:
    state = OutputState(tmp_path)
    assert state.prepare("h1", resume=True).mode == "fresh"
    with state:
        _commit(state, "d1")
        state.commit(
            ArticleOutcome("d2", error={"path": "d2.txt", "code": "E205", "message": "m", "doc_id": "d2"})
        )
        state.write_error({"path": "bad.bin", "code": "E102", "message": "binary"})
    write_json(tmp_path / "run.json", {"config_hash": "h1", "status": "running"})
    # A kill -9 after the claims of d3 but before its article line, mid-line:
    with open(tmp_path / "claims.jsonl", "a", encoding="utf-8") as fh:
        fh.write('{"claim_id":"d3-0","doc_id":"d3"}\n{"claim_id":"d3-1","do')

    again = OutputState(tmp_path)
    info = again.prepare("h1", resume=True)
    assert info.mode == "resume" and info.previous_status == "running"
    assert again.done == {"d1", "d2"} and info.purged_claims == 1
    assert [c["doc_id"] for c in read_jsonl(tmp_path / "claims.jsonl")] == ["d1", "d1"]
    assert [e["code"] for e in read_jsonl(tmp_path / "errors.jsonl")] == [
        "E205"
    ]  # ingest errors come back on re-read
    with again:
        assert again.commit(ArticleOutcome("d1", article={"doc_id": "d1"})) is False


def test_batch_changed_config_starts_over(tmp_path: Path) -> None:
    state = OutputState(tmp_path)
    state.prepare("h1", resume=False)
    with state:
        _commit(state, "d1")
    write_json(tmp_path / "run.json", {"config_hash": "h1", "status": "finished"})
    info = OutputState(tmp_path).prepare("h2", resume=True)
    assert (info.mode, info.previous_config_hash, info.config_hash) == ("reprocess", "h1", "h2")
    assert not (tmp_path / "claims.jsonl").exists()


def test_batch_progress_logs_plain_lines_and_summary(tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    with open(log, "w", encoding="utf-8") as fh:
        with BatchProgress(10, stream=fh, log_every=0.0) as bar:
            bar.update(articles=1, claims=4)
            bar.update(errors=1)
        print_summary([("claims in output", "4")], fh)
    text = log.read_text(encoding="utf-8")
    assert "claimscope run: 1/10 articles, 4 claims, 0 errors" in text
    assert "2/10 articles, 4 claims, 1 errors" in text and "claims in output: 4" in text
