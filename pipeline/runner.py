"""``pipeline.run``: the Python API of ``claimscope run`` (ingest, the pipeline, the output folder).

The work is done by the batch driver (:func:`pipeline.batch.run_batch`) with the engine
(:class:`pipeline.engine.ArticleProcessor`); this module only offers the short call.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pipeline.batch import run_batch
from pipeline.batch.summary import RunSummary
from pipeline.engine import ArticleProcessor


def run(
    inputs: Iterable[str | Path] | str | Path,
    out: str | Path,
    config: str | Path | None = None,
    *,
    processor: ArticleProcessor | None = None,
    resume: bool = False,
    progress: bool = False,
) -> RunSummary:
    """Run the whole pipeline over ``inputs`` and write the output folder ``out``.

    The same driver as ``claimscope run`` (streaming commits, per-article budgets,
    ``resume``), in this process; pass a loaded ``processor`` to reuse its models across
    runs. Returns counts and timings; ``errors.jsonl`` lists every input that failed.
    """
    if processor is not None and config is None:
        config = processor.config_path
    return run_batch(inputs, out, config, resume=resume, progress=progress, processor=processor)
