"""Label Studio round trip: tasks with ``predictions`` out, the JSON export back in.

Regions: every claim is a ``labels`` region (label ``Claim``) whose id is the
``claim_id``; its type, hedging, speaker kind and frames are per-region
``choices``. Targets, speakers and holders with offsets are their own regions
(``Target``/``Speaker``/``Holder``) linked from the claim by ``relations``
(``target``/``speaker``/``holder``), with the stance as a per-region choice and
the canonical id in a per-region ``actor_id`` text area. Offsets are UTF-16 code
units (Label Studio's), converted exactly from and to Python code points.
The full model record of each claim travels in ``data.claimscope`` so fields
Label Studio cannot edit (scores, provenance, actors) survive the trip.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from pipeline.annotate.offsets import Utf16Map
from pipeline.annotate.runfolder import RunData
from pipeline.errors import StoreError
from pipeline.types import CLAIM_TYPES, SPEAKER_KINDS, STANCES, Article, Claim, Frame, Holder, Speaker, Target

FROM_LABEL = "label"
TO_NAME = "text"
HEDGED = ("hedged", "not hedged")
RELATION_KINDS = ("target", "speaker", "holder")


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


# ---------------------------------------------------------------- export


def _region(rid: str, from_name: str, kind: str, span: dict[str, Any], **value: Any) -> dict[str, Any]:
    return {
        "id": rid,
        "from_name": from_name,
        "to_name": TO_NAME,
        "type": kind,
        "value": {**span, **value},
    }


def _relation(from_id: str, to_id: str, label: str) -> dict[str, Any]:
    return {"from_id": from_id, "to_id": to_id, "type": "relation", "direction": "right", "labels": [label]}


def claims_to_result(article: Article, claims: list[Claim]) -> list[dict[str, Any]]:
    """The ``result`` list for ``claims`` of ``article`` (shared by predictions and annotations)."""
    umap = Utf16Map(article.text)

    def span(start: int, end: int) -> dict[str, Any]:
        return {"start": umap.to_utf16(start), "end": umap.to_utf16(end), "text": article.text[start:end]}

    result: list[dict[str, Any]] = []
    for claim in claims:
        cid = claim.claim_id
        cspan = span(claim.start, claim.end)
        result.append(_region(cid, FROM_LABEL, "labels", cspan, labels=["Claim"]))
        result.append(_region(cid, "type", "choices", cspan, choices=[claim.type]))
        result.append(_region(cid, "hedged", "choices", cspan, choices=[HEDGED[0 if claim.hedged else 1]]))
        result.append(_region(cid, "speaker_kind", "choices", cspan, choices=[claim.speaker.kind]))
        if claim.frames:
            result.append(_region(cid, "frames", "choices", cspan, choices=[f.label for f in claim.frames]))
        unanchored: list[str] = []
        for i, target in enumerate(claim.targets):
            if target.start is None or target.end is None:
                unanchored.append(f"{target.id} | {target.stance} | {target.text}")
                continue
            tid = f"{cid}_t{i}"
            tspan = span(target.start, target.end)
            result.append(_region(tid, FROM_LABEL, "labels", tspan, labels=["Target"]))
            result.append(_region(tid, "stance", "choices", tspan, choices=[target.stance]))
            result.append(_region(tid, "actor_id", "textarea", tspan | {"text": [target.id]}))
            result.append(_relation(cid, tid, "target"))
        if unanchored:
            result.append(_region(cid, "other_targets", "textarea", cspan | {"text": unanchored}))
        for kind, who in (("speaker", claim.speaker), ("holder", claim.holder)):
            if who is None or who.start is None or who.end is None:
                continue
            rid = f"{cid}_{kind[0]}"
            wspan = span(who.start, who.end)
            result.append(_region(rid, FROM_LABEL, "labels", wspan, labels=[kind.capitalize()]))
            if who.id:
                result.append(_region(rid, "actor_id", "textarea", wspan | {"text": [who.id]}))
            result.append(_relation(cid, rid, kind))
    return result


def to_tasks(data: RunData, *, model_version: str = "claimscope") -> list[dict[str, Any]]:
    """Label Studio tasks (one per article) with the claims as ``predictions``."""
    tasks: list[dict[str, Any]] = []
    grouped = data.claims_by_doc()
    for article in data.articles:
        claims = grouped.get(article.doc_id, [])
        meta = article.to_dict()
        meta.pop("text")
        scores = [min([c.type_score, *(t.score for t in c.targets)]) for c in claims]
        tasks.append(
            {
                "data": {
                    "text": article.text,
                    "doc_id": article.doc_id,
                    "title": article.title or "",
                    "claimscope": {"article": meta, "claims": {c.claim_id: c.to_dict() for c in claims}},
                },
                "predictions": [
                    {
                        "model_version": model_version,
                        "score": round(sum(scores) / len(scores), 4) if scores else 0.0,
                        "result": claims_to_result(article, claims),
                    }
                ],
            }
        )
    return tasks


def labeling_config(frames: list[str]) -> str:
    """The labeling config XML to paste into the Label Studio project settings."""

    def choices(name: str, values: list[str] | tuple[str, ...], choice: str) -> str:
        inner = "".join(f"\n      <Choice value={quoteattr(v)}/>" for v in values)
        return (
            f'    <Choices name="{name}" toName="{TO_NAME}" perRegion="true" choice="{choice}">{inner}\n'
            "    </Choices>\n"
        )

    return (
        "<View>\n"
        '  <Header value="$title"/>\n'
        f'  <Labels name="{FROM_LABEL}" toName="{TO_NAME}">\n'
        '    <Label value="Claim" background="#ffd166"/>\n'
        '    <Label value="Target" background="#06d6a0"/>\n'
        '    <Label value="Speaker" background="#118ab2"/>\n'
        '    <Label value="Holder" background="#8338ec"/>\n'
        "  </Labels>\n"
        f'  <Text name="{TO_NAME}" value="$text" granularity="symbol"/>\n'
        "  <Relations>\n"
        + "".join(f'    <Relation value="{k}"/>\n' for k in RELATION_KINDS)
        + "  </Relations>\n"
        '  <View visibleWhen="region-selected" whenLabelValue="Claim">\n'
        '    <Header value="Claim type"/>\n'
        + choices("type", CLAIM_TYPES, "single-radio")
        + '    <Header value="Hedging"/>\n'
        + choices("hedged", HEDGED, "single-radio")
        + '    <Header value="Speaker kind"/>\n'
        + choices("speaker_kind", SPEAKER_KINDS, "single-radio")
        + '    <Header value="Frames"/>\n'
        + choices("frames", sorted(set(frames)), "multiple")
        + '    <Header value="Targets without a span (one per line: ID | stance | text)"/>\n'
        f'    <TextArea name="other_targets" toName="{TO_NAME}" perRegion="true" rows="2"/>\n'
        "  </View>\n"
        '  <View visibleWhen="region-selected" whenLabelValue="Target">\n'
        '    <Header value="Stance towards this target"/>\n'
        + choices("stance", STANCES, "single-radio")
        + "  </View>\n"
        '  <View visibleWhen="region-selected">\n'
        '    <Header value="Canonical id (targets, speakers, holders: NATO, USA, marco-rubio)"/>\n'
        f'    <TextArea name="actor_id" toName="{TO_NAME}" perRegion="true" maxSubmissions="1" rows="1"/>\n'
        "  </View>\n"
        "</View>\n"
    )


# ---------------------------------------------------------------- import


@dataclass
class _Region:
    rid: str
    label: str | None = None
    start: int | None = None
    end: int | None = None
    choices: dict[str, list[str]] = field(default_factory=dict)
    texts: dict[str, list[str]] = field(default_factory=dict)


def new_claim_id(doc_id: str, start: int, end: int) -> str:
    """Id of a claim an annotator drew (stable for the same span)."""
    return "h" + hashlib.sha1(f"{doc_id}:{start}:{end}".encode()).hexdigest()[:12]


def _parse_regions(result: list[dict[str, Any]], article: Article) -> tuple[dict[str, _Region], list[dict]]:
    umap = Utf16Map(article.text)
    regions: dict[str, _Region] = {}
    relations: list[dict[str, Any]] = []
    for item in result:
        if item.get("type") == "relation":
            relations.append(item)
            continue
        rid = str(item.get("id"))
        value = item.get("value") or {}
        region = regions.setdefault(rid, _Region(rid))
        if "start" in value and "end" in value and region.start is None:
            what = f"region {rid}"
            region.start = umap.to_codepoint(int(value["start"]), what=what, doc_id=article.doc_id)
            region.end = umap.to_codepoint(int(value["end"]), what=what, doc_id=article.doc_id)
        kind = item.get("type")
        name = str(item.get("from_name"))
        if kind == "labels" and value.get("labels"):
            region.label = str(value["labels"][0])
        elif kind == "choices":
            region.choices[name] = [str(c) for c in value.get("choices", [])]
        elif kind == "textarea":
            region.texts[name] = [str(t) for t in value.get("text", [])]
    return regions, relations


def _first(values: list[str] | None, default: str) -> str:
    return values[0] if values else default


def result_to_claims(
    result: list[dict[str, Any]], article: Article, originals: dict[str, Claim], *, label_source: str
) -> list[Claim]:
    """Rebuild claims from a Label Studio ``result`` list (predictions or an annotation)."""
    regions, relations = _parse_regions(result, article)
    links: dict[str, list[tuple[str, _Region]]] = {}
    for rel in relations:
        to = regions.get(str(rel.get("to_id")))
        if to is None:
            continue
        label = (rel.get("labels") or [(to.label or "").lower()])[0]
        links.setdefault(str(rel.get("from_id")), []).append((label, to))
    claims: list[Claim] = []
    for region in regions.values():
        if region.label != "Claim" or region.start is None or region.end is None:
            continue
        orig = originals.get(region.rid)
        claims.append(_claim_from_region(region, links.get(region.rid, []), article, orig, label_source))
    claims.sort(key=lambda c: (c.start, c.end, c.claim_id))
    return claims


def _claim_from_region(
    region: _Region,
    linked: list[tuple[str, _Region]],
    article: Article,
    orig: Claim | None,
    label_source: str,
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
            stance = _first(other.choices.get("stance"), old.stance if old else "neutral")
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
            stance = parts[1] if len(parts) > 1 and parts[1] in STANCES else "neutral"
            old_match = [t for t in (orig.targets if orig else []) if t.id == parts[0] and t.start is None]
            score = old_match[0].score if old_match and old_match[0].stance == stance else 1.0
            ttype = old_match[0].type if old_match else None
            targets.append(
                Target(parts[0], parts[2] if len(parts) > 2 else parts[0], stance, score, type=ttype)
            )
    if speaker is None:
        speaker = (
            Speaker(orig.speaker.id, orig.speaker.name, "author")
            if orig and orig.speaker.start is None
            else Speaker(None, None, "author")
        )
    speaker.kind = _first(region.choices.get("speaker_kind"), orig.speaker.kind if orig else "author")
    if holder is None and orig and orig.holder and orig.holder.start is None:
        holder = Holder(orig.holder.id, orig.holder.name)
    ctype = _first(region.choices.get("type"), orig.type if orig else "factual")
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
        label_source=label_source,
        provenance=dict(orig.provenance) if orig else {"review": "label-studio"},
        type_score=(orig.type_score if orig and orig.type == ctype else 1.0),
        checkworthiness=orig.checkworthiness if orig else 0.0,
    )


def _annotator(annotation: dict[str, Any]) -> str:
    who = annotation.get("completed_by")
    if isinstance(who, dict):
        who = who.get("email") or who.get("id")
    return f"label-studio:{who if who is not None else 'unknown'}"


def parse_export(tasks: list[dict[str, Any]], *, path: str = "<tasks>") -> list[LSDocument]:
    """Parse Label Studio's JSON export (a list of tasks with ``annotations[].result``)."""
    if not isinstance(tasks, list):
        raise StoreError("E402", path=path, detail="the top level must be a JSON list of tasks")
    documents: list[LSDocument] = []
    for n, task in enumerate(tasks):
        data = task.get("data") if isinstance(task, dict) else None
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise StoreError("E402", path=path, detail=f"task {n} has no data.text")
        extra = data.get("claimscope") or {}
        article_meta = dict(extra.get("article") or {})
        article_meta.update(text=data["text"], doc_id=data.get("doc_id") or article_meta.get("doc_id"))
        article_meta.setdefault("source_path", "label-studio")
        if not article_meta.get("doc_id"):
            article_meta["doc_id"] = "ls" + hashlib.sha1(data["text"].encode()).hexdigest()[:12]
        article = Article.from_dict(article_meta)
        originals = {cid: Claim.from_dict(c) for cid, c in (extra.get("claims") or {}).items()}
        doc = LSDocument(article=article, predicted=list(originals.values()))
        for ann in task.get("annotations") or []:
            if ann.get("was_cancelled"):
                continue
            claims = result_to_claims(ann.get("result") or [], article, originals, label_source="human")
            kept = {c.claim_id for c in claims}
            doc.annotations.append(
                LSAnnotation(
                    annotator=_annotator(ann),
                    claims=claims,
                    rejected=[cid for cid in originals if cid not in kept],
                    annotation_id=str(ann.get("id")) if ann.get("id") is not None else None,
                    updated_at=ann.get("updated_at") or ann.get("created_at"),
                )
            )
        documents.append(doc)
    return documents


def read_export(path: str | Path) -> list[LSDocument]:
    """Read a Label Studio JSON export file."""
    if not Path(path).is_file():
        raise StoreError("E411", path=str(path))
    try:
        tasks = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise StoreError("E402", path=str(path), detail=str(exc)) from exc
    return parse_export(tasks, path=str(path))


def latest_run_data(documents: list[LSDocument]) -> RunData:
    """One claim set per article: the latest annotation, or the predictions where nobody annotated."""
    data = RunData()
    for doc in documents:
        data.articles.append(doc.article)
        if doc.annotations:
            latest = max(enumerate(doc.annotations), key=lambda p: (p[1].updated_at or "", p[0]))[1]
            data.claims.extend(latest.claims)
        else:
            data.claims.extend(doc.predicted)
    return data
