"""Draw the report's figures from its tables as PNG files (matplotlib, Agg canvas, no pyplot state).

Every figure is drawn from an already-aggregated table, so its cost does not depend on
the number of claims. Functions return the PNG path, or None when there is nothing to draw.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from matplotlib import colormaps
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from pipeline.plotting import packed_layout, place_labels, wrap_label
from pipeline.report.tables import Table

STANCE_COLOURS = {"favor": "#2e7d32", "against": "#c62828", "neutral": "#9e9e9e"}
TYPE_COLOURS = {
    "state": "#1565c0",
    "alliance": "#ef6c00",
    "organisation": "#6a1b9a",
    "person": "#00838f",
    "group": "#558b2f",
    "concept": "#757575",
}
KIND_COLOURS = {"quoted": "#1565c0", "reported": "#90caf9"}
DPI = 110
LABEL_BOX = {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8}


def _figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _save(fig: Figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    fig.savefig(tmp, format="png", dpi=DPI)
    tmp.replace(path)
    return path


def _label(row: list[Any], id_col: int = 0, name_col: int = 1) -> str:
    """``Name (ID)``, on two or three lines when long: never cut off."""
    ident, name = str(row[id_col]), str(row[name_col])
    return wrap_label(name if name == ident else f"{name} ({ident})")


def _height(labels: list[str]) -> float:
    lines = sum(label.count("\n") + 1 for label in labels)
    return max(2.2, 0.8 + 0.32 * len(labels) + 0.2 * (lines - len(labels)))


def node_label(name: str, ident: str) -> str:
    """A network node's label: its name, its acronym or code when the name is long
    ("NATO" for North Atlantic Treaty Organization), else the name on two lines."""
    if len(name) <= 18:
        return name
    if ident and len(ident) <= 6 and ident.upper() == ident:
        return ident
    return wrap_label(name, width=16, max_lines=3)


def bar_by_type(table: Table, top: int, path: Path, title: str) -> Path | None:
    """Horizontal bars of claims per actor, coloured by actor type."""
    rows = table.rows[:top]
    if not rows:
        return None
    labels = [_label(r) for r in rows][::-1]
    fig = _figure(8, _height(labels))
    ax = fig.add_subplot()
    values = [int(r[3]) for r in rows][::-1]
    colours = [TYPE_COLOURS.get(str(r[2]), "#455a64") for r in rows][::-1]
    ax.barh(labels, values, color=colours)
    for y, v in enumerate(values):
        ax.text(v, y, f" {v}", va="center", fontsize=8)
    present = [t for t in TYPE_COLOURS if any(str(r[2]) == t for r in rows)]
    if len(present) > 1:
        handles = [ax.bar(0, 0, color=TYPE_COLOURS[t], label=t) for t in present]
        ax.legend(handles=handles, loc="lower right", fontsize=8, frameon=False)
    ax.set_xlabel("claims mentioning the actor")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title)
    ax.margins(x=0.12)
    ax.set_xlim(left=0)
    return _save(fig, path)


def stance_bars(table: Table, top: int, path: Path) -> Path | None:
    """Stacked horizontal bars favor / against / neutral per target."""
    rows = table.rows[:top]
    if not rows:
        return None
    labels = [_label(r) for r in rows][::-1]
    fig = _figure(8, _height(labels))
    ax = fig.add_subplot()
    left = [0] * len(rows)
    for col, stance in enumerate(("favor", "against", "neutral"), start=2):
        values = [int(r[col]) for r in rows][::-1]
        ax.barh(labels, values, left=left, color=STANCE_COLOURS[stance], label=stance)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.set_xlabel("claims targeting it")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title("Stance toward the most frequent targets")
    return _save(fig, path)


def frames_over_time(table: Table, top: int, path: Path) -> Path | None:
    """Stacked bars of frame counts per month (top frames, the rest as 'other'); undated apart.

    ``table`` has a row per frame (most frequent first) and a column per month, then ``total``.
    """
    if not table.rows or len(table.header) < 3:
        return None
    months = table.header[1:-1]
    series: dict[str, list[int]] = {str(r[0]): [int(v) for v in r[1:-1]] for r in table.rows[:top]}
    if len(table.rows) > top:
        series["other"] = [sum(int(r[i + 1]) for r in table.rows[top:]) for i in range(len(months))]
    fig = _figure(max(7.0, min(16.0, 2.5 + 0.35 * len(months))), 4.8)
    ax = fig.add_subplot()
    positions = list(range(len(months)))
    bottom = [0] * len(months)
    palette = colormaps["tab10"]
    for i, (label, values) in enumerate(series.items()):
        colour = "#bdbdbd" if label == "other" else palette(i % 10)
        ax.bar(positions, values, bottom=bottom, color=colour, label=label, width=0.8)
        bottom = [a + b for a, b in zip(bottom, values, strict=True)]
    step = max(1, len(months) // 24)
    ax.set_xticks(positions[::step], months[::step], rotation=60, ha="right", fontsize=8)
    ax.set_ylabel("claims carrying the frame")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title("Frames by month of publication (undated articles in the last bar)")
    ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _save(fig, path)


def quoted_bars(table: Table, top: int, path: Path) -> Path | None:
    """Stacked bars quoted / reported per speaker."""
    rows = table.rows[:top]
    if not rows:
        return None
    labels = [_label(r) for r in rows][::-1]
    fig = _figure(8, _height(labels))
    ax = fig.add_subplot()
    quoted = [int(r[2]) for r in rows][::-1]
    reported = [int(r[3]) for r in rows][::-1]
    ax.barh(labels, quoted, color=KIND_COLOURS["quoted"], label="quoted")
    ax.barh(labels, reported, left=quoted, color=KIND_COLOURS["reported"], label="reported")
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.set_xlabel("claims attributed to the speaker")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title("Who is quoted most")
    return _save(fig, path)


def hedging_bars(table: Table, top: int, path: Path) -> Path | None:
    """Hedged share of claims per source (the sources with most claims)."""
    rows = table.rows[:top]
    if not rows:
        return None
    labels = [wrap_label(f"{r[0]} (n={r[1]})") for r in rows][::-1]
    fig = _figure(8, _height(labels))
    ax = fig.add_subplot()
    rates = [float(r[3]) * 100 for r in rows][::-1]
    ax.barh(labels, rates, color="#5d4037")
    for y, v in enumerate(rates):
        ax.text(v, y, f" {v:.0f}%", va="center", fontsize=8)
    ax.set_xlim(0, min(110.0, max(rates) * 1.25 + 5))
    ax.set_xlabel("hedged claims (%)")
    ax.set_title("Hedging rate per source")
    return _save(fig, path)


def cooccurrence_network(nodes: Table, edges: Table, top: int, path: Path) -> Path | None:
    """Actors mentioned in the same claim: the ``top`` nodes by degree and the edges among them.

    Components are packed side by side and labels placed where they overlap nothing; a label
    with no free place is left out and the figure says how many (the CSV lists every node).
    """
    import networkx as nx

    keep = {str(r[0]): r for r in nodes.rows[:top]}
    if len(keep) < 2:
        return None
    graph = nx.Graph()
    graph.add_nodes_from(keep)
    for a, b, w in edges.rows:
        if a in keep and b in keep:
            graph.add_edge(a, b, weight=int(w))
    pos = packed_layout(graph, aspect=1.6)
    fig = Figure(figsize=(9, 4.8 if len(keep) < 8 else 6.6), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.01, 0.06, 0.98, 0.86))
    _fit_limits(ax, list(pos.values()))
    max_w = max((d["weight"] for _, _, d in graph.edges(data=True)), default=1)
    segments = [(pos[a], pos[b]) for a, b in graph.edges()]
    widths = [0.5 + 4.5 * d["weight"] / max_w for _, _, d in graph.edges(data=True)]
    ax.add_collection(LineCollection(segments, linewidths=widths, colors="#90a4ae", alpha=0.7, zorder=1))
    max_claims = max(int(r[5]) for r in keep.values()) or 1
    order = list(keep)
    sizes = [80 + 900 * int(keep[n][5]) / max_claims for n in order]
    colours = [TYPE_COLOURS.get(str(keep[n][2]), "#455a64") for n in order]
    points = [pos[n] for n in order]
    ax.scatter(
        [p[0] for p in points],
        [p[1] for p in points],
        s=sizes,
        c=colours,
        zorder=2,
        edgecolors="white",
        linewidths=1,
    )
    labels = [node_label(str(keep[n][1]), n) for n in order]
    radii = [(s**0.5) / 2 for s in sizes]
    _, left_out = place_labels(ax, points, labels, radii, fontsize=8, bbox=LABEL_BOX)
    ax.set_axis_off()
    fig.suptitle(f"Actor co-occurrence in claims (top {len(keep)} actors by degree)", fontsize=11, y=0.97)
    if left_out:
        fig.text(
            0.01,
            0.01,
            f"{left_out} label(s) left out where nodes crowd (every node is in the CSV)",
            fontsize=7,
            color="#616161",
        )
    return _save(fig, path)


def _fit_limits(ax: Any, points: list[tuple[float, float]], margin: float = 0.14) -> None:
    """Axis limits around ``points`` with room for labels at the edges."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    dx, dy = max(max(xs) - min(xs), 1.0), max(max(ys) - min(ys), 1.0)
    ax.set_xlim(min(xs) - margin * dx, max(xs) + margin * dx)
    ax.set_ylim(min(ys) - margin * dy, max(ys) + margin * dy)
