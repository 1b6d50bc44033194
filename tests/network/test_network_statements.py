"""Statements read from the hand-made claims folder (see conftest.py for the table)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import ConfigError
from pipeline.network import KbLookup, NetworkOptions, deduplicate, extract_statements


def _rows(folder: Path, **opts: object) -> set[tuple[str, str, str, str, tuple[str, ...]]]:
    found = extract_statements(folder, NetworkOptions().with_overrides(**opts))
    return {(s.actor, s.concept, s.agreement, s.doc_id, tuple(s.claim_ids)) for s in found.statements}


def test_default_statements_merge_duplicates_per_document(claims_dir: Path) -> None:
    found = extract_statements(claims_dir)
    rows = {(s.actor, s.concept, s.agreement, s.doc_id, tuple(s.claim_ids)) for s in found.statements}
    # S1..S9 of conftest: c1 and c2 are one statement; c5 (score .4 < .5) gives none.
    assert rows == {
        ("USA", "minilateralism", "favor", "d1", ("c1", "c2")),
        ("GBR", "minilateralism", "favor", "d1", ("c3",)),
        ("GBR", "collective-defence", "against", "d1", ("c3",)),
        ("FRA", "minilateralism", "against", "d2", ("c4",)),
        ("FRA", "strategic-autonomy", "favor", "d2", ("c4",)),
        ("NATO", "collective-defence", "favor", "d3", ("c6",)),
        ("NATO", "minilateralism", "neutral", "d3", ("c6",)),
        ("FRA", "collective-defence", "favor", "d3", ("c7",)),
        ("USA", "strategic-autonomy", "against", "d3", ("c8",)),
    }
    # 8 claims read; 7 make statements (all but c5); 10 raw statements (c1..c8 minus c5,
    # c3/c4/c6 make two each: 1+1+2+2+2+1+1 = 10), 9 after merging c1+c2.
    assert found.stats.to_dict()["claims_read"] == 8
    assert found.stats.claims_used == 7
    assert found.stats.statements_raw == 10
    assert found.stats.statements == 9
    types = {s.actor: s.actor_type for s in found.statements}
    # USA/GBR/FRA from articles.jsonl, NATO from the claim's own actor mention.
    assert types == {"USA": "state", "GBR": "state", "FRA": "state", "NATO": "alliance"}
    assert {s.date for s in found.statements if s.doc_id == "d2"} == {"2024-02-15"}


def test_duplicates_include_keeps_every_claim(claims_dir: Path) -> None:
    rows = _rows(claims_dir, duplicates="include")
    # 10 statements: USA/minilateralism/favor/d1 twice, once per claim.
    assert len(rows) == 10
    assert ("USA", "minilateralism", "favor", "d1", ("c1",)) in rows
    assert ("USA", "minilateralism", "favor", "d1", ("c2",)) in rows


def test_range_duplicates_merge_across_documents(claims_dir: Path) -> None:
    found = extract_statements(claims_dir)
    # Every position of the fixture is in one document only, so "range" changes nothing;
    # a copy of S1 from another document (claim c99) collapses into S1:
    assert len(deduplicate(found.statements, "range")) == 9
    extra = [s.copy() for s in found.statements if s.actor == "USA" and s.concept == "minilateralism"]
    extra[0].doc_id, extra[0].date, extra[0].claim_ids = "d3", "2024-03-20", ["c99"]
    merged = deduplicate([*found.statements, *extra], "range")
    usa = [s for s in merged if s.actor == "USA" and s.concept == "minilateralism"]
    assert len(merged) == 9
    assert len(usa) == 1 and usa[0].claim_ids == ["c1", "c2", "c99"] and usa[0].date == "2024-01-10"


def test_label_filters(claims_dir: Path) -> None:
    # human only: c7 is the one human-corrected claim.
    assert _rows(claims_dir, labels="human") == {("FRA", "collective-defence", "favor", "d3", ("c7",))}
    # all labels: c5 (score .4) now counts, through its holder USA (its speaker has no id).
    rows = _rows(claims_dir, labels="all")
    assert ("USA", "collective-defence", "favor", "d2", ("c5",)) in rows and len(rows) == 10
    # model >= .85: c2 (.8), c3's collective-defence (.7) and c6's neutral (.8) drop;
    # c7 stays although its score is .5, because its label is human.
    rows = _rows(claims_dir, min_score=0.85)
    assert ("USA", "minilateralism", "favor", "d1", ("c1",)) in rows
    assert not any(r[:3] == ("GBR", "collective-defence", "against") for r in rows)
    assert not any(r[2] == "neutral" for r in rows)
    assert ("FRA", "collective-defence", "favor", "d3", ("c7",)) in rows
    assert len(rows) == 7


def test_actor_side_type_and_concept_filters(claims_dir: Path) -> None:
    # holder only, all labels: c5 (holder USA) is the only claim with a holder.
    assert _rows(claims_dir, actors="holder", labels="all") == {
        ("USA", "collective-defence", "favor", "d2", ("c5",))
    }
    # speaker only, all labels: c5's speaker has no id, so 9 statements as by default.
    assert len(_rows(claims_dir, actors="speaker", labels="all")) == 9
    # states only: NATO's two statements go.
    rows = _rows(claims_dir, actor_types=["state"])
    assert len(rows) == 7 and not any(r[0] == "NATO" for r in rows)
    # frames: c8's frame, coded as USA advancing it.
    assert _rows(claims_dir, concepts="frames") == {
        ("USA", "minilateralism-force-multiplier", "favor", "d3", ("c8",))
    }
    assert len(_rows(claims_dir, concepts="both")) == 10


def test_date_range(claims_dir: Path) -> None:
    rows = _rows(claims_dir, date_from="2024-02-01", date_to="2024-02-29")
    assert rows == {
        ("FRA", "minilateralism", "against", "d2", ("c4",)),
        ("FRA", "strategic-autonomy", "favor", "d2", ("c4",)),
    }


def test_kb_fills_types_when_nothing_else_does(claims_dir: Path, fake_kb: object) -> None:
    (claims_dir / "articles.jsonl").write_text(
        (claims_dir / "articles.jsonl").read_text().replace('"type":"state"', '"type":""')
    )
    found = extract_statements(claims_dir, kb=KbLookup(fake_kb))
    assert {s.actor: s.actor_type for s in found.statements}["USA"] == "state"


def test_bad_parameters_are_coded_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"\[E006\].*normalization"):
        NetworkOptions(normalization="pearson")
    with pytest.raises(ConfigError, match=r"\[E006\].*date_from"):
        NetworkOptions(date_from="last year")
    with pytest.raises(ConfigError, match=r"\[E006\]"):
        extract_statements(tmp_path / "missing")


def test_a_holder_listed_among_the_targets_makes_no_self_statement(tmp_path: Path) -> None:
    import json

    claim = {
        "claim_id": "h1", "doc_id": "d", "text": "Paris regards mini-NATOs as conspiracies.", "start": 0, "end": 41,
        "section": None, "type": "evaluation",
        "speaker": {"id": None, "name": None, "kind": "author"},
        "holder": {"id": "FRA", "name": "Paris"},
        "actors": [{"text": "Paris", "start": 0, "end": 5, "type": "state", "id": "FRA"}],
        "targets": [
            {"id": "minilateralism", "text": "mini-NATOs", "stance": "against", "score": 0.9},
            {"id": "FRA", "text": "Paris", "stance": "neutral", "score": 1.0},
        ],
        "frames": [], "hedged": False, "hedges": [], "label_source": "human", "provenance": {},
    }  # fmt: skip
    article = {"doc_id": "d", "source_path": "d.txt", "text": claim["text"], "published": "2026-01-01"}
    (tmp_path / "claims.jsonl").write_text(json.dumps(claim) + "\n", encoding="utf-8")
    (tmp_path / "articles.jsonl").write_text(json.dumps(article) + "\n", encoding="utf-8")
    rows = {(s.actor, s.concept, s.agreement) for s in extract_statements(tmp_path).statements}
    assert rows == {("FRA", "minilateralism", "against")}
