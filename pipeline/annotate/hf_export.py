"""The gold claims as a versioned Hugging Face dataset, split by document, with a dataset card.

Each export writes ``OUT/vN/`` (``dataset/`` for ``load_from_disk``, ``claims.jsonl``
snapshot, ``README.md`` card, ``CHANGES.json`` listing what changed since ``vN-1``).
An export whose claims equal the latest version's writes nothing: versions only move
when the data does.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.dataset import claim_features, claim_row
from pipeline.io import read_jsonl, write_atomic, write_json, write_jsonl
from pipeline.runfolder import RunData, claims_path, dataset_path
from pipeline.types import Claim

# The gold dataset has the same declared schema as a run's ``dataset/`` (pipeline.dataset).
COMPARED_FIELDS = (
    "text",
    "start",
    "end",
    "type",
    "speaker",
    "holder",
    "co_holders",
    "targets",
    "frames",
    "hedged",
    "hedges",
    "label_source",
)


def _row(claim: Claim) -> dict[str, Any]:
    return claim_row(claim.to_dict())


def split_of(doc_id: str, test_share: float) -> str:
    """Deterministic document-level split: every claim of a document lands in the same split."""
    bucket = int(hashlib.sha1(doc_id.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "test" if bucket < test_share else "train"


def split_documents(doc_ids: list[str], test_share: float) -> dict[str, str]:
    """``doc_id -> split``; with two or more documents neither split is empty."""
    splits = {d: split_of(d, test_share) for d in doc_ids}
    ordered = sorted(doc_ids, key=lambda d: hashlib.sha1(d.encode()).hexdigest())
    if len(ordered) >= 2 and "test" not in splits.values():
        splits[ordered[0]] = "test"
    if len(ordered) >= 2 and "train" not in splits.values():
        splits[ordered[-1]] = "train"
    return splits


@dataclass
class HFExport:
    version: int
    path: Path
    counts: dict[str, int]
    changes: dict[str, Any]
    unchanged: bool = False
    """True when the claims equal the latest version's: nothing was written."""


def _previous(out: Path) -> tuple[int, dict[str, dict[str, Any]]]:
    versions = sorted(int(p.name[1:]) for p in out.glob("v*") if p.name[1:].isdigit() and p.is_dir())
    if not versions:
        return 0, {}
    last = versions[-1]
    snap = claims_path(out / f"v{last}")
    rows = {r["claim_id"]: r for r in read_jsonl(snap)} if snap.exists() else {}
    return last, rows


def _changes(old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]) -> dict[str, Any]:
    changed: dict[str, list[str]] = {}
    for cid in sorted(set(old) & set(new)):
        fields = [f for f in COMPARED_FIELDS if old[cid].get(f) != new[cid].get(f)]
        if fields:
            changed[cid] = fields
    return {
        "added": sorted(set(new) - set(old)),
        "removed": sorted(set(old) - set(new)),
        "changed": changed,
    }


def export_hf(
    data: RunData, out: str | Path, *, test_share: float = 0.2, name: str = "claimscope-gold"
) -> HFExport:
    """Write the next version of the dataset under ``out`` and return what was written."""
    from datasets import Dataset, DatasetDict

    from pipeline.dataset import quiet_datasets

    out = Path(out)
    previous, old_rows = _previous(out)
    rows = [_row(c) for c in sorted(data.claims, key=lambda c: (c.doc_id, c.start, c.claim_id))]
    splits = split_documents(
        sorted({r["doc_id"] for r in rows} | {a.doc_id for a in data.articles}), test_share
    )
    new_rows = {r["claim_id"]: json.loads(json.dumps(r)) for r in rows}
    counts = {split: sum(1 for r in rows if splits[r["doc_id"]] == split) for split in ("train", "test")}
    counts["documents"] = len(splits)
    counts["human"] = sum(1 for r in rows if r["label_source"] == "human")
    if previous and new_rows == old_rows:
        same = {"version": previous, "previous": previous, "added": [], "removed": [], "changed": {}}
        return HFExport(previous, out / f"v{previous}", counts, same, unchanged=True)
    version = previous + 1
    target = out / f"v{version}"
    feats = claim_features()
    with quiet_datasets():
        dataset = DatasetDict(
            {
                split: Dataset.from_list([r for r in rows if splits[r["doc_id"]] == split], features=feats)
                for split in ("train", "test")
            }
        )
        dataset.save_to_disk(str(dataset_path(target)))
    write_jsonl(claims_path(target), rows)
    changes = {"version": version, "previous": previous or None, **_changes(old_rows, new_rows)}
    write_json(target / "CHANGES.json", changes)
    write_atomic(target / "README.md", _card(name, version, counts, changes, feats))
    return HFExport(version=version, path=target, counts=counts, changes=changes)


def _card(name: str, version: int, counts: dict[str, int], changes: dict[str, Any], feats: Any) -> str:
    columns = "\n".join(f"| `{k}` | `{v!r}` |" for k, v in feats.items())
    return f"""---
language:
- en
pretty_name: {name}
task_categories:
- token-classification
- text-classification
configs:
- config_name: default
  data_files:
  - split: train
    path: dataset/train/*.arrow
  - split: test
    path: dataset/test/*.arrow
---

# {name} (version {version})

Claims from op-eds on international security, reviewed in claimscope. Each row is
one claim: its exact character span in the article (`start`, `end`, code points),
type, speaker, holder, targets with stance, frames and hedging.
`label_source` is `human` for claims an annotator reviewed and `model` otherwise.

## Splits

Split by document (no article has claims in both splits): train {counts.get("train", 0)}
claims, test {counts.get("test", 0)} claims, {counts.get("documents", 0)} documents;
{counts.get("human", 0)} claims human-reviewed.

## Changes since the previous version

{len(changes["added"])} added, {len(changes["removed"])} removed, {len(changes["changed"])} changed
(details in `CHANGES.json`).

## Columns

| column | feature |
|---|---|
{columns}

## Loading

```python
from datasets import load_from_disk
ds = load_from_disk("v{version}/dataset")
```
"""
