"""Load test of the review app on loopback: N writing annotators, with reads timed apart from writes.

The app runs in its own process (uvicorn, as ``claimscope serve`` does); the clients run here.

1. read-only baseline: R readers open claims (the claim page, then its API state) while
   nobody writes;
2. under load: N annotators write as fast as they can, each correcting its own claims (GET
   the state, POST a stance change) and then adding one target to a single shared claim,
   re-reading and retrying on 409 until it lands; meanwhile the same R readers keep opening
   claims.

Reads (page and API, from the readers) and writes (from the annotators) are timed
separately, so the effect of writers on readers shows; the annotators' own state reads are
reported too. Bounded: a fixed number of saves and a wall-clock limit; it stops by itself.
Checks that no write was lost (every own correction stored, all N targets on the shared
claim, one history row per save) and that no request failed.

Run: .venv/bin/python benchmarks/bench_serve_load.py [--annotators 20] [--saves 10] [--readers 4]
Writes benchmarks/bench_serve_load.json.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from pipeline.io import write_json
from pipeline.runfolder import RunData
from pipeline.store import open_store
from pipeline.store.loader import load_run
from pipeline.store.models import ClaimRow, History
from pipeline.store.users import add_member, create_user, get_project
from pipeline.types import Article, Claim, Speaker, Target

KINDS = (
    "page read, read-only",
    "API read, read-only",
    "page read, with writers",
    "API read, with writers",
    "annotators' state read, with writers",
    "write",
)
CLAIMS_PER_ARTICLE = 40
SERVER = """
import sys, uvicorn
from pipeline.serve.app import create_app
uvicorn.run(create_app(sys.argv[1]), host="127.0.0.1", port=int(sys.argv[2]), log_level="error")
"""


def _synthetic_run(n_claims: int, per_article: int = CLAIMS_PER_ARTICLE) -> RunData:
    """``n_claims + 1`` claims in articles of ``per_article`` claims (an op-ed has a few dozen)."""
    sentence = "Claim {i} says NATO deters aggression. "
    data = RunData()
    for first in range(0, n_claims + 1, per_article):
        numbers = range(first, min(first + per_article, n_claims + 1))
        doc_id = f"load-doc-{first // per_article}"
        text = "".join(sentence.format(i=i) for i in numbers)
        data.articles.append(Article(doc_id=doc_id, source_path=f"{doc_id}.txt", text=text))
        pos = 0
        for i in numbers:
            s = sentence.format(i=i)
            start, end = pos, pos + len(s) - 1
            t0 = text.index("NATO", start)
            data.claims.append(
                Claim(
                    claim_id=f"load-{i}",
                    doc_id=doc_id,
                    text=text[start:end],
                    start=start,
                    end=end,
                    section=None,
                    type="evaluation",
                    speaker=Speaker(None, None, "author"),
                    holder=None,
                    actors=[],
                    targets=[Target("NATO", "NATO", "favor", 0.5, t0, t0 + 4, "alliance")],
                    frames=[],
                    hedged=False,
                    hedges=[],
                    type_score=0.5,
                )
            )
            pos += len(s)
    return data


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_server(url: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CLAIMSCOPE_ARGON2_PROFILE": "CHEAPEST"}  # logins are not what is measured
    server = subprocess.Popen([sys.executable, "-c", SERVER, url, str(port)], env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("the review app did not start")


def _login(client: httpx.Client, username: str, password: str) -> None:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token, "no login form"
    client.post("/login", data={"username": username, "password": password, "csrf_token": token.group(1)})
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").text)
    assert csrf, f"{username} could not log in"
    client.headers["X-CSRF-Token"] = csrf.group(1)


def _percentiles(values: list[float]) -> dict[str, float]:
    """p50 and p95 in milliseconds (nearest rank), with the sample size."""
    if not values:
        return {"n": 0, "p50": 0.0, "p95": 0.0}
    ordered = sorted(values)

    def rank(q: float) -> float:
        return ordered[max(0, math.ceil(q * len(ordered)) - 1)] * 1000

    return {"n": len(ordered), "p50": round(rank(0.50), 1), "p95": round(rank(0.95), 1)}


def run_load(
    annotators: int = 20,
    saves: int = 10,
    time_limit: float = 120.0,
    db_dir: str | None = None,
    readers: int = 4,
    baseline_reads: int = 25,
) -> dict[str, Any]:
    """Run the load test and return its measurements (raises nothing on failure: check the dict)."""
    os.environ.setdefault("CLAIMSCOPE_ARGON2_PROFILE", "CHEAPEST")
    load_before = os.getloadavg()[0]
    folder = Path(db_dir or tempfile.mkdtemp(prefix="claimscope-load-"))
    url = f"sqlite:///{folder / 'load.db'}"
    store = open_store(url)
    n_claims = annotators * saves
    load_run(store, _synthetic_run(n_claims), "load")
    with store.session() as session:
        project = get_project(session, "load")
        for a in range(annotators):
            add_member(session, project, create_user(session, f"user{a}", f"password-{a}"))
        for r in range(readers):
            add_member(session, project, create_user(session, f"reader{r}", f"password-r{r}", "reviewer"))
        pid = project.id
        pks = {r.claim_id: r.id for r in session.scalars(select(ClaimRow).where(ClaimRow.project_id == pid))}
    shared_pk = pks[f"load-{n_claims}"]
    port = _free_port()
    server = _start_server(url, port)
    base = f"http://127.0.0.1:{port}"
    latencies: dict[str, list[float]] = {kind: [] for kind in KINDS}
    errors: list[str] = []
    conflicts = [0]
    requests = [0]
    lock = threading.Lock()
    writing = threading.Event()
    writers_done = threading.Event()
    deadline = time.monotonic() + time_limit

    def call(client: httpx.Client, kind: str, method: str, url: str, **kw: Any) -> httpx.Response:
        t0 = time.perf_counter()
        response = client.request(method, url, **kw)
        elapsed = time.perf_counter() - t0
        with lock:
            requests[0] += 1
            latencies[kind].append(elapsed)
            if response.status_code not in (200, 409):
                errors.append(f"{kind} {url}: {response.status_code} {response.text[:200]}")
        return response

    def reader(r: int, client: httpx.Client) -> None:
        phase, i = "read-only", 0
        while time.monotonic() < deadline:
            if phase == "read-only" and i >= baseline_reads:
                writing.wait(timeout=max(0.0, deadline - time.monotonic()))
                phase, i = "with writers", 0
            if phase == "with writers" and writers_done.is_set():
                return
            pk = pks[f"load-{(r * 7 + i * 13) % n_claims}"]
            call(client, f"page read, {phase}", "GET", f"/p/{pid}/c/{pk}")
            call(client, f"API read, {phase}", "GET", f"/api/p/{pid}/c/{pk}")
            i += 1

    def annotator(a: int, client: httpx.Client) -> None:
        writing.wait()
        for s in range(saves):
            if time.monotonic() > deadline:
                errors.append(f"user{a}: time limit reached")
                return
            url = f"/api/p/{pid}/c/{pks[f'load-{a * saves + s}']}"
            state = call(client, "annotators' state read, with writers", "GET", url).json()
            claim = state["claim"]
            claim["targets"][0]["stance"] = "against"
            call(client, "write", "POST", url, json={"version": state["version"], "claim": claim})
        url = f"/api/p/{pid}/c/{shared_pk}"
        while time.monotonic() < deadline:
            state = call(client, "annotators' state read, with writers", "GET", url).json()
            claim = state["claim"]
            claim["targets"].append({"id": f"user{a}", "text": f"user{a}", "stance": "neutral", "score": 1.0})
            r = call(client, "write", "POST", url, json={"version": state["version"], "claim": claim})
            if r.status_code == 200:
                return
            if r.status_code != 409:
                return
            with lock:
                conflicts[0] += 1
        errors.append(f"user{a}: time limit reached on the shared claim")

    def run(target: Any, name: str, password: str, *args: Any) -> None:
        try:
            with httpx.Client(base_url=base, timeout=60) as client:
                _login(client, name, password)
                target(*args, client)
        except Exception as exc:  # a failed request is a measured error, not a crash
            with lock:
                errors.append(f"{name}: {type(exc).__name__}: {exc}")

    try:
        reader_threads = [
            threading.Thread(target=run, args=(reader, f"reader{r}", f"password-r{r}", r))
            for r in range(readers)
        ]
        writer_threads = [
            threading.Thread(target=run, args=(annotator, f"user{a}", f"password-{a}", a))
            for a in range(annotators)
        ]
        for t in [*reader_threads, *writer_threads]:
            t.start()
        # The baseline first: every reader's read-only samples, nobody writing yet.
        while (
            len(latencies["page read, read-only"]) < baseline_reads * readers
            and time.monotonic() < deadline
            and any(t.is_alive() for t in reader_threads)
        ):
            time.sleep(0.05)
        started = time.perf_counter()
        writing.set()
        for t in writer_threads:
            t.join(timeout=time_limit + 60)
        wall = time.perf_counter() - started
        writers_done.set()
        for t in reader_threads:
            t.join(timeout=60)
    finally:
        server.terminate()
        server.wait(timeout=30)
    lost: list[str] = []
    with store.session() as session:
        rows = {r.claim_id: r for r in session.scalars(select(ClaimRow).where(ClaimRow.project_id == pid))}
        for i in range(n_claims):
            row = rows[f"load-{i}"]
            if row.data["targets"][0]["stance"] != "against" or row.version != 2:
                lost.append(row.claim_id)
        shared = rows[f"load-{n_claims}"]
        added = {t["id"] for t in shared.data["targets"]} - {"NATO"}
        missing = sorted({f"user{a}" for a in range(annotators)} - added)
        edits = session.scalar(select(func.count()).select_from(History).where(History.action == "edit"))
    store.dispose()
    timings = {kind: _percentiles(values) for kind, values in latencies.items()}
    loaded_reads = latencies["page read, with writers"] + latencies["API read, with writers"]
    return {
        "annotators": annotators,
        "saves_per_annotator": saves,
        "readers": readers,
        "requests": requests[0],
        "saves": len(latencies["write"]),
        "wall_seconds_with_writers": round(wall, 3),
        "writes_per_second": round(len(latencies["write"]) / wall, 1) if wall else 0.0,
        "latency_ms": timings,
        "read_p50_ms_with_writers": _percentiles(loaded_reads)["p50"],
        "read_p95_ms_with_writers": _percentiles(loaded_reads)["p95"],
        "write_p50_ms": timings["write"]["p50"],
        "write_p95_ms": timings["write"]["p95"],
        "conflicts_409_retried": conflicts[0],
        "errors": errors,
        "lost_writes": lost,
        "shared_claim_missing_targets": missing,
        "history_edit_rows": edits,
        "expected_history_edit_rows": n_claims + annotators,
        "database": "sqlite (WAL)",
        "server": "uvicorn, one process",
        "claims_per_article": CLAIMS_PER_ARTICLE,
        "machine": f"{os.cpu_count()} cores",
        # other work on the machine (1-minute load average before and after): latencies scale with it
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotators", type=int, default=20)
    parser.add_argument("--saves", type=int, default=10)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--time-limit", type=float, default=120.0)
    args = parser.parse_args()
    result = run_load(args.annotators, args.saves, args.time_limit, readers=args.readers)
    write_json(Path(__file__).with_suffix(".json"), result)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
