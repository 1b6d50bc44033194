"""Build the team-written training set (``claims.jsonl``, ``documents.jsonl``, ``stats.json``).

The sentences live in ``src/docs_*.txt``, written and labelled by hand in a compact
line format so that the labels stay consistent; this script only expands that
format into the data contract, validates it and computes the label distributions.

Source format (one document per ``=== doc_id`` block)::

    === train-doc-001
    source: The Baltic Ledger
    author: Maren Holt
    title: A title line (becomes a non-claim heading record)
    published: 2025-03-14
    H: a section heading                              (non-claim)
    B: By Maren Holt, senior fellow                    (non-claim byline)
    N: a genuine question or meta sentence || targets  (non-claim)
    E: claim text || targets || frames || options      (E/P/C/R/F = claim type)
    (an empty line starts a new paragraph)

``targets``: ``mention=ID/f; other mention=ID/a`` (f favor, a against, n neutral);
the mention must occur verbatim in the text. ``frames``: space-separated short
codes (see ``FRAME_CODES``). ``options``: ``cw=0|1`` (check-worthiness; default by
type), ``q=ID:Name`` (quoted speaker), ``r=ID:Name`` (reported speaker),
``ho=ID:Name`` (holder), ``h=cue,cue`` or ``h=-`` (override detected hedges).

Run from the repository root: ``python annotations/train/build_claims.py``.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

FRAME_CODES: dict[str, str] = {
    "AC": "alliance-crisis",
    "CDO": "collective-defence-obsolete",
    "DE": "deterrence-erosion",
    "MFM": "minilateralism-force-multiplier",
    "BS": "burden-sharing",
    "SH": "strategic-hedging",
    "SA": "strategic-autonomy",
    "TR": "transatlantic-rift",
    "CF": "command-fragmentation",
    "DIF": "defence-industrial-fragmentation",
    "ID": "integrated-deterrence",
}
TYPE_CODES: dict[str, str] = {
    "E": "evaluation",
    "P": "prediction",
    "C": "causal",
    "R": "prescription",
    "F": "factual",
}
NON_CLAIM_CODES: dict[str, str] = {"H": "heading", "B": "byline", "N": "other"}
STANCE_CODES: dict[str, str] = {"f": "favor", "a": "against", "n": "neutral"}
# Default check-worthiness by claim type: facts with consequences, causal claims and
# predictions are what an analyst would verify; opinions and advice are not.
DEFAULT_CHECKWORTHY: dict[str, int] = {
    "evaluation": 0,
    "prediction": 1,
    "causal": 1,
    "prescription": 0,
    "factual": 1,
}
HEDGE_CUES: tuple[str, ...] = (
    "in all likelihood",
    "to some extent",
    "it is possible",
    "not necessarily",
    "is likely to",
    "are likely to",
    "appears likely",
    "would seem",
    "tends to",
    "tend to",
    "I suspect",
    "I believe",
    "arguably",
    "perhaps",
    "possibly",
    "probably",
    "presumably",
    "conceivably",
    "plausibly",
    "potentially",
    "apparently",
    "reportedly",
    "seemingly",
    "somewhat",
    "partly",
    "likely",
    "unlikely",
    "appears",
    "appear",
    "seems",
    "seem",
    "suggests",
    "may",
    "might",
    "could",
)


@dataclass
class Item:
    """One parsed source line."""

    code: str
    text: str
    targets: list[dict[str, str]] = field(default_factory=list)
    frames: list[str] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)
    paragraph: int = 0
    line: int = 0


@dataclass
class Doc:
    """One parsed source document."""

    doc_id: str
    meta: dict[str, str] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)


def slug(name: str) -> str:
    """Lower-case hyphenated id for a person's name."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def detect_hedges(text: str) -> list[str]:
    """Hedge cue words found in ``text``, longest cues first, no overlaps."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for cue in HEDGE_CUES:
        flags = 0 if cue in {"may", "I believe", "I suspect"} else re.IGNORECASE
        for m in re.finditer(rf"\b{re.escape(cue)}\b", text, flags):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), m.group(0).lower() if cue not in {"I believe", "I suspect"} else cue))
    return [cue for _, cue in sorted(found)]


def _split_targets(spec: str, where: str) -> list[dict[str, str]]:
    targets = []
    for part in filter(None, (p.strip() for p in spec.split(";"))):
        mention, _, rest = part.rpartition("=")
        tid, _, stance = rest.partition("/")
        if not mention or not tid or stance not in STANCE_CODES:
            raise ValueError(f"{where}: bad target spec {part!r}")
        targets.append({"id": tid.strip(), "text": mention.strip(), "stance": STANCE_CODES[stance]})
    return targets


def parse(path: Path) -> list[Doc]:
    """Parse one source file into documents."""
    docs: list[Doc] = []
    paragraph = 0
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        where = f"{path.name}:{lineno}"
        if line.startswith("==="):
            docs.append(Doc(doc_id=line[3:].strip()))
            paragraph = 0
            continue
        if not line:
            paragraph += 1
            continue
        if line.startswith("//"):
            continue
        doc = docs[-1]
        head, sep, body = line.partition(":")
        if head in {"source", "author", "title", "published"} and sep:
            doc.meta[head] = body.strip()
            continue
        if head not in TYPE_CODES and head not in NON_CLAIM_CODES:
            raise ValueError(f"{where}: unknown line code {head!r}")
        fields_ = [f.strip() for f in body.split("||")]
        fields_ += [""] * (4 - len(fields_))
        text, tspec, fspec, ospec = fields_[:4]
        if re.fullmatch(r"(\w+=[^/;\s]+\s*)+", tspec):  # options in the targets slot
            tspec, ospec = "", f"{tspec} {ospec}"
        frames = []
        for code in fspec.split():
            if "=" in code:  # options written in the frames slot when there are none
                ospec = f"{code} {ospec}"
                continue
            if code not in FRAME_CODES:
                raise ValueError(f"{where}: unknown frame code {code!r}")
            frames.append(FRAME_CODES[code])
        options = {}
        for opt in ospec.split():
            k, _, v = opt.partition("=")
            options[k] = v.replace("_", " ")
        doc.items.append(Item(head, text, _split_targets(tspec, where), frames, options, paragraph, lineno))
    return docs


def _person(spec: str) -> dict[str, str]:
    pid, _, name = spec.partition(":")
    return {"id": pid, "name": name}


def build(docs: list[Doc]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Expand parsed documents into claim records and article records."""
    claims: list[dict[str, Any]] = []
    articles: list[dict[str, Any]] = []
    for doc in docs:
        author = doc.meta["author"]
        title = doc.meta["title"]
        items = [Item("H", title, paragraph=-1), *doc.items]
        text = ""
        blocks: list[dict[str, Any]] = []
        section: str | None = None
        last_par: int | None = None
        for n, item in enumerate(items, 1):
            is_block = item.code in {"H", "B"}
            if is_block or last_par is None or item.paragraph != last_par:
                if text:
                    text += "\n\n"
                blocks.append({"start": len(text), "end": len(text), "kind": "paragraph"})
                if item.code == "H":
                    blocks[-1]["kind"] = "heading"
                elif item.code == "B":
                    blocks[-1]["kind"] = "byline"
            elif text:
                text += " "
            start = len(text)
            text += item.text
            blocks[-1]["end"] = len(text)
            last_par = None if is_block else item.paragraph
            is_claim = item.code in TYPE_CODES
            ctype = TYPE_CODES.get(item.code)
            speaker: dict[str, str] = {"id": slug(author), "name": author, "kind": "author"}
            if "q" in item.options:
                speaker = {**_person(item.options["q"]), "kind": "quoted"}
            elif "r" in item.options:
                speaker = {**_person(item.options["r"]), "kind": "reported"}
            holder = _person(item.options["ho"]) if "ho" in item.options else None
            hedges = detect_hedges(item.text) if is_claim else []
            if "h" in item.options:
                hedges = [] if item.options["h"] == "-" else item.options["h"].split(",")
            default_cw = DEFAULT_CHECKWORTHY[ctype] if ctype else 0
            claims.append(
                {
                    "doc_id": doc.doc_id,
                    "claim_id": f"{doc.doc_id}-c{n:02d}",
                    "text": item.text,
                    "start": start,
                    "end": len(text),
                    "section": section if item.code != "H" else None,
                    "type": ctype,
                    "speaker": speaker,
                    "holder": holder,
                    "targets": item.targets,
                    "frames": item.frames,
                    "hedged": bool(hedges),
                    "hedges": hedges,
                    "is_claim": is_claim,
                    "checkworthy": int(item.options.get("cw", default_cw)),
                    "block_kind": NON_CLAIM_CODES.get(item.code, "claim"),
                    "split": "train",
                    "annotator": "team",
                    "label_source": "human",
                    "source": doc.meta["source"],
                    "author": author,
                    "title": title,
                }
            )
            if item.code == "H" and item.paragraph >= 0:
                section = item.text
        articles.append(
            {
                "doc_id": doc.doc_id,
                "source_path": f"annotations/train/documents.jsonl#{doc.doc_id}",
                "title": title,
                "author": author,
                "source": doc.meta["source"],
                "url": None,
                "published": doc.meta.get("published"),
                "language": "en",
                "text": text,
                "blocks": blocks,
                "metadata": {"synthetic": True, "annotator": "team", "split": "train"},
            }
        )
    return claims, articles


