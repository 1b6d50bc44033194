"""Review flow through the app: blind double labels, agreement page, adjudication, undo, comments."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from pipeline.serve.app import create_app
from pipeline.store import open_store
from pipeline.store.edits import assign
from pipeline.store.loader import load_run
from pipeline.store.models import ClaimRow
from pipeline.store.users import add_member, create_user, get_project

RUN = Path(__file__).parents[1] / "annotate" / "data" / "run_unicode"


@pytest.fixture
def env(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'r.db'}")
    load_run(store, RUN, "demo")
    with store.session() as session:
        demo = get_project(session, "demo")
        for name, role in (("ann", "annotator"), ("bob", "annotator"), ("rev", "reviewer")):
            add_member(session, demo, create_user(session, name, f"{name}-password", role))
        pid = demo.id
        cpk = session.scalar(select(ClaimRow.id).where(ClaimRow.claim_id == "c-p1"))
    assign(store, pid, ["ann", "bob"], 2)
    yield create_app(store), pid, cpk
    store.dispose()


def login(app, username):
    client = TestClient(app)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    client.post(
        "/login", data={"username": username, "password": f"{username}-password", "csrf_token": token}
    )
    client.headers["X-CSRF-Token"] = re.search(
        r'name="csrf-token" content="([^"]+)"', client.get("/").text
    ).group(1)
    return client


def test_blind_labels_agreement_and_adjudication(env):
    app, pid, cpk = env
    url = f"/api/p/{pid}/c/{cpk}"
    for name, stance in (("ann", "favor"), ("bob", "against")):
        client = login(app, name)
        state = client.get(url).json()
        assert state["target"] == "annotation"
        claim = copy.deepcopy(state["claim"])
        claim["targets"][0]["stance"] = stance
        assert client.post(url, json={"version": state["version"], "claim": claim}).status_code == 200
    ann = login(app, "ann")
    assert ann.get(f"/p/{pid}/adjudicate").status_code == 403
    report = ann.get(f"/p/{pid}/agreement.json").json()
    assert (
        report["fields"]["stance"]["kappa_mean"] == 0.0 or report["fields"]["stance"]["pairable_units"] == 1
    )
    assert "Krippendorff" in ann.get(f"/p/{pid}/agreement").text
    rev = login(app, "rev")
    page = rev.get(f"/p/{pid}/adjudicate").text
    assert "Adopt bob's label" in page and "Adopt ann's label" in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    version = rev.get(url).json()["version"]
    done = rev.post(
        f"/p/{pid}/c/{cpk}/adjudicate",
        data={"from_user": "bob", "version": str(version), "csrf_token": token},
    )
    assert done.status_code == 200, re.search(r"\[E4\d\d\][^<]*", done.text).group(0)
    final = rev.get(url).json()
    assert final["claim"]["targets"][0]["stance"] == "against" and final["status"] == "accepted"
    assert "c-p1" not in rev.get(f"/p/{pid}/adjudicate").text


def test_undo_and_comments_through_the_api(env):
    app, pid, cpk = env
    rev = login(app, "rev")  # not an assignee: edits the shared claim
    url = f"/api/p/{pid}/c/{cpk}"
    state = rev.get(url).json()
    assert (
        rev.post(url, json={"version": state["version"], "status": "rejected"}).json()["status"] == "rejected"
    )
    assert rev.post(url + "/undo").json()["status"] == "pending"
    assert rev.post(url + "/comments", json={"body": "<b>check</b> the boundary"}).status_code == 200
    page = rev.get(f"/p/{pid}/c/{cpk}").text
    assert "&lt;b&gt;check&lt;/b&gt; the boundary" in page and "undo:" in page
