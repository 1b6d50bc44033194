"""What a run did: its counts (:class:`RunSummary`) and the ``run.json`` manifest built from them."""

from __future__ import annotations

import platform
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.engine import package_version
from pipeline.runfolder import write_manifest
from pipeline.types import SCHEMA_VERSION


@dataclass
class RunSummary:
    out: Path
    articles: int = 0
    claims: int = 0
    words: int = 0
    duplicates: int = 0
    errors_by_code: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    rows: list[tuple[str, str]] = field(default_factory=list)
    """The closing summary of a batch as ``(what, value)`` rows (config hash, mode, rates...)."""

    @property
    def errors(self) -> int:
        return sum(self.errors_by_code.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "claims": self.claims,
            "words": self.words,
            "duplicates": self.duplicates,
            "errors": self.errors,
            "errors_by_code": dict(self.errors_by_code),
        }


def write_run_manifest(
    out: Path,
    *,
    config_path: Path | None,
    config_hash: str,
    config_text: str,
    models: dict[str, Any],
    summary: RunSummary,
    inputs: Iterable[str | Path] | str | Path,
    started: datetime,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Write ``run.json``: what ran, on what, with which config, and how fast.

    ``models`` is the engine's :meth:`~pipeline.engine.ArticleProcessor.manifest`
    (``{"models": ..., "components": ...}``).
    """
    from pipeline.version import __version__

    seconds = max(summary.seconds, 1e-9)
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "claimscope_version": __version__,
        "config_path": str(config_path) if config_path else "configs/default.cfg",
        "config_hash": config_hash,
        "config": config_text,
        **models,
        "inputs": [str(p) for p in ([inputs] if isinstance(inputs, str | Path) else inputs)],
        "counts": summary.to_dict(),
        "timings": {
            "started": started.isoformat(),
            "finished": datetime.now(UTC).isoformat(),
            "seconds": round(summary.seconds, 3),
            "articles_per_second": round(summary.articles / seconds, 3),
            "claims_per_second": round(summary.claims / seconds, 3),
            "words_per_second": round(summary.words / seconds, 1),
        },
        "environment": {"python": platform.python_version(), "spacy": package_version("spacy")},
        **(extra or {}),
    }
    write_manifest(out, manifest)
    return manifest
