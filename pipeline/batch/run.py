"""``run_batch``: the batch driver behind ``claimscope run --workers N --resume --backend dask``.

One writer (this process) streams articles from ingestion, skips the ones already done,
hands chunks to a backend (serial, process pool, or Dask) and commits each result as it
comes back (see :mod:`pipeline.batch.state`). Nothing holds the whole corpus: memory is
bounded by the chunks in flight plus one ``doc_id`` per article.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from pipeline.batch.progress import BatchProgress
from pipeline.batch.state import OutputState, ResumeInfo
from pipeline.batch.summary import RunSummary, write_run_manifest
from pipeline.batch.worker import ArticleOutcome
from pipeline.engine import RunSettings
from pipeline.errors import ConfigError
from pipeline.folder_lock import FolderLock
from pipeline.ingest.settings import IngestSettings
from pipeline.io import JsonlAppender, read_jsonl
from pipeline.runfolder import PARTS_DIR, claims_path, dataset_path, write_manifest
from pipeline.settings import from_section, section
from pipeline.types import SCHEMA_VERSION, ErrorRecord, spec

BACKENDS = ("local", "dask")


@dataclass(frozen=True)
class BatchSettings:
    """The ``[claimscope.batch]`` section of a config (all optional)."""

    partition_size: int = spec(default=64, minimum=1)
    """Articles per Dask task."""
    in_flight_per_worker: int = spec(default=2, minimum=1)
    """Chunks queued per worker; bounds memory and keeps workers busy."""

    @classmethod
    def from_config(cls, config: Any) -> BatchSettings:
        return from_section(cls, section(config, "claimscope", "batch"), "claimscope.batch")


def estimate_total(inputs: Iterable[str | Path], ingest: IngestSettings) -> int | None:
    """Articles the inputs will give (files, plus lines of .jsonl files), for the ETA."""
    from pipeline.ingest.discovery import discover

    total = 0
    try:
        for item in discover(inputs, ingest):
            if isinstance(item, ErrorRecord):
                continue
            if item.suffix.lower() == ".jsonl":
                with open(item, "rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            else:
                total += 1
    except OSError:
        return None
    return total


def _chunks(
    inputs: list[str | Path],
    state: OutputState,
    ingest: IngestSettings,
    size: int,
    progress: BatchProgress,
    counters: dict[str, int],
) -> Iterator[list[dict[str, Any]]]:
    # The article size budget is checked once, by the engine (E502), wherever the chunk runs.
    from pipeline.ingest import iter_articles

    queued: set[str] = set()
    chunk: list[dict[str, Any]] = []
    for item in iter_articles(inputs, ingest):
        if isinstance(item, ErrorRecord):
            state.write_error(item.to_dict())
            progress.update(errors=1)
            continue
        if item.doc_id in queued and item.duplicate_of == item.doc_id:
            # The same text again in this batch: recorded (marked, not silently dropped);
            # its claims are already in the output under the first copy.
            state.record_duplicate(item.to_dict())
            counters["duplicates"] = counters.get("duplicates", 0) + 1
            continue
        if item.doc_id in state.done or item.doc_id in queued:
            counters["skipped"] += 1
            progress.skip()
            continue
        queued.add(item.doc_id)
        chunk.append(item.to_dict())
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _commit_all(
    state: OutputState, outcomes: list[ArticleOutcome], progress: BatchProgress, words: list[int]
) -> None:
    articles = claims = errors = 0
    for outcome in outcomes:
        if state.commit(outcome):
            if outcome.error is None:
                words[0] += outcome.words
                articles, claims = articles + 1, claims + len(outcome.claims)
            else:
                errors += 1
    # One progress update per chunk: a line never reports a chunk half-committed.
    progress.update(articles=articles, claims=claims, errors=errors)


def _merge_leftover_parts(state: OutputState, progress: BatchProgress, words: list[int]) -> None:
    """Partitions written by a killed Dask run but not yet merged: merge, then delete."""
    for part in state.parts():
        outcomes = [ArticleOutcome(**record) for record in read_jsonl(part)]
        _commit_all(state, outcomes, progress, words)
        part.unlink()


def _make_backend(
    backend: str,
    workers: int,
    config: str | Path | None,
    config_text: str,
    seconds: float,
    scheduler: str | None,
    batch: BatchSettings,
    processor: Any = None,
    loaded: Any = None,
) -> Any:
    """The backend; ``loaded`` is the run config already read (the serial backend reuses it)."""
    from pipeline.batch.local import ProcessPoolBackend, SerialBackend

    if backend == "dask":
        from pipeline.batch.dask_backend import DaskBackend

        return DaskBackend(
            config, config_text, seconds, scheduler=scheduler, workers=max(workers, 1),
            in_flight=batch.in_flight_per_worker,
        )  # fmt: skip
    if workers > 1:
        return ProcessPoolBackend(config, seconds, workers, in_flight=batch.in_flight_per_worker)
    return SerialBackend(config, seconds, processor=processor, config=loaded)


def run_batch(
    inputs: Iterable[str | Path] | str | Path,
    out: str | Path,
    config: str | Path | None = None,
    *,
    workers: int = 1,
    resume: bool = False,
    backend: str = "local",
    scheduler: str | None = None,
    progress: bool = True,
    stream: TextIO | None = None,
    processor: Any = None,
) -> RunSummary:
    """Run the pipeline over ``inputs`` into ``out`` with ``workers`` processes or on Dask.

    With ``resume``, articles already committed in ``out`` under the same config hash are
    skipped; a finished folder is left untouched. A changed config re-processes everything.
    ``run.json`` records the config hash, the previous one and what this run did.
    ``processor`` (an already loaded :class:`pipeline.engine.ArticleProcessor`) is reused
    by the in-process backend instead of loading the models again.
    """
    from pipeline.nlp import config_hash, read_run_config

    if backend not in BACKENDS:
        raise ConfigError("E006", name="backend", expected="one of " + ", ".join(BACKENDS), got=backend)
    if workers < 1:
        raise ConfigError("E006", name="workers", expected="a positive integer", got=workers)
    stream = stream or sys.stderr
    started = datetime.now(UTC)
    t0 = time.perf_counter()
    inputs = [inputs] if isinstance(inputs, str | Path) else list(inputs)
    out = Path(out)
    cfg, ingest = read_run_config(config)
    chash = config_hash(cfg)
    settings = RunSettings.from_config(cfg)
    batch = BatchSettings.from_config(cfg)

    # A pipeline that cannot be built (a missing model, a bad stage setting) fails here,
    # before the output folder is touched; the serial backend reuses what was built.
    if processor is None and backend == "local" and workers == 1:
        from pipeline.batch.worker import load_processor

        processor = load_processor(config, cfg)
    elif processor is None:
        from pipeline.nlp import build

        build(cfg, config, initialize=False)  # the workers load the data

    # One writer per folder: a second run (or an import) into it fails at once with E506.
    with FolderLock(out, "claimscope run") as lock:
        return _run_locked(
            inputs, out, config, cfg, chash, settings, ingest, batch, lock,
            workers=workers, resume=resume, backend=backend, scheduler=scheduler,
            progress=progress, stream=stream, processor=processor, started=started, t0=t0,
        )  # fmt: skip


def _run_locked(
    inputs: list[str | Path],
    out: Path,
    config: str | Path | None,
    cfg: Any,
    chash: str,
    settings: RunSettings,
    ingest: IngestSettings,
    batch: BatchSettings,
    lock: FolderLock,
    *,
    workers: int,
    resume: bool,
    backend: str,
    scheduler: str | None,
    progress: bool,
    stream: TextIO,
    processor: Any,
    started: datetime,
    t0: float,
) -> RunSummary:
    state = OutputState(out)
    info = state.prepare(chash, resume)
    if lock.recovered is not None:
        info.recovered_lock = lock.recovered.to_dict()
        print(
            f"claimscope run: took over the lock of {out} left by {lock.recovered.describe()} "
            "(that process is gone); --resume keeps what it committed.",
            file=stream,
        )
    if info.repaired:
        print(
            "claimscope run: removed duplicate lines left by concurrent writers: "
            + ", ".join(f"{n} in {name}.jsonl" for name, n in info.repaired_duplicates.items() if n),
            file=stream,
        )
    total = estimate_total(inputs, ingest) if progress else None
    counters = {"skipped": 0}
    words = [0]
    size = batch.partition_size if backend == "dask" else settings.batch_size
    with state, BatchProgress(total, stream=stream, enabled=progress) as bar:
        had_parts = bool(state.parts())
        _merge_leftover_parts(state, bar, words)
        chunks = _chunks(inputs, state, ingest, size, bar, counters)
        first = next(chunks, None)
        nothing_new = first is None and not had_parts and not info.repaired
        if nothing_new and info.mode == "resume" and info.previous_status == "finished":
            summary = RunSummary(out=out, seconds=time.perf_counter() - t0)
            summary.articles, summary.claims, summary.words, summary.errors_by_code = state.totals()
            print(
                f"claimscope run: nothing to do: all {counters['skipped']} articles are already in {out} "
                f"with config {chash}.",
                file=stream,
            )
            return summary
        running = {
            "schema_version": SCHEMA_VERSION,
            "status": "running",
            "config_hash": chash,
            "resume": info.to_dict(),
            "started": started.isoformat(),
        }
        write_manifest(out, running)
        models: dict[str, Any] = {}
        try:
            models = _process(first, chunks, state, bar, words, backend, workers, config, cfg, settings,
                              scheduler, batch, processor, t0)  # fmt: skip
        except BaseException as exc:
            # Committed articles stay; run.json says why the run stopped (--resume goes on from here).
            interrupted = isinstance(exc, KeyboardInterrupt)
            write_manifest(
                out,
                {
                    **running,
                    "status": "interrupted" if interrupted else "failed",
                    "error": str(exc) or repr(exc),
                },
            )
            raise

    from pipeline.dataset import write_dataset

    write_dataset(claims_path(out), dataset_path(out))
    summary = RunSummary(out=out)
    summary.articles, summary.claims, summary.words, summary.errors_by_code = state.totals()
    summary.seconds = time.perf_counter() - t0
    this_run = {
        "backend": "dask" if backend == "dask" else ("processes" if workers > 1 else "serial"),
        "workers": workers,
        "scheduler": scheduler,
        "processed": bar.articles,
        "claims": bar.claims,
        "words": words[0],
        "errors": bar.errors,
        "skipped": counters["skipped"],
        "articles_per_second": round(bar.articles / max(summary.seconds, 1e-9), 3),
        "words_per_second": round(words[0] / max(summary.seconds, 1e-9), 1),
    }
    if not models:
        models = {"models": {}, "components": {}}
    write_run_manifest(
        out,
        config_path=Path(config) if config else None,
        config_hash=chash,
        config_text=cfg.to_str(),
        models=models,
        summary=summary,
        inputs=inputs,
        started=started,
        extra={"status": "finished", "resume": info.to_dict(), "batch": this_run},
    )
    summary.rows = _summary_rows(summary, info, this_run)
    return summary


def _process(
    first: list[dict[str, Any]] | None,
    chunks: Iterator[list[dict[str, Any]]],
    state: OutputState,
    bar: BatchProgress,
    words: list[int],
    backend: str,
    workers: int,
    config: str | Path | None,
    cfg: Any,
    settings: RunSettings,
    scheduler: str | None,
    batch: BatchSettings,
    processor: Any,
    t0: float,
) -> dict[str, Any]:
    """Send every chunk through the backend and commit the outcomes; returns the models' manifest."""
    if first is None:
        return {}
    engine = _make_backend(
        backend,
        workers,
        config,
        cfg.to_str(),
        settings.article_timeout_seconds,
        scheduler,
        batch,
        processor,
        cfg,
    )
    try:
        engine.start()
        models: dict[str, Any] = engine.manifest()
        bar.start_clock(loaded_in=time.perf_counter() - t0)
        for outcomes in engine.map(_prepend(first, chunks)):
            if backend == "dask":
                _stage_and_commit(state, outcomes, bar, words)
            else:
                _commit_all(state, outcomes, bar, words)
    finally:
        engine.close()
    return models


