"""Every network type and normalisation against numbers worked out by hand.

Positions (favor/against statements, default options) from conftest.py, as cells
(concept, agreement) -> count per actor:

    USA : (minilateralism, F)=1  (strategic-autonomy, A)=1                 activity c=2
    GBR : (minilateralism, F)=1  (collective-defence, A)=1                 c=2
    FRA : (minilateralism, A)=1  (strategic-autonomy, F)=1 (coll.-def., F)=1  c=3
    NATO: (collective-defence, F)=1                                        c=1
          (NATO's neutral statement on minilateralism takes no part)

Abbreviations below: m = minilateralism, c = collective-defence, s = strategic-autonomy.
"""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx
import pytest

from pipeline.network import (
    KbLookup,
    NetworkOptions,
    actor_network,
    affiliation_network,
    build_networks,
    concept_network,
    extract_statements,
)


@pytest.fixture
def statements(claims_dir: Path) -> list:
    return extract_statements(claims_dir).statements


def _weights(g: nx.Graph) -> dict[frozenset, float]:
    return {frozenset((u, v)): d["weight"] for u, v, d in g.edges(data=True)}


def test_affiliation_network(statements: list) -> None:
    g = affiliation_network(statements)
    # One edge per actor-concept pair with a favor/against statement: USA-m, USA-s,
    # GBR-m, GBR-c, FRA-m, FRA-s, FRA-c, NATO-c = 8 edges, each one statement.
    assert g.number_of_edges() == 8
    e = g.edges["actor:USA", "concept:minilateralism"]
    assert (e["favor"], e["against"], e["weight"], e["agreement"]) == (1, 0, 1, "favor")
    assert e["claim_ids"] == ["c1", "c2"]  # one statement merged from two claims in d1
    e = g.edges["actor:FRA", "concept:minilateralism"]
    assert (e["favor"], e["against"], e["net"], e["agreement"]) == (0, 1, -1, "against")
    # Neutral kept apart: NATO-m is not in the favor/against network ...
    assert not g.has_edge("actor:NATO", "concept:minilateralism")
    # ... but is the one edge of the neutral network.
    neutral = affiliation_network(statements, agreements=("neutral",))
    assert [(u, v, d["weight"], d["claim_ids"]) for u, v, d in neutral.edges(data=True)] == [
        ("actor:NATO", "concept:minilateralism", 1, ["c6"])
    ]
    assert nx.is_bipartite(g)
    assert g.nodes["actor:NATO"]["actor_type"] == "alliance"
    assert g.nodes["concept:collective-defence"]["n_statements"] == 3  # GBR A, NATO F, FRA F


def test_affiliation_counts_statements_not_claims_with_include(claims_dir: Path) -> None:
    found = extract_statements(claims_dir, NetworkOptions(duplicates="include"))
    g = affiliation_network(found.statements, duplicates="include")
    # c1 and c2 are two statements now: weight 2.
    assert g.edges["actor:USA", "concept:minilateralism"]["weight"] == 2


def test_actor_congruence_and_conflict(statements: list) -> None:
    cong = actor_network(statements, "congruence")
    # Same stance on the same concept: USA & GBR both favor m (1*1 = 1);
    # FRA & NATO both favor c (1*1 = 1). No other pair shares a stance.
    assert _weights(cong) == {frozenset({"USA", "GBR"}): 1, frozenset({"FRA", "NATO"}): 1}
    assert cong.edges["USA", "GBR"]["shared"] == ["minilateralism"]
    assert set(cong.nodes) == {"USA", "GBR", "FRA", "NATO"}  # isolates kept
    conf = actor_network(statements, "conflict")
    # USA-FRA: m (USA F x FRA A = 1) + s (USA A x FRA F = 1) = 2
    # GBR-FRA: m (GBR F x FRA A = 1) + c (GBR A x FRA F = 1) = 2
    # GBR-NATO: c (GBR A x NATO F = 1) = 1
    assert _weights(conf) == {
        frozenset({"USA", "FRA"}): 2,
        frozenset({"GBR", "FRA"}): 2,
        frozenset({"GBR", "NATO"}): 1,
    }
    assert conf.edges["USA", "FRA"]["shared"] == ["minilateralism", "strategic-autonomy"]
    assert conf.edges["USA", "FRA"]["n_shared"] == 2


def test_congruence_multiplies_counts_like_dna(claims_dir: Path) -> None:
    found = extract_statements(claims_dir, NetworkOptions(duplicates="include"))
    cong = actor_network(found.statements, "congruence", duplicates="include")
    # USA has two m-favor statements (c1, c2), GBR one: 2 * 1 = 2, one shared concept.
    assert cong.edges["USA", "GBR"]["weight"] == 2
    assert cong.edges["USA", "GBR"]["n_shared"] == 1


