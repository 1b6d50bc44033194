"""Turn a processed spaCy Doc into plain contract records (no spaCy objects escape)."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from pipeline.components.claim_draft import ClaimDraft, get_claims
from pipeline.components.mentions import actor_id, actor_spans, actor_type
from pipeline.ids import claim_id
from pipeline.types import ActorMention, Claim, Frame, Holder, Speaker, Target


def claims_from_doc(doc: Doc, doc_id: str) -> list[Claim]:
    """Every claim on ``doc`` as a :class:`Claim` record."""
    mentions = actor_spans(doc)
    return [_claim(doc, doc_id, draft, mentions) for draft in get_claims(doc)]


def _claim(doc: Doc, doc_id: str, draft: ClaimDraft, mentions: list[Any]) -> Claim:
    sp = draft.speaker
    speaker = Speaker(
        id=sp.get("id"),
        name=sp.get("name"),
        kind=sp.get("kind") or "author",
        start=sp.get("start"),
        end=sp.get("end"),
    )
    ho = draft.holder
    holder = (
        Holder(id=ho.get("id"), name=ho.get("name"), start=ho.get("start"), end=ho.get("end")) if ho else None
    )
    co_holders = [
        Holder(id=h.get("id"), name=h.get("name"), start=h.get("start"), end=h.get("end"))
        for h in draft.co_holders
    ]
    actors = [
        ActorMention(text=m.text, start=m.start_char, end=m.end_char, type=actor_type(m), id=actor_id(m))
        for m in mentions
        if m.start_char >= draft.start and m.end_char <= draft.end
    ]
    targets = [
        Target(
            id=t["id"],
            text=t["text"],
            stance=t["stance"],
            score=float(t["score"]),
            start=t.get("start"),
            end=t.get("end"),
            type=t.get("type"),
        )
        for t in draft.targets
    ]
    frames = [Frame(label=f["label"], score=float(f["score"])) for f in draft.frames]
    return Claim(
        claim_id=claim_id(doc_id, draft.start, draft.end),
        doc_id=doc_id,
        text=draft.text,
        start=draft.start,
        end=draft.end,
        section=draft.section,
        type=draft.type,
        speaker=speaker,
        holder=holder,
        co_holders=co_holders,
        actors=actors,
        targets=targets,
        frames=frames,
        hedged=bool(draft.hedges),
        hedges=list(draft.hedges),
        label_source="model",
        provenance=dict(draft.provenance),
        type_score=float(draft.type_score),
        checkworthiness=float(draft.checkworthiness),
        needs_review=bool(draft.review),
        review=list(draft.review),
    )
