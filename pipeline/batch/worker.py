"""What every worker does: turn a chunk of article dicts into plain outcome records.

The same function serves the serial path, the process pool and Dask tasks, so the
three backends cannot drift apart. Only plain data crosses process boundaries: article
dicts in, :class:`ArticleOutcome` (dicts inside) out; spaCy Docs never leave the worker.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.batch.limits import BudgetExceeded, time_budget, timed_out
from pipeline.engine import failed
from pipeline.types import Article, ErrorRecord


@dataclass
class ArticleOutcome:
    """One article's result: its record and claims, or the error that stopped it."""

    doc_id: str
    article: dict[str, Any] | None = None
    claims: list[dict[str, Any]] = field(default_factory=list)
    error: dict[str, Any] | None = None
    words: int = 0


def _run(processor: Any, articles: list[dict[str, Any]]) -> list[ArticleOutcome]:
    records = [Article.from_dict(a) for a in articles]
    done: dict[str, Any] = {}
    errors: dict[str, ErrorRecord] = {}
    for result in processor.process(records):
        if isinstance(result, ErrorRecord):
            errors[result.doc_id or ""] = result
        else:
            done[result.article["doc_id"]] = result
    outcomes = []
    for article in articles:
        doc_id = article["doc_id"]
        if doc_id in done:
            result = done[doc_id]
            outcomes.append(
                ArticleOutcome(doc_id, result.article, result.claims, words=len(article["text"].split()))
            )
        else:
            err = errors.get(doc_id) or failed(Article.from_dict(article), "it gave no result")
            outcomes.append(ArticleOutcome(doc_id, error={**err.to_dict(), "doc_id": doc_id}))
    return outcomes


def process_chunk(
    processor: Any, articles: list[dict[str, Any]], seconds_per_article: float
) -> list[ArticleOutcome]:
    """Process ``articles`` with ``processor`` (an ``ArticleProcessor``) under a time budget.

    The chunk first runs as one ``nlp.pipe`` batch with ``seconds_per_article * len`` seconds;
    if that budget runs out, each article is re-run alone with its own budget and the one
    that still overruns is recorded as E205.
    """
    if not articles:
        return []
    try:
        with time_budget(seconds_per_article * len(articles)):
            return _run(processor, articles)
    except BudgetExceeded:
        pass
    outcomes: list[ArticleOutcome] = []
    for article in articles:
        try:
            with time_budget(seconds_per_article):
                outcomes.extend(_run(processor, [article]))
        except BudgetExceeded:
            err = timed_out(article, seconds_per_article)
            outcomes.append(ArticleOutcome(article["doc_id"], error=err.to_dict()))
    return outcomes


def load_processor(config_path: str | Path | None, config: Any = None) -> Any:
    """Load the pipeline (once per worker); ``config`` is the run config when already read."""
    from pipeline.engine import ArticleProcessor

    return ArticleProcessor(config_path, config)


_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")

# Per-process state of a pool worker: the pipeline it loaded in its initializer.
_WORKER: dict[str, Any] = {}


def init_pool_worker(config_path: str | None, seconds_per_article: float) -> None:
    """``ProcessPoolExecutor`` initializer: load the models once in this worker process.

    Each worker gets one BLAS/OpenMP thread (as Dask's nanny does): N workers with
    N threads each oversubscribe the cores and run slower than one process.
    """
    for var in _THREAD_VARS:
        os.environ.setdefault(var, "1")
    _WORKER["processor"] = load_processor(config_path)
    _WORKER["seconds"] = seconds_per_article


def pool_task(articles: list[dict[str, Any]]) -> tuple[list[ArticleOutcome], float]:
    """A pool task: process one chunk in this worker; returns outcomes and busy seconds."""
    t0 = time.perf_counter()
    outcomes = process_chunk(_WORKER["processor"], articles, _WORKER["seconds"])
    return outcomes, time.perf_counter() - t0


def pool_manifest() -> dict[str, Any]:
    """The loaded pipeline's model and component versions (for ``run.json``)."""
    return dict(_WORKER["processor"].manifest())
