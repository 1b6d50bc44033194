"""Store: migrations, append-only history, optimistic concurrency, undo, re-runs keep human corrections."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from pipeline.annotate.label_studio import to_tasks
from pipeline.annotate.label_studio_import import parse_export
from pipeline.annotate.store_import import import_label_studio
from pipeline.errors import ClaimscopeError, StoreError
from pipeline.runfolder import RunData, read_run
from pipeline.store import open_store
from pipeline.store.edits import assign, save, undo, view_of
from pipeline.store.loader import load_run
from pipeline.store.migrations import MIGRATIONS, Migration, current_version, upgrade
from pipeline.store.models import ClaimRow, History, User
from pipeline.store.queries import annotator_labels, queue, snapshot
from pipeline.store.users import add_member, authenticate, create_user, get_project

RUN = Path(__file__).parents[1] / "annotate" / "data" / "run_unicode"


@pytest.fixture
def store(tmp_path):
    s = open_store(f"sqlite:///{tmp_path / 'claims.db'}")
    load_run(s, RUN, "demo")
    with s.session() as session:
        project = get_project(session, "demo")
        for name, role in (("ann", "annotator"), ("bob", "annotator"), ("rev", "reviewer")):
            add_member(session, project, create_user(session, name, "password-" + name, role))
    yield s
    s.dispose()


def _row(store, claim_id):
    with store.session() as session:
        return session.scalar(select(ClaimRow).where(ClaimRow.claim_id == claim_id))


def test_schema_is_created_and_upgraded(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    engine = create_engine(url)
    assert upgrade(engine, MIGRATIONS[:1]) == [1]
    assert current_version(engine) == 1
    next_version = len(MIGRATIONS) + 1
    extra = Migration(
        next_version,
        "test column",
        lambda c: c.execute(text("ALTER TABLE comments ADD COLUMN edited INTEGER")),
    )
    assert upgrade(engine, [*MIGRATIONS, extra]) == [*range(2, next_version), next_version]
    assert upgrade(engine, [*MIGRATIONS, extra]) == []
    with pytest.raises(StoreError, match=r"\[E409\]"):
        upgrade(engine, MIGRATIONS)
    wal = open_store(url.replace("m.db", "w.db"))
    with wal.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_passwords_are_argon2_and_checked(store):
    with store.session() as session:
        user = session.scalar(select(User).where(User.username == "ann"))
        assert user.password_hash.startswith("$argon2id$")
        assert authenticate(session, "ann", "password-ann") is not None
        assert authenticate(session, "ann", "wrong") is None


def test_save_appends_history_and_stale_version_conflicts(store):
    row = _row(store, "c-p1")
    claim = copy.deepcopy(row.data)
    claim["targets"][0]["stance"] = "against"
    view = save(store, "ann", row.id, claim, "accepted", row.version)
    assert view.version == row.version + 1
    with pytest.raises(StoreError, match=r"\[E401\].*changed by ann.*version 2, yours 1"):
        save(store, "bob", row.id, claim, "rejected", row.version)
    with store.session() as session:
        rows = list(session.scalars(select(History).where(History.claim_pk == row.id).order_by(History.id)))
    assert [h.action for h in rows] == ["load", "edit"]
    assert rows[1].before["claim"]["targets"][0]["stance"] == "favor"
    assert rows[1].after["claim"]["targets"][0]["stance"] == "against"
    assert rows[1].after["claim"]["label_source"] == "human"
    # append-only: neither the ORM nor raw SQL may change a history row
    with pytest.raises(ClaimscopeError), store.session() as session:
        session.get(History, rows[0].id).action = "tampered"
    with pytest.raises(Exception, match="append-only"), store.engine.begin() as conn:
        conn.execute(text("DELETE FROM history"))


def test_undo_restores_previous_state_as_new_row(store):
    row = _row(store, "c-p2")
    save(store, "ann", row.id, None, "rejected", row.version)
    view = undo(store, "ann", row.id)
    assert view.status == "pending"
    with store.session() as session:
        actions = [
            h.action
            for h in session.scalars(select(History).where(History.claim_pk == row.id).order_by(History.id))
        ]
    assert actions[0] == "load" and actions[1] == "edit" and actions[2].startswith("undo:")


def test_boundaries_are_recut_from_article_text(store):
    row = _row(store, "c-u1")
    claim = dict(row.data, end=row.data["start"] + len("NATO 🛡️ is failing"), text="ignored")
    view = save(store, "ann", row.id, claim, None, row.version)
    assert view.claim["text"] == "NATO 🛡️ is failing"
    with pytest.raises(StoreError, match=r"\[E410\]"):
        save(store, "ann", row.id, dict(claim, end=10_000), None, view.version)


def test_rerun_keeps_human_corrections_and_flags_changed_text(store):
    row = _row(store, "c-p1")
    corrected = copy.deepcopy(row.data)
    corrected["targets"][0]["stance"] = "neutral"
    save(store, "ann", row.id, corrected, "accepted", row.version)
    rerun = read_run(RUN)
    for c in rerun.claims:
        c.targets = [type(t)(**{**t.to_dict(), "stance": "against"}) for t in c.targets]
    c2 = next(c for c in rerun.claims if c.claim_id == "c-p2")
    rerun_edit = next(c for c in rerun.claims if c.claim_id == "c-p1")
    rerun_edit.text = rerun_edit.text.replace("speed", "SPEED")  # the model's text for it changed
    rerun.claims = [c for c in rerun.claims if c.claim_id != "c-p3"]
    report = load_run(store, rerun, "demo")
    assert report.kept_human == 1 and report.needs_review == 1 and report.obsolete == 1
    after = _row(store, "c-p1")
    assert after.data["targets"][0]["stance"] == "neutral" and after.label_source == "human"
    assert after.needs_review is True
    assert _row(store, "c-p2").data["targets"][0]["stance"] == c2.targets[0].stance == "against"
    assert _row(store, "c-p3").status == "obsolete"


def test_blind_double_annotation_feeds_agreement(store):
    with store.session() as session:
        pid = get_project(session, "demo").id
    assert assign(store, pid, ["ann", "bob"], 2) == 16
    row = _row(store, "c-p1")
    for name, stance in (("ann", "favor"), ("bob", "against")):
        with store.session() as session:
            user = session.scalar(select(User).where(User.username == name))
            v = view_of(session, session.get(ClaimRow, row.id), user)
        assert v.target == "annotation" and v.version == 0
        claim = copy.deepcopy(v.claim)
        claim["targets"][0]["stance"] = stance
        save(store, name, row.id, claim, "accepted", v.version)
    assert _row(store, "c-p1").version == row.version  # shared claim untouched until adjudication
    with store.session() as session:
        labels = annotator_labels(session, pid)
        user = session.scalar(select(User).where(User.username == "ann"))
        assert len(queue(session, pid, user)) == 8
    assert labels["ann"]["c-p1"]["claim"]["targets"][0]["stance"] == "favor"
    assert labels["bob"]["c-p1"]["claim"]["targets"][0]["stance"] == "against"


def test_label_studio_import_into_store(store, tmp_path):
    data = read_run(RUN)
    tasks = json.loads(
        json.dumps(
            to_tasks(RunData(data.articles[:1], [c for c in data.claims if c.doc_id == "doc-unicode"]))
        )
    )
    result = copy.deepcopy(tasks[0]["predictions"][0]["result"])
    result = [r for r in result if not str(r.get("id", r.get("from_id"))).startswith("c-u3")]
    tasks[0]["annotations"] = [{"id": 1, "completed_by": 3, "result": result}]
    report = import_label_studio(store, parse_export(tasks), "demo")
    assert report.annotations == 3 and report.claims_updated == 3
    assert _row(store, "c-u3").status == "rejected"
    with store.session() as session:
        snap = snapshot(session, get_project(session, "demo").id)
    assert "c-u3" not in {c.claim_id for c in snap.claims}
    assert _row(store, "c-u1").label_source == "human"


def test_undo_of_a_first_blind_label_returns_to_model_output(store):
    with store.session() as session:
        pid = get_project(session, "demo").id
    assign(store, pid, ["ann", "bob"], 2)
    row = _row(store, "c-p2")
    save(store, "ann", row.id, None, "rejected", 0)
    view = undo(store, "ann", row.id)
    assert (view.target, view.status, view.version) == ("annotation", "pending", 2)
    assert view.claim["targets"] == row.model_data["targets"]
