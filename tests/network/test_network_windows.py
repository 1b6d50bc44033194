"""Moving time windows, checked against dates and networks worked out by hand."""

from __future__ import annotations

from pathlib import Path

from pipeline.network import KbLookup, build_networks, extract_statements, time_windows, windows_for


def test_window_boundaries() -> None:
    # 40-day windows moving 30 days from 2024-01-10 until one reaches 2024-03-20:
    # W1 2024-01-10 + 39 days = 2024-02-18 (Jan 10 + 21 = Jan 31, + 18 = Feb 18)
    # W2 starts Jan 10 + 30 = Feb 9; + 39 days = Mar 19 (2024 is a leap year: Feb 9 + 20 = Feb 29, + 19)
    # W3 starts Feb 9 + 30 = Mar 10, ends Apr 18 >= Mar 20: last window.
    got = [(w.start, w.end) for w in time_windows("2024-01-10", "2024-03-20", 40, 30)]
    assert got == [("2024-01-10", "2024-02-18"), ("2024-02-09", "2024-03-19"), ("2024-03-10", "2024-04-18")]
    # a range shorter than the window is one window
    assert len(time_windows("2024-01-10", "2024-01-12", 40, 30)) == 1


def test_one_network_per_window(claims_dir: Path, fake_kb: object) -> None:
    statements = extract_statements(claims_dir).statements
    kb = KbLookup(fake_kb)
    windows = list(windows_for(statements, 40, 30))
    # W1 holds d1 + d2 (S1-S5), W2 only d2 (S4, S5), W3 only d3 (S6-S9).
    assert [len(s) for _, s in windows] == [5, 2, 4]
    nets = [build_networks(s, kb=kb, window=w) for w, s in windows]
    # W1 conflict: USA-FRA on m only (USA's s-against is in d3): 1; GBR-FRA on m only: 1.
    w1 = nets[0]["actor_conflict"]
    assert {frozenset((u, v)): d["weight"] for u, v, d in w1.edges(data=True)} == {
        frozenset({"USA", "FRA"}): 1,
        frozenset({"GBR", "FRA"}): 1,
    }
    # W1 congruence: USA-GBR on m: 1.
    assert [(d["weight"]) for _, _, d in nets[0]["actor_congruence"].edges(data=True)] == [1]
    # W2: FRA alone, no ties.
    assert nets[1]["actor_congruence"].number_of_edges() == 0
    assert set(nets[1]["actor_congruence"].nodes) == {"FRA"}
    # W3 congruence: FRA-NATO on c: 1; conflict: none (FRA's s-favor is in d2).
    assert [(u, v, d["weight"]) for u, v, d in nets[2]["actor_congruence"].edges(data=True)] == [
        ("FRA", "NATO", 1)
    ]
    assert nets[2]["actor_conflict"].number_of_edges() == 0
    # memberships are read at each window's end date
    assert nets[0]["affiliation"].nodes["actor:GBR"]["memberships"] == ["NATO"]
    assert nets[2]["actor_congruence"].graph["window"] == "2024-03-10_2024-04-18"


def test_range_duplicates_count_once_per_window(claims_dir: Path) -> None:
    statements = extract_statements(claims_dir).statements
    extra = next(s.copy() for s in statements if s.actor == "USA" and s.concept == "minilateralism")
    extra.doc_id, extra.date, extra.claim_ids = "d2", "2024-02-15", ["c99"]
    (_w1, s1), *_ = windows_for([*statements, extra], 40, 30)
    from pipeline.network import affiliation_network

    # two documents with USA favouring m in W1: 2 statements by document, 1 across the range
    assert affiliation_network(s1).edges["actor:USA", "concept:minilateralism"]["weight"] == 2
    g = affiliation_network(s1, duplicates="range")
    assert g.edges["actor:USA", "concept:minilateralism"]["weight"] == 1
    assert g.edges["actor:USA", "concept:minilateralism"]["claim_ids"] == ["c1", "c2", "c99"]
