"""The claims as a Hugging Face ``datasets`` dataset with declared (never inferred) Features."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipeline.types import ACTOR_TYPES, CLAIM_TYPES, SPEAKER_KINDS, STANCES

PROVENANCE_KEYS = (
    "span",
    "speaker",
    "holder",
    "targets",
    "stance",
    "frames",
    "type",
    "hedged",
    "checkworthiness",
)


def claim_features() -> Any:
    """The declared schema of a claim row (mirrors ``pipeline.types.Claim``)."""
    from datasets import ClassLabel, Features, List, Value

    string, int32, float32 = Value("string"), Value("int32"), Value("float32")
    return Features(
        {
            "claim_id": string,
            "doc_id": string,
            "text": string,
            "start": int32,
            "end": int32,
            "section": string,
            "type": ClassLabel(names=list(CLAIM_TYPES)),
            "type_score": float32,
            "speaker": {
                "id": string,
                "name": string,
                "kind": ClassLabel(names=list(SPEAKER_KINDS)),
                "start": int32,
                "end": int32,
            },
            "holder": {"id": string, "name": string, "start": int32, "end": int32},
            "co_holders": List({"id": string, "name": string, "start": int32, "end": int32}),
            "actors": List(
                {
                    "text": string,
                    "start": int32,
                    "end": int32,
                    "type": ClassLabel(names=list(ACTOR_TYPES)),
                    "id": string,
                }
            ),
            "targets": List(
                {
                    "id": string,
                    "text": string,
                    "stance": ClassLabel(names=list(STANCES)),
                    "score": float32,
                    "start": int32,
                    "end": int32,
                    "type": string,
                }
            ),
            "frames": List({"label": string, "score": float32}),
            "hedged": Value("bool"),
            "hedges": List(string),
            "checkworthiness": float32,
            "needs_review": Value("bool"),
            "review": List(string),
            "label_source": ClassLabel(names=["model", "human"]),
            "provenance": {key: string for key in PROVENANCE_KEYS},
        }
    )


def claim_row(claim: dict[str, Any]) -> dict[str, Any]:
    """A claim record shaped to :func:`claim_features` (absent holder -> all-null struct)."""
    holder = claim.get("holder") or {"id": None, "name": None, "start": None, "end": None}
    speaker = claim["speaker"]
    provenance = claim.get("provenance") or {}
    return {
        "claim_id": claim["claim_id"],
        "doc_id": claim["doc_id"],
        "text": claim["text"],
        "start": claim["start"],
        "end": claim["end"],
        "section": claim.get("section"),
        "type": claim["type"],
        "type_score": float(claim.get("type_score", 0.0)),
        "speaker": {k: speaker.get(k) for k in ("id", "name", "kind", "start", "end")},
        "holder": {k: holder.get(k) for k in ("id", "name", "start", "end")},
        "co_holders": [
            {k: h.get(k) for k in ("id", "name", "start", "end")} for h in claim.get("co_holders", [])
        ],
        "actors": [
            {k: a.get(k) for k in ("text", "start", "end", "type", "id")} for a in claim.get("actors", [])
        ],
        "targets": [
            {k: t.get(k) for k in ("id", "text", "stance", "score", "start", "end", "type")}
            for t in claim.get("targets", [])
        ],
        "frames": [{"label": f["label"], "score": float(f["score"])} for f in claim.get("frames", [])],
        "hedged": bool(claim.get("hedged")),
        "hedges": list(claim.get("hedges", [])),
        "checkworthiness": float(claim.get("checkworthiness", 0.0)),
        "needs_review": bool(claim.get("needs_review", False)),
        "review": list(claim.get("review", [])),
        "label_source": claim.get("label_source", "model"),
        "provenance": {key: provenance.get(key) for key in PROVENANCE_KEYS},
    }


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
