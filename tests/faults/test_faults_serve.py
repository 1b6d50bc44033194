"""The review app under hostile input: guessing, stolen cookies, huge and deep bodies, others' claims, a held write lock."""

from __future__ import annotations

import copy
import re
import sqlite3
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from fault_helpers import RUN
from sqlalchemy import func, select

from pipeline.serve.app import create_app
from pipeline.store import open_store
from pipeline.store.edits import assign
from pipeline.store.loader import load_run
from pipeline.store.models import ClaimRow, Comment, History
from pipeline.store.users import add_member, create_user, get_project


def _settings(**changes: Any) -> Any:
    from pipeline.serve.settings import load_serve_settings

    return replace(load_serve_settings(), **changes)


@pytest.fixture
def env(tmp_path: Path):
    db = tmp_path / "s.db"
    store = open_store(f"sqlite:///{db}")
    load_run(store, RUN, "demo")
    with store.session() as session:
        demo = get_project(session, "demo")
        for name in ("ann", "bob"):
            add_member(session, demo, create_user(session, name, f"{name}-password"))
        pid = demo.id
        pks = {r.claim_id: r.id for r in session.scalars(select(ClaimRow))}
    yield store, db, pid, pks
    store.dispose()


def _csrf(client: TestClient, path: str = "/login") -> str:
    page = client.get(path).text
    found = re.search(r'name="csrf_token" value="([^"]+)"', page) or re.search(
        r'name="csrf-token" content="([^"]+)"', page
    )
    assert found, page[:500]
    return found.group(1)


def _try_login(client: TestClient, username: str, password: str) -> Any:
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": _csrf(client)},
        follow_redirects=False,
    )


def login(app: Any, username: str) -> TestClient:
    client = TestClient(app, base_url="http://127.0.0.1")
    assert _try_login(client, username, f"{username}-password").status_code == 303
    client.headers["X-CSRF-Token"] = _csrf(client, "/")
    return client


def test_password_guessing_is_throttled_per_account(env) -> None:
    store, _, _, _ = env
    app = create_app(store, settings=_settings(login_backoff_seconds=0.5))
    client = TestClient(app)
    for _ in range(5):
        assert _try_login(client, "ann", "guess-guess").status_code == 401
    blocked = _try_login(client, "ann", "ann-password")  # even the right password waits now
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) >= 1
    assert "Too many failed logins" in blocked.text and "try again in" in blocked.text
    # another account from another address is not held back by ann's attacker
    other = TestClient(app, client=("10.0.0.9", 5000))
    assert _try_login(other, "bob", "bob-password").status_code == 303
    time.sleep(0.6)  # the back-off has passed
    assert _try_login(client, "ann", "ann-password").status_code == 303
    # the backoff doubles: 5 more failures now block for longer than the first time
    for _ in range(5):
        _try_login(client, "ann", "guess-guess")
    again = _try_login(client, "ann", "ann-password")
    assert again.status_code == 429


