"""Label Studio round trip, the way back: a JSON export checked whole and parsed into claims.

Every problem of an export is collected (:class:`ImportProblems`, one E411 listing them all)
before anything is written; what is read comes back as :class:`LSDocument` records (the
article, the model's claims and each annotator's claims), which the run-folder import
(:mod:`pipeline.annotate.run_import`) and the store import (:mod:`pipeline.annotate.store_import`)
apply. The task format is described in :mod:`pipeline.annotate.label_studio`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard, cast

from pipeline.annotate.label_studio import FROM_LABEL, HEDGED, RELATION_KINDS
from pipeline.annotate.offsets import Utf16Map
from pipeline.errors import StoreError
from pipeline.runfolder import RunData
from pipeline.types import (
    CLAIM_TYPES,
    SPEAKER_KINDS,
    STANCES,
    Article,
    Claim,
    ClaimType,
    Frame,
    Holder,
    LabelSource,
    Speaker,
    SpeakerKind,
    Stance,
    Target,
)
from pipeline.vocabulary import known_frames, taxonomy_frames


@dataclass
class LSAnnotation:
    """One annotator's result on one task, turned back into claims."""

    annotator: str
    claims: list[Claim]
    rejected: list[str] = field(default_factory=list)
    """``claim_id`` of model claims the annotator deleted."""
    annotation_id: str | None = None
    updated_at: str | None = None


@dataclass
class LSDocument:
    article: Article
    predicted: list[Claim]
    annotations: list[LSAnnotation] = field(default_factory=list)


# ---------------------------------------------------------------- import
#
# An export is checked whole before anything uses it: every problem of every task is
# collected (task, article, region, what to do) and reported together as one E411, so a
# file is either usable as a whole or not at all.

REGION_LABELS: tuple[str, ...] = ("Claim", "Target", "Speaker", "Holder")
CONTROLS: tuple[str, ...] = (
    FROM_LABEL,
    "type",
    "hedged",
    "speaker_kind",
    "frames",
    "stance",
    "actor_id",
    "other_targets",
)
REGION_TYPES: tuple[str, ...] = ("labels", "choices", "textarea")
INVALID = "\0invalid"  # marks a region already reported as a problem


@dataclass
class Problem:
    """One thing wrong in an export: where (task, article, region) and what to do about it."""

    task: int
    doc_id: str | None
    region: str | None
    what: str

    def __str__(self) -> str:
        where = f"task {self.task}" + (f" (doc {self.doc_id})" if self.doc_id else "")
        if self.region:
            where += f", region {self.region}"
        return f"{where}: {self.what}"


class ImportProblems:
    """Collects the problems of one export file; :meth:`raise_if_any` reports them all as E411."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[Problem] = []

    def add(self, task: int, doc_id: str | None, region: str | None, what: str) -> None:
        self.items.append(Problem(task, doc_id, region, what))

    def __len__(self) -> int:
        return len(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            lines = "\n".join(f"  - {p}" for p in self.items)
            raise StoreError("E411", path=self.path, count=len(self.items), problems=lines)


@dataclass
class _Where:
    """The task being read, for problem reports."""

    problems: ImportProblems
    task: int
    doc_id: str | None

    def add(self, region: str | None, what: str) -> None:
        self.problems.add(self.task, self.doc_id, region, what)


@dataclass
class _Region:
    rid: str
    label: str | None = None
    start: int | None = None
    end: int | None = None
    choices: dict[str, list[str]] = field(default_factory=dict)
    texts: dict[str, list[str]] = field(default_factory=dict)


def text_hash(text: str) -> str:
    """A short fingerprint of an article text, to show two texts differ."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def new_claim_id(doc_id: str, start: int, end: int) -> str:
    """Id of a claim an annotator drew (stable for the same span)."""
    return "h" + hashlib.sha1(f"{doc_id}:{start}:{end}".encode()).hexdigest()[:12]


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _span(
    rid: str, value: dict[str, Any], umap: Utf16Map, article: Article, where: _Where
) -> tuple[int, int] | None:
    """Code-point offsets of a region's ``value``, or None after reporting what is wrong with them."""
    start, end = value.get("start"), value.get("end")
    redraw = "redraw the span in Label Studio"
    if not _is_int(start) or not _is_int(end):
        bad = start if not _is_int(start) else end
        name = "start" if not _is_int(start) else "end"
        where.add(rid, f"{name} {bad!r} is not an integer offset; {redraw}")
        return None
    if start >= end:
        where.add(rid, f"offsets {start}-{end}: the start does not lie before the end; {redraw}")
        return None
    if start < 0 or end > umap.length:
        where.add(
            rid,
            f"offsets {start}-{end} lie outside the text (0-{umap.length} in UTF-16 units); {redraw}, "
            "or export the tasks again if the text was edited",
        )
        return None
    try:
        what = f"region {rid}"
        return (
            umap.to_codepoint(start, what=what, doc_id=article.doc_id),
            umap.to_codepoint(end, what=what, doc_id=article.doc_id),
        )
    except StoreError as exc:
        where.add(rid, str(exc))
        return None


