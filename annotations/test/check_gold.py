"""Validate the team's gold claims of the seed articles.

Checks, for ``seeds.jsonl`` and ``non_claims.jsonl`` beside this file:

* every gold ``text`` occurs in its seed after the same cleanup ingestion does
  (markdown links reduced to their anchor text, emphasis markers removed,
  paragraphs split by a page break rejoined with one space, whitespace collapsed);
* labels are in the allowed sets of the contract (type, speaker kind, stance, frames);
* ids follow the contract's form (ISO alpha-3 / acronyms upper case, everything
  else lower-case hyphenated);
* targets' and hedges' texts occur inside the claim, ``hedged == bool(hedges)``;
* no heading, dateline, byline, bio or boilerplate line is annotated as a claim.

Usage::

    python annotations/test/check_gold.py [--seeds DIR]

The seeds are looked up in ``--seeds``, ``$CLAIMSCOPE_SEEDS`` or ``../shared/seeds``
next to the project; without them only the label checks run. Exit status 1 on problems.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline import types
from pipeline.components.lexicon import read_lexicon
from pipeline.paths import resolve_config_path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent.parent

# Label sets come from the records module and the configured frame taxonomy, declared once.
CLAIM_TYPES = frozenset(types.CLAIM_TYPES)
SPEAKER_KINDS = frozenset(types.SPEAKER_KINDS)
STANCES = frozenset(types.STANCES)
NON_CLAIM_KINDS = frozenset({"heading", "dateline", "byline", "bio", "boilerplate"})
FRAMES = frozenset(r["label"] for r in read_lexicon(resolve_config_path("", "frames.jsonl"))["records"])
# Upper case: ISO 3166-1 alpha-3 states and organisation acronyms; lower case hyphenated: the rest.
ID_RE = re.compile(r"^(?:[A-Z][A-Z0-9]{1,9}|[a-z0-9]+(?:-[a-z0-9]+)*)$")
CLAIM_FIELDS = (
    "source_file",
    "text",
    "section",
    "type",
    "speaker",
    "holder",
    "targets",
    "frames",
    "hedged",
    "hedges",
    "split",
    "annotator",
)

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|\*|__)(?=\S)(.+?)(?<=\S)\1", re.DOTALL)
_TERMINAL = re.compile(r"[.!?:;)\"”’]$")


def clean_paragraphs(raw: str) -> list[str]:
    """Paragraphs of a seed after the gold cleanup (see module docstring)."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    paragraphs: list[str] = []
    for line in text.split("\n"):
        line = re.sub(r"\s+", " ", line).strip()
        if not line:
            continue
        # A page break splits a paragraph mid-sentence: no closing punctuation, lower-case continuation.
        if paragraphs and not _TERMINAL.search(paragraphs[-1]) and line[0].islower():
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
    return paragraphs


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    """Records of a JSONL file, blank lines skipped."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _check_id(value: Any, where: str, *, nullable: bool) -> list[str]:
    if value is None:
        return [] if nullable else [f"{where}: id is null"]
    if not isinstance(value, str) or not ID_RE.match(value):
        return [f"{where}: id {value!r} does not follow the contract's form"]
    return []


def check_claim(rec: dict[str, Any], where: str) -> list[str]:
    """Label-level problems of one gold claim (no seed text needed)."""
    problems: list[str] = []
    missing = [f for f in CLAIM_FIELDS if f not in rec]
    if missing:
        return [f"{where}: missing fields {missing}"]
    text = rec["text"]
    if not isinstance(text, str) or not text.strip() or text != text.strip():
        problems.append(f"{where}: text empty or not stripped")
    if rec["type"] not in CLAIM_TYPES:
        problems.append(f"{where}: type {rec['type']!r} not in {sorted(CLAIM_TYPES)}")
    spk = rec["speaker"]
    if not isinstance(spk, dict) or spk.get("kind") not in SPEAKER_KINDS:
        problems.append(f"{where}: speaker kind must be one of {sorted(SPEAKER_KINDS)}")
    else:
        problems += _check_id(spk.get("id"), f"{where} speaker", nullable=spk["kind"] == "author")
        if spk["kind"] != "author" and not spk.get("name"):
            problems.append(f"{where}: a {spk['kind']} speaker needs a name")
    holder = rec["holder"]
    if holder is not None:
        problems += _check_id(holder.get("id"), f"{where} holder", nullable=False)
        if not holder.get("name") or holder["name"] not in text:
            problems.append(f"{where}: holder name {holder.get('name')!r} not in the claim text")
    seen: set[str] = set()
    for i, tgt in enumerate(rec["targets"]):
        problems += _check_id(tgt.get("id"), f"{where} target {i}", nullable=False)
        if tgt.get("stance") not in STANCES:
            problems.append(f"{where}: target {i} stance {tgt.get('stance')!r} not in {sorted(STANCES)}")
        if not tgt.get("text") or tgt["text"] not in text:
            problems.append(f"{where}: target text {tgt.get('text')!r} not in the claim text")
        if tgt.get("id") in seen:
            problems.append(f"{where}: target id {tgt.get('id')!r} listed twice")
        seen.add(tgt.get("id"))
    bad_frames = [f for f in rec["frames"] if f not in FRAMES]
    if bad_frames or len(set(rec["frames"])) != len(rec["frames"]):
        problems.append(f"{where}: frames {rec['frames']} unknown or repeated")
    if rec["hedged"] is not bool(rec["hedges"]):
        problems.append(f"{where}: hedged must equal bool(hedges)")
    for cue in rec["hedges"]:
        if cue.lower() not in text.lower():
            problems.append(f"{where}: hedge cue {cue!r} not in the claim text")
    if rec["split"] != "test" or rec["annotator"] != "team":
        problems.append(f"{where}: split must be 'test' and annotator 'team'")
    return problems


def check_against_seeds(
    claims: Iterable[dict[str, Any]], non_claims: Iterable[dict[str, Any]], seeds_dir: Path
) -> list[str]:
    """Problems found by comparing gold texts with the cleaned seeds."""
    problems: list[str] = []
    cache: dict[str, list[str]] = {}

    def paragraphs(name: str) -> list[str]:
        if name not in cache:
            cache[name] = clean_paragraphs((seeds_dir / name).read_text(encoding="utf-8"))
        return cache[name]

    non_claim_texts: dict[str, set[str]] = {}
    headings: dict[str, set[str]] = {}
    for i, rec in enumerate(non_claims):
        where = f"non_claims line {i + 1}"
        if rec.get("kind") not in NON_CLAIM_KINDS:
            problems.append(f"{where}: kind {rec.get('kind')!r} not in {sorted(NON_CLAIM_KINDS)}")
        if rec["text"] not in paragraphs(rec["source_file"]):
            problems.append(f"{where}: {rec['text']!r} is not a whole line of {rec['source_file']}")
        non_claim_texts.setdefault(rec["source_file"], set()).add(rec["text"])
        if rec.get("kind") == "heading":
            headings.setdefault(rec["source_file"], set()).add(rec["text"])
    for i, rec in enumerate(claims):
        where = f"seeds line {i + 1}"
        name = rec["source_file"]
        if not any(rec["text"] in p for p in paragraphs(name)):
            problems.append(f"{where}: text not found in cleaned {name}: {rec['text'][:60]!r}")
        if rec["text"] in non_claim_texts.get(name, set()):
            problems.append(f"{where}: a {name} non-claim line is annotated as a claim")
        if rec["section"] is not None and rec["section"] not in headings.get(name, set()):
            problems.append(f"{where}: section {rec['section']!r} is not a heading of {name}")
    return problems


def find_seeds(explicit: str | None = None) -> Path | None:
    """The seeds folder: ``explicit``, ``$CLAIMSCOPE_SEEDS`` or ``../shared/seeds``, if it exists."""
    for candidate in (explicit, os.environ.get("CLAIMSCOPE_SEEDS"), str(PROJECT.parent / "shared" / "seeds")):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", help="folder holding the seed articles")
    parser.add_argument("--gold", default=str(HERE / "seeds.jsonl"))
    parser.add_argument("--non-claims", default=str(HERE / "non_claims.jsonl"))
    args = parser.parse_args(argv)
    claims = load_jsonl(Path(args.gold))
    non_claims = load_jsonl(Path(args.non_claims))
    problems = [p for i, rec in enumerate(claims) for p in check_claim(rec, f"seeds line {i + 1}")]
    seeds = find_seeds(args.seeds)
    if seeds is None:
        print("seeds not found: text checks skipped (pass --seeds DIR)", file=sys.stderr)
    else:
        problems += check_against_seeds(claims, non_claims, seeds)
    for p in problems:
        print(p)
    print(f"{len(claims)} gold claims, {len(non_claims)} non-claim lines, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
