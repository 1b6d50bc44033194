"""Figures of a network: a PNG (matplotlib, Agg) and a self-contained interactive HTML page.

Actors are coloured by type, concepts drawn as grey squares, edges coloured by
agreement (favor green, against red, mixed orange, neutral grey; congruence
green, conflict red). Networks larger than ``top_n`` nodes are cut to the
``top_n`` nodes of highest degree, and the figure says so.
"""

from __future__ import annotations

import html
import json
import math
from pathlib import Path
from typing import Any

import networkx as nx

from pipeline.io import write_atomic

TYPE_COLOURS: dict[str, str] = {
    "state": "#1f77b4",
    "alliance": "#9467bd",
    "organisation": "#2ca02c",
    "person": "#ff7f0e",
    "group": "#8c564b",
    "unknown": "#7f7f7f",
    "concept": "#d9d9d9",
}
EDGE_COLOURS: dict[str, str] = {
    "favor": "#2e7d32",
    "against": "#c62828",
    "mixed": "#ef6c00",
    "neutral": "#9e9e9e",
    "congruence": "#2e7d32",
    "conflict": "#c62828",
}


def top_nodes(graph: nx.Graph, top_n: int) -> tuple[nx.Graph, str]:
    """The subgraph of the ``top_n`` nodes of highest degree, and a sentence saying what was kept."""
    n = graph.number_of_nodes()
    if n <= top_n:
        return graph, f"all {n} nodes shown"
    ranked = sorted(graph.nodes, key=lambda v: (-graph.degree(v), str(v)))[:top_n]
    return graph.subgraph(ranked).copy(), f"filtered: top {top_n} of {n} nodes by degree"


def _node_colour(attrs: dict[str, Any]) -> str:
    if attrs.get("node_kind") == "concept":
        return TYPE_COLOURS["concept"]
    return TYPE_COLOURS.get(str(attrs.get("actor_type", "unknown")), TYPE_COLOURS["unknown"])


def _edge_colour(attrs: dict[str, Any]) -> str:
    key = str(attrs.get("agreement") or attrs.get("kind") or "neutral")
    return EDGE_COLOURS.get(key, EDGE_COLOURS["neutral"])


def _layout(graph: nx.Graph) -> dict[Any, tuple[float, float]]:
    """Each connected component laid out on its own, the components packed side by side."""
    from pipeline.plotting import packed_layout

    return packed_layout(graph, seed=7, aspect=1.45)


def _widths(graph: nx.Graph) -> dict[tuple[Any, Any], float]:
    weights = {(u, v): float(d.get("weight", 1) or 0) for u, v, d in graph.edges(data=True)}
    top = max(weights.values(), default=1.0) or 1.0
    return {e: 0.6 + 3.4 * (w / top) for e, w in weights.items()}


