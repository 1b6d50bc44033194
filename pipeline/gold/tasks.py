"""Annotation tasks of the real gold and the annotators' label files.

A task is one passage as the annotator sees it: the normalised text, the claim boundaries the
segmenter suggests (``c1``, ``c2``...) and the actor mentions the linker found. **No model label**
(type, speaker, holder, stance, frames, hedges) is part of a task: annotators label blind
(guidelines section 13.1).

An annotator answers with one JSON line per passage::

    {"passage_id": "un-RUS_70_2015-0", "annotator": "a1",
     "claims": [{"from": "c1", "type": "evaluation", "speaker": {"kind": "author"}, "holder": null,
                 "targets": [{"id": "NATO", "text": "NATO", "stance": "against"}],
                 "frames": ["alliance-crisis"], "hedges": []},
                {"from": "c2", "text": "a corrected or split claim, exactly as in the passage", ...},
                {"from": null, "text": "a claim the segmenter missed", ...}],
     "rejected": ["c3"], "note": "free text"}

:func:`resolve` checks a line against its task and returns the claims with offsets, or every
problem found (the ``claimscope gold check`` command prints them for the annotator).
"""

from __future__ import annotations

import itertools
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline.io import read_jsonl
from pipeline.runfolder import articles_path, claims_path
from pipeline.types import CLAIM_TYPES, SPEAKER_KINDS, STANCES

ID_PATTERN = re.compile(r"^(?:[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*|[a-z0-9]+(?:-[a-z0-9]+)*)$")
"""Canonical ids: upper-case codes and acronyms (``USA``, ``WARSAW-PACT``) or lower-case hyphenated."""


@dataclass
class Suggestion:
    cid: str
    start: int
    end: int
    text: str


@dataclass
class Mention:
    text: str
    start: int
    end: int
    id: str | None
    type: str


