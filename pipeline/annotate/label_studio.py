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

from typing import Any
from xml.sax.saxutils import quoteattr

from pipeline.annotate.offsets import Utf16Map
from pipeline.runfolder import RunData
from pipeline.types import (
    CLAIM_TYPES,
    SPEAKER_KINDS,
    STANCES,
    Article,
    Claim,
)

FROM_LABEL = "label"
TO_NAME = "text"
HEDGED = ("hedged", "not hedged")
RELATION_KINDS = ("target", "speaker", "holder")


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
