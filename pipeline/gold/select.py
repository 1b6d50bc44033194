"""Choose the passages of the real gold corpus from the shared corpora (deterministic, seeded).

A passage is a stretch of one speech or transcript where a state or leader argues about alliances
and security: a UN General Debate paragraph, or an exchange of an Australian PM transcript (a
journalist's question with the Prime Minister's answer, speaker labels included). Passages are
chosen by a keyword score, then spread over documents, countries, years and corpora with caps, so
that no speaker dominates. The result is stand-off: ``corpus``, ``record_id``, offsets, SHA-256.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pipeline.gold.corpora import CorpusRecord, iter_records, sha256_text

STRONG = re.compile(
    r"\b(?:NATO|North Atlantic (?:Treaty|Alliance)|CSTO|Collective Security Treaty|Shanghai Cooperation|SCO|"
    r"AUKUS|Quad|Quadrilateral|ANZUS|SEATO|Warsaw Pact|Five Eyes|ASEAN Regional Forum|Article 5|"
    r"collective (?:defen[cs]e|security)|military (?:alliances?|blocs?|pacts?|bases?|presence)|blocs?|"
    r"[Nn]on-?[Aa]ligned|[Nn]on-?alignment|strategic autonomy|deterren(?:ce|t)|burden[- ]sharing|"
    r"(?:common )?(?:security and )?defen[cs]e polic(?:y|ies)|European (?:defen[cs]e|army)|alliances?|"
    r"Alliance|allies|coalitions? of the willing|security architecture|nuclear umbrella|arms race|"
    r"enlargement|expansion of NATO|NATO expansion|security guarantees?|minilateral\w*|coalition forces)\b"
)
NAMED = re.compile(
    r"\b(?:NATO|North Atlantic|CSTO|Collective Security Treaty|Shanghai Cooperation|AUKUS|Quad|Quadrilateral|"
    r"ANZUS|SEATO|Warsaw Pact|Five Eyes|ASEAN Regional Forum|Article 5)\b"
)
WEAK = re.compile(
    r"\b(?:security|defen[cs]e|military|partners?(?:hip)?s?|sovereignty|multilateral\w*|Security Council|"
    r"war|threats?|aggression|sanctions|nuclear|terroris\w+|peace\w*|conflicts?|troops|forces)\b",
    re.IGNORECASE,
)
PAGE_HEADER = re.compile(r"^\s*(?:\d+\s+)?\d{2}-\d{5}(?:\s+\d+)?\s*$|^\s*A/\d+/PV\.\d+\s*$|^\s*\d{1,3}\s*$")
"""UN verbatim-record page furniture ("09-52463 22", "A/64/PV.3", a page number): never part of a passage."""
TURN = re.compile(r"^[ \t]*([A-Z][A-Z .'’-]{1,40}|[A-Z][a-z]+ [A-Z][a-z]+):[ \t]*$", re.MULTILINE)
PM_LABELS = ("PRIME MINISTER", "PM")

MIN_WORDS = 35
MAX_WORDS = 230


@dataclass
class Passage:
    """A stand-off passage: ``text == record.text[start:end]``, checked by ``sha256``."""

    passage_id: str
    corpus: str
    record_id: str
    start: int
    end: int
    sha256: str
    words: int
    score: float
    named: list[str]
    country: str | None
    year: int | None
    release_type: str | None
    interview: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _words(text: str) -> int:
    return len(text.split())


def _un_paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Paragraph spans of a UN statement: one per line, a line broken mid-sentence joined to the next.

    Page furniture (:data:`PAGE_HEADER`) ends a paragraph and is never inside one.
    """
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    i = 0
    while i < len(lines):
        start, end = lines[i]
        if PAGE_HEADER.match(text[start:end]):
            i += 1
            continue
        while i + 1 < len(lines):
            current = text[start:end].rstrip()
            nxt = text[lines[i + 1][0] : lines[i + 1][1]]
            if PAGE_HEADER.match(nxt):
                break
            nxt = nxt.lstrip()
            if current.endswith((".", "!", "?", ":", "”", '"', ")", ";")) and not nxt[:1].islower():
                break
            i += 1
            end = lines[i][1]
        yield start, end
        i += 1


