"""Ingestion throughput and peak memory on a generated corpus (mixed formats).

Generates N synthetic op-ed-like articles (txt, md, html, jsonl; with page-break
splits, markdown links, emphasis, headings and a few near-duplicates) in a
temporary folder, ingests them in a fresh process per size, and reports
articles/s, MB/s (input bytes) and peak RSS. Ingestion streams, so peak memory
should stay flat as N grows. Results go to ``bench_ingest.json`` beside this file.

    .venv/bin/python benchmarks/bench_ingest.py            # sizes 500 and 2000
    .venv/bin/python benchmarks/bench_ingest.py --sizes 200 # quick look
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "bench_ingest.json"

WORDS = [
    "alliance",
    "deterrence",
    "coalition",
    "capabilities",
    "commitment",
    "credibility",
    "defence",
    "spending",
    "members",
    "treaty",
    "security",
    "partners",
    "regional",
    "flank",
    "command",
    "interoperability",
    "procurement",
    "strategy",
    "crisis",
    "uncertainty",
    "hedging",
    "autonomy",
    "burden",
    "sharing",
    "forces",
    "readiness",
    "exercises",
    "summit",
    "ministers",
    "allies",
    "threat",
    "posture",
    "logistics",
    "industry",
    "standards",
    "budget",
    "doctrine",
    "escalation",
    "rival",
    "naval",
    "airspace",
]
NAMES = ["Maria Kowalska", "Jonas Weber", "Aiko Tanaka", "Pierre Laurent", "Sofia Marin", "Tomas Novak"]
TITLES = [
    "Rethinking Deterrence",
    "The Limits of Coalitions",
    "Europe Alone",
    "After the Summit",
    "Hedging Season",
]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 24))]
    words[0] = words[0].capitalize()
    if rng.random() < 0.15:
        i = rng.randrange(1, len(words))
        words[i] = f"[{words[i]}](https://example.org/{words[i]})"
    if rng.random() < 0.1:
        i = rng.randrange(1, len(words))
        words[i] = f"*{words[i]}*"
    return " ".join(words) + rng.choice([".", ".", ".", "?"])


def _paragraphs(rng: random.Random, n: int) -> list[str]:
    paras = [" ".join(_sentence(rng) for _ in range(rng.randint(3, 6))) for _ in range(n)]
    # A page break in the middle of a sentence.
    i = rng.randrange(len(paras))
    cut = paras[i].rfind(" ", 0, len(paras[i]) // 2)
    paras[i] = paras[i][:cut] + "\n\n" + paras[i][cut + 1 :].lower()
    return paras


def _article_text(rng: random.Random, idx: int) -> tuple[str, str, str]:
    title = f"{rng.choice(TITLES)} {idx}"
    author = rng.choice(NAMES)
    paras = _paragraphs(rng, rng.randint(8, 14))
    paras.insert(len(paras) // 2, "A Question of Trust")
    return title, author, "\n\n".join(paras)


def generate(folder: Path, n: int, seed: int = 7) -> int:
    """Write n articles; returns total input bytes."""
    rng = random.Random(seed)
    jsonl_lines: list[str] = []
    total = 0
    previous = ""
    for idx in range(n):
        title, author, body = _article_text(rng, idx)
        if idx % 50 == 49 and previous:  # a republished near-duplicate
            body = previous.replace(" the ", " a ", 1)
        previous = body
        kind = idx % 4
        date = f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.2025"
        if kind == 0:
            data = f"{date}\n\n{title}\n\n{author}\n\n{body}\n"
            path = folder / f"a{idx:05d}.txt"
        elif kind == 1:
            data = f"# {title}\n\nBy {author}\n\n{body}\n"
            path = folder / "md" / f"a{idx:05d}.md"
        elif kind == 2:
            paras = "".join(f"<p>{p}</p>\n" for p in body.split("\n\n"))
            data = (
                f"<html><head><title>{title}</title><meta name='author' content='{author}'></head>"
                f"<body><nav>Home | World | Opinion</nav><article><h1>{title}</h1>{paras}</article>"
                f"<footer>Copyright 2025</footer></body></html>"
            )
            path = folder / "html" / f"a{idx:05d}.html"
        else:
            jsonl_lines.append(json.dumps({"text": body, "title": title, "author": author, "id": idx}))
            total += len(jsonl_lines[-1].encode("utf-8")) + 1
            if len(jsonl_lines) == 25:
                _flush_jsonl(folder, idx, jsonl_lines)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(data, encoding="utf-8")
        total += len(data.encode("utf-8"))
    if jsonl_lines:
        _flush_jsonl(folder, n, jsonl_lines)
    return total


def _flush_jsonl(folder: Path, idx: int, lines: list[str]) -> None:
    path = folder / "jsonl" / f"batch{idx:05d}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines.clear()


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def worker(folder: str, out: str) -> dict[str, float]:
    """Runs in a fresh process: ingest the folder, report time and memory."""
    sys.path.insert(0, str(ROOT))
    from pipeline.ingest import ingest, load_settings
    from pipeline.ingest.language import detect_language

    settings = load_settings()
    detect_language("warm up the language model once before timing starts", settings)
    rss_ready = _peak_rss_mb()
    start = time.perf_counter()
    result = ingest([folder], out=out, settings=settings)
    seconds = time.perf_counter() - start
    return {
        "articles": result.articles,
        "errors": result.errors,
        "duplicates": result.duplicates,
        "seconds": round(seconds, 3),
        "peak_rss_mb_before_ingest": round(rss_ready, 1),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
    }


def run(sizes: list[int]) -> dict[str, object]:
    results: list[dict[str, object]] = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="bench_ingest_") as tmp:
            corpus = Path(tmp) / "corpus"
            corpus.mkdir()
            input_bytes = generate(corpus, n)
            proc = subprocess.run(
                [sys.executable, __file__, "--worker", str(corpus), str(Path(tmp) / "out")],
                check=True,
                capture_output=True,
                text=True,
            )
            stats = json.loads(proc.stdout.strip().splitlines()[-1])
        seconds = float(stats["seconds"])
        row = {
            "n_articles": n,
            "input_mb": round(input_bytes / 1e6, 2),
            **stats,
            "articles_per_s": round(float(stats["articles"]) / seconds, 1),
            "mb_per_s": round(input_bytes / 1e6 / seconds, 2),
        }
        print(json.dumps(row))
        results.append(row)
    growth = float(results[-1]["peak_rss_mb"]) - float(results[0]["peak_rss_mb"])  # type: ignore[arg-type]
    return {
        "benchmark": "ingest",
        "python": platform.python_version(),
        "machine": f"{platform.machine()} {platform.system()}, {os.cpu_count()} cpus",
        "load_average_1m_at_end": round(os.getloadavg()[0], 2),  # timings are noisy when > cpus
        "results": results,
        "peak_rss_growth_mb_first_to_last": round(growth, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--worker", nargs=2, metavar=("FOLDER", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(*args.worker)))
        return
    report = run(args.sizes)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
