"""Load test of the review app on loopback: N concurrent annotators saving corrections.

Each annotator logs in, then (1) corrects its own claims (GET state, POST a stance change)
and (2) adds one target to a single shared claim, re-reading and retrying on 409 until it
lands. Bounded: a fixed number of saves and a wall-clock limit; it stops by itself.
Checks that no write was lost (every own correction stored, all N targets on the shared
claim, one history row per save) and that no request failed.

Run: .venv/bin/python benchmarks/bench_serve_load.py [--annotators 20] [--saves 10]
Writes benchmarks/bench_serve_load.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from pipeline.annotate.runfolder import RunData
from pipeline.io import write_json
from pipeline.serve.app import create_app
from pipeline.store import open_store
from pipeline.store.loader import load_run
from pipeline.store.models import ClaimRow, History
from pipeline.store.users import add_member, create_user, get_project
from pipeline.types import Article, Claim, Speaker, Target


def _synthetic_run(n_claims: int) -> RunData:
    sentence = "Claim {i} says NATO deters aggression. "
    text = "".join(sentence.format(i=i) for i in range(n_claims + 1))
    article = Article(doc_id="load-doc", source_path="load.txt", text=text)
    claims = []
    pos = 0
    for i in range(n_claims + 1):
        s = sentence.format(i=i)
        start, end = pos, pos + len(s) - 1
        t0 = text.index("NATO", start)
        claims.append(
            Claim(
                claim_id=f"load-{i}",
                doc_id="load-doc",
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
    return RunData(articles=[article], claims=claims)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_load(
    annotators: int = 20, saves: int = 10, time_limit: float = 120.0, db_dir: str | None = None
) -> dict[str, Any]:
    """Run the load test and return its measurements (raises nothing on failure: check the dict)."""
    import uvicorn

    os.environ.setdefault("CLAIMSCOPE_ARGON2_PROFILE", "CHEAPEST")  # logins are not what is measured
    folder = Path(db_dir or tempfile.mkdtemp(prefix="claimscope-load-"))
    store = open_store(f"sqlite:///{folder / 'load.db'}")
    n_claims = annotators * saves
    load_run(store, _synthetic_run(n_claims), "load")
    with store.session() as session:
        project = get_project(session, "load")
        for a in range(annotators):
            add_member(session, project, create_user(session, f"user{a}", f"password-{a}"))
        pid = project.id
        pks = {r.claim_id: r.id for r in session.scalars(select(ClaimRow).where(ClaimRow.project_id == pid))}
    shared_pk = pks[f"load-{n_claims}"]
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    base = f"http://127.0.0.1:{port}"
    latencies: list[float] = []
    errors: list[str] = []
    conflicts = [0]
    requests = [0]
    lock = threading.Lock()
    barrier = threading.Barrier(annotators)
    deadline = time.monotonic() + time_limit

    def call(client: httpx.Client, method: str, url: str, **kw: Any) -> httpx.Response:
        t0 = time.perf_counter()
        response = client.request(method, url, **kw)
        with lock:
            requests[0] += 1
            if method == "POST":
                latencies.append(time.perf_counter() - t0)
        return response

    def annotator(a: int) -> None:
        try:
            with httpx.Client(base_url=base, timeout=30) as client:
                token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)  # type: ignore[union-attr]
                client.post(
                    "/login", data={"username": f"user{a}", "password": f"password-{a}", "csrf_token": token}
                )
                csrf = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").text).group(1)  # type: ignore[union-attr]
                client.headers["X-CSRF-Token"] = csrf
                barrier.wait(timeout=60)
                for s in range(saves):
                    if time.monotonic() > deadline:
                        errors.append(f"user{a}: time limit reached")
                        return
                    url = f"/api/p/{pid}/c/{pks[f'load-{a * saves + s}']}"
                    state = call(client, "GET", url).json()
                    claim = state["claim"]
                    claim["targets"][0]["stance"] = "against"
                    r = call(client, "POST", url, json={"version": state["version"], "claim": claim})
                    if r.status_code != 200:
                        errors.append(f"user{a}: {r.status_code} {r.text[:200]}")
                url = f"/api/p/{pid}/c/{shared_pk}"
                while time.monotonic() < deadline:
                    state = call(client, "GET", url).json()
                    claim = state["claim"]
                    claim["targets"].append(
                        {"id": f"user{a}", "text": f"user{a}", "stance": "neutral", "score": 1.0}
                    )
                    r = call(client, "POST", url, json={"version": state["version"], "claim": claim})
                    if r.status_code == 200:
                        return
                    if r.status_code == 409:
                        with lock:
                            conflicts[0] += 1
                        continue
                    errors.append(f"user{a} shared: {r.status_code} {r.text[:200]}")
                    return
                errors.append(f"user{a}: time limit reached on the shared claim")
        except Exception as exc:  # a failed request is a measured error, not a crash
            errors.append(f"user{a}: {type(exc).__name__}: {exc}")

    started = time.perf_counter()
    workers = [threading.Thread(target=annotator, args=(a,)) for a in range(annotators)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=time_limit + 60)
    wall = time.perf_counter() - started
    server.should_exit = True
    thread.join(timeout=10)
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
    ordered = sorted(latencies)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)] if ordered else 0.0
    return {
        "annotators": annotators,
        "saves_per_annotator": saves,
        "requests": requests[0],
        "saves": len(latencies),
        "wall_seconds": round(wall, 3),
        "requests_per_second": round(requests[0] / wall, 1) if wall else 0.0,
        "save_latency_p50_ms": round(statistics.median(ordered) * 1000, 1) if ordered else 0.0,
        "save_latency_p95_ms": round(p95 * 1000, 1),
        "conflicts_409_retried": conflicts[0],
        "errors": errors,
        "lost_writes": lost,
        "shared_claim_missing_targets": missing,
        "history_edit_rows": edits,
        "expected_history_edit_rows": n_claims + annotators,
        "database": "sqlite (WAL)",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotators", type=int, default=20)
    parser.add_argument("--saves", type=int, default=10)
    parser.add_argument("--time-limit", type=float, default=120.0)
    args = parser.parse_args()
    result = run_load(args.annotators, args.saves, args.time_limit)
    write_json(Path(__file__).with_suffix(".json"), result)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
