"""Batch processing at scale: worker processes, Dask, resume, budgets, progress.

Python API::

    from pipeline.batch import run_batch
    summary = run_batch(["corpus/"], "out/", workers=2, resume=True)
    summary = run_batch(["corpus/"], "out/", backend="dask", scheduler="tcp://10.0.0.5:8786")
"""

from __future__ import annotations

from pipeline.batch.run import BatchSettings, run_batch

__all__ = ["BatchSettings", "run_batch"]
