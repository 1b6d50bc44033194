"""Pages of the review app as a newcomer meets them: titles in the queue, a help page, drawing a new claim."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select
from test_serve_review_flow import RUN, login

from pipeline.serve.app import create_app
from pipeline.store import open_store
from pipeline.store.edits import assign
from pipeline.store.loader import load_run
from pipeline.store.models import Assignment, ClaimRow, History
from pipeline.store.users import add_member, create_user, get_project

ARTICLES = [json.loads(line) for line in (RUN / "articles.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def env(tmp_path: Path):
    store = open_store(f"sqlite:///{tmp_path / 'p.db'}")
    load_run(store, RUN, "demo")
    with store.session() as session:
        demo = get_project(session, "demo")
        for name, role in (("ann", "annotator"), ("bob", "annotator"), ("rev", "reviewer")):
            add_member(session, demo, create_user(session, name, f"{name}-password", role))
        pid = demo.id
    assign(store, pid, ["ann"], 1)
    yield create_app(store), store, pid
    store.dispose()


def test_the_queue_shows_article_titles_not_ids(env) -> None:
    app, _store, pid = env
    page = login(app, "rev").get(f"/p/{pid}").text
    cells = re.findall(r'<td class="article-title">(.*?)</td>', page)
    assert cells and "Title of doc-unicode &lt;b&gt;bold?&lt;/b&gt;" in cells  # escaped, never rendered
    assert not any(a["doc_id"] == cell for a in ARTICLES for cell in cells if a.get("title"))


def test_the_help_page_explains_spans_blind_labelling_and_adjudication(env) -> None:
    app, _store, pid = env
    client = login(app, "ann")
    page = client.get("/help").text
    for anchor in ("spans", "blind", "adjudication", "agreement"):
        assert f'id="{anchor}"' in page
    assert "you do\nnot see the other annotators' labels" in page
    assert 'href="/help"' in client.get(f"/p/{pid}").text  # linked from every page header


def test_drawing_a_new_claim_from_a_selection(env) -> None:
    app, store, pid = env
    client = login(app, "ann")
    article = ARTICLES[0]
    text = article["text"]
    start = text.index("Beijing")
    end = text.index("Asia.") + len("Asia.")
    response = client.post(
        f"/api/p/{pid}/claims", json={"doc_id": article["doc_id"], "start": start, "end": end}
    )
    assert response.status_code == 201, response.text
    pk = response.json()["claim_pk"]
    assert client.get(response.json()["url"]).status_code == 200
    with store.session() as session:
        row = session.get(ClaimRow, pk)
        assert row is not None
        assert (
            row.data["text"]
            == text[start:end]
            == "Beijing (北京) will arguably gain influence 🚀 across Asia."
        )
        assert (row.status, row.label_source, row.data["label_source"]) == ("accepted", "human", "human")
        assert session.scalar(select(History.action).where(History.claim_pk == pk)) == "create"
        # ann works from assignments, so her new claim is assigned to her and in her queue
        assert session.scalar(select(Assignment.user_id).where(Assignment.claim_pk == pk)) is not None
    assert f"/c/{pk}?" in client.get(f"/p/{pid}").text
    again = client.post(
        f"/api/p/{pid}/claims", json={"doc_id": article["doc_id"], "start": start, "end": end}
    )
    assert again.status_code == 422 and "already exists" in again.json()["detail"]
    outside = client.post(
        f"/api/p/{pid}/claims", json={"doc_id": article["doc_id"], "start": 5, "end": 10**6}
    )
    assert outside.status_code == 422 and "[E410]" in outside.json()["detail"]
    bad = client.post(f"/api/p/{pid}/claims", json={"doc_id": article["doc_id"], "start": "5"})
    assert bad.status_code == 422
    no_csrf = login(app, "bob")
    no_csrf.headers.pop("X-CSRF-Token")
    assert (
        no_csrf.post(
            f"/api/p/{pid}/claims", json={"doc_id": article["doc_id"], "start": 0, "end": 4}
        ).status_code
        == 403
    )