def render_png(graph: nx.Graph, path: str | Path, top_n: int = 40, dpi: int = 150) -> Path:
    """Draw ``graph`` to a PNG file: components packed to fill the figure, labels placed where
    they overlap nothing (a label with no free place is left out, and the note says how many)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    from pipeline.plotting import place_labels

    shown, note = top_nodes(graph, top_n)
    pos = _layout(shown)
    widths = _widths(shown)
    fig = Figure(figsize=(11, 7.6), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.01, 0.05, 0.84, 0.89))  # the legend goes in the right margin
    if pos:
        xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
        dx, dy = max(max(xs) - min(xs), 1.0), max(max(ys) - min(ys), 1.0)
        ax.set_xlim(min(xs) - 0.1 * dx, max(xs) + 0.1 * dx)
        ax.set_ylim(min(ys) - 0.1 * dy, max(ys) + 0.1 * dy)
    segments = [(pos[u], pos[v]) for u, v in shown.edges()]
    if segments:
        ax.add_collection(
            LineCollection(
                segments,
                colors=[_edge_colour(d) for _, _, d in shown.edges(data=True)],
                linewidths=[widths[(u, v)] for u, v in shown.edges()],
                alpha=0.55,
                zorder=1,
            )
        )
    nodes = sorted(shown.nodes(data=True), key=lambda nd: (-shown.degree(nd[0]), str(nd[0])))
    sizes = []
    for n, d in nodes:
        x, y = pos[n]
        concept = d.get("node_kind") == "concept"
        size = 80 + 25 * math.sqrt(max(int(d.get("n_statements", 1) or 1), 1))
        sizes.append(size)
        ax.scatter(
            [x],
            [y],
            s=size,
            c=_node_colour(d),
            marker="s" if concept else "o",
            edgecolors="#333333",
            linewidths=0.6,
            zorder=2,
        )
    _, left_out = place_labels(
        ax,
        [pos[n] for n, _ in nodes],
        [_wrap(str(d.get("label", n))) for n, d in nodes],
        [math.sqrt(s) / 2 for s in sizes],
        fontsize=8,
        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75},
    )
    if left_out:
        note += f"; {left_out} label(s) left out where nodes crowd (see the node CSV)"
    types = sorted(
        {
            str(d.get("actor_type", "unknown"))
            for _, d in shown.nodes(data=True)
            if d.get("node_kind") != "concept"
        }
    )
    handles = [
        Line2D(
            [0],
            [0],
            marker="o",
            color="w",
            markerfacecolor=TYPE_COLOURS.get(t, "#7f7f7f"),
            markersize=8,
            label=t,
        )
        for t in types
    ]
    if any(d.get("node_kind") == "concept" for _, d in shown.nodes(data=True)):
        handles.append(
            Line2D(
                [0],
                [0],
                marker="s",
                color="w",
                markerfacecolor=TYPE_COLOURS["concept"],
                markeredgecolor="#333",
                markersize=8,
                label="concept",
            )
        )
    agreements = sorted(
        {str(d.get("agreement") or d.get("kind") or "neutral") for _, _, d in shown.edges(data=True)}
    )
    handles += [
        Line2D([0], [0], color=EDGE_COLOURS.get(a, "#9e9e9e"), linewidth=2, label=a) for a in agreements
    ]
    if handles:
        fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.855, 0.94), fontsize=8, frameon=False)
    title = str(graph.graph.get("title") or graph.graph.get("name", "network"))
    fig.suptitle(title, fontsize=11, y=0.985)
    fig.text(0.01, 0.012, note + _subtitle(graph), fontsize=8, color="#444444")
    ax.set_axis_off()
    return _save_png(fig, Path(path), dpi)


def _save_png(fig: Any, path: Path, dpi: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp.png")
    fig.savefig(tmp, dpi=dpi)
    tmp.replace(path)
    return path


def _wrap(label: str) -> str:
    from pipeline.plotting import wrap_label

    return wrap_label(label, width=22, max_lines=2)


def _subtitle(graph: nx.Graph) -> str:
    parts = []
    if graph.graph.get("window"):
        parts.append(f"window {graph.graph['window']}")
    if graph.graph.get("normalization") not in (None, "none"):
        parts.append(f"normalisation {graph.graph['normalization']}")
    parts.append(f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges in the full network")
    return "; " + "; ".join(parts)


_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body{{font-family:system-ui,sans-serif;margin:1em;color:#222}}
svg{{border:1px solid #ddd;background:#fff;max-width:100%;height:auto}}
.e{{stroke-opacity:.55}} .n{{cursor:pointer;stroke:#333;stroke-width:.8}}
text{{font-size:11px;pointer-events:none;paint-order:stroke;stroke:#fff;stroke-width:3px}}
.dim{{opacity:.12}} .note{{color:#555;font-size:.9em}} .legend span{{margin-right:1em}}
</style></head><body>
<h2>{title}</h2>
<p class="note">{note}. Click a node to show its ties; hover for details.</p>
<p class="legend">{legend}</p>
<svg id="net" viewBox="0 0 {w} {h}" width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg">
{edges}
{nodes}
</svg>
<script>
(function(){{
  var adj = {adjacency};
  var svg = document.getElementById('net'), sel = null;
  svg.addEventListener('click', function(ev){{
    var id = ev.target.getAttribute('data-id');
    sel = (id && id !== sel) ? id : null;
    var keep = sel ? new Set([sel].concat(adj[sel] || [])) : null;
    svg.querySelectorAll('[data-id]').forEach(function(el){{
      el.classList.toggle('dim', !!keep && !keep.has(el.getAttribute('data-id')));
    }});
    svg.querySelectorAll('[data-u]').forEach(function(el){{
      el.classList.toggle('dim', !!sel && el.getAttribute('data-u') !== sel && el.getAttribute('data-v') !== sel);
    }});
  }});
}})();
</script>
</body></html>
"""


def _tooltip(pairs: dict[str, Any]) -> str:
    lines = []
    for k, v in pairs.items():
        if v in (None, "", []):
            continue
        if isinstance(v, list | tuple):
            shown = ", ".join(str(x) for x in v[:12]) + (f" ... (+{len(v) - 12})" if len(v) > 12 else "")
            v = shown
        lines.append(f"{k}: {v}")
    return html.escape("\n".join(lines))