def _prepend(
    first: list[dict[str, Any]], rest: Iterator[list[dict[str, Any]]]
) -> Iterator[list[dict[str, Any]]]:
    yield first
    yield from rest


def _stage_and_commit(
    state: OutputState, outcomes: list[ArticleOutcome], bar: BatchProgress, words: list[int]
) -> None:
    """Write a Dask partition to ``parts/`` (atomic), merge it into the output, then drop it."""
    from dataclasses import asdict

    folder = state.out / PARTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    index = len(list(folder.glob("part-*.jsonl")))
    part = folder / f"part-{time.time_ns()}-{index:06d}.jsonl"
    tmp = part.with_name(f".{part.name}.tmp")
    with JsonlAppender(tmp) as writer:
        for outcome in outcomes:
            writer.write(asdict(outcome))
    tmp.replace(part)
    _commit_all(state, outcomes, bar, words)
    part.unlink()


def _summary_rows(summary: RunSummary, info: ResumeInfo, this_run: dict[str, Any]) -> list[tuple[str, str]]:
    rows = [
        ("output", str(summary.out)),
        ("backend", f"{this_run['backend']} ({this_run['workers']} worker(s))"),
        (
            "config hash",
            info.config_hash + (f" (was {info.previous_config_hash})" if info.mode == "reprocess" else ""),
        ),
        ("mode", info.mode),
        ("processed this run", str(this_run["processed"])),
        ("skipped (already done)", str(this_run["skipped"])),
        ("articles in output", str(summary.articles)),
        ("claims in output", str(summary.claims)),
        ("errors", str(summary.errors)),
        ("seconds", f"{summary.seconds:.1f}"),
        ("articles/s", f"{this_run['articles_per_second']:.2f}"),
        ("words/s", f"{this_run['words_per_second']:.0f}"),
    ]
    rows += [(f"  {code}", str(n)) for code, n in sorted(summary.errors_by_code.items())]
    return rows
