"""Turn a claims output folder into statements, streaming ``claims.jsonl``.

Only statements are kept in memory: each claim is parsed, turned into zero or
more statements and dropped. ``articles.jsonl`` is read once for publication
dates and the actor types the ingest stage resolved.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError
from pipeline.io import read_jsonl
from pipeline.network.kb_attributes import KbLookup
from pipeline.network.options import NetworkOptions, parse_date
from pipeline.network.statements import Statement, deduplicate
from pipeline.runfolder import articles_path, claims_path
from pipeline.types import Article, Claim


@dataclass
class ArticleIndex:
    """What the network needs from ``articles.jsonl``: dates and actor types."""

    dates: dict[str, str | None] = field(default_factory=dict)
    actor_types: dict[str, tuple[str, str]] = field(default_factory=dict)
    """canonical id -> (type, name), first article wins."""

    @classmethod
    def read(cls, path: Path) -> ArticleIndex:
        index = cls()
        if not path.exists():
            return index
        for record in read_jsonl(path):
            # Only the fields used here: the text, blocks and links are not kept.
            slim = {k: record.get(k) for k in ("doc_id", "source_path", "published")}
            slim["text"] = ""
            slim["actors"] = record.get("actors") or []
            article = Article.from_dict(slim)
            index.dates[article.doc_id] = _iso(article.published)
            for actor in article.actors:
                index.actor_types.setdefault(actor.id, (actor.type, actor.name))
        return index


@dataclass
class ExtractionStats:
    """Counts a user checks: how many claims became how many statements, and why not."""

    claims_read: int = 0
    claims_used: int = 0
    statements_raw: int = 0
    statements: int = 0
    dropped: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        return {
            "claims_read": self.claims_read,
            "claims_used": self.claims_used,
            "statements_raw": self.statements_raw,
            "statements": self.statements,
            "dropped": dict(sorted(self.dropped.items())),
        }


@dataclass
class StatementSet:
    """The statements of a claims folder after filters and duplicate handling."""

    statements: list[Statement]
    stats: ExtractionStats
    articles: ArticleIndex


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return parse_date(value).isoformat()
    except ConfigError:
        return None


def find_claims(folder: str | Path) -> tuple[Path, Path]:
    """``claims.jsonl`` and ``articles.jsonl`` of a run folder (or a claims file and its sibling)."""
    path = Path(folder)
    claims = claims_path(path) if path.is_dir() else path
    if not claims.exists():
        raise ConfigError(
            "E006", name="DIR", expected="a claimscope output folder holding claims.jsonl", got=str(folder)
        )
    return claims, articles_path(claims.parent)


def extract_statements(
    folder: str | Path,
    options: NetworkOptions | None = None,
    kb: KbLookup | None = None,
) -> StatementSet:
    """Statements of every claim in ``folder`` that passes the filters of ``options``.

    Duplicates are merged at the article level here unless ``options.duplicates``
    is ``include``; ``range`` duplicates are merged per network (see
    :func:`pipeline.network.statements.deduplicate`), so that a time window
    counts each position once within the window.
    """
    options = options or NetworkOptions()
    kb = kb or KbLookup(None)
    claims_file, articles_file = find_claims(folder)
    articles = ArticleIndex.read(articles_file)
    stats = ExtractionStats()
    date_from = parse_date(options.date_from).isoformat() if options.date_from else None
    date_to = parse_date(options.date_to).isoformat() if options.date_to else None
    merged: dict[tuple[str, ...], Statement] = {}
    raw: list[Statement] = []
    key_mode = "include" if options.duplicates == "include" else "document"
    for record in read_jsonl(claims_file):
        stats.claims_read += 1
        claim = Claim.from_dict(record)
        date = articles.dates.get(claim.doc_id)
        if (date_from or date_to) and date is None:
            stats.dropped["no_date"] += 1
            continue
        if date is not None and ((date_from and date < date_from) or (date_to and date > date_to)):
            stats.dropped["outside_dates"] += 1
            continue
        if options.labels == "human" and claim.label_source != "human":
            stats.dropped["not_human"] += 1
            continue
        made = claim_statements(claim, date, options, articles, kb, stats)
        if made:
            stats.claims_used += 1
        stats.statements_raw += len(made)
        if key_mode == "include":
            raw.extend(made)
            continue
        for st in made:
            k = st.key("document")
            seen = merged.get(k)
            if seen is None:
                merged[k] = st
            else:
                seen.merge(st)
    statements = raw if key_mode == "include" else list(merged.values())
    stats.statements = len(statements)
    return StatementSet(statements, stats, articles)


def _concepts(
    claim: Claim, options: NetworkOptions, stats: ExtractionStats
) -> list[tuple[str, str, str, float]]:
    """(concept id, concept type, agreement, score) pairs that pass the label filter."""
    human = claim.label_source == "human"
    threshold = options.min_score if options.labels == "model" and not human else 0.0
    found: list[tuple[str, str, str, float]] = []
    if options.concepts in ("targets", "both"):
        for target in claim.targets:
            if not target.id:
                continue
            if target.score < threshold:
                stats.dropped["low_score"] += 1
                continue
            found.append((target.id, "target", target.stance, 1.0 if human else target.score))
    if options.concepts in ("frames", "both"):
        # A frame has no stance: an actor who advances it is coded as agreeing with it.
        for frame in claim.frames:
            if frame.score < threshold:
                stats.dropped["low_score"] += 1
                continue
            found.append((frame.label, "frame", "favor", 1.0 if human else frame.score))
    return found


def _actors(
    claim: Claim, options: NetworkOptions, articles: ArticleIndex, kb: KbLookup
) -> list[tuple[str, str, str, str]]:
    """(actor id, actor type, name, role) of the claim's speaker and/or holder."""
    mention_types = {m.id: m.type for m in claim.actors if m.id}
    found: dict[str, tuple[str, str, str, str]] = {}
    sides: list[tuple[str, Any]] = []
    if options.actors in ("speaker", "both"):
        sides.append(("speaker", claim.speaker))
    if options.actors in ("holder", "both") and claim.holder is not None:
        sides.append(("holder", claim.holder))
        sides.extend(("holder", co) for co in claim.co_holders)
    for role, who in sides:
        if who is None or not who.id:
            continue
        actor_type = (
            mention_types.get(who.id) or articles.actor_types.get(who.id, ("", ""))[0] or kb.type_of(who.id)
        )
        if not actor_type and role == "speaker" and getattr(who, "kind", "") == "author":
            actor_type = "person"  # the writer of the article
        name = who.name or articles.actor_types.get(who.id, ("", ""))[1] or kb.name_of(who.id) or who.id
        if who.id in found:
            prev = found[who.id]
            found[who.id] = (prev[0], prev[1], prev[2], "speaker;holder")
        else:
            found[who.id] = (who.id, actor_type or "unknown", name, role)
    return list(found.values())


