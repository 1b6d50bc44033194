"""The two passes in the review app: load them as two blind annotators, accept what they agree on,
list the disagreements for the adjudicator, apply the adjudicator's decisions through the app's
own adjudication flow (HTTP), and export the adjudicated gold as stand-off records.

The store holds the materialised passage text (it is a working database outside the project,
``*.db`` is never committed); what the project keeps is stand-off (:mod:`pipeline.gold.passes`).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import select

from pipeline.gold.corpora import CorpusRecord, sha256_text
from pipeline.gold.passes import as_claim, unit_id
from pipeline.gold.standoff import SOURCES, PassageRef, passage_texts
from pipeline.runfolder import RunData
from pipeline.store.db import Store
from pipeline.store.edits import save
from pipeline.store.loader import LOADER, load_run
from pipeline.store.models import Annotation, Assignment, ClaimRow, History, User
from pipeline.store.users import get_or_create_external_user, get_or_create_project
from pipeline.types import Article, Claim

CONSENSUS = "consensus"
"""The reviewer account that records what both passes agree on (action ``agree``)."""


def passage_article(passage: PassageRef, record: CorpusRecord, text: str) -> Article:
    """A passage as an article: the raw passage text, so claim offsets are ``absolute - passage.start``."""
    return Article(
        doc_id=passage.passage_id,
        source_path=f"{record.corpus}:{record.record_id}",
        text=text,
        title=record.title,
        author=record.speaker_name,
        source=SOURCES[record.corpus],
        url=record.meta.get("url"),
        published=record.date,
        metadata={
            "corpus": record.corpus,
            "record_id": record.record_id,
            "passage_start": passage.start,
            "passage_end": passage.end,
            "split": passage.split,
            "country": record.meta.get("country") or ("Australia" if record.corpus != "ungdc" else None),
            "iso3": record.meta.get("iso3") or ("AUS" if record.corpus != "ungdc" else None),
            "release_type": record.meta.get("release_type"),
        },
    )


def relative_claim(record: Mapping[str, Any], passage: PassageRef, text: str) -> dict[str, Any]:
    """A stand-off claim record as a ``Claim`` dict in passage coordinates, texts filled in."""
    claim = as_claim(record)
    off = passage.start
    claim["start"], claim["end"] = record["start"] - off, record["end"] - off
    claim["text"] = text[claim["start"] : claim["end"]]
    for t in claim["targets"]:
        t["start"], t["end"] = t["start"] - off, t["end"] - off
        t["text"] = text[t["start"] : t["end"]]
    return claim


def label_key(status: str, claim: Mapping[str, Any]) -> str:
    """What two labels must share to agree: status, then every label field (not the mention spans)."""
    if status == "rejected":
        return "rejected"
    return json.dumps(
        [
            claim["start"],
            claim["end"],
            claim.get("type"),
            bool(claim.get("hedged")),
            (claim.get("speaker") or {}).get("kind"),
            (claim.get("speaker") or {}).get("id"),
            (claim.get("holder") or {}).get("id"),
            sorted((t["id"], t["stance"]) for t in claim.get("targets", [])),
            sorted(f["label"] for f in claim.get("frames", [])),
        ]
    )


def load_passes(
    store: Store,
    project: str,
    corpus_dir: str | Path,
    passages: Iterable[PassageRef],
    passes: Mapping[str, list[dict[str, Any]]],
) -> dict[str, int]:
    """Load the passages and both passes into ``project``: one claim row per distinct span, both
    pass accounts assigned to every row (blind), each pass's label saved as its annotation, then
    rows where the passes agree accepted by :data:`CONSENSUS`. Returns counts."""
    refs = {p.passage_id: p for p in passages}
    labelled = set.intersection(*({r["passage_id"] for r in recs} for recs in passes.values()))
    texts = passage_texts(corpus_dir, [refs[pid] for pid in sorted(labelled)])
    units: dict[str, dict[str, Any]] = {}
    for recs in passes.values():
        for first in recs:
            if first["passage_id"] in labelled:
                units.setdefault(unit_id(first), first)
    articles = [passage_article(refs[pid], *texts[pid]) for pid in sorted(labelled)]
    claims = []
    for uid, unit in units.items():
        blank = relative_claim(
            {**unit, "targets": [], "frames": [], "hedges": [], "holder": None},
            refs[unit["passage_id"]],
            texts[unit["passage_id"]][1],
        )
        blank.update(claim_id=uid, type="", label_source="model", provenance={})
        blank["speaker"] = {"id": None, "name": None, "kind": "author"}
        claims.append(Claim.from_dict(blank))
    load_run(store, RunData(articles=articles, claims=claims), project)
    counts = {"units": len(units), "passages": len(labelled), "annotations": 0, "agreed": 0}
    with store.session() as session:
        proj = get_or_create_project(session, project)
        users = {name: get_or_create_external_user(session, name) for name in passes}
        if session.scalar(select(User).where(User.username == CONSENSUS)) is None:
            session.add(User(username=CONSENSUS, password_hash="!external", role="reviewer"))
        rows = {
            r.claim_id: r.id for r in session.scalars(select(ClaimRow).where(ClaimRow.project_id == proj.id))
        }
        for user in users.values():
            for pk in rows.values():
                if (
                    session.scalar(
                        select(Assignment.id).where(Assignment.claim_pk == pk, Assignment.user_id == user.id)
                    )
                    is None
                ):
                    session.add(Assignment(claim_pk=pk, user_id=user.id))
    for name, recs in passes.items():
        mine: dict[str, dict[str, Any]] = {unit_id(r): r for r in recs if r["passage_id"] in labelled}
        for uid, pk in rows.items():
            rec = mine.get(uid)
            pid = units[uid]["passage_id"]
            if rec is None or rec["status"] == "rejected":
                data = relative_claim(
                    {**units[uid], "targets": [], "frames": [], "hedges": [], "holder": None},
                    refs[pid],
                    texts[pid][1],
                )
                data.update(type="", speaker={"id": None, "name": None, "kind": "author"})
                status = "rejected"
            else:
                data, status = relative_claim(rec, refs[pid], texts[pid][1]), "accepted"
            data["provenance"] = {"annotator": str((rec or {}).get("annotator") or name)}
            save(store, name, pk, data, status, _annotation_version(store, pk, name), action=f"import:{name}")
            counts["annotations"] += 1
    counts["agreed"] = accept_agreements(store, project)
    return counts


def _annotation_version(store: Store, pk: int, username: str) -> int:
    with store.session() as session:
        ann = session.scalar(
            select(Annotation)
            .join(User, User.id == Annotation.user_id)
            .where(Annotation.claim_pk == pk, User.username == username)
        )
        return ann.version if ann else 0


def _labels(store: Store, project: str) -> dict[int, dict[str, tuple[str, dict[str, Any]]]]:
    with store.session() as session:
        proj = get_or_create_project(session, project)
        rows = session.execute(
            select(ClaimRow.id, User.username, Annotation.status, Annotation.data)
            .join(Annotation, Annotation.claim_pk == ClaimRow.id)
            .join(User, User.id == Annotation.user_id)
            .where(ClaimRow.project_id == proj.id)
        ).all()
    out: dict[int, dict[str, tuple[str, dict[str, Any]]]] = defaultdict(dict)
    for pk, username, status, data in rows:
        out[pk][username] = (status, data)
    return out


def accept_agreements(store: Store, project: str) -> int:
    """Rows whose annotations agree take that label (reviewer :data:`CONSENSUS`, action ``agree``)."""
    n = 0
    for pk, labels in _labels(store, project).items():
        keys = {label_key(status, data) for status, data in labels.values()}
        if len(labels) < 2 or len(keys) != 1:
            continue
        status, data = next(iter(labels.values()))
        with store.session() as session:
            row = session.get(ClaimRow, pk)
            assert row is not None
            if row.label_source == "human" and row.status == status:
                continue
            version = row.version
        save(store, CONSENSUS, pk, data, status, version, action="agree", adjudicate=True)
        n += 1
    return n


def disagreements(store: Store, project: str) -> list[dict[str, Any]]:
    """Per passage with any disagreement: its text and both passes' labels of every unit.

    Units in passages with a disagreement are all listed (boundary disagreements involve several
    units); ``agreed`` marks the units both passes labelled alike.
    """
    labels = _labels(store, project)
    with store.session() as session:
        proj = get_or_create_project(session, project)
        rows = list(session.scalars(select(ClaimRow).where(ClaimRow.project_id == proj.id)))
        from pipeline.store.models import ArticleRow

        texts = {
            a.doc_id: a.data["text"]
            for a in session.scalars(select(ArticleRow).where(ArticleRow.project_id == proj.id))
        }
        adjudicated = {pk for pk, action in decisions_by_claim(session, proj.id).items() if action != "agree"}
    by_doc: dict[str, list[ClaimRow]] = defaultdict(list)
    for row in rows:
        by_doc[row.doc_id].append(row)
    out = []
    for doc_id, doc_rows in sorted(by_doc.items()):
        items = []
        open_rows = 0
        for row in sorted(doc_rows, key=lambda r: (r.data["start"], r.data["end"])):
            per = labels.get(row.id, {})
            agreed = len(per) >= 2 and len({label_key(s, d) for s, d in per.values()}) == 1
            done = agreed or row.id in adjudicated
            open_rows += not done
            items.append(
                {
                    "unit": row.claim_id,
                    "claim_pk": row.id,
                    "version": row.version,
                    "text": " ".join(row.data["text"].split()),
                    "agreed": agreed,
                    "adjudicated": row.id in adjudicated,
                    "labels": {user: _readable(status, data) for user, (status, data) in sorted(per.items())},
                }
            )
        if open_rows:
            out.append(
                {"passage_id": doc_id, "text": " ".join(texts.get(doc_id, "").split()), "units": items}
            )
    return out


def _readable(status: str, data: Mapping[str, Any]) -> dict[str, Any]:
    if status == "rejected":
        return {"status": "rejected"}
    return {
        "status": "accepted",
        "type": data.get("type"),
        "speaker": {k: (data.get("speaker") or {}).get(k) for k in ("kind", "id", "name")},
        "holder": {k: data["holder"].get(k) for k in ("id", "name")} if data.get("holder") else None,
        "targets": [
            {"id": t["id"], "text": t.get("text"), "stance": t["stance"]} for t in data.get("targets", [])
        ],
        "frames": [f["label"] for f in data.get("frames", [])],
        "hedges": list(data.get("hedges", [])),
    }


def decisions_by_claim(session: Any, project_id: int) -> dict[int, str]:
    """``claim pk -> the latest decision on the shared claim``: ``agree`` (both passes alike),
    ``adjudicate:<pass>`` (the adjudicator chose a pass) or ``edit`` (the adjudicator's own label)."""
    decided: dict[int, str] = {}
    for h in session.scalars(
        select(History)
        .where(History.project_id == project_id, History.target == "claim", History.username != LOADER)
        .order_by(History.id)
    ):
        decided[h.claim_pk] = h.action
    return decided


RESOLUTIONS = {"agree": "agreed", "edit": "adjudicated:own-label"}


def export_gold(
    store: Store,
    project: str,
    passages: Iterable[PassageRef],
    corpus_dir: str | Path,
    id_map: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """The adjudicated gold as stand-off records (accepted claims only, absolute offsets, hashes).

    A row counts as gold once both passes agreed on it or an adjudicator decided it; a row that is
    neither is an error (the adjudication is not finished). ``id_map`` harmonises id variants
    (``annotations/real/id_map.json``) in targets, holders and speakers; a target that the map
    makes a duplicate of another in the same claim keeps its first occurrence.
    """
    refs = {p.passage_id: p for p in passages}
    with store.session() as session:
        proj = get_or_create_project(session, project)
        rows = list(
            session.scalars(
                select(ClaimRow).where(ClaimRow.project_id == proj.id).order_by(ClaimRow.doc_id, ClaimRow.id)
            )
        )
        decided = decisions_by_claim(session, proj.id)
    texts = passage_texts(corpus_dir, [refs[r.doc_id] for r in rows])
    undecided = [r.claim_id for r in rows if not decided.get(r.id)]
    if undecided:
        raise ValueError(
            f"{len(undecided)} claim rows are neither agreed nor adjudicated, e.g. {undecided[:3]}"
        )
    out = []
    for row in rows:
        if row.status != "accepted":
            continue
        passage = refs[row.doc_id]
        record, _ = texts[row.doc_id]
        rec = standoff_claim(row.data, passage, record, resolution=decided[row.id])
        out.append(harmonise(rec, id_map) if id_map else rec)
    out.sort(key=lambda r: (r["passage_id"], r["start"]))
    return out


def harmonise(rec: dict[str, Any], id_map: Mapping[str, str]) -> dict[str, Any]:
    """``rec`` with every id mapped through ``id_map`` (keys starting with ``_`` are comments)."""

    def m(value: Any) -> Any:
        return id_map.get(value, value) if isinstance(value, str) and not value.startswith("_") else value

    targets, seen = [], set()
    for t in rec["targets"]:
        tid = m(t["id"])
        if tid not in seen:
            seen.add(tid)
            targets.append({**t, "id": tid})
    out = {**rec, "targets": targets, "speaker": {**rec["speaker"], "id": m(rec["speaker"].get("id"))}}
    if rec.get("holder"):
        out["holder"] = {**rec["holder"], "id": m(rec["holder"]["id"])}
    return out


def standoff_claim(
    data: Mapping[str, Any], passage: PassageRef, record: CorpusRecord, *, resolution: str
) -> dict[str, Any]:
    off = passage.start

    def span(start: int, end: int) -> dict[str, Any]:
        return {
            "start": start + off,
            "end": end + off,
            "sha256": sha256_text(record.text[start + off : end + off]),
        }

    return {
        "passage_id": passage.passage_id,
        "split": passage.split,
        **span(data["start"], data["end"]),
        "type": data["type"],
        "speaker": {k: (data.get("speaker") or {}).get(k) for k in ("id", "name", "kind")},
        "holder": {"id": data["holder"]["id"], "name": data["holder"].get("name")}
        if data.get("holder")
        else None,
        "targets": [
            {"id": t["id"], "stance": t["stance"], **span(t["start"], t["end"])}
            for t in data.get("targets", [])
        ],
        "frames": [f["label"] for f in data.get("frames", [])],
        "hedges": list(data.get("hedges", [])),
        "resolution": RESOLUTIONS.get(resolution, re.sub(r"^adjudicate:", "adjudicated:", resolution)),
    }
