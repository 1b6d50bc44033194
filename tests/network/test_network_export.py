"""Graph files reload with every attribute, in networkx and in igraph."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pytest

from pipeline.network import KbLookup, build_networks, extract_statements, write_network, write_statements_csv
from pipeline.network.export import sanitize


@pytest.fixture
def graphs(claims_dir: Path, fake_kb: object) -> dict[str, nx.Graph]:
    return build_networks(extract_statements(claims_dir).statements, kb=KbLookup(fake_kb))


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return float(a) == pytest.approx(float(b))  # type: ignore[arg-type]
    return a == b


def test_graphml_and_gexf_reload_with_every_attribute(graphs: dict[str, nx.Graph], tmp_path: Path) -> None:
    for name, g in graphs.items():
        write_network(g, tmp_path, name)
        want = sanitize(g)
        for reader, suffix in ((nx.read_graphml, "graphml"), (nx.read_gexf, "gexf")):
            back = reader(tmp_path / f"{name}.{suffix}")
            assert set(back.nodes) == set(want.nodes), (name, suffix)
            assert {frozenset(e) for e in back.edges} == {frozenset(e) for e in want.edges}, (name, suffix)
            for n, attrs in want.nodes(data=True):
                for k, v in attrs.items():
                    assert _same(back.nodes[n][k], v), (name, suffix, n, k)
            for u, v, attrs in want.edges(data=True):
                for k, x in attrs.items():
                    assert _same(back.edges[u, v][k], x), (name, suffix, u, v, k)
    # lists become ;-joined strings, never Python reprs
    back = nx.read_graphml(tmp_path / "actor_conflict.graphml")
    assert back.edges["USA", "FRA"]["claim_ids"] == "c4;c1;c2;c8"
    assert back.edges["USA", "FRA"]["shared"] == "minilateralism;strategic-autonomy"
    assert back.nodes["FRA"]["memberships"] == "EU;NATO"
    assert back.graph["normalization"] == "none"


def test_graphml_opens_in_igraph(graphs: dict[str, nx.Graph], tmp_path: Path) -> None:
    igraph = pytest.importorskip("igraph")
    for name, g in graphs.items():
        path = write_network(g, tmp_path, name)[0]
        ig = igraph.Graph.Read_GraphML(str(path))
        assert ig.vcount() == g.number_of_nodes() and ig.ecount() == g.number_of_edges()
        assert set(ig.vs["id"]) == set(g.nodes)
        if ig.ecount():
            assert all(isinstance(c, str) and c for c in ig.es["claim_ids"])
            assert sum(ig.es["weight"]) == pytest.approx(sum(d["weight"] for _, _, d in g.edges(data=True)))
    ig = igraph.Graph.Read_GraphML(str(tmp_path / "affiliation.graphml"))
    usa = ig.vs.find(id="actor:USA")
    assert (usa["actor_type"], usa["label"], usa["memberships"]) == ("state", "United States", "NATO")


def test_csv_node_edge_and_statement_lists(
    graphs: dict[str, nx.Graph], claims_dir: Path, tmp_path: Path
) -> None:
    write_network(graphs["actor_conflict"], tmp_path, "actor_conflict")
    edges = list(csv.DictReader((tmp_path / "actor_conflict_edges.csv").open()))
    by_pair = {frozenset((r["source"], r["target"])): r for r in edges}
    assert by_pair[frozenset({"USA", "FRA"})]["weight"] == "2"
    assert by_pair[frozenset({"GBR", "NATO"})]["claim_ids"] == "c3;c6"
    nodes = {r["id"]: r for r in csv.DictReader((tmp_path / "actor_conflict_nodes.csv").open())}
    assert nodes["NATO"]["actor_type"] == "alliance" and nodes["FRA"]["n_statements"] == "3"
    statements = extract_statements(claims_dir).statements
    write_statements_csv(statements, tmp_path / "statements.csv")
    rows = list(csv.DictReader((tmp_path / "statements.csv").open()))
    # one row per actor-concept-agreement-document-date, in date order
    assert len(rows) == 9
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    first = rows[0]
    assert (first["actor"], first["concept"], first["agreement"], first["doc_id"]) == (
        "GBR",
        "collective-defence",
        "against",
        "d1",
    )
    usa = next(r for r in rows if r["actor"] == "USA" and r["concept"] == "minilateralism")
    assert (usa["claim_ids"], usa["n_claims"], usa["actor_name"]) == ("c1;c2", "2", "United States")
