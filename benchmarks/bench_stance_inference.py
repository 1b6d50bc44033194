"""Stance stages on the same gold claims: claims per second and quality, rules vs transformer.

Takes gold claims with their targets (default: the seeds' gold, annotations/test/seeds.jsonl;
evaluation only, nothing is tuned on it), parses each claim with the default pipeline's spaCy
stages (up to the parser/lemmatizer that the rule stage needs), attaches the gold targets,
then runs on identical copies:

- ``claimscope_stance_rules`` (the rule stage),
- ``claimscope_stance_transformer`` in ``replace``, ``ensemble`` and ``fallback`` modes.

Reports claims/s and pairs/s (model loading excluded, best of --repeats) and F_avg / macro-F1
with bootstrap 95% intervals against the gold stances. Writes bench_stance_inference.json.

    .venv/bin/python benchmarks/bench_stance_inference.py [--claims FILE] [--model models/NAME]
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.io import read_jsonl, write_json  # noqa: E402

SPACY_STAGES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")


def build_docs(nlp: Any, rows: list[dict[str, Any]]) -> list[Any]:
    from pipeline.components.claim_draft import ClaimDraft, get_claims

    docs = []
    for row in rows:
        doc = nlp.make_doc(row["text"])
        for name in SPACY_STAGES:
            if name in nlp.pipe_names:
                doc = nlp.get_pipe(name)(doc)
        targets = []
        for t in row.get("targets") or []:
            start = row["text"].find(t["text"]) if t.get("text") else -1
            if start < 0:
                continue
            targets.append(
                {
                    "id": t["id"],
                    "text": t["text"],
                    "start": start,
                    "end": start + len(t["text"]),
                    "type": None,
                    "stance": "neutral",
                    "score": 0.0,
                    "gold": t["stance"],
                }
            )
        get_claims(doc).append(ClaimDraft(span=doc[:], start=0, end=len(row["text"]), targets=targets))
        docs.append(doc)
    return docs


def reset(docs: list[Any], claims: list[list[Any]]) -> list[Any]:
    """Put fresh copies of the given claims (targets copied, spans shared) on the docs."""
    for doc, originals in zip(docs, claims, strict=True):
        doc._.claims = [
            dataclasses.replace(c, targets=copy.deepcopy(c.targets), provenance=dict(c.provenance))
            for c in originals
        ]
    return docs


def quality(docs: list[Any]) -> dict[str, Any]:
    from pipeline.components.claim_draft import get_claims
    from pipeline.metrics import classification_report

    pairs = [t for d in docs for c in get_claims(d) for t in c.targets]
    report = classification_report(
        [t["gold"] for t in pairs], [t["stance"] for t in pairs], ["favor", "against", "neutral"]
    )
    return {
        k: report[k]
        for k in ("n", "f_avg", "f_avg_ci95", "macro_f1", "macro_f1_ci95", "accuracy", "accuracy_ci95")
    }


def timed(docs: list[Any], claims: list[list[Any]], run: Callable[[list[Any]], Any], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        batch = reset(docs, claims)
        start = time.perf_counter()
        run(batch)
        best = min(best, time.perf_counter() - start)
    return best


def snapshot(docs: list[Any]) -> list[list[Any]]:
    from pipeline.components.claim_draft import get_claims

    return [[dataclasses.replace(c, targets=copy.deepcopy(c.targets)) for c in get_claims(d)] for d in docs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", default=str(ROOT / "annotations/test/seeds.jsonl"))
    parser.add_argument("--model", default="")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()

    import pipeline
    from pipeline.components.claim_draft import get_claims

    nlp = pipeline.load()
    rows = [r for r in read_jsonl(args.claims) if r.get("is_claim", True) is not False]
    docs = build_docs(nlp, rows)
    n_claims = len(docs)
    n_pairs = sum(len(c.targets) for d in docs for c in get_claims(d))
    result: dict[str, Any] = {
        "claims_file": os.path.relpath(args.claims, ROOT),
        "claims": n_claims,
        "pairs": n_pairs,
    }

    gold_claims = snapshot(docs)
    rules = nlp.get_pipe("claimscope_stance_rules")
    seconds = timed(docs, gold_claims, lambda batch: [rules(d) for d in batch], args.repeats)
    result["rules"] = {
        "seconds": round(seconds, 3),
        "claims_per_s": round(n_claims / seconds, 1),
        "pairs_per_s": round(n_pairs / seconds, 1),
        **quality(docs),
    }
    ruled = snapshot(docs)
    for mode in ("replace", "ensemble", "fallback"):
        stage = nlp.add_pipe(
            "claimscope_stance_transformer",
            name=f"stance_{mode}",
            config={"model_path": args.model, "mode": mode, "batch_size": args.batch_size},
        )
        stage.initialize()
        list(stage.pipe(reset(docs[:2], ruled[:2])))  # warm-up
        seconds = timed(
            docs, ruled, lambda batch, s=stage: list(s.pipe(batch, batch_size=args.batch_size)), args.repeats
        )
        result[f"transformer_{mode}"] = {
            "model": stage.tag,
            "seconds": round(seconds, 3),
            "claims_per_s": round(n_claims / seconds, 1),
            "pairs_per_s": round(n_pairs / seconds, 1),
            **quality(docs),
        }
    result["load_average_1min"] = round(os.getloadavg()[0], 2)
    result["cpus"] = os.cpu_count()
    result["note"] = (
        "best of repeats on a shared machine: compare ratios; the rule stage time excludes parsing"
    )
    write_json(Path(__file__).with_suffix(".json"), result)
    for key, value in result.items():
        print(key, value)


if __name__ == "__main__":
    main()
