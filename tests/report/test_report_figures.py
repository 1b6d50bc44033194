"""The report's figures as drawn: no label cut off or outside the canvas, network labels that
do not overlap, and network drawings that fill their canvas."""

from __future__ import annotations

from itertools import combinations, pairwise
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from pipeline.network import figures as network_figures
from pipeline.report import figures
from pipeline.report.tables import Table

LONG = [
    ("NATO", "North Atlantic Treaty Organization", "alliance"),
    ("SCO", "Shanghai Cooperation Organisation", "organisation"),
    ("CSTO", "Collective Security Treaty Organization", "alliance"),
    (
        "asean-regional-forum",
        "Association of Southeast Asian Nations Regional Forum on Security",
        "organisation",
    ),
    ("USA", "United States", "state"),
]


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[Figure]:
    """Every figure the report draws, kept (and laid out) instead of only saved."""
    kept: list[Figure] = []

    def keep(fig: Figure, path: Path, *args: Any) -> Path:
        fig.canvas.draw()
        kept.append(fig)
        return path

    monkeypatch.setattr(figures, "_save", keep)
    monkeypatch.setattr(network_figures, "_save_png", keep)
    return kept


def _texts(fig: Figure) -> list[Text]:
    """The texts drawn: tick labels only of ticks inside the axis' view interval."""
    ticks: set[int] = set()
    drawn: list[Text] = []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                ticks.update(id(t) for t in (tick.label1, tick.label2))
                if lo - 1e-9 <= tick.get_loc() <= hi + 1e-9:
                    drawn += [t for t in (tick.label1, tick.label2) if t.get_visible()]
    drawn += [t for t in fig.findobj(Text) if id(t) not in ticks and t.get_visible()]
    return [t for t in drawn if t.get_text().strip()]


def _extent(fig: Figure, text: Text) -> Bbox:
    return text.get_window_extent(fig.canvas.get_renderer())  # type: ignore[attr-defined]


def _assert_inside(fig: Figure) -> None:
    canvas = fig.bbox
    for text in _texts(fig):
        box = _extent(fig, text)
        assert canvas.x0 - 1 <= box.x0 and box.x1 <= canvas.x1 + 1, f"{text.get_text()!r} sticks out sideways"
        assert canvas.y0 - 1 <= box.y0 and box.y1 <= canvas.y1 + 1, (
            f"{text.get_text()!r} sticks out vertically"
        )
        assert "…" not in text.get_text() and "..." not in text.get_text(), f"cut: {text.get_text()!r}"


def test_bar_chart_labels_are_whole_and_inside_the_figure(drawn: list[Figure], tmp_path: Path) -> None:
    rows: list[list[Any]] = [[i, name, kind, 10 - n, 20] for n, (i, name, kind) in enumerate(LONG)]
    figures.bar_by_type(
        Table("claims_per_actor", "t", ["actor_id", "name", "type", "claims", "mentions"], rows),
        10,
        tmp_path / "a.png",
        "Claims per actor",
    )
    fig = drawn[0]
    labels = [t.get_text().replace("\n", " ") for t in fig.axes[0].get_yticklabels()]
    assert sorted(labels) == sorted(f"{name} ({i})" for i, name, _ in LONG)
    _assert_inside(fig)


def test_network_labels_do_not_overlap_and_stay_inside(drawn: list[Figure], tmp_path: Path) -> None:
    names = [name for _, name, _ in LONG] + [f"Country number {i}" for i in range(25)]
    ids = [i for i, _, _ in LONG] + [f"C{i:02d}" for i in range(25)]
    nodes = Table("n", "n", ["actor_id", "name", "type", "degree", "weighted_degree", "claims"], [
        [i, name, "state", 10, 10, 30 - k] for k, (i, name) in enumerate(zip(ids, names, strict=True))
    ])  # fmt: skip
    edges = Table("e", "e", ["source", "target", "claims"], [[a, b, 1] for a, b in combinations(ids[:12], 2)])
    edges.rows += [[ids[k], ids[k + 1], 2] for k in range(11, 29)]
    figures.cooccurrence_network(nodes, edges, 30, tmp_path / "net.png")
    fig = drawn[0]
    ax = fig.axes[0]
    labels = [t for t in ax.texts if t.get_text()]
    boxes = [_extent(fig, t) for t in labels]
    assert len(labels) >= 20
    for (a, ta), (b, tb) in combinations(zip(boxes, labels, strict=True), 2):
        assert not a.overlaps(b), f"{ta.get_text()!r} overlaps {tb.get_text()!r}"
    frame = ax.get_window_extent(fig.canvas.get_renderer())  # type: ignore[attr-defined]
    assert all(frame.x0 <= b.x0 and b.x1 <= frame.x1 and frame.y0 <= b.y0 and b.y1 <= frame.y1 for b in boxes)
    assert "NATO" in {t.get_text() for t in labels}  # a long name shows its acronym, not a cut name
    left_out = len(ids) - len(labels)
    if left_out:
        assert any(f"{left_out} label(s) left out" in t.get_text() for t in fig.texts)
    _assert_inside(fig)


def test_affiliation_network_fills_its_canvas(drawn: list[Figure], tmp_path: Path) -> None:
    graph = nx.Graph(name="affiliation")
    hubs = [f"hub{i}" for i in range(4)]
    for i in range(24):
        graph.add_node(f"actor{i}", label=f"Actor {i}", actor_type="person", node_kind="actor")
        graph.add_edge(f"actor{i}", hubs[i % 4], agreement="favor", weight=1)
    for hub in hubs:
        graph.nodes[hub].update(label=hub.upper(), node_kind="concept")
    for k in range(1):  # a small island, far from the rest in a plain spring layout
        graph.add_node(f"lone{k}", label=f"Lone actor {k}", actor_type="state", node_kind="actor")
        graph.add_node(f"topic{k}", label=f"TOPIC{k}", node_kind="concept")
        graph.add_edge(f"lone{k}", f"topic{k}", agreement="against", weight=1)
    network_figures.render_png(graph, tmp_path / "aff.png", top_n=60)
    fig = drawn[0]
    ax = fig.axes[0]
    frame = ax.get_window_extent(fig.canvas.get_renderer())  # type: ignore[attr-defined]
    points = [ax.transData.transform(offset) for c in ax.collections[1:] for offset in c.get_offsets()]
    xs = sorted((p[0] - frame.x0) / frame.width for p in points)
    ys = sorted((p[1] - frame.y0) / frame.height for p in points)
    assert xs[-1] - xs[0] > 0.7 and ys[-1] - ys[0] > 0.7  # the drawing spans the axes
    assert max(b - a for a, b in pairwise(xs)) < 0.3  # no empty band across the figure
    assert max(b - a for a, b in pairwise(ys)) < 0.3
    _assert_inside(fig)