def test_parallel_guesses_are_counted_one_by_one(env) -> None:
    store, _, _, _ = env
    app = create_app(store, settings=_settings(login_backoff_seconds=30))
    clients = [TestClient(app, client=("192.0.2.1", 4000 + i)) for i in range(16)]
    tokens = [_csrf(c) for c in clients]
    codes: list[int] = []
    barrier = threading.Barrier(len(clients))

    def guess(client: TestClient, token: str) -> None:
        barrier.wait()
        form = {"username": "ann", "password": "guess-guess", "csrf_token": token}
        codes.append(client.post("/login", data=form, follow_redirects=False).status_code)

    threads = [threading.Thread(target=guess, args=pair) for pair in zip(clients, tokens, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [401] * 5 + [429] * 11  # only the free failures got an answer


def test_password_guessing_is_throttled_per_address(env) -> None:
    store, _, _, _ = env
    app = create_app(store, settings=_settings(login_backoff_seconds=30))
    attacker = TestClient(app, client=("203.0.113.5", 4000))
    for i in range(20):  # spraying many account names from one address
        assert _try_login(attacker, f"user{i}", "guess-guess").status_code == 401
    assert _try_login(attacker, "bob", "bob-password").status_code == 429
    assert TestClient(app, client=("198.51.100.7", 4000)).post  # another address still logs in:
    assert (
        _try_login(TestClient(app, client=("198.51.100.7", 4000)), "bob", "bob-password").status_code == 303
    )


def test_a_cookie_saved_before_logout_no_longer_works(env) -> None:
    store, _, pid, pks = env
    app = create_app(store)
    client = login(app, "ann")
    saved = dict(client.cookies)
    url = f"/api/p/{pid}/c/{pks['c-p1']}"
    assert client.get(url).status_code == 200
    assert client.post("/logout", data={"csrf_token": client.headers["X-CSRF-Token"]}).status_code in (
        200,
        303,
    )
    thief = TestClient(app, base_url="http://127.0.0.1", cookies=saved)
    assert thief.get(url).status_code == 401
    assert thief.get("/", follow_redirects=False).headers["location"] == "/login"


def test_a_password_change_ends_every_other_session(env) -> None:
    store, _, pid, pks = env
    app = create_app(store)
    laptop, phone = login(app, "ann"), login(app, "ann")
    url = f"/api/p/{pid}/c/{pks['c-p1']}"
    before = dict(laptop.cookies)
    changed = laptop.post(
        "/account/password",
        data={
            "current_password": "ann-password",
            "new_password": "a-much-better-passphrase",
            "repeat_password": "a-much-better-passphrase",
            "csrf_token": _csrf(laptop, "/account/password"),
        },
        follow_redirects=False,
    )
    assert changed.status_code == 303
    assert phone.get(url).status_code == 401  # the other session is revoked on the server
    assert TestClient(app, base_url="http://127.0.0.1", cookies=before).get(url).status_code == 401
    assert laptop.get(url).status_code == 200  # the session that changed it continues (a new one)
    fresh = TestClient(app, base_url="http://127.0.0.1")
    assert _try_login(fresh, "ann", "ann-password").status_code == 401
    assert _try_login(fresh, "ann", "a-much-better-passphrase").status_code == 303


def _history_rows(store: Any) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(History)) or 0)


def test_huge_bodies_are_refused_on_every_route(env) -> None:
    store, _, pid, pks = env
    app = create_app(store)
    client = login(app, "ann")
    url = f"/api/p/{pid}/c/{pks['c-p1']}"
    state = client.get(url).json()
    claim = copy.deepcopy(state["claim"])
    claim["hedges"] = ["x" * 10_000_000]  # a 10 MB claim
    rows = _history_rows(store)
    huge = client.post(url, json={"version": state["version"], "claim": claim})
    assert huge.status_code == 413 and "too large" in huge.json()["detail"]
    assert client.post(url + "/comments", json={"body": "y" * 3_000_000}).status_code == 413
    form = client.post("/login", data={"username": "ann", "password": "p" * 3_000_000, "csrf_token": "t"})
    assert form.status_code == 413
    # streamed without a Content-Length
    chunks = (b"z" * 65536 for _ in range(64))
    assert (
        client.post(
            url + "/comments", content=chunks, headers={"Content-Type": "application/json"}
        ).status_code
        == 413
    )
    assert _history_rows(store) == rows and client.get(url).json()["version"] == state["version"]
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Comment)) == 0


def test_deeply_nested_json_is_a_4xx_not_a_crash(env) -> None:
    store, _, pid, pks = env
    app = create_app(store)
    client = login(app, "ann")
    client = TestClient(
        app,
        base_url="http://127.0.0.1",
        cookies=dict(client.cookies),
        headers=dict(client.headers),
        raise_server_exceptions=False,
    )
    url = f"/api/p/{pid}/c/{pks['c-p1']}"
    deep = client.post(
        url, content=b"[" * 100_000 + b"]" * 100_000, headers={"Content-Type": "application/json"}
    )
    assert 400 <= deep.status_code < 500 and "nested" in deep.json()["detail"]
    deep_in_limit = client.post(url, content=b'{"version": 1, "claim": ' + b"[" * 5000 + b"]" * 5000 + b"}")
    assert 400 <= deep_in_limit.status_code < 500
    assert client.get(url).status_code == 200  # the app still answers