def _parse_regions(
    result: list[Any], article: Article, where: _Where, frames: frozenset[str]
) -> tuple[dict[str, _Region], list[dict[str, Any]]]:
    umap = Utf16Map(article.text)
    regions: dict[str, _Region] = {}
    relations: list[dict[str, Any]] = []
    allowed: dict[str, tuple[str, ...]] = {
        "type": CLAIM_TYPES,
        "hedged": HEDGED,
        "speaker_kind": SPEAKER_KINDS,
        "stance": STANCES,
        "frames": tuple(sorted(frames)),
    }
    for item in result:
        if not isinstance(item, dict):
            where.add(
                None, f"a result item is a {type(item).__name__}, not an object; export the annotations again"
            )
            continue
        kind = item.get("type")
        if kind == "relation":
            label = (item.get("labels") or [None])[0]
            if label is not None and label not in RELATION_KINDS:
                where.add(
                    f"{item.get('from_id')}->{item.get('to_id')}",
                    f"relation label {label!r} is not one of {', '.join(RELATION_KINDS)}; relabel it",
                )
            relations.append(item)
            continue
        rid = str(item.get("id"))
        name = str(item.get("from_name"))
        if kind not in REGION_TYPES:
            continue  # a control of the project's own (ratings, ...) that claimscope does not read
        if name not in CONTROLS:
            where.add(
                rid,
                f"control {name!r} is not in claimscope's labeling config ({', '.join(CONTROLS)}); "
                "set up the project with the .labeling-config.xml written by 'claimscope export'",
            )
            continue
        value = item.get("value")
        if not isinstance(value, dict):
            where.add(rid, "has no value object; export the annotations again")
            continue
        region = regions.setdefault(rid, _Region(rid))
        if region.label == INVALID:
            continue  # its problem is reported once
        if "start" in value or "end" in value:
            span = _span(rid, value, umap, article, where)
            if span is None:
                region.label = INVALID
                continue
            if region.start is None:
                region.start, region.end = span
        if kind == "labels":
            labels = value.get("labels") or []
            label = labels[0] if isinstance(labels, list) and labels else None
            if label not in REGION_LABELS:
                where.add(rid, f"label {label!r} is not one of {', '.join(REGION_LABELS)}; relabel the span")
                region.label = INVALID
            elif region.label is not None:
                where.add(rid, f"two labelled spans share the id {rid}; delete one of them")
                region.label = INVALID
            else:
                region.label = label
        elif kind == "choices":
            values = value.get("choices") or []
            if not isinstance(values, list):
                values = [values]
            for choice in values:
                if name in allowed and choice not in allowed[name]:
                    known = ", ".join(allowed[name]) or "(none configured)"
                    where.add(rid, f"{name} {choice!r} is not one of {known}; choose one of them")
            region.choices[name] = [str(c) for c in values if name not in allowed or c in allowed[name]]
        else:
            texts = value.get("text") or []
            region.texts[name] = [str(t) for t in (texts if isinstance(texts, list) else [texts])]
    return regions, relations


