"""The output folder of a run, declared once: its file names, ``run.json``, and the JSONL streams.

A run folder holds ``articles.jsonl``, ``claims.jsonl``, ``errors.jsonl``, ``run.json`` and
``dataset/`` (plus ``parts/`` while a Dask run merges partitions, and ``backups/`` after an
import). Every reader and writer of such a folder (the batch driver, resume, imports, the
report, networks, evaluation, gold tools, the store loader) names the files through this
module, so the layout is spelled out in one place.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import StoreError
from pipeline.io import read_jsonl, write_json, write_jsonl
from pipeline.types import Article, Claim

ARTICLES_FILE = "articles.jsonl"
CLAIMS_FILE = "claims.jsonl"
ERRORS_FILE = "errors.jsonl"
RUN_FILE = "run.json"
DATASET_DIR = "dataset"
PARTS_DIR = "parts"
"""Dask partitions staged before they are merged (see :mod:`pipeline.batch.state`)."""
BACKUPS_DIR = "backups"
"""Where an import moves the files it replaced (``backups/import-<time>/``)."""

JSONL_FILES = (ARTICLES_FILE, CLAIMS_FILE, ERRORS_FILE)
"""The line-per-record files, in the order a run commits them."""


def articles_path(folder: str | Path) -> Path:
    return Path(folder) / ARTICLES_FILE


def claims_path(folder: str | Path) -> Path:
    return Path(folder) / CLAIMS_FILE


def errors_path(folder: str | Path) -> Path:
    return Path(folder) / ERRORS_FILE


def manifest_path(folder: str | Path) -> Path:
    return Path(folder) / RUN_FILE


def dataset_path(folder: str | Path) -> Path:
    return Path(folder) / DATASET_DIR


def read_manifest(folder: str | Path) -> dict[str, Any]:
    """``run.json`` of ``folder`` as a dict; ``{}`` when it is missing or unreadable."""
    path = manifest_path(folder)
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def write_manifest(folder: str | Path, manifest: dict[str, Any]) -> None:
    """Write ``run.json`` atomically."""
    write_json(manifest_path(folder), manifest)


def iter_articles(folder: str | Path) -> Iterator[dict[str, Any]]:
    """Stream the article records of ``folder`` (nothing when the file is missing)."""
    return _iter(articles_path(folder))


def iter_claims(folder: str | Path) -> Iterator[dict[str, Any]]:
    """Stream the claim records of ``folder`` (nothing when the file is missing)."""
    return _iter(claims_path(folder))


def iter_errors(folder: str | Path) -> Iterator[dict[str, Any]]:
    """Stream the error records of ``folder`` (nothing when the file is missing)."""
    return _iter(errors_path(folder))


def _iter(path: Path) -> Iterator[dict[str, Any]]:
    if path.exists():
        yield from read_jsonl(path)


@dataclass
class RunData:
    """Articles and claims of one run folder (or of a store project snapshot), as typed records."""

    articles: list[Article] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    def claims_by_doc(self) -> dict[str, list[Claim]]:
        """Claims grouped by ``doc_id`` in document order (by start offset)."""
        grouped: dict[str, list[Claim]] = {a.doc_id: [] for a in self.articles}
        for claim in self.claims:
            grouped.setdefault(claim.doc_id, []).append(claim)
        for claims in grouped.values():
            claims.sort(key=lambda c: (c.start, c.end, c.claim_id))
        return grouped


def read_run(path: str | Path) -> RunData:
    """Load ``articles.jsonl`` and ``claims.jsonl`` of a run folder as records (E408 without articles)."""
    folder = Path(path)
    if not articles_path(folder).is_file():
        raise StoreError("E408", path=str(folder), detail=f"{ARTICLES_FILE} is missing")
    articles = [Article.from_dict(r) for r in iter_articles(folder)]
    claims = [Claim.from_dict(r) for r in iter_claims(folder)]
    return RunData(articles=articles, claims=claims)


def write_run(path: str | Path, data: RunData) -> None:
    """Write ``articles.jsonl`` and ``claims.jsonl`` atomically into ``path``."""
    write_records(path, (a.to_dict() for a in data.articles), (c.to_dict() for c in data.claims))


def write_records(
    path: str | Path, articles: Iterable[dict[str, Any]], claims: Iterable[dict[str, Any]]
) -> None:
    """Write plain article and claim records as ``articles.jsonl`` and ``claims.jsonl`` (atomic)."""
    write_jsonl(articles_path(path), articles)
    write_jsonl(claims_path(path), claims)