def test_an_annotator_cannot_save_a_claim_assigned_only_to_someone_else(env) -> None:
    store, _, pid, _pks = env
    assign(store, pid, ["ann", "bob"], 1)  # round robin: every claim has one annotator
    with store.session() as session:
        from pipeline.store.models import Assignment, User

        bob_id = session.scalar(select(User.id).where(User.username == "bob"))
        bobs = [pk for pk in session.scalars(select(Assignment.claim_pk).where(Assignment.user_id == bob_id))]
    app = create_app(store)
    ann = login(app, "ann")
    url = f"/api/p/{pid}/c/{bobs[0]}"
    state = ann.get(url).json()
    refused = ann.post(url, json={"version": state["version"], "status": "rejected"})
    assert refused.status_code == 403 and "assigned to" in refused.json()["detail"]
    assert ann.post(url + "/comments", json={"body": "mine now"}).status_code == 403
    assert ann.post(url + "/undo").status_code == 403
    assert ann.get(url).json()["status"] == "pending"
    bob = login(app, "bob")
    assert bob.post(url, json={"version": state["version"], "status": "rejected"}).status_code == 200


def test_out_of_vocabulary_labels_are_refused_by_the_app(env) -> None:
    store, _, pid, pks = env
    client = login(create_app(store), "ann")
    url = f"/api/p/{pid}/c/{pks['c-p1']}"
    state = client.get(url).json()
    claim = copy.deepcopy(state["claim"])
    claim["targets"][0]["stance"] = "alien"
    claim["type"] = "nonsense-type"
    refused = client.post(url, json={"version": state["version"], "claim": claim})
    assert refused.status_code == 422
    assert "'alien'" in refused.json()["detail"] and "'nonsense-type'" in refused.json()["detail"]
    assert client.get(url).json()["version"] == state["version"]


def test_reads_do_not_wait_for_a_writer(env) -> None:
    store, db, pid, pks = env
    app = create_app(store)
    client = login(app, "ann")
    url = f"/api/p/{pid}/c/{pks['c-p1']}"
    writer = sqlite3.connect(db, isolation_level=None, timeout=1)
    writer.execute("BEGIN IMMEDIATE")  # another process holds the write lock (a long load-run, say)
    writer.execute("UPDATE claims SET uncertainty = uncertainty WHERE id = ?", (pks["c-p2"],))
    results: list[int] = []

    def read() -> None:
        results.append(client.get(url).status_code)
        results.append(client.get(f"/p/{pid}/c/{pks['c-p1']}").status_code)
        results.append(client.get(f"/p/{pid}").status_code)

    thread = threading.Thread(target=read)
    thread.start()
    thread.join(timeout=10)
    blocked = thread.is_alive()
    writer.execute("ROLLBACK")
    writer.close()
    thread.join()
    assert not blocked, "a read waited for the write lock"
    assert results == [200, 200, 200]


def test_an_administrator_password_reset_ends_the_sessions(env, tmp_path: Path, monkeypatch) -> None:
    from fault_helpers import claimscope

    store, db, pid, pks = env
    app = create_app(store)
    client = login(app, "bob")
    url = f"/api/p/{pid}/c/{pks['c-p1']}"
    assert client.get(url).status_code == 200
    monkeypatch.setenv("CLAIMSCOPE_PASSWORD", "reset-by-the-admin")
    code, out = claimscope("users", "password", "bob", "--db", f"sqlite:///{db}")
    assert code == 0 and "1 session(s) ended" in out, out
    assert client.get(url).status_code == 401
    assert _try_login(TestClient(app), "bob", "reset-by-the-admin").status_code == 303