def validate(claims: list[dict[str, Any]], articles: list[dict[str, Any]]) -> list[str]:
    """Problems found in the built records (empty when all is well)."""
    problems = []
    texts = {a["doc_id"]: a["text"] for a in articles}
    seen: set[str] = set()
    for c in claims:
        where = c["claim_id"]
        if c["claim_id"] in seen:
            problems.append(f"{where}: duplicate claim_id")
        seen.add(c["claim_id"])
        if texts[c["doc_id"]][c["start"] : c["end"]] != c["text"]:
            problems.append(f"{where}: offsets do not match the document text")
        for t in c["targets"]:
            if t["text"] not in c["text"]:
                problems.append(f"{where}: target mention {t['text']!r} not in text")
        if c["is_claim"] and not c["text"].strip():
            problems.append(f"{where}: empty claim")
        if not c["is_claim"] and c["checkworthy"]:
            problems.append(f"{where}: non-claim marked check-worthy")
    dupes = [t for t, n in Counter(c["text"] for c in claims).items() if n > 1]
    problems += [f"duplicate text: {t!r}" for t in dupes]
    return problems


def stats(claims: list[dict[str, Any]]) -> dict[str, Any]:
    """Label distributions over records, claims and claim-target pairs."""
    real = [c for c in claims if c["is_claim"]]
    pairs = [t for c in real for t in c["targets"]]
    by_target: dict[str, Counter[str]] = {}
    for t in pairs:
        by_target.setdefault(t["id"], Counter())[t["stance"]] += 1
    top = sorted(by_target.items(), key=lambda kv: -sum(kv[1].values()))
    return {
        "documents": len({c["doc_id"] for c in claims}),
        "records": len(claims),
        "claims": len(real),
        "non_claims": len(claims) - len(real),
        "non_claims_by_kind": dict(Counter(c["block_kind"] for c in claims if not c["is_claim"])),
        "claim_target_pairs": len(pairs),
        "stance": dict(Counter(t["stance"] for t in pairs).most_common()),
        "type": dict(Counter(c["type"] for c in real).most_common()),
        "speaker_kind": dict(Counter(c["speaker"]["kind"] for c in real).most_common()),
        "with_holder": sum(1 for c in real if c["holder"]),
        "hedged": sum(1 for c in real if c["hedged"]),
        "checkworthy": dict(Counter(str(c["checkworthy"]) for c in real).most_common()),
        "claims_without_frames": sum(1 for c in real if not c["frames"]),
        "frames": dict(Counter(f for c in real for f in c["frames"]).most_common()),
        "targets_distinct": len(by_target),
        "targets_top": {tid: dict(cnt) for tid, cnt in top[:30]},
    }


