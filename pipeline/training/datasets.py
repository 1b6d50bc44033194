"""Import adapters: public stance / check-worthiness datasets and our own claims -> ``Example`` lists.

``load_dataset(name_or_path)`` accepts a known name (``semeval2016``, ``clef2019``,
``claimscope``), ``name:path`` to read a known format from another file, or a bare
path whose format is sniffed from its first record.

The public datasets are read either from their JSONL conversion or from the folder of the
organisers' official files as downloaded (SemEval-2016 Task 6: ``semeval2016-task6-trainingdata.txt``,
optional ``semeval2016-task6-trialdata.txt``, ``SemEval2016-Task6-subtaskA-testdata-gold.txt``;
CLEF 2019 CheckThat! Task 1: ``training/*.tsv`` and ``test_annotated/*.tsv``), so a user can
unpack the official release under the datasets folder and train.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pipeline.errors import TrainingError
from pipeline.io import read_jsonl
from pipeline.paths import bundled, datasets_dir, locate
from pipeline.training.examples import Example

# Where each named dataset is read from: a public dataset under the datasets folder
# (``$CLAIMSCOPE_DATASETS`` or ``../shared/datasets``), or the bundled training claims.
PUBLIC_DATASETS: dict[str, tuple[str, ...]] = {
    "semeval2016": ("semeval2016-stance", "semeval2016_taskA.jsonl"),
    "clef2019": ("clef2019-checkthat-task1", "clef2019_task1.jsonl"),
}
BUNDLED_DATASETS: dict[str, tuple[str, ...]] = {"claimscope": ("annotations", "train", "claims.jsonl")}
DATASET_NAMES: tuple[str, ...] = (*PUBLIC_DATASETS, *BUNDLED_DATASETS)
SEMEVAL_MARKER = "#SemST"
SEMEVAL_LABELS = {"FAVOR": "favor", "AGAINST": "against", "NONE": "neutral"}
DEV_FRACTION = 0.1
SPLIT_SEED = 2016


def default_path(name: str) -> Path:
    """Where the dataset called ``name`` is read from (it may not exist): the JSONL conversion
    of a public dataset, else its folder of official files."""
    if name in PUBLIC_DATASETS:
        folder, conversion = PUBLIC_DATASETS[name]
        jsonl = datasets_dir() / folder / conversion
        return jsonl if jsonl.exists() or not (datasets_dir() / folder).is_dir() else datasets_dir() / folder
    return bundled(*BUNDLED_DATASETS[name])


def resolve(name_or_path: str) -> tuple[str, Path]:
    """``(format, path)`` for a dataset name, ``name:path`` or a path."""
    if name_or_path in DATASET_NAMES:
        return name_or_path, default_path(name_or_path)
    fmt, sep, rest = name_or_path.partition(":")
    if sep and fmt in DATASET_NAMES:
        return fmt, locate(rest)
    path = locate(name_or_path)
    if not path.exists():
        raise TrainingError("E301", path=path, detail="no such file")
    return _sniff(path), path


def _sniff(path: Path) -> str:
    if path.is_dir():
        if _official_files(path, SEMEVAL_FILES["train"]):
            return "semeval2016"
        if _official_files(path, CLEF_FILES["train"]):
            return "clef2019"
        raise TrainingError(
            "E301", path=path, detail="a folder without the official SemEval-2016 or CLEF 2019 files"
        )
    try:
        first = next(read_jsonl(path))
    except (StopIteration, json.JSONDecodeError, UnicodeDecodeError, IsADirectoryError) as exc:
        raise TrainingError("E301", path=path, detail=f"not a JSONL file with records ({exc})") from exc
    if "claim_id" in first or "targets" in first:
        return "claimscope"
    if "debate" in first and "label" in first:
        return "clef2019"
    if "target" in first and "stance" in first:
        return "semeval2016"
    raise TrainingError("E302", name=f"{path} (fields {sorted(first)})", known=sorted(DATASET_NAMES))


def missing_dataset_hint(fmt: str, path: Path) -> str:
    """What to do when a named public dataset is not where claimscope looks for it."""
    if fmt not in PUBLIC_DATASETS or path != default_path(fmt):
        return "no such file"
    return (
        f"no such file. The {fmt} data is not shipped with claimscope (see 'Public datasets' in "
        f"the README for where to get it); put it under {datasets_dir()} or set "
        f"CLAIMSCOPE_DATASETS to the folder that holds {PUBLIC_DATASETS[fmt][0]}/, "
        f"or pass --data {fmt}:PATH"
    )


def data_version(path: Path) -> str:
    """SHA-256 (first 16 hex digits) of the dataset file (of a folder's files in name order):
    recorded with every model."""
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        if path.is_dir():
            digest.update(str(file.relative_to(path)).encode())
        with open(file, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()[:16]


# The organisers' files (globs, searched in the folder and its raw/ subfolder).
SEMEVAL_FILES = {
    "train": "*task6-trainingdata*.txt",
    "trial": "*task6-trialdata*.txt",
    "test": "*Task6-subtaskA-testdata-gold*.txt",
}
CLEF_FILES = {"train": "training/*.tsv", "test": "test_annotated/*.tsv"}


def _official_files(folder: Path, pattern: str) -> list[Path]:
    for base in (folder, folder / "raw"):
        found = sorted(base.glob(pattern))
        if found:
            return found
    return []


def _decode(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")  # the official SemEval training file is Windows-1252


def _semeval_rows(folder: Path) -> Iterator[dict[str, Any]]:
    """The official SemEval-2016 Task 6 files as JSONL-conversion rows (``ID Target Tweet Stance``)."""
    for split in ("train", "trial", "test"):
        for file in _official_files(folder, SEMEVAL_FILES[split]):
            reader = csv.reader(io.StringIO(_decode(file)), delimiter="\t", quoting=csv.QUOTE_NONE)
            for row in reader:
                if len(row) < 4 or row[0] == "ID":
                    continue
                ident = row[0] if split != "trial" else f"trial-{row[0]}"
                yield {
                    "id": ident,
                    "target": row[1],
                    "text": row[2],
                    "stance": row[3].strip(),
                    "split": split,
                }


def _clef_rows(folder: Path) -> Iterator[dict[str, Any]]:
    """The official CLEF 2019 CheckThat! Task 1 files (``line speaker text label``) as rows."""
    for split, key in (("train", "train"), ("test", "test")):
        for file in _official_files(folder, CLEF_FILES[key]):
            for line in _decode(file).splitlines():
                parts = line.split("\t")
                if len(parts) < 4 or not parts[0].strip().isdigit():
                    continue
                yield {
                    "debate": file.stem,
                    "split": split,
                    "line_number": int(parts[0]),
                    "speaker": parts[1],
                    "text": parts[2],
                    "label": int(parts[3]),
                }


def load_dataset(name_or_path: str, task: str | None = None) -> list[Example]:
    """Read a dataset into ``Example`` records with ``split`` in train / dev / test.

    ``task`` selects what the claimscope format yields: ``stance`` (one example per
    claim-target pair, the default) or ``checkworthiness`` (one per claim).
    """
    fmt, path = resolve(name_or_path)
    if not path.exists():
        raise TrainingError("E301", path=path, detail=missing_dataset_hint(fmt, path))
    readers: dict[str, Callable[[Path, str | None], list[Example]]] = {
        "semeval2016": _read_semeval,
        "clef2019": _read_clef,
        "claimscope": _read_claimscope,
    }
    try:
        examples = readers[fmt](path, task)
    except (KeyError, TypeError, json.JSONDecodeError) as exc:
        raise TrainingError("E301", path=path, detail=f"bad record for format {fmt}: {exc!r}") from exc
    if not examples:
        raise TrainingError("E301", path=path, detail="no examples")
    return examples


def dataset_task(name_or_path: str) -> str:
    """The task a dataset serves by default (``stance`` or ``checkworthiness``)."""
    fmt, _ = resolve(name_or_path)
    return "checkworthiness" if fmt == "clef2019" else "stance"


def _dev_groups(groups: list[str], fraction: float, seed: int) -> set[str]:
    unique = sorted(set(groups))
    rng = random.Random(seed)
    rng.shuffle(unique)
    n_dev = max(1, round(len(unique) * fraction)) if len(unique) > 1 else 0
    return set(unique[:n_dev])


def assign_dev(examples: list[Example], fraction: float = DEV_FRACTION, seed: int = SPLIT_SEED) -> None:
    """Move a seeded fraction of the training *groups* to ``dev`` (in place); test stays apart."""
    train = [e for e in examples if e.split == "train"]
    dev = _dev_groups([e.group for e in train], fraction, seed)
    for e in train:
        if e.group in dev:
            e.split = "dev"


def _read_semeval(path: Path, task: str | None) -> list[Example]:
    examples = []
    for row in _semeval_rows(path) if path.is_dir() else read_jsonl(path):
        text = row["text"].replace(SEMEVAL_MARKER, "").strip()
        split = "test" if row["split"] == "test" else "train"  # official train + trial = training set
        examples.append(
            Example(
                text=text,
                label=SEMEVAL_LABELS[row["stance"]],
                target=row["target"],
                group=f"semeval-{row['id']}",
                split=split,
                id=str(row["id"]),
                meta={"official_split": row["split"]},
            )
        )
    # Dev is stratified by target so each per-target model sees a dev share.
    for target in sorted({e.target for e in examples}):
        assign_dev([e for e in examples if e.target == target], DEV_FRACTION, SPLIT_SEED)
    return examples


def _read_clef(path: Path, task: str | None) -> list[Example]:
    examples = []
    for row in _clef_rows(path) if path.is_dir() else read_jsonl(path):
        examples.append(
            Example(
                text=row["text"],
                label="checkworthy" if int(row["label"]) == 1 else "other",
                group=row["debate"],
                split="test" if row["split"] == "test" else "train",
                id=f"{row['debate']}:{row['line_number']}",
                meta={"speaker": row.get("speaker"), "line_number": row["line_number"]},
            )
        )
    assign_dev(examples, 0.15, SPLIT_SEED)  # whole debates go to dev (3 of 19)
    return examples


def _claim_split(row: dict[str, Any]) -> str:
    split = str(row.get("split") or "train")
    return split if split in {"train", "dev", "test"} else "train"


def _read_claimscope(path: Path, task: str | None) -> list[Example]:
    examples: list[Example] = []
    rows = list(read_jsonl(path))
    for n, row in enumerate(rows):
        text = row["text"]
        doc = str(row.get("doc_id") or row.get("source_file") or row.get("claim_id") or path.stem)
        claim_id = str(row.get("claim_id") or f"{doc}:{n}")
        base: dict[str, Any] = {"group": doc, "split": _claim_split(row)}
        if task == "checkworthiness":
            worthy = row.get("checkworthy")
            if worthy is None:
                worthy = bool(row.get("is_claim", True)) and row.get("type") != "factual"
            examples.append(
                Example(text=text, label="checkworthy" if worthy else "other", id=claim_id, **base)
            )
            continue
        if row.get("is_claim") is False:
            continue
        for i, target in enumerate(row.get("targets") or []):
            stance = str(target.get("stance") or "").lower()
            if stance == "none":
                stance = "neutral"
            if stance not in {"favor", "against", "neutral"}:
                continue
            start, end = target.get("start"), target.get("end")
            if start is not None and end is not None and "start" in row:
                start, end = start - int(row["start"]), end - int(row["start"])  # article -> claim offsets
            examples.append(
                Example(
                    text=text,
                    label=stance,
                    target=str(target.get("text") or target.get("id") or ""),
                    target_id=target.get("id"),
                    target_start=start,
                    target_end=end,
                    id=f"{claim_id}#{i}",
                    meta={"frames": row.get("frames") or [], "annotator": row.get("annotator")},
                    **base,
                )
            )
    if not any(e.split == "dev" for e in examples) and any(e.split == "train" for e in examples):
        assign_dev(examples, 0.15, SPLIT_SEED)
    return examples
