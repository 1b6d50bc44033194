"""The stored annotation passes of the real gold (stand-off), and their agreement.

A pass file (``annotations/real/passes/pass1.jsonl``) holds one line per claim an annotator of
that pass labelled, plus one line per suggested claim they rejected::

    {"passage_id", "pass", "annotator", "status": "accepted"|"rejected",
     "start", "end", "sha256",                  # absolute offsets into the corpus record's text
     "type", "speaker", "holder", "frames", "hedges",
     "targets": [{"id", "stance", "start", "end", "sha256"}], "from": ["c1"]}

Each pass labels every passage completely, so a span one pass did not mark as a claim is a
non-claim for that pass (agreement on ``status`` counts it so).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pipeline.gold.corpora import load_records, sha256_text
from pipeline.gold.standoff import PassageRef
from pipeline.gold.tasks import ResolvedClaim, Task, resolve
from pipeline.ingest.offsets import to_raw_span
from pipeline.io import read_jsonl
from pipeline.types import Article

LABEL_FIELDS = ("type", "speaker", "holder", "frames", "hedges")


def _raw(task: Task, passage: PassageRef, record_text: str, start: int, end: int) -> dict[str, Any]:
    article = Article(doc_id=task.passage_id, source_path="", text=task.text, raw_offsets=task.raw_offsets)
    a, b = to_raw_span(article, start, end)
    a, b = passage.start + a, passage.start + b
    return {"start": a, "end": b, "sha256": sha256_text(record_text[a:b])}


def to_records(
    tasks: Mapping[str, Task],
    passages: Mapping[str, PassageRef],
    labels: Iterable[dict[str, Any]],
    pass_no: int,
    corpus_dir: str | Path,
    frames: Iterable[str],
) -> list[dict[str, Any]]:
    """Stand-off pass records from annotators' label lines (each line checked by :func:`resolve`)."""
    labels = list(labels)
    frames = list(frames)
    records = load_records(
        corpus_dir,
        {(passages[lab["passage_id"]].corpus, passages[lab["passage_id"]].record_id) for lab in labels},
    )
    out: list[dict[str, Any]] = []
    for lab in labels:
        pid = lab["passage_id"]
        task, passage = tasks[pid], passages[pid]
        text = records[(passage.corpus, passage.record_id)].text
        claims, rejected, problems = resolve(task, lab, frames)
        if problems:
            raise ValueError(f"{pid}: {problems[0]} (run 'claimscope gold check' on the label file)")
        base = {"passage_id": pid, "pass": pass_no, "annotator": lab.get("annotator") or f"pass{pass_no}"}
        for claim in claims:
            out.append({**base, "status": "accepted", **_claim_record(task, passage, text, claim)})
        by_cid = {s.cid: s for s in task.suggestions}
        for cid in rejected:
            s = by_cid[cid]
            out.append(
                {**base, "status": "rejected", **_raw(task, passage, text, s.start, s.end), "from": [cid]}
            )
    return out


def _claim_record(task: Task, passage: PassageRef, text: str, claim: ResolvedClaim) -> dict[str, Any]:
    return {
        **_raw(task, passage, text, claim.start, claim.end),
        "type": claim.type,
        "speaker": {k: claim.speaker.get(k) for k in ("id", "name", "kind")},
        "holder": {"id": claim.holder["id"], "name": claim.holder.get("name")} if claim.holder else None,
        "targets": [
            {"id": t.id, "stance": t.stance, **_raw(task, passage, text, t.start, t.end)}
            for t in claim.targets
        ],
        "frames": claim.frames,
        "hedges": claim.hedges,
        "from": claim.suggestion,
    }


def read_pass(path: str | Path) -> list[dict[str, Any]]:
    return list(read_jsonl(path))


