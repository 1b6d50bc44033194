"""Benchmark: ``claimscope network`` on 100,000 synthetic claims.

Writes a synthetic run folder (articles.jsonl + claims.jsonl) to a temporary
directory, runs the network command in a fresh Python process (once with the
defaults, once with a 180-day window moving 90 days) and records wall-clock
seconds and the peak resident memory of that process in ``bench_network.json``.

    .venv/bin/python benchmarks/bench_network.py [--claims 100000]
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).with_suffix(".json")

STATES = [
    "USA",
    "GBR",
    "FRA",
    "DEU",
    "POL",
    "CAN",
    "ITA",
    "ESP",
    "TUR",
    "NLD",
    "NOR",
    "SWE",
    "FIN",
    "EST",
    "LVA",
    "LTU",
]
ALLIANCES = ["NATO", "EU", "AUKUS", "QUAD", "JEF", "CSTO", "SCO"]
CONCEPTS = [
    "minilateralism",
    "collective-defence",
    "article-5",
    "strategic-autonomy",
    "hedging",
    "burden-sharing",
    "deterrence",
    "defence-spending",
    "nuclear-sharing",
    "enlargement",
]
FRAMES = [
    "alliance-crisis",
    "burden-sharing",
    "strategic-hedging",
    "transatlantic-rift",
    "integrated-deterrence",
]


def make_corpus(folder: Path, n_claims: int, seed: int = 13) -> None:
    """A claims folder shaped like a real corpus: Zipf-like actor activity, 10 claims per article."""
    rng = random.Random(seed)
    persons = [f"person-{i:03d}" for i in range(250)]
    groups = [f"group-{i:02d}" for i in range(20)]
    extra_concepts = [f"concept-{i:02d}" for i in range(50)]
    actors = [(a, "state") for a in STATES] + [(a, "alliance") for a in ALLIANCES]
    actors += [(p, "person") for p in persons] + [(g, "group") for g in groups]
    weights = [1.0 / (i + 1) ** 0.8 for i in range(len(actors))]
    concepts = CONCEPTS + extra_concepts
    cweights = [1.0 / (i + 1) for i in range(len(concepts))]
    leaning = {(a, c): rng.random() for a, _ in actors for c in concepts}
    n_docs = max(n_claims // 10, 1)
    start = date(2023, 1, 1)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "articles.jsonl", "w", encoding="utf-8") as fh:
        for d in range(n_docs):
            rec = {
                "doc_id": f"doc{d:06d}",
                "source_path": f"doc{d}.txt",
                "text": "x" * 3000,
                "published": (start + timedelta(days=rng.randrange(730))).isoformat(),
                "actors": [
                    {"id": a, "type": t, "name": a, "mentions": 2} for a, t in rng.sample(actors[:40], 5)
                ],
            }
            fh.write(json.dumps(rec) + "\n")
    with open(folder / "claims.jsonl", "w", encoding="utf-8") as fh:
        for i in range(n_claims):
            doc = f"doc{i // 10:06d}"
            speaker_id, speaker_type = rng.choices(actors, weights)[0]
            holder = None
            mentions = [{"text": speaker_id, "start": 0, "end": 3, "type": speaker_type, "id": speaker_id}]
            if rng.random() < 0.3:
                hid, htype = rng.choices(actors, weights)[0]
                holder = {"id": hid, "name": hid}
                mentions.append({"text": hid, "start": 4, "end": 7, "type": htype, "id": hid})
            targets = []
            for c in set(rng.choices(concepts, cweights, k=rng.randint(1, 3))):
                r = rng.random()
                lean = leaning[(speaker_id, c)]
                stance = "neutral" if r < 0.15 else ("favor" if r < 0.15 + 0.85 * lean else "against")
                targets.append(
                    {"id": c, "text": c, "stance": stance, "score": round(rng.uniform(0.3, 1.0), 3)}
                )
            rec = {
                "claim_id": f"{doc}-c{i % 10}",
                "doc_id": doc,
                "text": "A synthetic claim sentence of ordinary length for the benchmark input.",
                "start": 0,
                "end": 70,
                "section": None,
                "type": "evaluation",
                "speaker": {"id": speaker_id, "name": speaker_id, "kind": "quoted"},
                "holder": holder,
                "actors": mentions,
                "targets": targets,
                "frames": [
                    {"label": f, "score": round(rng.uniform(0.3, 1.0), 3)} for f in rng.sample(FRAMES, 2)
                ],
                "hedged": False,
                "hedges": [],
                "label_source": "human" if rng.random() < 0.05 else "model",
                "provenance": {"targets": "claimscope_targets@0.1"},
            }
            fh.write(json.dumps(rec) + "\n")


_RUNNER = """
import resource, sys, time
from pipeline.cli import app
t = time.perf_counter()
try:
    app(sys.argv[1:], standalone_mode=False)
finally:
    print("BENCH", time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
"""


def run(args: list[str]) -> dict[str, float]:
    """Run the CLI in a fresh process; seconds (wall, including start-up) and peak RSS in MB."""
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _RUNNER, *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(proc.stdout + proc.stderr)
    line = next(x for x in proc.stdout.splitlines() if x.startswith("BENCH"))
    _, seconds, maxrss_kb = line.split()
    return {
        "seconds_wall": round(wall, 2),
        "seconds_command": round(float(seconds), 2),
        "peak_rss_mb": round(int(maxrss_kb) / 1024, 1),
        "output": proc.stdout.strip().splitlines()[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=100_000)
    ns = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "run"
        t = time.perf_counter()
        make_corpus(corpus, ns.claims)
        gen = time.perf_counter() - t
        size_mb = (corpus / "claims.jsonl").stat().st_size / 2**20
        default = run(["network", str(corpus), "--out", str(Path(tmp) / "net")])
        windows = run(
            [
                "network",
                str(corpus),
                "--out",
                str(Path(tmp) / "net_w"),
                "--window",
                "180",
                "--step",
                "90",
                "--normalization",
                "cosine",
            ]
        )
        manifest = json.loads((Path(tmp) / "net" / "network.json").read_text())
    result = {
        "claims": ns.claims,
        "claims_jsonl_mb": round(size_mb, 1),
        "generate_seconds": round(gen, 2),
        "statements": manifest["counts"]["statements"],
        "networks": manifest["networks"],
        "default": default,
        "window_180d_step_90d_cosine": windows,
        "limit_seconds": 60,
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
    }
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