def stats_markdown(summary: dict[str, Any]) -> str:
    """The label-distribution section of the dataset card, as Markdown."""

    def table(title: str, counts: dict[str, int], total: int) -> list[str]:
        rows = [f"| {title} | count | share |", "|---|---:|---:|"]
        rows += [f"| `{k}` | {v} | {v / total:.1%} |" for k, v in counts.items()]
        return [*rows, ""]

    claims, pairs = summary["claims"], summary["claim_target_pairs"]
    lines = [
        f"- documents: **{summary['documents']}**; records: **{summary['records']}** "
        f"({summary['claims']} claims, {summary['non_claims']} non-claims: "
        + ", ".join(f"{v} {k}" for k, v in summary["non_claims_by_kind"].items())
        + ")",
        f"- claim-target pairs: **{pairs}** over {summary['targets_distinct']} distinct target ids",
        f"- hedged claims: {summary['hedged']} ({summary['hedged'] / claims:.1%}); "
        f"claims with a holder: {summary['with_holder']}; "
        f"claims without any frame: {summary['claims_without_frames']}",
        "",
        *table("stance (pairs)", summary["stance"], pairs),
        *table("claim type", summary["type"], claims),
        *table("speaker kind", summary["speaker_kind"], claims),
        *table("check-worthy", summary["checkworthy"], claims),
        *table("frame (claims)", summary["frames"], claims),
        "| target id | favor | against | neutral |",
        "|---|---:|---:|---:|",
    ]
    for tid, cnt in summary["targets_top"].items():
        lines.append(
            f"| `{tid}` | {cnt.get('favor', 0)} | {cnt.get('against', 0)} | {cnt.get('neutral', 0)} |"
        )
    return "\n".join(lines) + "\n"


def update_card(readme: Path, summary: dict[str, Any]) -> str | None:
    """README text with the statistics section regenerated (None when markers are absent)."""
    if not readme.exists():
        return None
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- stats:start -->", "<!-- stats:end -->"
    if start not in text or end not in text:
        return None
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    return f"{head}{start}\n{stats_markdown(summary)}{end}{tail}"


def main() -> int:
    """Build, validate and write the dataset files next to this script."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from pipeline.io import write_atomic, write_json, write_jsonl

    docs = [d for p in sorted((HERE / "src").glob("docs_*.txt")) for d in parse(p)]
    claims, articles = build(docs)
    problems = validate(claims, articles)
    for p in problems:
        print("PROBLEM", p, file=sys.stderr)
    if problems:
        return 1
    write_jsonl(HERE / "claims.jsonl", claims)
    write_jsonl(HERE / "documents.jsonl", articles)
    summary = stats(claims)
    write_json(HERE / "stats.json", summary)
    card = update_card(HERE / "README.md", summary)
    if card is not None:
        write_atomic(HERE / "README.md", card)
    print(json.dumps({k: v for k, v in summary.items() if k != "targets_top"}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
