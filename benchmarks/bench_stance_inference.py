"""Claims per second of the stance stages on the same claims: rules vs the transformer stage.

Parses team-written articles (annotations/train/documents.jsonl) with the default pipeline up
to ``claimscope_targets``, then times ``claimscope_stance_rules`` and
``claimscope_stance_transformer`` (mode=replace, the committed models/claimscope-stance
unless --model is given) on the same Docs. Model loading is excluded; best of --repeats.
Results go to bench_stance_inference.json beside this script.

    .venv/bin/python benchmarks/bench_stance_inference.py [--docs 20] [--model models/NAME]
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.io import read_jsonl, write_json  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20)
    parser.add_argument("--model", default="")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()

    import pipeline
    from pipeline.components.claim_draft import get_claims
    from pipeline.types import Article

    nlp = pipeline.load()
    articles = [Article.from_dict(r) for r in read_jsonl(ROOT / "annotations/train/documents.jsonl")][
        : args.docs
    ]
    upto = [name for name, _ in nlp.pipeline]
    upto = upto[: upto.index("claimscope_stance_rules")]
    docs = []
    for article in articles:
        doc = nlp.make_doc(article.text)
        doc._.article = article
        for name in upto:
            doc = nlp.get_pipe(name)(doc)
        docs.append(doc)
    claims = sum(len(get_claims(d)) for d in docs)
    pairs = sum(len(c.targets) for d in docs for c in get_claims(d))

    def timed(run) -> float:  # type: ignore[no-untyped-def]
        best = float("inf")
        for _ in range(args.repeats):
            batch = [copy.copy(d) for d in docs]
            for original, clone in zip(docs, batch, strict=True):
                clone._.claims = copy.deepcopy(get_claims(original))
            start = time.perf_counter()
            run(batch)
            best = min(best, time.perf_counter() - start)
        return best

    rules = nlp.get_pipe("claimscope_stance_rules")
    rule_s = timed(lambda batch: [rules(d) for d in batch])
    stage = nlp.add_pipe(
        "claimscope_stance_transformer",
        config={"model_path": args.model, "mode": "replace", "batch_size": args.batch_size},
    )
    stage.initialize()
    list(stage.pipe(docs[:2]))  # warm-up
    model_s = timed(lambda batch: list(stage.pipe(batch, batch_size=args.batch_size)))
    result = {
        "docs": len(docs),
        "claims": claims,
        "claim_target_pairs": pairs,
        "rules": {
            "seconds": round(rule_s, 3),
            "claims_per_s": round(claims / rule_s, 1),
            "pairs_per_s": round(pairs / rule_s, 1),
        },
        "transformer": {
            "model": stage.tag,
            "seconds": round(model_s, 3),
            "claims_per_s": round(claims / model_s, 1),
            "pairs_per_s": round(pairs / model_s, 1),
            "batch_size": args.batch_size,
        },
        "load_average_1min": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
        "note": "best of repeats; the machine is shared, compare the ratio rather than absolute numbers",
    }
    write_json(Path(__file__).with_suffix(".json"), result)
    print(result)


if __name__ == "__main__":
    main()
