"""Compare two ``claimscope run`` output folders: are the outputs byte-identical?

    python scripts/compare_runs.py BEFORE AFTER [--ignore-run-key config --ignore-run-key config_hash]

Checked: ``articles.jsonl``, ``claims.jsonl`` and ``errors.jsonl`` byte for byte; every file of
``dataset/`` byte for byte except ``state.json`` (the ``datasets`` fingerprint), whose other fields
are compared; ``run.json`` key by key apart from its timing fields (``timings``, the per-second
rates of ``batch``) and any ``--ignore-run-key``. Prints one line per file and exits 1 when
anything differs. Used to show that a refactoring left the outputs unchanged (issue 12).

``--ingest-section-added``: the AFTER run records its ``[claimscope.ingest]`` settings in the
config (issue 12: they are part of the run config and its hash). The section is cut from the
AFTER config text, which must then equal the BEFORE text, and the config hashes are not compared.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

JSONL = ("articles.jsonl", "claims.jsonl", "errors.jsonl")
TIMING_KEYS = {"timings"}
TIMING_BATCH_KEYS = {"articles_per_second", "words_per_second"}
STATE_VOLATILE = {"_fingerprint"}


def _first_difference(a: bytes, b: bytes) -> str:
    for n, (la, lb) in enumerate(zip(a.splitlines(), b.splitlines(), strict=False), 1):
        if la != lb:
            return f"line {n} differs"
    return f"lengths differ ({len(a.splitlines())} vs {len(b.splitlines())} lines)"


def _without_ingest(config: str) -> str:
    start = config.find("[claimscope.ingest]")
    if start < 0:
        return config
    end = config.find("\n[", start + 1)
    return (config[:start] + (config[end + 1 :] if end >= 0 else "")).rstrip("\n")


def _run_json(path: Path, ignore: set[str], ingest_added: bool) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    for key in TIMING_KEYS | ignore:
        data.pop(key, None)
    if ingest_added:
        data["config"] = _without_ingest(data.get("config", "")).rstrip("\n")
        data.pop("config_hash", None)
        if isinstance(data.get("resume"), dict):
            data["resume"].pop("config_hash", None)
    batch = data.get("batch")
    if isinstance(batch, dict):
        for key in TIMING_BATCH_KEYS:
            batch.pop(key, None)
    return data


def compare(before: Path, after: Path, ignore: set[str], ingest_added: bool = False) -> list[str]:
    """Every difference between the two folders (empty when identical)."""
    problems: list[str] = []
    for name in JSONL:
        a, b = before / name, after / name
        if a.exists() != b.exists():
            problems.append(f"{name}: present in only one folder")
        elif a.exists() and a.read_bytes() != b.read_bytes():
            problems.append(f"{name}: {_first_difference(a.read_bytes(), b.read_bytes())}")
    da, db = before / "dataset", after / "dataset"
    files_a = sorted(p.relative_to(da) for p in da.rglob("*") if p.is_file()) if da.exists() else []
    files_b = sorted(p.relative_to(db) for p in db.rglob("*") if p.is_file()) if db.exists() else []
    if files_a != files_b:
        problems.append(f"dataset/: different files ({files_a} vs {files_b})")
    for rel in files_a if files_a == files_b else []:
        a, b = (da / rel).read_bytes(), (db / rel).read_bytes()
        if rel.name == "state.json":
            sa, sb = json.loads(a), json.loads(b)
            for key in STATE_VOLATILE:
                sa.pop(key, None)
                sb.pop(key, None)
            if sa != sb:
                problems.append(f"dataset/{rel}: differs")
        elif a != b:
            problems.append(f"dataset/{rel}: bytes differ")
    ra = _run_json(before / "run.json", ignore, ingest_added)
    rb = _run_json(after / "run.json", ignore, ingest_added)
    for key in sorted(set(ra) | set(rb)):
        if ra.get(key) != rb.get(key):
            problems.append(f"run.json: '{key}' differs")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--ignore-run-key", action="append", default=[], help="a run.json key to skip")
    parser.add_argument(
        "--ingest-section-added", action="store_true", help="AFTER records [claimscope.ingest] in its config"
    )
    args = parser.parse_args(argv)
    problems = compare(args.before, args.after, set(args.ignore_run_key), args.ingest_section_added)
    for line in problems:
        print(f"DIFF {line}")
    verdict = "identical" if not problems else f"{len(problems)} difference(s)"
    print(f"{args.before} vs {args.after}: {verdict}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
