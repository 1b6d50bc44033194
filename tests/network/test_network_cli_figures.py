"""The ``claimscope network`` command and the figures it draws."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import typer
from typer.testing import CliRunner

from pipeline.network import build_networks, extract_statements, render_network_figures
from pipeline.network.commands import register


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.callback()
    def _main() -> None:  # keep "network" a subcommand
        pass

    return app


def test_cli_writes_every_network_and_window(claims_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "net"
    result = CliRunner().invoke(
        _app(),
        [
            "network",
            str(claims_dir),
            "--out",
            str(out),
            "--window",
            "40",
            "--step",
            "30",
            "--normalization",
            "jaccard",
            "--no-figures",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "8 claims -> 9 statements" in result.output
    manifest = json.loads((out / "network.json").read_text())
    assert manifest["counts"]["statements"] == 9
    assert manifest["networks"]["actor_conflict"] == {"nodes": 4, "edges": 3}
    assert [w["start"] for w in manifest["windows"]] == ["2024-01-10", "2024-02-09", "2024-03-10"]
    for name in (
        "affiliation",
        "affiliation_neutral",
        "actor_congruence",
        "actor_conflict",
        "concept_congruence",
        "concept_conflict",
    ):
        for suffix in (".graphml", ".gexf", "_nodes.csv", "_edges.csv"):
            assert (out / "networks" / f"{name}{suffix}").exists()
        assert (out / "windows" / "2024-03-10_2024-04-18" / f"{name}.graphml").exists()
    g = nx.read_graphml(out / "networks" / "actor_conflict.graphml")
    assert g.edges["GBR", "NATO"]["weight"] == 1 / 3  # jaccard, see test_network_graphs
    assert (out / "statements.csv").read_text().count("\n") == 10  # header + 9


def test_cli_filters(claims_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "net"
    result = CliRunner().invoke(
        _app(),
        [
            "network",
            str(claims_dir),
            "--out",
            str(out),
            "--labels",
            "human",
            "--actor-types",
            "state,alliance",
            "--no-figures",
        ],
    )
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "network.json").read_text())
    assert manifest["counts"]["statements"] == 1
    assert manifest["options"]["actor_types"] == ["state", "alliance"]
    assert not (out / "figures").exists()


def test_figures_state_the_filter(claims_dir: Path, tmp_path: Path) -> None:
    g = build_networks(extract_statements(claims_dir).statements)["affiliation"]
    paths = render_network_figures(g, tmp_path, top_n=3)
    assert [p.suffix for p in paths] == [".png", ".html"]
    assert paths[0].read_bytes()[:4] == b"\x89PNG"
    page = paths[1].read_text()
    assert "filtered: top 3 of 7 nodes by degree" in page
    assert "<svg" in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "<script src" not in page
    full = render_network_figures(g, tmp_path / "all")[1].read_text()
    assert "all 7 nodes shown" in full
    # actors coloured by type (state blue), edges by agreement (favor green, against red)
    assert "#1f77b4" in full and "#2e7d32" in full and "#c62828" in full
    assert "United Kingdom" in full
