"""Training data of the shared-encoder model: claims with their targets and whatever labels a source has.

Sources:
- ``gold``: the real gold (``claimscope gold build`` output, ``claims.jsonl`` + split per passage):
  stance per target, frames, type; split by speech/transcript as frozen in the gold;
- ``team``: the team-written claims (``annotations/train/claims.jsonl``), kept only if they help on dev;
- ``commentary``: readers' opinion comments on security (``annotations/commentary``, stand-off into the
  ARC bodies of ``stance-transfer/arc_ukp``): targets and stance only, split by comment;
- transfer stance sets from ``../shared/datasets/stance-transfer`` (IBM Claim Stance with its claim
  targets, IBM ArgQ-30k, Perspectrum, Emergent, ARC): stance only, target = their topic or claim;
- ``semeval2016``: tweets with their target (the SemEval-2016 Task A config);
- ``clef2019``: check-worthiness of debate sentences.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.io import read_jsonl
from pipeline.models.encoder import ClaimInput, TargetInput

STANCE_INDEX = {"favor": 0, "against": 1, "neutral": 2}


@dataclass
class ClaimExample:
    """One claim and its labels; a label that a source does not give is ``None``."""

    text: str
    targets: list[TargetInput] = field(default_factory=list)
    stances: list[int | None] = field(default_factory=list)
    frames: list[str] | None = None
    type: str | None = None
    checkworthy: int | None = None
    group: str = ""
    split: str = "train"
    source: str = ""

    def input(self) -> ClaimInput:
        return ClaimInput(self.text, self.targets)


def target_name(target_id: str, kb: Any | None) -> str:
    """The canonical name of an id (from the KB), else the id made readable ("nuclear-weapons")."""
    entity = kb.get(target_id) if kb is not None else None
    if entity is not None and getattr(entity, "name", None):
        return str(entity.name)
    return target_id.replace("-", " ") if target_id.islower() else target_id


def claim_targets(claim: dict[str, Any], kb: Any | None) -> list[TargetInput]:
    """Targets of a contract claim with their mention spans relative to the claim text."""
    out = []
    for t in claim.get("targets", []):
        spans = []
        if t.get("start") is not None and t.get("end") is not None:
            s, e = int(t["start"]) - int(claim["start"]), int(t["end"]) - int(claim["start"])
            if 0 <= s < e <= len(claim["text"]):
                spans.append((s, e))
        out.append(TargetInput(target_name(str(t["id"]), kb), spans))
    return out


def gold_examples(claims_path: str | Path, articles_path: str | Path, kb: Any | None) -> list[ClaimExample]:
    """The real gold's claims (``claimscope gold build`` folder) with their split."""
    splits = {a["doc_id"]: (a.get("metadata") or {}).get("split", "train") for a in read_jsonl(articles_path)}
    groups = {
        a["doc_id"]: (a.get("metadata") or {}).get("record_id", a["doc_id"])
        for a in read_jsonl(articles_path)
    }
    out = []
    for c in read_jsonl(claims_path):
        out.append(
            ClaimExample(
                text=c["text"],
                targets=claim_targets(c, kb),
                stances=[STANCE_INDEX[t["stance"]] for t in c.get("targets", [])],
                frames=[f["label"] for f in c.get("frames", [])],
                type=c.get("type"),
                group=str(groups.get(c["doc_id"], c["doc_id"])),
                split=str(splits.get(c["doc_id"], "train")),
                source="gold",
            )
        )
    return out


def team_examples(
    path: str | Path, kb: Any | None, tasks: Iterable[str] = ("stance", "frames", "type")
) -> list[ClaimExample]:
    """The team-written claims (claims only; their ``split`` is ignored: all are training data),
    with only the labels of ``tasks`` (the others ``None``, so they train nothing)."""
    tasks = set(tasks)
    out = []
    for c in read_jsonl(path):
        if c.get("is_claim") is False or not c.get("type"):
            continue
        out.append(
            ClaimExample(
                text=c["text"],
                targets=claim_targets(c, kb),
                stances=[
                    STANCE_INDEX[t["stance"]] if "stance" in tasks else None for t in c.get("targets", [])
                ],
                frames=list(c.get("frames", [])) if "frames" in tasks else None,
                type=c.get("type") if "type" in tasks else None,
                group=c["doc_id"],
                split="train",
                source="team",
            )
        )
    return out


def commentary_examples(kb: Any | None, datasets: str | Path | None = None) -> list[ClaimExample]:
    """The commentary set's claims with targets (``annotations/commentary``; text from the ARC bodies
    in the public datasets folder, every hash checked): stance only."""
    from pipeline.gold.commentary import load_units, read_bodies

    out = []
    for unit in load_units(read_bodies(datasets)):
        if not unit["claim"] or not unit["targets"]:
            continue
        start = int(unit["start"])
        out.append(
            ClaimExample(
                text=unit["text"],
                targets=[
                    TargetInput(
                        target_name(str(t["id"]), kb), [(int(t["start"]) - start, int(t["end"]) - start)]
                    )
                    for t in unit["targets"]
                ],
                stances=[STANCE_INDEX[t["stance"]] for t in unit["targets"]],
                frames=None,
                type=None,
                group=str(unit["comment_id"]),
                split=str(unit["split"]),
                source="commentary",
            )
        )
    return out


def _pair(
    text: str, target: str, label: str | None, source: str, group: str, span: tuple[int, int] | None = None
) -> ClaimExample:
    return ClaimExample(
        text=text,
        targets=[TargetInput(target, [span] if span else [])],
        stances=[STANCE_INDEX[label] if label else None],
        group=f"{source}:{group}",
        source=source,
    )


