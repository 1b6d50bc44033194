"""The commentary set (``annotations/commentary``): readers' opinion comments on security, with targets
and stance, stand-off into the ARC bodies of the public stance-transfer datasets.

The comments are The New York Times' Room for Debate comments of the ARC corpus (Hanselowski et al.
2018; ``stance-transfer/arc_ukp/arc_bodies.csv``); the set stores comment ids, offsets and SHA-256,
never their text. :func:`read_bodies` reads the comments once; :func:`load_units` gives the units with their text and the target mentions, after
checking every hash; :func:`materialise` writes pipeline inputs and a text gold that
``claimscope evaluate`` scores (claims, targets and stance; nothing else is annotated).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from pipeline.errors import TrainingError
from pipeline.gold.corpora import CorpusRecord, span_text
from pipeline.io import read_jsonl, write_jsonl

BODIES = Path("stance-transfer") / "arc_ukp" / "arc_bodies.csv"


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


def _span(bodies: dict[str, str], body_id: str, start: int, end: int, sha256: str, what: str) -> str:
    """The text of a comment span, its SHA-256 checked (E313 if the ARC file differs)."""
    record = CorpusRecord("arc_ukp", str(body_id), bodies.get(str(body_id), ""))
    return span_text(record, start, end, sha256, what=what)


def load_units(bodies: dict[str, str], folder: str | Path | None = None) -> list[dict[str, Any]]:
    """Every unit with ``text`` and its targets with ``text`` (``bodies`` from :func:`read_bodies`),
    every hash checked."""
    from pipeline.paths import locate

    root = Path(folder) if folder else locate("annotations/commentary")
    units = []
    for unit in read_jsonl(root / "units.jsonl"):
        body_id = unit["body_id"]
        text = _span(bodies, body_id, int(unit["start"]), int(unit["end"]), unit["sha256"], "unit")
        targets = [
            {
                **t,
                "text": _span(bodies, body_id, int(t["start"]), int(t["end"]), t["sha256"], "target mention"),
            }
            for t in unit["targets"]
        ]
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
            "text": _span(
                bodies, c["body_id"], 0, len(bodies.get(str(c["body_id"]), "")), c["sha256"], "comment"
            ),
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
        for u in load_units(bodies, root)
        if u["comment_id"] in wanted
    ]
    write_jsonl(out_dir / "inputs.jsonl", inputs)
    write_jsonl(out_dir / "gold.jsonl", gold)
    return out_dir / "inputs.jsonl", out_dir / "gold.jsonl"
