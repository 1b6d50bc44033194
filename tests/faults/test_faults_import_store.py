"""Label Studio imports into the store: validated as a whole first, then applied in one transaction, additive."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from fault_helpers import RUN, annotate, claimscope, exported_tasks, region, write_export
from sqlalchemy import func, select

from pipeline.annotate.offsets import Utf16Map
from pipeline.store import open_store
from pipeline.store.loader import load_run
from pipeline.store.models import Annotation, ClaimRow, History, User


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    store = open_store(url)
    load_run(store, RUN, "demo")
    store.dispose()
    return url


def store_state(url: str) -> dict[str, object]:
    """What an import must not change when it fails: every claim, label, user and history row."""
    store = open_store(url)
    try:
        with store.session() as session:
            claims = {
                r.claim_id: (r.status, r.version, r.label_source, r.data)
                for r in session.scalars(select(ClaimRow).order_by(ClaimRow.claim_id))
            }
            return {
                "claims": claims,
                "history": session.scalar(select(func.count()).select_from(History)),
                "annotations": session.scalar(select(func.count()).select_from(Annotation)),
                "users": sorted(session.scalars(select(User.username))),
            }
    finally:
        store.dispose()


def test_tasks_without_annotations_change_nothing(db: str, tmp_path: Path) -> None:
    tasks = exported_tasks()
    annotate(tasks[0])  # only doc-unicode was annotated in Label Studio (its predictions accepted)
    before = store_state(db)
    code, out = claimscope(
        "import", "--file", write_export(tmp_path / "ls.json", tasks), "--into", db, "--project", "demo"
    )
    assert code == 0, out
    after = store_state(db)
    for claim_id, (status, version, source, data) in before["claims"].items():  # type: ignore[union-attr]
        if not claim_id.startswith("c-u"):
            # claims of the two unannotated tasks: untouched, never marked obsolete
            assert after["claims"][claim_id] == (status, version, source, data), claim_id  # type: ignore[index]
    assert {c: s[0] for c, s in after["claims"].items() if c.startswith("c-u")} == {  # type: ignore[union-attr]
        "c-u1": "accepted",
        "c-u2": "accepted",
        "c-u3": "accepted",
    }


def test_a_bad_region_applies_nothing_and_says_what_to_fix(db: str, tmp_path: Path) -> None:
    tasks = exported_tasks()
    for task in tasks:
        annotate(task)
    # the annotator's edit of doc-plain: stance of c-p1's target (valid)...
    region(tasks[2], "c-p1_t0", "choices")["value"]["choices"] = ["against"]
    # ... and in doc-xss a claim whose start lies after its end (offsets 97-20)
    bad = region(tasks[1], "c-x1")
    bad["value"]["start"], bad["value"]["end"] = 97, 20
    before = store_state(db)
    code, out = claimscope(
        "import", "--file", write_export(tmp_path / "ls.json", tasks), "--into", db, "--project", "demo"
    )
    assert code == 2
    assert "[E411]" in out and "nothing was imported" in out
    assert "task 1" in out and "doc-xss" in out and "c-x1" in out and "97-20" in out
    assert store_state(db) == before  # no claim, label, history row or user added or changed


def test_every_problem_is_listed_at_once(db: str, tmp_path: Path) -> None:
    tasks = exported_tasks()
    for task in tasks:
        annotate(task)
    text = tasks[0]["data"]["text"]
    past_end = Utf16Map(text).length + 5
    region(tasks[0], "c-u1")["value"]["end"] = past_end  # outside the text
    region(tasks[0], "c-u2", "choices", "type")["value"]["choices"] = ["nonsense-type"]  # not a claim type
    region(tasks[1], "c-x1_t0", "choices", "stance")["value"]["choices"] = ["alien"]  # not a stance
    region(tasks[2], "c-p1")["value"]["start"] = "twelve"  # not an integer
    before = store_state(db)
    code, out = claimscope(
        "import", "--file", write_export(tmp_path / "ls.json", tasks), "--into", db, "--project", "demo"
    )
    assert code == 2 and "[E411]" in out and "4 problem" in out
    assert f"0-{past_end}" in out or str(past_end) in out
    assert "'nonsense-type'" in out and "evaluation, prediction, causal, prescription, factual" in out
    assert "'alien'" in out and "favor, against, neutral" in out
    assert "'twelve'" in out and "integer" in out
    assert "Traceback" not in out
    assert store_state(db) == before


def test_an_unknown_claim_label_is_refused_not_read_as_deleting_every_claim(db: str, tmp_path: Path) -> None:
    tasks = exported_tasks(["doc-unicode"])
    annotate(tasks[0])
    for item in tasks[0]["annotations"][0]["result"]:
        if item.get("type") == "labels" and item["value"]["labels"] == ["Claim"]:
            item["value"]["labels"] = ["Claims"]  # a renamed label in the project's labeling config
    before = store_state(db)
    code, out = claimscope(
        "import", "--file", write_export(tmp_path / "ls.json", tasks), "--into", db, "--project", "demo"
    )
    assert code == 2 and "[E411]" in out and "'Claims'" in out and "Claim, Target, Speaker, Holder" in out
    assert store_state(db) == before  # no claim rejected


def test_changed_article_text_is_refused(db: str, tmp_path: Path) -> None:
    tasks = exported_tasks(["doc-plain"])
    tasks[0]["data"]["text"] = "EDITED. " + tasks[0]["data"]["text"]  # every offset would shift by 8
    annotate(tasks[0])
    before = store_state(db)
    code, out = claimscope(
        "import", "--file", write_export(tmp_path / "ls.json", tasks), "--into", db, "--project", "demo"
    )
    assert code == 2 and "[E411]" in out and "doc-plain" in out and "text differs" in out
    assert store_state(db) == before


def test_duplicate_tasks_and_claim_ids_are_refused(db: str, tmp_path: Path) -> None:
    tasks = exported_tasks(["doc-plain"])
    annotate(tasks[0])
    tasks = [copy.deepcopy(tasks[0]) for _ in range(5)]  # the same task exported five times
    before = store_state(db)
    code, out = claimscope(
        "import", "--file", write_export(tmp_path / "ls.json", tasks), "--into", db, "--project", "demo"
    )
    assert (
        code == 2 and "[E411]" in out and "doc-plain" in out and "task 0" in out and "more than once" in out
    )
    assert store_state(db) == before


def test_a_valid_import_is_applied_whole(db: str, tmp_path: Path) -> None:
    tasks = exported_tasks()
    for task in tasks:
        annotate(task)
    region(tasks[2], "c-p1_t0", "choices")["value"]["choices"] = ["against"]
    code, out = claimscope(
        "import", "--file", write_export(tmp_path / "ls.json", tasks), "--into", db, "--project", "demo"
    )
    assert code == 0, out
    state = store_state(db)
    claims = state["claims"]
    assert all(status == "accepted" for status, *_ in claims.values())  # type: ignore[union-attr]
    assert claims["c-p1"][3]["targets"][0]["stance"] == "against"  # type: ignore[index]
    assert state["users"] == ["label-studio:7"]