@dataclass
class Task:
    passage_id: str
    header: str
    text: str
    speaker_id: str | None
    speaker_name: str | None
    suggestions: list[Suggestion] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    raw_offsets: list[list[int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Task:
        data = dict(data)
        data["suggestions"] = [Suggestion(**s) for s in data.get("suggestions", [])]
        data["mentions"] = [Mention(**m) for m in data.get("mentions", [])]
        return cls(**data)


def _header(article: dict[str, Any]) -> str:
    meta = article.get("metadata") or {}
    parts = [article.get("source") or "", str(article.get("published") or "")[:4]]
    if meta.get("country"):
        parts.append(str(meta["country"]))
    who = article.get("author") or "unknown speaker"
    if meta.get("post"):
        who += f" ({meta['post']})"
    parts.append(f"principal speaker: {who}")
    if meta.get("release_type"):
        parts.append(f"type: {meta['release_type']}")
    if article.get("title"):
        parts.append(f"title: {' '.join(str(article['title']).split())}")
    return " | ".join(p for p in parts if p)


def build_tasks(run_dir: str | Path) -> list[Task]:
    """Tasks from a ``claimscope run`` over materialised passages (boundaries and mentions only)."""
    run = Path(run_dir)
    claims_by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for claim in read_jsonl(claims_path(run)):
        claims_by_doc[claim["doc_id"]].append(claim)
    tasks: list[Task] = []
    for article in read_jsonl(articles_path(run)):
        meta = article.get("metadata") or {}
        claims = sorted(claims_by_doc.get(article["doc_id"], []), key=lambda c: (c["start"], c["end"]))
        mentions: dict[tuple[int, int], Mention] = {}
        for claim in claims:
            for actor in claim.get("actors", []):
                key = (actor["start"], actor["end"])
                mentions.setdefault(
                    key, Mention(actor["text"], *key, actor.get("id"), actor.get("type") or "")
                )
        speaker: dict[str, Any] = next(
            (c["speaker"] for c in claims if c["speaker"].get("kind") == "author"), {}
        )
        tasks.append(
            Task(
                passage_id=str(meta.get("doc_id") or article["doc_id"]),
                header=_header(article),
                text=article["text"],
                speaker_id=speaker.get("id"),
                speaker_name=article.get("author"),
                suggestions=[
                    Suggestion(f"c{k + 1}", c["start"], c["end"], c["text"]) for k, c in enumerate(claims)
                ],
                mentions=[mentions[k] for k in sorted(mentions)],
                raw_offsets=article.get("raw_offsets") or [],
            )
        )
    tasks.sort(key=lambda t: t.passage_id)
    return tasks


def render(tasks: Iterable[Task]) -> str:
    """The tasks as the annotator reads them (plain text, one section per passage)."""
    out: list[str] = []
    for task in tasks:
        out.append(f"### {task.passage_id}\n{task.header}\n\nTEXT:\n{task.text}\n\nSUGGESTED CLAIMS:")
        out.extend(f"{s.cid}: {s.text}" for s in task.suggestions)
        if not task.suggestions:
            out.append("(none)")
        listed = "; ".join(dict.fromkeys(f"{m.text} [{m.id or '?'}]" for m in task.mentions))
        out.append(f"\nMENTIONS FOUND: {listed or '(none)'}\n")
    return "\n".join(out)


@dataclass
class ResolvedTarget:
    id: str
    start: int
    end: int
    stance: str


@dataclass
class ResolvedClaim:
    start: int
    end: int
    type: str
    speaker: dict[str, Any]
    holder: dict[str, Any] | None
    targets: list[ResolvedTarget]
    frames: list[str]
    hedges: list[str]
    suggestion: list[str]


def _find(haystack: str, needle: str, lo: int, hi: int, near: int | None = None) -> tuple[int, int] | None:
    """``needle`` inside ``haystack[lo:hi]``: exact (closest to ``near``), then whitespace- and case-lenient."""
    needle = needle.strip()
    if not needle:
        return None
    hits = [m.start() for m in re.finditer(re.escape(needle), haystack[lo:hi])]
    if hits:
        best = min(hits, key=lambda h: abs(lo + h - near)) if near is not None else hits[0]
        return lo + best, lo + best + len(needle)
    pattern = r"\s*".join(re.escape(w) for w in needle.split())
    for flags in (0, re.IGNORECASE):
        found = list(re.finditer(pattern, haystack[lo:hi], flags))
        if found:
            m = min(found, key=lambda x: abs(lo + x.start() - near)) if near is not None else found[0]
            return lo + m.start(), lo + m.end()
    return None


def resolve(
    task: Task, label: dict[str, Any], frames: Iterable[str]
) -> tuple[list[ResolvedClaim], list[str], list[str]]:
    """Check one label line against its task: ``(claims, rejected suggestion ids, problems)``."""
    problems: list[str] = []
    frame_set = set(frames)
    by_cid = {s.cid: s for s in task.suggestions}
    covered: set[str] = set()
    rejected = [str(c) for c in label.get("rejected") or []]
    for cid in rejected:
        if cid not in by_cid:
            problems.append(f"rejected {cid!r} is not a suggestion of this passage")
        covered.add(cid)
    claims: list[ResolvedClaim] = []
    for k, raw in enumerate(label.get("claims") or []):
        where = f"claim {k + 1}"
        if not isinstance(raw, dict):
            problems.append(f"{where}: not an object")
            continue
        sources = raw.get("from")
        sources = [] if sources is None else [sources] if isinstance(sources, str) else list(sources)
        bad = [c for c in sources if c not in by_cid]
        if bad:
            problems.append(f"{where}: 'from' names unknown suggestion(s) {bad}")
            continue
        covered.update(sources)
        text = raw.get("text")
        if text:
            near = by_cid[sources[0]].start if sources else None
            span = _find(task.text, str(text), 0, len(task.text), near)
            if span is None:
                problems.append(f"{where}: text not found in the passage: {str(text)[:80]!r}")
                continue
        elif len(sources) == 1:
            span = (by_cid[sources[0]].start, by_cid[sources[0]].end)
        else:
            problems.append(f"{where}: give 'text' (required for new, merged or corrected claims)")
            continue
        where = f"claim {k + 1} ({task.text[span[0] : span[1]][:40]!r})"
        ctype = raw.get("type")
        if ctype not in CLAIM_TYPES:
            problems.append(f"{where}: type {ctype!r} is not one of {list(CLAIM_TYPES)}")
        speaker = dict(raw.get("speaker") or {})
        if speaker.get("kind") not in SPEAKER_KINDS:
            problems.append(
                f"{where}: speaker kind {speaker.get('kind')!r} is not one of {list(SPEAKER_KINDS)}"
            )
        elif speaker["kind"] == "author":
            speaker = {"id": task.speaker_id, "name": task.speaker_name, "kind": "author"}
        elif not speaker.get("id") or not ID_PATTERN.match(str(speaker["id"])) or not speaker.get("name"):
            problems.append(f"{where}: a {speaker['kind']} speaker needs a canonical 'id' and a 'name'")
        holder = raw.get("holder")
        if holder is not None and (
            not isinstance(holder, dict) or not holder.get("id") or not ID_PATTERN.match(str(holder["id"]))
        ):
            problems.append(f"{where}: holder must be null or {{'id': canonical id, 'name': as written}}")
        targets: list[ResolvedTarget] = []
        seen: set[str] = set()
        for t in raw.get("targets") or []:
            tid, mention, stance = t.get("id"), str(t.get("text") or ""), t.get("stance")
            if not tid or not ID_PATTERN.match(str(tid)):
                problems.append(f"{where}: target id {tid!r} is not a canonical id")
                continue
            if tid in seen:
                problems.append(f"{where}: target {tid} listed twice")
                continue
            seen.add(tid)
            if stance not in STANCES:
                problems.append(f"{where}: stance {stance!r} of {tid} is not one of {list(STANCES)}")
                continue
            found = _find(task.text, mention, span[0], span[1])
            if found is None:
                problems.append(f"{where}: target text {mention!r} ({tid}) is not inside the claim")
                continue
            targets.append(ResolvedTarget(str(tid), found[0], found[1], str(stance)))
        frames_given = [str(f) for f in raw.get("frames") or []]
        unknown = [f for f in frames_given if f not in frame_set]
        if unknown:
            problems.append(f"{where}: unknown frame(s) {unknown}; see configs/frames.jsonl")
        hedges = [str(h) for h in raw.get("hedges") or []]
        claim_text = task.text[span[0] : span[1]].lower()
        missing = [h for h in hedges if h.lower() not in claim_text]
        if missing:
            problems.append(f"{where}: hedge cue(s) {missing} do not occur in the claim")
        claims.append(
            ResolvedClaim(
                span[0], span[1], str(ctype), speaker, holder, targets, frames_given, hedges, sources
            )
        )
    missing_cids = [c for c in by_cid if c not in covered]
    if missing_cids:
        problems.append(
            f"suggestion(s) {missing_cids} are neither labelled (in a claim's 'from') nor rejected"
        )
    ordered = sorted(claims, key=lambda c: c.start)
    for a, b in itertools.pairwise(ordered):
        if b.start < a.end:
            problems.append(
                f"claims overlap: {task.text[a.start : a.end][:40]!r} and {task.text[b.start : b.end][:40]!r}"
            )
    return ordered, rejected, problems


def read_tasks(path: str | Path) -> dict[str, Task]:
    return {t["passage_id"]: Task.from_dict(t) for t in read_jsonl(path)}


def check_file(tasks: dict[str, Task], labels_path: str | Path, frames: Iterable[str]) -> list[str]:
    """Every problem of an annotator's label file, prefixed by line and passage."""
    problems: list[str] = []
    frames = list(frames)
    seen: set[str] = set()
    with Path(labels_path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                label = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"line {n}: not valid JSON ({exc})")
                continue
            pid = label.get("passage_id")
            if pid not in tasks:
                problems.append(f"line {n}: unknown passage_id {pid!r}")
                continue
            if pid in seen:
                problems.append(f"line {n}: passage {pid} labelled twice")
            seen.add(pid)
            _, _, found = resolve(tasks[pid], label, frames)
            problems.extend(f"line {n} ({pid}): {p}" for p in found)
    return problems
