"""claimscope: op-eds on international security in, an annotated claims dataset out.

The public Python API::

    import pipeline
    articles = pipeline.ingest(["corpus/"], out="out/")      # normalisation only
    summary = pipeline.run(["corpus/"], out="out/")           # the whole pipeline
    nlp = pipeline.load("configs/default.cfg")                # the spaCy pipeline
"""

from __future__ import annotations

from typing import Any

from pipeline.version import __version__

__all__ = ["__version__", "ingest", "load", "run"]


def __getattr__(name: str) -> Any:
    # Lazy: importing the package must stay cheap (no spaCy / torch at import time).
    if name == "ingest":
        from pipeline.ingest import ingest

        return ingest
    if name == "run":
        from pipeline.runner import run

        return run
    if name == "load":
        from pipeline.nlp import load

        return load
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