def claim_statements(
    claim: Claim,
    date: str | None,
    options: NetworkOptions,
    articles: ArticleIndex,
    kb: KbLookup,
    stats: ExtractionStats | None = None,
) -> list[Statement]:
    """Every (actor, concept) statement one claim makes under ``options``."""
    stats = stats if stats is not None else ExtractionStats()
    actors = _actors(claim, options, articles, kb)
    if not actors:
        stats.dropped["no_actor"] += 1
        return []
    if options.actor_types:
        kept = [a for a in actors if a[1] in options.actor_types]
        if not kept:
            stats.dropped["actor_type"] += 1
            return []
        actors = kept
    concepts = _concepts(claim, options, stats)
    if not concepts:
        stats.dropped["no_concept"] += 1
        return []
    out: list[Statement] = []
    for actor_id, actor_type, name, role in actors:
        for concept, concept_type, agreement, score in concepts:
            if concept == actor_id:
                continue  # a holder is also listed among the targets; no actor takes a stance on itself
            out.append(
                Statement(
                    actor=actor_id,
                    actor_type=actor_type,
                    concept=concept,
                    concept_type=concept_type,
                    agreement=agreement,
                    doc_id=claim.doc_id,
                    date=date,
                    claim_ids=[claim.claim_id],
                    actor_name=name,
                    role=role,
                    score=score,
                )
            )
    return out


__all__ = [
    "ArticleIndex",
    "ExtractionStats",
    "StatementSet",
    "claim_statements",
    "deduplicate",
    "extract_statements",
    "find_claims",
]