def transfer_examples(
    root: str | Path | None = None, *, per_source: int = 6000, seed: int = 13
) -> list[ClaimExample]:
    """Stance pairs from the transfer sets (train splits only), at most ``per_source`` each, label-balanced.

    ``root`` defaults to ``stance-transfer`` in the public datasets folder (:func:`pipeline.paths.datasets_dir`).
    """
    from pipeline.paths import datasets_dir

    root = Path(root) if root else datasets_dir() / "stance-transfer"
    rng = random.Random(seed)
    by_source: dict[str, list[ClaimExample]] = {}

    cs = root / "ibm_claim_stance" / "claim_stance_dataset_v1.csv"
    if cs.is_file():
        rows = []
        with cs.open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                if (
                    r["split"] != "train"
                    or r["claims.Compatible"] != "yes"
                    or not r["claims.claimTarget.text"]
                ):
                    continue
                text = r["claims.claimCorrectedText"]
                s, e = int(r["claims.claimTarget.span.start"]), int(r["claims.claimTarget.span.end"])
                label = {"1": "favor", "-1": "against"}.get(r["claims.claimSentiment"])
                if label and 0 <= s < e <= len(text):
                    rows.append(_pair(text, text[s:e], label, "ibm_claim_stance", r["topicId"], (s, e)))
        by_source["ibm_claim_stance"] = rows

    aq = root / "ibm_argq_30k" / "arg_quality_rank_30k.csv"
    if aq.is_file():
        with aq.open(encoding="utf-8") as fh:
            by_source["ibm_argq_30k"] = [
                _pair(
                    r["argument"].strip(),
                    r["topic"],
                    "favor" if r["stance_WA"] == "1" else "against",
                    "ibm_argq_30k",
                    r["topic"],
                )
                for r in csv.DictReader(fh)
                if r["set"] == "train" and float(r["stance_WA_conf"] or 0) >= 0.8
            ]

    ps = root / "perspectrum"
    if (ps / "perspectrum_with_answers_v1.0.json").is_file():
        pool = {p["pId"]: p["text"] for p in json.loads((ps / "perspective_pool_v1.0.json").read_text())}
        split = json.loads((ps / "dataset_split_v1.0.json").read_text())
        rows = []
        for claim in json.loads((ps / "perspectrum_with_answers_v1.0.json").read_text()):
            if split.get(str(claim["cId"])) != "train":
                continue
            for cluster in claim["perspectives"]:
                label = {"SUPPORT": "favor", "UNDERMINE": "against"}.get(cluster["stance_label_3"])
                for pid in cluster["pids"][:2]:
                    if label and pid in pool:
                        rows.append(_pair(pool[pid], claim["text"], label, "perspectrum", str(claim["cId"])))
        by_source["perspectrum"] = rows

    em = root / "emergent" / "url-versions-2015-06-14-clean-train.csv"
    if em.is_file():
        with em.open(encoding="utf-8") as fh:
            by_source["emergent"] = [
                _pair(
                    r["articleHeadline"],
                    r["claimHeadline"],
                    {"for": "favor", "against": "against", "observing": "neutral"}[
                        r["articleHeadlineStance"]
                    ],
                    "emergent",
                    r["claimId"],
                )
                for r in csv.DictReader(fh)
                if r["articleHeadlineStance"] in ("for", "against", "observing")
            ]

    arc = root / "arc_ukp"
    if (arc / "arc_stances_train.csv").is_file():
        with (arc / "arc_bodies.csv").open(encoding="utf-8") as fh:
            bodies = {r["Body ID"]: r["articleBody"] for r in csv.DictReader(fh)}
        with (arc / "arc_stances_train.csv").open(encoding="utf-8") as fh:
            rows = []
            for r in csv.DictReader(fh):
                label = {"agree": "favor", "disagree": "against", "discuss": "neutral"}.get(r["Stance"])
                body = " ".join(bodies.get(r["Body ID"], "").split()[:80])
                if label and body:
                    rows.append(_pair(body, r["Headline"], label, "arc_ukp", r["Headline"]))
        by_source["arc_ukp"] = rows

    out: list[ClaimExample] = []
    for _source, rows in sorted(by_source.items()):
        out.extend(_balanced(rows, per_source, rng))
    rng.shuffle(out)
    return out


def _balanced(rows: list[ClaimExample], limit: int, rng: random.Random) -> list[ClaimExample]:
    by_label: dict[int | None, list[ClaimExample]] = {}
    for r in rows:
        by_label.setdefault(r.stances[0], []).append(r)
    share = max(1, limit // max(1, len(by_label)))
    out: list[ClaimExample] = []
    for label_rows in by_label.values():
        rng.shuffle(label_rows)
        out.extend(label_rows[:share])
    return out


def semeval_examples(path: str | Path | None = None) -> list[ClaimExample]:
    """SemEval-2016 Task A tweets with their target (split as distributed: train/dev from train, test)."""
    from pipeline.training.datasets import load_dataset

    out = []
    for e in load_dataset(str(path) if path else "semeval2016"):
        out.append(
            ClaimExample(
                text=e.text,
                targets=[TargetInput(e.target, [])],
                stances=[STANCE_INDEX[e.label]],
                group=e.group or e.id,
                split=e.split,
                source="semeval2016",
            )
        )
    return out


def clef_examples(path: str | Path | None = None) -> list[ClaimExample]:
    """CLEF 2019 CheckThat! sentences with their check-worthiness label and split."""
    from pipeline.training.datasets import load_dataset

    return [
        ClaimExample(
            text=e.text,
            checkworthy=int(e.label == "checkworthy"),
            group=e.group or e.id,
            split=e.split,
            source="clef2019",
        )
        for e in load_dataset(str(path) if path else "clef2019")
    ]


def split(examples: Iterable[ClaimExample], name: str) -> list[ClaimExample]:
    return [e for e in examples if e.split == name]
