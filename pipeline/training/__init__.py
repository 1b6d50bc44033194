"""Train and evaluate stance and check-worthiness models (issue 4).

The public API::

    from pipeline.training import load_dataset, train, evaluate, evaluate_model
    examples = load_dataset("semeval2016")            # or "clef2019", "claimscope", a path
    metrics = train("configs/train/semeval2016-svm.cfg")  # writes models/<name>/
    metrics = evaluate_model(Path("models/semeval2016-svm"), "semeval2016", None)

Imports are lazy so that ``import pipeline.training`` stays cheap (no torch).
"""

from __future__ import annotations

from typing import Any

__all__ = ["Example", "evaluate", "evaluate_model", "load_dataset", "load_model", "train"]


def __getattr__(name: str) -> Any:
    if name == "Example":
        from pipeline.training.examples import Example

        return Example
    if name == "load_dataset":
        from pipeline.training.datasets import load_dataset

        return load_dataset
    if name in {"train", "evaluate", "evaluate_model"}:
        from pipeline.training import trainer

        return getattr(trainer, name)
    if name == "load_model":
        from pipeline.training.families import load_model

        return load_model
    raise AttributeError(f"module 'pipeline.training' has no attribute {name!r}")
