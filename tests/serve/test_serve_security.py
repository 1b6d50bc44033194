"""Security of the review app: sessions, CSRF, project isolation, escaping of article text."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import select

from pipeline.serve.app import create_app
from pipeline.store import open_store
from pipeline.store.loader import load_run
from pipeline.store.models import ClaimRow, Project
from pipeline.store.users import add_member, create_user, get_project

RUN = Path(__file__).parents[1] / "annotate" / "data" / "run_unicode"


@pytest.fixture
def env(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 's.db'}")
    load_run(store, RUN, "demo")
    load_run(store, RUN, "other")
    with store.session() as session:
        demo, other = get_project(session, "demo"), get_project(session, "other")
        add_member(session, demo, create_user(session, "ann", "ann-password"))
        add_member(session, demo, create_user(session, "bob", "bob-password"))
        add_member(session, other, create_user(session, "eve", "eve-password"))
        ids = {
            (p.name, r.claim_id): r.id
            for p in (demo, other)
            for r in session.scalars(select(ClaimRow).where(ClaimRow.project_id == p.id))
        }
        pids = {p.name: p.id for p in session.scalars(select(Project))}
    app = create_app(store)
    yield app, ids, pids
    store.dispose()


def login(app, username):
    client = TestClient(app, base_url="http://127.0.0.1")
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = client.post(
        "/login",
        data={"username": username, "password": f"{username}-password", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    client.headers["X-CSRF-Token"] = re.search(
        r'name="csrf-token" content="([^"]+)"', client.get("/").text
    ).group(1)
    return client, response


def test_no_page_or_api_answers_without_session(env):
    app, ids, pids = env
    client = TestClient(app, base_url="http://127.0.0.1")
    cpk, pid = ids[("demo", "c-x1")], pids["demo"]
    checked = 0
    for route in iter_route_contexts(app.routes):  # routes of the included routers too
        path = getattr(route, "path", "")
        if path in ("/login",) or path.startswith("/static"):
            continue
        url = path.replace("{project_id}", str(pid)).replace("{claim_pk}", str(cpk)).replace("{fmt}", "json")
        for method in route.methods:
            if method == "HEAD":
                continue
            response = client.request(method, url, follow_redirects=False)
            checked += 1
            assert response.status_code in (303, 401, 403), (method, url, response.status_code)
            if response.status_code == 303:
                assert response.headers["location"] == "/login"
            assert "Critics argue" not in response.text
    assert checked >= 12


def test_session_cookie_is_httponly_and_samesite(env):
    app, _, _ = env
    _, response = login(app, "ann")
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie


def test_wrong_password_is_refused(env):
    app, _, _ = env
    client = TestClient(app)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    response = client.post("/login", data={"username": "ann", "password": "nope-nope", "csrf_token": token})
    assert response.status_code == 401
    assert client.get("/", follow_redirects=False).status_code == 303


def test_annotator_sees_only_assigned_projects(env):
    app, ids, pids = env
    client, _ = login(app, "ann")
    home = client.get("/").text
    assert "demo" in home and ">other<" not in home
    other_pk = ids[("other", "c-p1")]
    assert client.get(f"/p/{pids['other']}").status_code == 404
    assert client.get(f"/p/{pids['other']}/c/{other_pk}").status_code == 404
    assert client.get(f"/api/p/{pids['other']}/c/{other_pk}").status_code == 404
    # the other project's claim through this project's URL
    assert client.get(f"/api/p/{pids['demo']}/c/{other_pk}").status_code == 404
    assert client.get(f"/p/{pids['other']}/export?format=jsonl").status_code == 404
    state = client.get(f"/api/p/{pids['demo']}/c/{ids[('demo', 'c-p1')]}").json()
    write = client.post(
        f"/api/p/{pids['other']}/c/{other_pk}", json={"version": state["version"], "status": "rejected"}
    )
    assert write.status_code == 404
    eve, _ = login(app, "eve")
    assert eve.get(f"/api/p/{pids['other']}/c/{other_pk}").json()["status"] == "pending"


def test_writes_without_csrf_token_are_refused(env):
    app, ids, pids = env
    client, _ = login(app, "ann")
    url = f"/api/p/{pids['demo']}/c/{ids[('demo', 'c-p1')]}"
    version = client.get(url).json()["version"]
    token = client.headers.pop("X-CSRF-Token")
    assert client.post(url, json={"version": version, "status": "rejected"}).status_code == 403
    bad = client.post(
        url, json={"version": version, "status": "rejected"}, headers={"X-CSRF-Token": "forged"}
    )
    assert bad.status_code == 403
    assert client.post(url + "/undo").status_code == 403
    assert client.post(url + "/comments", json={"body": "hi"}).status_code == 403
    assert client.post("/logout", data={}).status_code == 403
    assert client.get(url).json()["status"] == "pending"
    ok = client.post(url, json={"version": version, "status": "rejected"}, headers={"X-CSRF-Token": token})
    assert ok.status_code == 200 and ok.json()["status"] == "rejected"


def test_article_html_renders_as_text(env):
    app, ids, pids = env
    client, _ = login(app, "ann")
    page = client.get(f"/p/{pids['demo']}/c/{ids[('demo', 'c-x1')]}")
    assert page.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text
    assert "<script>alert" not in page.text and "<img" not in page.text
    assert "<b>bold?</b>" not in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    # the JSON state island cannot close its <script> element either
    island = re.search(r'<script type="application/json" id="state">(.*?)</script>', page.text, re.S).group(1)
    assert "<" not in island and json.loads(island)["claim"]["text"].startswith("Critics argue that <img")


def test_stale_save_is_a_409_naming_who_changed_it(env):
    app, ids, pids = env
    ann, _ = login(app, "ann")
    bob, _ = login(app, "bob")
    url = f"/api/p/{pids['demo']}/c/{ids[('demo', 'c-p2')]}"
    state = ann.get(url).json()
    claim = copy.deepcopy(state["claim"])
    claim["targets"][0]["stance"] = "against"
    assert bob.post(url, json={"version": state["version"], "status": "accepted"}).status_code == 200
    conflict = ann.post(url, json={"version": state["version"], "claim": claim})
    assert conflict.status_code == 409
    assert "changed by bob" in conflict.json()["detail"]


def test_export_button_uses_the_converters(env):
    app, ids, pids = env
    client, _ = login(app, "ann")
    url = f"/api/p/{pids['demo']}/c/{ids[('demo', 'c-p3')]}"
    client.post(url, json={"version": client.get(url).json()["version"], "status": "rejected"})
    lines = client.get(f"/p/{pids['demo']}/export?format=jsonl").text.splitlines()
    assert {json.loads(line)["claim_id"] for line in lines} == {
        "c-u1",
        "c-u2",
        "c-u3",
        "c-x1",
        "c-x2",
        "c-p1",
        "c-p2",
    }
    tasks = client.get(f"/p/{pids['demo']}/export?format=label-studio").json()
    assert len(tasks) == 3 and all("predictions" in t for t in tasks)
    assert client.get(f"/p/{pids['demo']}/agreement.json").json()["project"] == "demo"