def _blocks(text: str) -> list[tuple[int, int]]:
    """Blank-line separated paragraphs of a transcript (offsets into ``text``).

    OCR'd transcripts break paragraphs mid-sentence: a block that does not end a sentence, or a
    block that starts in lower case, is joined to its neighbour.
    """
    raw = [(m.start(), m.end()) for m in re.finditer(r"\S(?:.|\n(?![ \t]*\n))*", text)]
    out: list[tuple[int, int]] = []
    for start, end in raw:
        if out:
            prev = text[out[-1][0] : out[-1][1]].rstrip()
            head = text[start:end].lstrip()
            if not prev.endswith((".", "!", "?", ":", "”", '"', ")", "'")) or head[:1].islower():
                out[-1] = (out[-1][0], end)
                continue
        out.append((start, end))
    return out


def _turns(text: str) -> list[tuple[str | None, int, int]]:
    """Speaker turns ``(label, start, end)``: a label line starts a turn that runs to the next label."""
    labels = [(m.group(1).strip(), m.start(), m.end()) for m in TURN.finditer(text)]
    if not labels:
        return []
    turns: list[tuple[str | None, int, int]] = []
    if text[: labels[0][1]].strip():
        turns.append((None, 0, labels[0][1]))
    for k, (label, start, _end) in enumerate(labels):
        stop = labels[k + 1][1] if k + 1 < len(labels) else len(text)
        turns.append((label, start, stop))
    return turns


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _sentence_window(text: str, start: int, end: int, focus: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` to whole sentences around ``focus`` within :data:`MAX_WORDS`."""
    bounds = [start] + [m.end() for m in re.finditer(r"(?<=[.!?])[”\"]?\s+(?=[A-Z“\"])", text[start:end])]
    bounds = [start] + [start + b for b in bounds[1:]] + [end]
    sents = [(bounds[k], bounds[k + 1]) for k in range(len(bounds) - 1)]
    k = next((i for i, (s, e) in enumerate(sents) if s <= focus < e), 0)
    lo = hi = k
    while True:
        grown = False
        for cand in ((lo - 1, hi), (lo, hi + 1)):
            a, b = cand
            if a >= 0 and b < len(sents) and _words(text[sents[a][0] : sents[b][1]]) <= MAX_WORDS * 0.75:
                lo, hi = a, b
                grown = True
                break
        if not grown:
            break
    return _trim(text, sents[lo][0], sents[hi][1])


def _score(span: str) -> tuple[float, list[str]]:
    strong = STRONG.findall(span)
    named = sorted({m for m in NAMED.findall(span)})
    weak = len(WEAK.findall(span))
    return 3.0 * len(strong) + 2.0 * len(named) + 0.5 * min(weak, 8), named


def _un_candidates(record: CorpusRecord) -> Iterator[tuple[int, int]]:
    text = record.text
    spans = list(_un_paragraphs(text))
    k = 0
    while k < len(spans):
        start, end = spans[k]
        # A short paragraph is joined with the next so that a passage carries an argument.
        while _words(text[start:end]) < MIN_WORDS and k + 1 < len(spans):
            k += 1
            end = spans[k][1]
        yield _trim(text, start, end)
        k += 1


def _transcript_candidates(record: CorpusRecord) -> Iterator[tuple[int, int]]:
    text = record.text
    turns = _turns(text)
    if len(turns) < 3:
        blocks = _blocks(text)
        k = 0
        while k < len(blocks):
            start, end = blocks[k]
            while _words(text[start:end]) < MIN_WORDS and k + 1 < len(blocks):
                k += 1
                end = blocks[k][1]
            yield _trim(text, start, end)
            k += 1
        return
    for k, (label, start, end) in enumerate(turns):
        is_pm = label is not None and label.upper().startswith(PM_LABELS)
        if is_pm and k > 0 and turns[k - 1][0] is not None:
            qstart = turns[k - 1][1]
            if _words(text[qstart:start]) <= 90:
                start = qstart
        yield _trim(text, start, end)


def _fit(record: CorpusRecord, start: int, end: int) -> tuple[int, int] | None:
    text = record.text
    span = text[start:end]
    if _words(span) <= MAX_WORDS:
        return (start, end) if _words(span) >= MIN_WORDS else None
    match = NAMED.search(span) or STRONG.search(span)
    if match is None:
        return None
    focus = start + match.start()
    # Keep a question's label and first line when the answer is cut around the keyword.
    lo, hi = _sentence_window(text, start, end, focus)
    return (lo, hi) if _words(text[lo:hi]) >= MIN_WORDS else None


def candidates(record: CorpusRecord) -> Iterator[Passage]:
    """Every passage of one record that names an alliance or security concept, with its score."""
    spans = _un_candidates(record) if record.corpus == "ungdc" else _transcript_candidates(record)
    interview = record.corpus != "ungdc" and len(_turns(record.text)) >= 3
    for raw_start, raw_end in spans:
        if not STRONG.search(record.text[raw_start:raw_end]):
            continue
        fitted = _fit(record, raw_start, raw_end)
        if fitted is None:
            continue
        start, end = fitted
        span = record.text[start:end]
        score, named = _score(span)
        if not named and len(WEAK.findall(span)) < 3:
            continue  # an alliance word in passing ("an alliance of civilizations"), not a security argument
        year = record.meta.get("year") or (int(str(record.meta.get("date", ""))[:4] or 0) or None)
        yield Passage(
            passage_id="",
            corpus=record.corpus,
            record_id=record.record_id,
            start=start,
            end=end,
            sha256=sha256_text(span),
            words=_words(span),
            score=round(score, 2),
            named=named,
            country=record.meta.get("iso3") if record.corpus == "ungdc" else "AUS",
            year=int(year) if year else None,
            release_type=record.meta.get("release_type"),
            interview=interview and bool(TURN.search(span)),
        )


@dataclass
class Quotas:
    """How many passages to take and how to spread them."""

    ungdc: int = 450
    au: int = 240
    per_record: int = 2
    per_record_au: int = 3
    per_country: int = 10
    au_before_1975: int = 40
    min_score: float = 5.0
    seed: int = 13


def select(corpus_dir: str | Path, quotas: Quotas | None = None) -> list[Passage]:
    """Choose the passages (deterministic for the same corpus files and quotas)."""
    q = quotas or Quotas()
    rng = random.Random(q.seed)
    chosen: list[Passage] = []
    for corpus, total in (("ungdc", q.ungdc), ("au-pm-transcripts", q.au)):
        pool: list[tuple[float, Passage]] = []
        for record in iter_records(corpus_dir, corpus):
            for p in candidates(record):
                if p.score >= q.min_score:
                    # Named alliances first, then the score, with a seeded jitter to spread choices.
                    pool.append((p.score + (6.0 if p.named else 0.0) + rng.uniform(0, 6.0), p))
        pool.sort(key=lambda sp: -sp[0])
        per_record: Counter[str] = Counter()
        per_country: Counter[str] = Counter()
        old = 0
        taken: dict[str, list[tuple[int, int]]] = defaultdict(list)
        cap = q.per_record if corpus == "ungdc" else q.per_record_au
        picked: list[Passage] = []
        # Two rounds: first one passage per record (breadth), then up to the per-record cap.
        for round_cap in (1, cap):
            for _, p in pool:
                if len(picked) >= total:
                    break
                if per_record[p.record_id] >= round_cap:
                    continue
                if any(p.start < e and s < p.end for s, e in taken[p.record_id]):
                    continue
                if corpus == "ungdc" and per_country[str(p.country)] >= q.per_country:
                    continue
                if corpus != "ungdc" and (p.year or 0) < 1975:
                    if old >= q.au_before_1975:
                        continue
                    old += 1
                per_record[p.record_id] += 1
                per_country[str(p.country)] += 1
                taken[p.record_id].append((p.start, p.end))
                picked.append(p)
        picked.sort(key=lambda p: (p.record_id, p.start))
        chosen.extend(picked)
    for p in chosen:
        p.passage_id = f"{'un' if p.corpus == 'ungdc' else 'au'}-{p.record_id}-{p.start}"
    return chosen


FRAME_CUES = re.compile(
    r"\b(?:burden[- ]sharing|fair share|free[- ]rid\w*|share of the (?:burden|cost)|per ?cent of (?:GDP|gross)|"
    r"defen[cs]e (?:spending|budgets?|expenditure)|hedg\w+|diversif\w+ (?:our|its|their) partner\w*|"
    r"keep (?:our|its|their) options open|non-alignment|multi-alignment|equidistan\w+|"
    r"strategic autonomy|European army|defend (?:itself|themselves)|in crisis|irrelevan\w+|obsolete|relic|"
    r"brain[- ]dead|falling apart|disintegrat\w+|collapse of|credibility of (?:the )?(?:alliance|deterrence|commitment)|"
    r"erosion of|hollow|coalitions? of the willing|flexib\w+|force multiplier|rapid reaction|interoperab\w+|"
    r"chain of command|command and control|defen[cs]e industr\w+|procurement|standardi[sz]ation|"
    r"transatlantic|rift between|containment|encircle\w*|contain (?:China|Russia|the Soviet)|integrated deterrence|"
    r"neutrality|neutral (?:state|country|status|stance)|balanced foreign policy|multi-?vector|take sides|"
    r"with all (?:the )?(?:major )?(?:powers|partners|sides)|pull (?:its|their|our) weight|do more|two-way|"
    r"share (?:the )?(?:load|costs?|responsibilit\w+)|military blocs?|bloc (?:mentality|politics|confrontation)|"
    r"Cold War mentality|credib\w+|deterr\w+)\b",
    re.IGNORECASE,
)
"""Words that signal the frames of ``configs/frames.jsonl`` (for the frame-rich supplement)."""


def select_frame_passages(
    corpus_dir: str | Path,
    taken: list[dict[str, Any]],
    total: int = 200,
    seed: int = 29,
    min_cues: int = 2,
    corpora: tuple[str, ...] = ("ungdc", "au-pm-transcripts"),
    per_country: int = 6,
) -> list[Passage]:
    """A supplement of passages dense in frame cues (frames are rare in general speech), from
    spans that overlap no passage already taken; at most one per record and ``per_country`` per
    state; a passage needs ``min_cues`` distinct cue words, and more cues rank first."""
    rng = random.Random(seed)
    used: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for p in taken:
        used[(p["corpus"], p["record_id"])].append((p["start"], p["end"]))
    pool: list[tuple[float, Passage]] = []
    for corpus in corpora:
        for record in iter_records(corpus_dir, corpus):
            spans = _un_candidates(record) if corpus == "ungdc" else _transcript_candidates(record)
            for raw_start, raw_end in spans:
                fitted = _fit(record, raw_start, raw_end)
                if fitted is None:
                    continue
                start, end = fitted
                if any(start < e and s < end for s, e in used[(corpus, record.record_id)]):
                    continue
                span = record.text[start:end]
                cues = len({m.lower() for m in FRAME_CUES.findall(span)})
                if cues < min_cues or len(WEAK.findall(span)) < 2:
                    continue
                score, named = _score(span)
                year = record.meta.get("year") or (int(str(record.meta.get("date", ""))[:4] or 0) or None)
                passage = Passage(
                    "",
                    corpus,
                    record.record_id,
                    start,
                    end,
                    sha256_text(span),
                    _words(span),
                    round(score, 2),
                    named,
                    record.meta.get("iso3") if corpus == "ungdc" else "AUS",
                    int(year) if year else None,
                    record.meta.get("release_type"),
                    corpus != "ungdc" and bool(TURN.search(span)),
                )
                pool.append((cues + 0.1 * min(score, 10) + rng.uniform(0, 1.0), passage))
    pool.sort(key=lambda sp: -sp[0])
    per_record: Counter[str] = Counter()
    by_country: Counter[str] = Counter()
    picked: list[Passage] = []
    for _, cand in pool:
        if len(picked) >= total:
            break
        if per_record[cand.record_id] or by_country[str(cand.country)] >= per_country:
            continue
        per_record[cand.record_id] += 1
        by_country[str(cand.country)] += 1
        picked.append(cand)
    for chosen in picked:
        chosen.passage_id = f"{'un' if chosen.corpus == 'ungdc' else 'au'}-{chosen.record_id}-{chosen.start}"
    return sorted(picked, key=lambda p: (p.corpus, p.record_id, p.start))
