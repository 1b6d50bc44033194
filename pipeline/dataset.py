"""The claims as a Hugging Face ``datasets`` dataset with declared (never inferred) Features."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipeline.contract import features, row
from pipeline.types import PROVENANCE_KEYS, Claim

__all__ = ["CLAIM_COLUMNS", "PROVENANCE_KEYS", "claim_features", "claim_row", "write_dataset"]

CLAIM_COLUMNS = (
    "claim_id",
    "doc_id",
    "text",
    "start",
    "end",
    "section",
    "type",
    "type_score",
    "speaker",
    "holder",
    "co_holders",
    "actors",
    "targets",
    "frames",
    "hedged",
    "hedges",
    "checkworthiness",
    "needs_review",
    "review",
    "label_source",
    "provenance",
)
"""Column order of the published claims dataset (the fields of :class:`pipeline.types.Claim`)."""


def claim_features() -> Any:
    """The declared schema of a claim row, generated from :class:`pipeline.types.Claim`."""
    return features(Claim, CLAIM_COLUMNS)


def claim_row(claim: dict[str, Any]) -> dict[str, Any]:
    """A claim record shaped to :func:`claim_features` (absent holder -> all-null struct)."""
    return row(Claim, claim, CLAIM_COLUMNS)


def _rows(claims_path: str) -> Iterator[dict[str, Any]]:
    from pipeline.io import read_jsonl

    for claim in read_jsonl(claims_path):
        yield claim_row(claim)


@contextmanager
def quiet_datasets() -> Iterator[None]:
    """No ``datasets`` progress bars inside the block (they would flood a log); restored after."""
    import datasets

    was_disabled = datasets.are_progress_bars_disabled()
    datasets.disable_progress_bars()
    try:
        yield
    finally:
        if not was_disabled:
            datasets.enable_progress_bars()


def _has_rows(claims_path: str | Path) -> bool:
    from pipeline.io import read_jsonl

    path = Path(claims_path)
    return path.exists() and next(read_jsonl(path), None) is not None


def write_dataset(claims_path: str | Path, out_dir: str | Path) -> int:
    """Build ``out_dir`` (``load_from_disk``-able) from ``claims.jsonl``; returns the row count.

    Rows stream through ``Dataset.from_generator`` so memory stays bounded; the
    folder is written beside and swapped in, so a crash never leaves half a dataset.
    """
    import shutil
    import tempfile

    from datasets import Dataset

    out_dir = Path(out_dir)
    with quiet_datasets(), tempfile.TemporaryDirectory(prefix="claimscope-ds-") as cache:
        if _has_rows(claims_path):
            dataset = Dataset.from_generator(
                _rows,
                gen_kwargs={"claims_path": str(claims_path)},
                features=claim_features(),
                cache_dir=cache,
            )
        else:
            # A run may find no claims at all; from_generator cannot build an empty split.
            features = claim_features()
            dataset = Dataset.from_dict({name: [] for name in features}, features=features)
        tmp = out_dir.with_name(out_dir.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        dataset.save_to_disk(str(tmp), num_shards=1 if len(dataset) == 0 else None)
        count = len(dataset)
        del dataset
    old = out_dir.with_name(out_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if out_dir.exists():
        out_dir.rename(old)
    tmp.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)
    return count
