"""The bundled knowledge base is sound and answers membership questions by date."""

from __future__ import annotations

import json

import pytest

from pipeline.errors import KnowledgeBaseError
from pipeline.kb import default_kb_path, kb_files, load_kb


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def test_bundled_kb_has_no_problems(kb):
    assert kb.validate() == []


def test_ids_unique_across_files():
    seen: dict[str, str] = {}
    for file in kb_files():
        for line in file.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if "id" not in record:
                continue
            assert record["id"] not in seen, f"{record['id']} in {seen.get(record['id'])} and {file}"
            seen[record["id"]] = file.name


def test_state_ids_are_iso_alpha3(kb):
    pycountry = pytest.importorskip("pycountry")
    for state in kb.entities("state"):
        if state.id == "XKX":  # Kosovo: user-assigned code, no ISO entry
            continue
        assert pycountry.countries.get(alpha_3=state.id) is not None, state.id


def test_all_193_un_members_present(kb):
    members = [s for s in kb.entities("state") if s.extra.get("un_status") == "member"]
    assert len(members) == 193
    assert len(kb.members("UN")) == 193
    for observer in ("PSE", "VAT", "TWN", "XKX"):
        assert kb.get(observer) is not None
        assert observer not in kb.members("UN")


def test_membership_by_date(kb):
    assert "FIN" not in kb.members("NATO", "2022-01-01")
    assert "FIN" in kb.members("NATO", "2024-01-01")
    assert "SWE" not in kb.members("NATO", "2024-01-01")
    assert "SWE" in kb.members("NATO", "2024-03-07")
    assert len(kb.members("NATO")) == 32
    assert "GBR" in kb.members("EU", "2020-01-31")
    assert "GBR" not in kb.members("EU", "2020-02-01")
    assert len(kb.members("EU")) == 27
    assert kb.members("NORAD", "1990-01-01") == ["CAN", "USA"]
    assert kb.members("AUKUS", "2020-01-01") == []
    assert "IRN" in kb.members("SCO", "2024-01-01") and "BLR" not in kb.members("SCO", "2024-01-01")
    assert "GEO" in kb.members("CSTO", "1995-01-01") and "GEO" not in kb.members("CSTO")
    assert len(kb.members("JEF")) == 10


def test_memberships_of_a_state(kb):
    assert {"NATO", "JEF", "EU"} <= set(kb.memberships("FIN", "2024-06-01"))
    assert "NATO" not in kb.memberships("FIN", "2020-06-01")
    assert "CSTO" in kb.memberships("ARM")
    assert kb.memberships("GBR", "2019-01-01").count("EU") == 1


def test_aliases_and_lookup(kb):
    aliases = kb.aliases()
    assert aliases["U.S."] == ["USA"]
    assert aliases["Downing Street"] == ["GBR"]
    assert set(aliases["Brussels"]) == {"EU", "NATO", "BEL"}
    assert kb.lookup("the United Kingdom") == ["GBR"]
    assert kb.lookup("north atlantic treaty organisation") == ["NATO"]
    assert kb.lookup("European") == []  # an adjective of a continent, not a state
    assert kb.lookup("Atlantic") == []
    assert kb.get("donald-trump").roles[0].of == "USA"


def test_user_folder_and_merge(tmp_path):
    kb_dir = tmp_path / "kb"
    kb_dir.mkdir()
    for file in default_kb_path().glob("*"):
        if file.is_file():
            (kb_dir / file.name).write_bytes(file.read_bytes())
    (kb_dir / "user").mkdir()
    (kb_dir / "user" / "mine.jsonl").write_text(
        json.dumps({"id": "weimar-plus", "type": "group", "name": "Weimar+", "aliases": ["Weimar+"]})
        + "\n"
        + json.dumps(
            {
                "id": "NATO",
                "type": "alliance",
                "name": "NATO",
                "merge": True,
                "aliases": ["the Atlantic pact"],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    kb = load_kb(kb_dir)
    assert kb.get("weimar-plus").type == "group"
    assert "the Atlantic pact" in kb.get("NATO").aliases


def test_duplicate_id_is_an_error(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": "X-1", "type": "concept", "name": "x"}\n', encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"id": "X-1", "type": "concept", "name": "y"}\n', encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=r"\[E202\]"):
        load_kb(tmp_path)


def test_bad_line_and_missing_folder(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": "x", \n', encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=r"\[E201\].*a.jsonl:1"):
        load_kb(tmp_path)
    with pytest.raises(KnowledgeBaseError, match=r"\[E206\]"):
        load_kb(tmp_path / "nope")


def test_validate_reports_bad_dates_and_unknown_members(tmp_path):
    (tmp_path / "a.jsonl").write_text(
        json.dumps(
            {
                "id": "PACT",
                "type": "alliance",
                "name": "Pact",
                "members": [
                    {"id": "ZZZ", "from": "2020-13-01", "to": None},
                    {"id": "PACT", "from": "2021-01-01", "to": "2020-01-01"},
                ],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    problems = load_kb(tmp_path, strict=False).validate()
    text = "\n".join(problems)
    assert "'ZZZ' is not in the KB" in text
    assert "not an ISO date" in text
    assert "is after to" in text
    assert "lists itself" in text
    with pytest.raises(KnowledgeBaseError, match=r"\[E208\]"):
        load_kb(tmp_path)