def unit_id(record: Mapping[str, Any]) -> str:
    """The identity of a claim unit across passes: passage and exact span (stand-off records), or
    source file and exact text (text-based gold such as ``annotations/test/seeds.jsonl``)."""
    if "passage_id" in record:
        return f"{record['passage_id']}:{record['start']}-{record['end']}"
    return f"{record['source_file']}:{' '.join(str(record['text']).split())}"


def document_of(record: Mapping[str, Any]) -> str:
    return str(record.get("passage_id") or record.get("source_file"))


def text_records(
    tasks: Mapping[str, Task],
    labels: Iterable[dict[str, Any]],
    frames: Iterable[str],
    source_of: Mapping[str, str],
) -> list[dict[str, Any]]:
    """Text-based gold records (the ``annotations/test/seeds.jsonl`` format) from label lines."""
    frames = list(frames)
    out: list[dict[str, Any]] = []
    for lab in labels:
        task = tasks[lab["passage_id"]]
        claims, _, problems = resolve(task, lab, frames)
        if problems:
            raise ValueError(
                f"{lab['passage_id']}: {problems[0]} (run 'claimscope gold check' on the label file)"
            )
        for c in claims:
            out.append(
                {
                    "source_file": source_of[task.passage_id],
                    "text": task.text[c.start : c.end],
                    "section": None,
                    "type": c.type,
                    "speaker": {k: c.speaker.get(k) for k in ("id", "name", "kind")},
                    "holder": {"id": c.holder["id"], "name": c.holder.get("name")} if c.holder else None,
                    "targets": [
                        {"id": t.id, "text": task.text[t.start : t.end], "stance": t.stance}
                        for t in c.targets
                    ],
                    "frames": c.frames,
                    "hedged": bool(c.hedges),
                    "hedges": c.hedges,
                    "split": "test",
                    "annotator": str(lab.get("annotator") or ""),
                }
            )
    return out


def as_claim(record: Mapping[str, Any]) -> dict[str, Any]:
    """A pass record as a ``Claim``-shaped dict (offsets absolute in the record; no text)."""
    return {
        "claim_id": unit_id(record),
        "doc_id": document_of(record),
        "text": "",
        "start": record.get("start", 0),
        "end": record.get("end", 0),
        "section": None,
        "type": record.get("type") or "",
        "speaker": dict(record.get("speaker") or {"id": None, "name": None, "kind": "author"}),
        "holder": dict(record["holder"]) if record.get("holder") else None,
        "actors": [],
        "targets": [
            {
                "id": t["id"],
                "text": "",
                "stance": t["stance"],
                "score": 1.0,
                "start": t.get("start"),
                "end": t.get("end"),
            }
            for t in record.get("targets", [])
        ],
        "frames": [{"label": f, "score": 1.0} for f in record.get("frames", [])],
        "hedged": bool(record.get("hedges")),
        "hedges": list(record.get("hedges", [])),
        "label_source": "human",
        "provenance": {"annotator": str(record.get("annotator") or "")},
    }


def agreement_labels(passes: Mapping[str, list[dict[str, Any]]]) -> dict[str, dict[str, dict[str, Any]]]:
    """``pass name -> unit id -> {"claim", "status"}`` for :func:`pipeline.annotate.agreement.agreement_report`.

    Only passages every pass labelled are compared; within them, a unit one pass did not mark
    counts as ``rejected`` for that pass.
    """
    labelled: dict[str, set[str]] = {name: {document_of(r) for r in recs} for name, recs in passes.items()}
    shared = set.intersection(*labelled.values()) if labelled else set()
    units: dict[str, dict[str, Any]] = {}
    out: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for name, recs in passes.items():
        for rec in recs:
            if document_of(rec) not in shared:
                continue
            uid = unit_id(rec)
            units.setdefault(uid, rec)
            out[name][uid] = {"claim": as_claim(rec), "status": rec.get("status", "accepted")}
    for name in passes:
        for uid, rec in units.items():
            if uid not in out[name]:
                out[name][uid] = {
                    "claim": as_claim({**rec, "targets": [], "frames": []}),
                    "status": "rejected",
                }
    return dict(out)