def _first(values: list[str] | None, default: str) -> str:
    return values[0] if values else default


def result_to_claims(
    result: list[Any],
    article: Article,
    originals: dict[str, Claim],
    *,
    label_source: str,
    where: _Where | None = None,
    frames: frozenset[str] | None = None,
) -> list[Claim]:
    """Rebuild claims from a Label Studio ``result`` list (predictions or an annotation).

    Problems are added to ``where``; without it the first problems raise E411 at once.
    """
    own = where is None
    where = where or _Where(ImportProblems("<result>"), 0, article.doc_id)
    frames = frames if frames is not None else known_frames(originals.values())
    regions, relations = _parse_regions(result, article, where, frames)
    links: dict[str, list[tuple[str, _Region]]] = {}
    for rel in relations:
        to = regions.get(str(rel.get("to_id")))
        if to is None:
            continue
        label = (rel.get("labels") or [(to.label or "").lower()])[0]
        links.setdefault(str(rel.get("from_id")), []).append((label, to))
    claims: list[Claim] = []
    seen: dict[str, str] = {}
    for region in regions.values():
        if region.label != "Claim" or region.start is None or region.end is None:
            continue
        claim = _claim_from_region(
            region, links.get(region.rid, []), article, originals.get(region.rid), label_source, where
        )
        if claim.claim_id in seen:
            where.add(
                region.rid, f"covers the same span as region {seen[claim.claim_id]}; delete one of the two"
            )
            continue
        seen[claim.claim_id] = region.rid
        claims.append(claim)
    if own:
        where.problems.raise_if_any()
    claims.sort(key=lambda c: (c.start, c.end, c.claim_id))
    return claims


def _claim_from_region(
    region: _Region,
    linked: list[tuple[str, _Region]],
    article: Article,
    orig: Claim | None,
    label_source: str,
    where: _Where,
) -> Claim:
    assert region.start is not None and region.end is not None
    text = article.text
    cid = orig.claim_id if orig else new_claim_id(article.doc_id, region.start, region.end)
    orig_frames = {f.label: f.score for f in orig.frames} if orig else {}
    frames = [Frame(label, orig_frames.get(label, 1.0)) for label in region.choices.get("frames", [])]
    targets: list[Target] = []
    speaker: Speaker | None = None
    holder: Holder | None = None
    orig_targets = {f"{cid}_t{i}": t for i, t in enumerate(orig.targets)} if orig else {}
    for kind, other in linked:
        if other.start is None or other.end is None:
            continue
        span_text = text[other.start : other.end]
        actor_id = _first(other.texts.get("actor_id"), "").strip() or None
        if kind == "target":
            old = orig_targets.get(other.rid)
            stance = cast(Stance, _first(other.choices.get("stance"), old.stance if old else "neutral"))
            same = old is not None and old.stance == stance and old.id == actor_id
            targets.append(
                Target(
                    id=actor_id or span_text,
                    text=span_text,
                    stance=stance,
                    score=old.score if (same and old) else 1.0,
                    start=other.start,
                    end=other.end,
                    type=old.type if old else None,
                )
            )
        elif kind in ("speaker", "holder"):
            old_who = (orig.speaker if kind == "speaker" else orig.holder) if orig else None
            kept = old_who is not None and (old_who.start, old_who.end) == (other.start, other.end)
            name = old_who.name if (kept and old_who) else span_text
            if kind == "speaker":
                speaker = Speaker(actor_id, name, "author", other.start, other.end)
            else:
                holder = Holder(actor_id, name, other.start, other.end)
    for line in region.texts.get("other_targets", []):
        for row in line.splitlines():
            parts = [p.strip() for p in row.split("|")]
            if not parts[0]:
                continue
            row_stance = parts[1] if len(parts) > 1 and parts[1] else "neutral"
            if row_stance not in STANCES:
                where.add(
                    region.rid,
                    f"other target {parts[0]!r} has stance {row_stance!r}, not one of {', '.join(STANCES)}; "
                    "write each line as ID | stance | text",
                )
                continue
            stance = cast(Stance, row_stance)
            old_match = [t for t in (orig.targets if orig else []) if t.id == parts[0] and t.start is None]
            score = old_match[0].score if old_match and old_match[0].stance == stance else 1.0
            ttype = old_match[0].type if old_match else None
            targets.append(
                Target(
                    parts[0],
                    parts[2] if len(parts) > 2 else parts[0],
                    stance,
                    score,
                    type=ttype,
                )
            )
    if speaker is None:
        speaker = (
            Speaker(orig.speaker.id, orig.speaker.name, "author")
            if orig and orig.speaker.start is None
            else Speaker(None, None, "author")
        )
    speaker.kind = cast(
        SpeakerKind, _first(region.choices.get("speaker_kind"), orig.speaker.kind if orig else "author")
    )
    if holder is None and orig and orig.holder and orig.holder.start is None:
        holder = Holder(orig.holder.id, orig.holder.name)
    ctype = cast(ClaimType, _first(region.choices.get("type"), orig.type if orig else "factual"))
    hedged = _first(region.choices.get("hedged"), HEDGED[0 if (orig and orig.hedged) else 1]) == HEDGED[0]
    return Claim(
        claim_id=cid,
        doc_id=article.doc_id,
        text=text[region.start : region.end],
        start=region.start,
        end=region.end,
        section=orig.section if orig else None,
        type=ctype,
        speaker=speaker,
        holder=holder,
        actors=[a for a in orig.actors if region.start <= a.start and a.end <= region.end] if orig else [],
        targets=targets,
        frames=frames,
        hedged=hedged,
        hedges=list(orig.hedges) if orig and hedged else [],
        label_source=cast(LabelSource, label_source),
        provenance=dict(orig.provenance) if orig else {"review": "label-studio"},
        type_score=(orig.type_score if orig and orig.type == ctype else 1.0),
        checkworthiness=orig.checkworthiness if orig else 0.0,
    )


