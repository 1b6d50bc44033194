"""Where the time goes: seconds per pipeline stage on distinct real text (UN General Debate).

Usage: python benchmarks/bench_stages.py [--articles 200] [--config configs/default.cfg]

Articles are cut from ../shared/corpora/ungdc (8 paragraphs each, as ``bench_pipeline.py``),
ingested, then passed through the pipeline one stage at a time (``pipe`` of each component over
the whole batch, in pipeline order) so each stage's wall time is measured alone, after a warm-up.
Results go to ``bench_stages.json`` beside this script (one file per config name).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--config", default="", help="pipeline config (default configs/default.cfg)")
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()

    from bench_pipeline import UNGDC, ungdc_articles

    from pipeline.components.claim_draft import ensure_extensions, get_claims
    from pipeline.engine import ArticleProcessor
    from pipeline.ingest import iter_articles
    from pipeline.types import Article

    if not UNGDC.exists():
        raise SystemExit(f"{UNGDC} not found: this benchmark reads real text from ../shared/corpora")
    ensure_extensions()
    processor = ArticleProcessor(args.config or None)
    nlp = processor.nlp
    with tempfile.TemporaryDirectory(prefix="claimscope-stages-") as tmp:
        path = ungdc_articles(Path(tmp) / "in.jsonl", args.articles + 10)
        articles = [a for a in iter_articles([path]) if isinstance(a, Article)]
    warm, articles = articles[:10], articles[10:]

    def docs_of(items: list[Article]) -> list:
        out = []
        for a in items:
            doc = nlp.make_doc(a.text)
            doc._.article = a
            out.append(doc)
        return out

    for _ in nlp.pipe(docs_of(warm)):
        pass
    words = sum(len(a.text.split()) for a in articles)
    timings: dict[str, float] = {}
    docs = docs_of(articles)
    for name, proc in nlp.pipeline:
        t0 = time.perf_counter()
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=args.batch_size))
        else:
            docs = [proc(d) for d in docs]
        timings[name] = time.perf_counter() - t0
    total = sum(timings.values())
    claims = sum(len(get_claims(d)) for d in docs)
    result = {
        "articles": len(articles),
        "words": words,
        "claims": claims,
        "seconds_total": round(total, 2),
        "words_per_s": round(words / total, 1),
        "stages": {
            name: {"seconds": round(s, 3), "share": round(s / total, 4)}
            for name, s in sorted(timings.items(), key=lambda kv: -kv[1])
        },
        "config": args.config or "configs/default.cfg",
        "source": "UN General Debate speeches cut into articles of 8 paragraphs",
    }
    name = Path(args.config).stem if args.config else "default"
    (HERE / f"bench_stages.{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
