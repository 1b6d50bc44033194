"""The commentary set (``annotations/commentary``): readers' opinion comments on security, with targets
and stance, stand-off into the ARC bodies of the public stance-transfer datasets.

The comments are The New York Times' Room for Debate comments of the ARC corpus (Hanselowski et al.
2018; ``stance-transfer/arc_ukp/arc_bodies.csv``); the set stores comment ids, offsets and SHA-256,
never their text. :func:`load_units` reads the units with their text and the target mentions, after
checking every hash; :func:`materialise` writes pipeline inputs and a text gold that
``claimscope evaluate`` scores (claims, targets and stance; nothing else is annotated).
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path
from typing import Any

from pipeline.errors import TrainingError
from pipeline.io import read_jsonl, write_jsonl

BODIES = Path("stance-transfer") / "arc_ukp" / "arc_bodies.csv"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_bodies(datasets: str | Path | None = None) -> dict[str, str]:
    """ARC comment id -> text, from the public datasets folder (E301 if it is not there)."""
    from pipeline.paths import datasets_dir

    path = Path(datasets or datasets_dir()) / BODIES
    if not path.is_file():
        raise TrainingError(
            "E301",
            path=str(path),
            detail="the ARC bodies (UKPLab/coling2018_fake-news-challenge, data/fnc-1/corpora/ARC, Apache-2.0 "
            "redistribution) are needed to materialise annotations/commentary; see its README",
        )
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["Body ID"]: row["articleBody"] for row in csv.DictReader(fh)}


def _checked(text: str, rec: dict[str, Any], start: int, end: int, what: str) -> str:
    if _sha(text) != rec["sha256"]:
        raise TrainingError(
            "E313",
            what=what,
            corpus="arc_ukp",
            record_id=rec.get("body_id", ""),
            start=start,
            end=end,
            detail="the text's SHA-256 differs from the stored one (annotations/commentary/README.md names the file)",
        )
    return text


def load_units(datasets: str | Path | None = None, folder: str | Path | None = None) -> list[dict[str, Any]]:
    """Every unit with ``text`` and its targets with ``text``, every hash checked."""
    from pipeline.paths import locate

    root = Path(folder) if folder else locate("annotations/commentary")
    bodies = read_bodies(datasets)
    units = []
    for unit in read_jsonl(root / "units.jsonl"):
        body = bodies.get(str(unit["body_id"]), "")
        start, end = int(unit["start"]), int(unit["end"])
        text = _checked(body[start:end], unit, start, end, "unit")
        targets = []
        for t in unit["targets"]:
            s, e = int(t["start"]), int(t["end"])
            mention = _checked(body[s:e], {**t, "body_id": unit["body_id"]}, s, e, "target mention")
            targets.append({**t, "text": mention})
        units.append({**unit, "text": text, "targets": targets})
    return units


def materialise(
    out: str | Path,
    datasets: str | Path | None = None,
    split: str | None = "test",
    folder: str | Path | None = None,
) -> tuple[Path, Path]:
    """``out/inputs.jsonl`` (the comments of ``split``, or all, as pipeline input) and ``out/gold.jsonl``
    (their claims with targets and stance, in the text gold format of ``claimscope evaluate``)."""
    from pipeline.paths import locate

    root = Path(folder) if folder else locate("annotations/commentary")
    bodies = read_bodies(datasets)
    comments = [c for c in read_jsonl(root / "comments.jsonl") if split in (None, c["split"])]
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    inputs = [
        {
            "doc_id": c["comment_id"],
            "text": _checked(bodies.get(str(c["body_id"]), ""), c, 0, 0, "comment"),
            "source": "The New York Times, Room for Debate (readers' comments; ARC corpus)",
            "split": c["split"],
        }
        for c in comments
    ]
    wanted = {c["comment_id"] for c in comments}
    gold = [
        {
            "doc_id": u["comment_id"],
            "text": u["text"],
            "split": u["split"],
            "is_claim": u["claim"],
            "targets": [{"id": t["id"], "text": t["text"], "stance": t["stance"]} for t in u["targets"]],
            "speaker": {"id": None, "name": None, "kind": "author"},
        }
        for u in load_units(datasets, root)
        if u["comment_id"] in wanted
    ]
    write_jsonl(out_dir / "inputs.jsonl", inputs)
    write_jsonl(out_dir / "gold.jsonl", gold)
    return out_dir / "inputs.jsonl", out_dir / "gold.jsonl"