def _annotator(annotation: dict[str, Any]) -> str:
    who = annotation.get("completed_by")
    if isinstance(who, dict):
        who = who.get("email") or who.get("id")
    return f"label-studio:{who if who is not None else 'unknown'}"


def _read_task(n: int, task: Any, problems: ImportProblems, frames: frozenset[str]) -> LSDocument | None:
    data = task.get("data") if isinstance(task, dict) else None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        problems.add(
            n, None, None, "has no data.text (the article); export the tasks again with 'claimscope export'"
        )
        return None
    extra = data.get("claimscope") or {}
    if not isinstance(extra, dict):
        extra = {}
    article_meta = dict(extra.get("article") or {}) if isinstance(extra.get("article"), dict) else {}
    article_meta.update(text=data["text"], doc_id=data.get("doc_id") or article_meta.get("doc_id"))
    article_meta.setdefault("source_path", "label-studio")
    if not article_meta.get("doc_id"):
        article_meta["doc_id"] = "ls" + hashlib.sha1(data["text"].encode()).hexdigest()[:12]
    where = _Where(problems, n, str(article_meta["doc_id"]))
    try:
        article = Article.from_dict(article_meta)
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        where.add(None, f"its article record (data.claimscope.article) is malformed ({exc}); export it again")
        return None
    originals: dict[str, Claim] = {}
    raw_claims = extra.get("claims") or {}
    for cid, record in raw_claims.items() if isinstance(raw_claims, dict) else []:
        try:
            claim = Claim.from_dict(record)
            if not 0 <= claim.start < claim.end <= len(article.text):
                raise ValueError(f"offsets {claim.start}-{claim.end} outside the text")
            originals[str(cid)] = claim
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            where.add(
                str(cid),
                f"the model record of this claim (data.claimscope.claims) is malformed ({exc}); export it again",
            )
    doc = LSDocument(article=article, predicted=list(originals.values()))
    vocabulary = frames | known_frames(originals.values())
    annotations = task.get("annotations") or []
    if not isinstance(annotations, list):
        where.add(None, "its annotations are not a list; export the project again as JSON")
        return doc
    for ann in annotations:
        if not isinstance(ann, dict):
            where.add(None, "an annotation is not an object; export the project again as JSON")
            continue
        if ann.get("was_cancelled"):
            continue
        result = ann.get("result") or []
        if not isinstance(result, list):
            where.add(None, "an annotation's result is not a list; export the project again as JSON")
            continue
        claims = result_to_claims(
            result, article, originals, label_source="human", where=where, frames=vocabulary
        )
        kept = {c.claim_id for c in claims}
        doc.annotations.append(
            LSAnnotation(
                annotator=_annotator(ann),
                claims=claims,
                rejected=[cid for cid in originals if cid not in kept],
                annotation_id=str(ann.get("id")) if ann.get("id") is not None else None,
                updated_at=str(ann.get("updated_at") or ann.get("created_at") or "") or None,
            )
        )
    return doc