@pytest.mark.parametrize(
    ("normalization", "congruence", "conflict"),
    [
        (
            "average",
            # w / ((c1 + c2) / 2): USA-GBR 1/((2+2)/2) = 0.5; FRA-NATO 1/((3+1)/2) = 0.5
            {("USA", "GBR"): 0.5, ("FRA", "NATO"): 0.5},
            # USA-FRA 2/((2+3)/2) = 0.8; GBR-FRA 2/2.5 = 0.8; GBR-NATO 1/((2+1)/2) = 2/3
            {("USA", "FRA"): 0.8, ("GBR", "FRA"): 0.8, ("GBR", "NATO"): 2 / 3},
        ),
        (
            "jaccard",
            # USA-GBR: m11 = 1 (m,F), m10 = 1 (USA's s,A), m01 = 1 (GBR's c,A) -> 1/3
            # FRA-NATO: m11 = 1 (c,F), m10 = 2 (FRA's m,A and s,F), m01 = 0 -> 1/3
            {("USA", "GBR"): 1 / 3, ("FRA", "NATO"): 1 / 3},
            # USA-FRA: no common cell, m11 = 0, m10 = 2, m01 = 3 -> 2/5
            # GBR-FRA: m11 = 0, m10 = 2, m01 = 3 -> 2/5;  GBR-NATO: m10 = 2, m01 = 1 -> 1/3
            {("USA", "FRA"): 0.4, ("GBR", "FRA"): 0.4, ("GBR", "NATO"): 1 / 3},
        ),
        (
            "cosine",
            # w / (sqrt(sum a1^2) sqrt(sum a2^2)): USA-GBR 1/(sqrt2 sqrt2) = 0.5;
            # FRA-NATO 1/(sqrt3 * 1) = 0.57735
            {("USA", "GBR"): 0.5, ("FRA", "NATO"): 1 / math.sqrt(3)},
            # USA-FRA 2/(sqrt2 sqrt3) = 0.8165; GBR-FRA the same; GBR-NATO 1/sqrt2 = 0.7071
            {
                ("USA", "FRA"): 2 / math.sqrt(6),
                ("GBR", "FRA"): 2 / math.sqrt(6),
                ("GBR", "NATO"): 1 / math.sqrt(2),
            },
        ),
    ],
)
def test_actor_normalisations(statements: list, normalization: str, congruence: dict, conflict: dict) -> None:
    for kind, expected in (("congruence", congruence), ("conflict", conflict)):
        g = actor_network(statements, kind, normalization=normalization)
        got = _weights(g)
        assert set(got) == {frozenset(k) for k in expected}
        for pair, value in expected.items():
            assert got[frozenset(pair)] == pytest.approx(value)
            assert g.edges[pair]["raw"] in (1, 2)  # un-normalised weight kept


def test_concept_networks(statements: list) -> None:
    # Cells per concept (actor, agreement): m: (USA,F) (GBR,F) (FRA,A)   activity 3
    #                                       c: (GBR,A) (NATO,F) (FRA,F)  activity 3
    #                                       s: (FRA,F) (USA,A)           activity 2
    cong = concept_network(statements, "congruence")
    # Co-support: only c-s, by FRA favouring both: 1.
    assert _weights(cong) == {frozenset({"collective-defence", "strategic-autonomy"}): 1}
    assert cong.edges["collective-defence", "strategic-autonomy"]["shared"] == ["FRA"]
    conf = concept_network(statements, "conflict")
    # m-c: GBR (F m, A c) + FRA (A m, F c) = 2;  m-s: USA (F m, A s) + FRA (A m, F s) = 2
    assert _weights(conf) == {
        frozenset({"minilateralism", "collective-defence"}): 2,
        frozenset({"minilateralism", "strategic-autonomy"}): 2,
    }
    # average: c-s 1/((3+2)/2) = 0.4; jaccard: m11 = 1, m10 = 2, m01 = 1 -> 1/4;
    # cosine: 1/(sqrt3 sqrt2) = 0.40825
    for normalization, value in (("average", 0.4), ("jaccard", 0.25), ("cosine", 1 / math.sqrt(6))):
        g = concept_network(statements, "congruence", normalization=normalization)
        assert g.edges["collective-defence", "strategic-autonomy"]["weight"] == pytest.approx(value)


def test_every_edge_traces_back_to_its_claims(statements: list, claims_dir: Path) -> None:
    """Each claim id on an edge is a claim whose actor and stance make that edge."""
    import json

    claims = {json.loads(line)["claim_id"]: json.loads(line) for line in (claims_dir / "claims.jsonl").open()}

    def positions(cid: str) -> set[tuple[str, str, str]]:
        c = claims[cid]
        actors = {c["speaker"]["id"], (c["holder"] or {}).get("id")} - {None}
        return {(a, t["id"], t["stance"]) for a in actors for t in c["targets"]}

    graphs = build_networks(statements)
    for name, g in graphs.items():
        for u, v, d in g.edges(data=True):
            assert d["claim_ids"], (name, u, v)
            for cid in d["claim_ids"]:
                pos = positions(cid)
                if name.startswith("affiliation"):
                    actor, concept = u.split(":", 1)[1], v.split(":", 1)[1]
                    assert any(p[0] == actor and p[1] == concept for p in pos), (name, u, v, cid)
                elif name.startswith("actor"):
                    assert any(p[0] in (u, v) and p[1] in d["shared"] for p in pos), (name, u, v, cid)
                else:
                    assert any(p[1] in (u, v) and p[0] in d["shared"] for p in pos), (name, u, v, cid)
    # and the full claim sets are the hand-worked ones
    assert graphs["actor_conflict"].edges["USA", "FRA"]["claim_ids"] == ["c4", "c1", "c2", "c8"]
    assert sorted(graphs["actor_congruence"].edges["FRA", "NATO"]["claim_ids"]) == ["c6", "c7"]


def test_memberships_from_kb_at_the_network_date(statements: list, fake_kb: object) -> None:
    kb = KbLookup(fake_kb)
    early = actor_network(statements, kb=kb, on="2024-02-18")
    late = actor_network(statements, kb=kb, on="2024-04-18")
    assert early.nodes["GBR"]["memberships"] == ["NATO"]
    assert late.nodes["GBR"]["memberships"] == ["NATO", "TESTCLUB"]
    assert late.nodes["FRA"]["memberships"] == ["EU", "NATO"]
    # without a KB the attribute is there and empty
    assert actor_network(statements).nodes["GBR"]["memberships"] == []