def render_html(graph: nx.Graph, path: str | Path, top_n: int = 40) -> Path:
    """A self-contained HTML page (inline SVG and a few lines of JavaScript, no CDN)."""
    shown, note = top_nodes(graph, top_n)
    pos = _layout(shown)
    widths = _widths(shown)
    w, h, pad = 1000, 760, 60
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0

    def sx(x: float) -> float:
        return round(pad + (x - min(xs)) / span_x * (w - 2 * pad), 1)

    def sy(y: float) -> float:
        return round(pad + (max(ys) - y) / span_y * (h - 2 * pad), 1)

    ids = {n: f"n{i}" for i, n in enumerate(shown.nodes)}
    edges = []
    for u, v, d in shown.edges(data=True):
        tip = _tooltip(
            {
                "edge": f"{shown.nodes[u].get('label', u)} - {shown.nodes[v].get('label', v)}",
                "weight": round(float(d.get("weight", 0)), 4),
                "agreement": d.get("agreement") or d.get("kind"),
                "favor": d.get("favor"),
                "against": d.get("against"),
                "shared": d.get("shared"),
                "claims": d.get("claim_ids"),
            }
        )
        edges.append(
            f'<line class="e" data-u="{ids[u]}" data-v="{ids[v]}" x1="{sx(pos[u][0])}" y1="{sy(pos[u][1])}" '
            f'x2="{sx(pos[v][0])}" y2="{sy(pos[v][1])}" stroke="{_edge_colour(d)}" '
            f'stroke-width="{widths[(u, v)]:.2f}"><title>{tip}</title></line>'
        )
    nodes = []
    for n, d in shown.nodes(data=True):
        x, y = sx(pos[n][0]), sy(pos[n][1])
        r = round(5 + 1.6 * math.sqrt(max(int(d.get("n_statements", 1) or 1), 1)), 1)
        tip = _tooltip(
            {
                "id": d.get("canonical_id", n),
                "name": d.get("label"),
                "type": d.get("actor_type") or d.get("concept_type"),
                "memberships": d.get("memberships"),
                "statements": d.get("n_statements"),
                "favor": d.get("favor"),
                "against": d.get("against"),
            }
        )
        colour = _node_colour(d)
        if d.get("node_kind") == "concept":
            shape = f'<rect class="n" data-id="{ids[n]}" x="{x - r}" y="{y - r}" width="{2 * r}" height="{2 * r}" fill="{colour}"><title>{tip}</title></rect>'
        else:
            shape = f'<circle class="n" data-id="{ids[n]}" cx="{x}" cy="{y}" r="{r}" fill="{colour}"><title>{tip}</title></circle>'
        label = html.escape(str(d.get("label", n)))
        nodes.append(
            shape + f'<text data-id="{ids[n]}" x="{x}" y="{y - r - 3}" text-anchor="middle">{label}</text>'
        )
    adjacency = {ids[n]: [ids[m] for m in shown.neighbors(n)] for n in shown.nodes}
    kinds = sorted(
        {
            str(d.get("actor_type", "unknown")) if d.get("node_kind") != "concept" else "concept"
            for _, d in shown.nodes(data=True)
        }
    )
    agreements = sorted(
        {str(d.get("agreement") or d.get("kind") or "neutral") for _, _, d in shown.edges(data=True)}
    )
    legend = "".join(
        f'<span style="color:{TYPE_COLOURS.get(k, "#7f7f7f")}">&#9679; {html.escape(k)}</span>' for k in kinds
    )
    legend += "".join(
        f'<span style="color:{EDGE_COLOURS.get(a, "#9e9e9e")}">&#9472;&#9472; {html.escape(a)}</span>'
        for a in agreements
    )
    title = str(graph.graph.get("title") or graph.graph.get("name", "network"))
    page = _HTML.format(
        title=html.escape(title),
        note=html.escape(note + _subtitle(graph)),
        legend=legend,
        w=w,
        h=h,
        edges="\n".join(edges),
        nodes="\n".join(nodes),
        adjacency=json.dumps(adjacency),
    )
    write_atomic(path, page)
    return Path(path)


def render_network_figures(
    graph: nx.Graph, out_dir: str | Path, top_n: int = 40, dpi: int = 150
) -> list[Path]:
    """``<name>.png`` and ``<name>.html`` of ``graph`` in ``out_dir`` (for the corpus report)."""
    out = Path(out_dir)
    stem = str(graph.graph.get("name", "network"))
    return [
        render_png(graph, out / f"{stem}.png", top_n, dpi),
        render_html(graph, out / f"{stem}.html", top_n),
    ]