def read_tasks(
    tasks: Any, problems: ImportProblems, *, frames: frozenset[str] | None = None
) -> list[LSDocument]:
    """Parse every task of an export, adding each problem found to ``problems`` (nothing raised for them)."""
    if not isinstance(tasks, list):
        raise StoreError("E402", path=problems.path, detail="the top level must be a JSON list of tasks")
    vocabulary = frames if frames is not None else taxonomy_frames()
    documents: list[LSDocument] = []
    first_task: dict[str, int] = {}
    repeats: dict[str, list[int]] = {}
    owner: dict[str, str] = {}
    for n, task in enumerate(tasks):
        doc = _read_task(n, task, problems, vocabulary)
        if doc is None:
            continue
        doc_id = doc.article.doc_id
        if doc_id in first_task:
            repeats.setdefault(doc_id, []).append(n)
            continue
        first_task[doc_id] = n
        ids = {c.claim_id for c in doc.predicted} | {c.claim_id for a in doc.annotations for c in a.claims}
        for cid in sorted(ids):
            other = owner.setdefault(cid, doc_id)
            if other != doc_id:
                problems.add(
                    n,
                    doc_id,
                    cid,
                    f"claim id {cid} also belongs to article {other}; claim ids must be unique",
                )
        documents.append(doc)
    for doc_id, later in repeats.items():
        first = first_task[doc_id]
        shown = ", ".join(str(t) for t in later[:20]) + (
            f" and {len(later) - 20} more" if len(later) > 20 else ""
        )
        problems.add(
            first,
            doc_id,
            None,
            f"the same article appears more than once in the file (also tasks {shown}); "
            "keep one task per article (export the Label Studio project once) and import again",
        )
    return documents


def parse_export(
    tasks: Any, *, path: str = "<tasks>", frames: frozenset[str] | None = None
) -> list[LSDocument]:
    """Parse Label Studio's JSON export (a list of tasks with ``annotations[].result``).

    The whole file is checked first; if anything is wrong, E411 lists every problem.
    """
    problems = ImportProblems(path)
    documents = read_tasks(tasks, problems, frames=frames)
    problems.raise_if_any()
    return documents


def load_export(path: str | Path) -> Any:
    """The JSON of a Label Studio export file (E415 if it is missing, E402 if it cannot be read or parsed)."""
    if not Path(path).is_file():
        raise StoreError("E415", path=str(path))
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, RecursionError, json.JSONDecodeError) as exc:
        raise StoreError("E402", path=str(path), detail=str(exc)) from exc


def read_export(path: str | Path) -> list[LSDocument]:
    """Read a Label Studio JSON export file (checked whole; E411 lists every problem)."""
    return parse_export(load_export(path), path=str(path))


def latest_run_data(documents: list[LSDocument]) -> RunData:
    """One claim set per article: the latest annotation, or the predictions where nobody annotated."""
    data = RunData()
    for doc in documents:
        data.articles.append(doc.article)
        latest = latest_annotation(doc)
        data.claims.extend(latest.claims if latest is not None else doc.predicted)
    return data


def latest_annotation(doc: LSDocument) -> LSAnnotation | None:
    """The most recently updated annotation of a task (the last one listed on a tie), if any."""
    if not doc.annotations:
        return None
    return max(enumerate(doc.annotations), key=lambda p: (p[1].updated_at or "", p[0]))[1]
