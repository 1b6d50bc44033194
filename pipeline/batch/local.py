"""Backends on one machine: in this process (``--workers 1``) or a pool of worker processes.

Each pool worker loads the models once (the pool initializer) and receives chunks of
article dicts; at most ``in_flight`` chunks are queued at a time, so memory stays flat
however long the input stream is.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from pipeline.batch.worker import (
    ArticleOutcome,
    init_pool_worker,
    load_processor,
    pool_manifest,
    pool_task,
    process_chunk,
)
from pipeline.errors import BatchError

Chunk = list[dict[str, Any]]


class SerialBackend:
    """Everything in the calling process: the reference the parallel backends must match."""

    name = "serial"

    def __init__(
        self,
        config_path: str | Path | None,
        seconds_per_article: float,
        processor: Any = None,
        config: Any = None,
    ) -> None:
        self.config_path = config_path
        self.config = config
        self.seconds = seconds_per_article
        self.processor: Any = processor

    def start(self) -> None:
        if self.processor is None:
            self.processor = load_processor(self.config_path, self.config)

    def manifest(self) -> dict[str, Any]:
        return dict(self.processor.manifest())

    def map(self, chunks: Iterator[Chunk]) -> Iterator[list[ArticleOutcome]]:
        for chunk in chunks:
            yield process_chunk(self.processor, chunk, self.seconds)

    def close(self) -> None:
        self.processor = None


class ProcessPoolBackend:
    """``--workers N``: N spawned processes, each with its own copy of the pipeline."""

    name = "processes"

    def __init__(
        self, config_path: str | Path | None, seconds_per_article: float, workers: int, in_flight: int = 2
    ):
        self.config_path = str(config_path) if config_path else None
        self.seconds = seconds_per_article
        self.workers = workers
        self.in_flight = max(1, in_flight) * workers
        self.pool: ProcessPoolExecutor | None = None

    def start(self) -> None:
        # spawn, not fork: forking a parent that imported torch/spaCy threads can deadlock.
        self.pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=init_pool_worker,
            initargs=(self.config_path, self.seconds),
        )

    def manifest(self) -> dict[str, Any]:
        assert self.pool is not None
        return self.pool.submit(pool_manifest).result()

    def map(self, chunks: Iterator[Chunk]) -> Iterator[list[ArticleOutcome]]:
        assert self.pool is not None
        pending: set[Future[tuple[list[ArticleOutcome], float]]] = set()
        exhausted = False
        try:
            while True:
                while not exhausted and len(pending) < self.in_flight:
                    chunk = next(chunks, None)
                    if chunk is None:
                        exhausted = True
                    else:
                        pending.add(self.pool.submit(pool_task, chunk))
                if not pending:
                    return
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    yield future.result()[0]
        except BrokenProcessPool as exc:
            raise BatchError("E505", detail=str(exc) or "a worker exited unexpectedly") from exc
        finally:
            for future in pending:
                future.cancel()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
