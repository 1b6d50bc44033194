"""Stream a run folder once and keep only counters: memory grows with actors, not with claims.

``articles.jsonl`` is read first to map each ``doc_id`` to its publication month and
source (two short strings per article; the text is dropped as soon as a line is parsed),
then ``claims.jsonl`` is streamed record by record into :class:`CorpusCounts`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from pipeline.io import read_jsonl
from pipeline.runfolder import articles_path, iter_claims
from pipeline.types import STANCES

UNDATED = "undated"
UNKNOWN_SOURCE = "unknown"
_MONTH = re.compile(r"^(\d{4})-(\d{2})")


def month_of(published: str | None) -> str | None:
    """``YYYY-MM`` of an ISO date, or None when the article is undated or the date unreadable."""
    if not published:
        return None
    match = _MONTH.match(published.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    return f"{match.group(1)}-{match.group(2)}"


@dataclass
class ArticleInfo:
    """What the report needs to know about an article: when and where it appeared."""

    month: str | None
    source: str


@dataclass
class CorpusCounts:
    """Every counter the report draws from. Keys are canonical ids or labels."""

    articles: int = 0
    dated_articles: int = 0
    articles_with_claims: int = 0
    claims: int = 0
    hedged_claims: int = 0
    unlinked_mentions: int = 0
    claims_without_article: int = 0
    claim_types: Counter[str] = field(default_factory=Counter)
    speaker_kinds: Counter[str] = field(default_factory=Counter)
    actor_claims: Counter[str] = field(default_factory=Counter)
    """Claims that mention the actor (once per claim)."""
    actor_mentions: Counter[str] = field(default_factory=Counter)
    actor_type: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    """Display name of each id: the knowledge-base name from articles.jsonl, else the first surface text."""
    target_stance: dict[str, Counter[str]] = field(default_factory=dict)
    frames_by_month: dict[str, Counter[str]] = field(default_factory=dict)
    """Month (``YYYY-MM`` or ``undated``) -> frame label -> claims carrying that frame."""
    frame_totals: Counter[str] = field(default_factory=Counter)
    speaker_quoted: dict[str, Counter[str]] = field(default_factory=dict)
    """Speaker id -> {quoted, reported} counts (only claims not asserted by the author)."""
    unnamed_speakers: Counter[str] = field(default_factory=Counter)
    """Quoted or reported speakers with no identity ("Critics", "Some", "analysts") -> claims."""
    source_claims: Counter[str] = field(default_factory=Counter)
    source_hedged: Counter[str] = field(default_factory=Counter)
    cooccurrence: Counter[tuple[str, str]] = field(default_factory=Counter)
    """Unordered actor id pair (sorted) -> claims mentioning both."""

    def name(self, key: str) -> str:
        return self.names.get(key, key)


def read_articles(path: Path, counts: CorpusCounts) -> dict[str, ArticleInfo]:
    """Map ``doc_id`` to :class:`ArticleInfo`; also records canonical actor names."""
    info: dict[str, ArticleInfo] = {}
    if not path.exists():
        return info
    for record in read_jsonl(path):
        doc_id = record.get("doc_id")
        if not isinstance(doc_id, str) or doc_id in info:
            continue
        month = month_of(record.get("published"))
        source = (record.get("source") or "").strip() or UNKNOWN_SOURCE
        info[doc_id] = ArticleInfo(month=month, source=source)
        counts.articles += 1
        counts.dated_articles += month is not None
        for actor in record.get("actors") or []:
            actor_id, name = actor.get("id"), actor.get("name")
            if actor_id and name:
                counts.names.setdefault(actor_id, name)
            if actor_id and actor.get("type"):
                counts.actor_type.setdefault(actor_id, actor["type"])
    return info


def _speaker_key(speaker: dict[str, Any], counts: CorpusCounts) -> str | None:
    """The speaker's canonical id; a speaker without one (an unnamed group such as "Critics"
    or "Some") is counted apart, never ranked among the speakers."""
    name = (speaker.get("name") or "").strip()
    key = speaker.get("id")
    if not key:
        counts.unnamed_speakers[name or "(no name)"] += 1
        return None
    if name:
        counts.names.setdefault(key, name)
    return str(key)


def add_claim(claim: dict[str, Any], articles: dict[str, ArticleInfo], counts: CorpusCounts) -> None:
    """Fold one claim record (a ``claims.jsonl`` line) into the counters."""
    counts.claims += 1
    article = articles.get(claim.get("doc_id", ""))
    if article is None:
        counts.claims_without_article += 1
    counts.claim_types[claim.get("type") or "unknown"] += 1

    speaker = claim.get("speaker") or {}
    kind = speaker.get("kind") or "author"
    counts.speaker_kinds[kind] += 1
    if kind in ("quoted", "reported"):
        key = _speaker_key(speaker, counts)
        if key is not None:
            counts.speaker_quoted.setdefault(key, Counter())[kind] += 1

    ids: set[str] = set()
    for mention in claim.get("actors") or []:
        actor_id = mention.get("id")
        if not actor_id:
            counts.unlinked_mentions += 1
            continue
        counts.actor_mentions[actor_id] += 1
        counts.actor_type.setdefault(actor_id, mention.get("type") or "unknown")
        if mention.get("text"):
            counts.names.setdefault(actor_id, mention["text"])
        ids.add(actor_id)
    counts.actor_claims.update(ids)
    counts.cooccurrence.update(combinations(sorted(ids), 2))

    seen_targets: set[str] = set()
    for target in claim.get("targets") or []:
        target_id = target.get("id")
        if not target_id or target_id in seen_targets:
            continue
        seen_targets.add(target_id)
        stance = target.get("stance") if target.get("stance") in STANCES else "neutral"
        counts.target_stance.setdefault(target_id, Counter())[stance] += 1
        if target.get("text"):
            counts.names.setdefault(target_id, target["text"])

    month = (article.month if article else None) or UNDATED
    labels = {f.get("label") for f in claim.get("frames") or [] if f.get("label")}
    if labels:
        bucket = counts.frames_by_month.setdefault(month, Counter())
        bucket.update(labels)
        counts.frame_totals.update(labels)

    source = article.source if article else UNKNOWN_SOURCE
    counts.source_claims[source] += 1
    if claim.get("hedged"):
        counts.hedged_claims += 1
        counts.source_hedged[source] += 1


def aggregate_run(run_dir: str | Path) -> CorpusCounts:
    """Stream ``articles.jsonl`` and ``claims.jsonl`` of a run folder into counters."""
    run_dir = Path(run_dir)
    counts = CorpusCounts()
    articles = read_articles(articles_path(run_dir), counts)
    docs_with_claims: set[str] = set()
    for claim in iter_claims(run_dir):
        add_claim(claim, articles, counts)
        docs_with_claims.add(claim.get("doc_id", ""))
    counts.articles_with_claims = len(docs_with_claims)
    return counts
