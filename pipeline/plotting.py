"""Matplotlib helpers shared by the report's and the network module's figures.

* :func:`wrap_label`: a long name on two or three lines instead of cut off.
* :func:`packed_layout`: each connected component laid out on its own and the components
  packed side by side, so a small island does not leave most of the figure empty.
* :func:`place_labels`: node labels placed around their nodes without overlapping one another
  or another node, and inside the axes; a label that finds no free place is left out (and counted).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import Any

import networkx as nx
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox


def wrap_label(text: str, width: int = 28, max_lines: int = 3) -> str:
    """``text`` broken on spaces into lines of at most ``width`` characters (never truncated:
    the last line takes whatever is left)."""
    lines = textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False) or [text]
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    return "\n".join(lines)


def packed_layout(graph: nx.Graph, seed: int = 7, aspect: float = 1.5) -> dict[Any, tuple[float, float]]:
    """Positions for every node: a spring layout per connected component, scaled to the
    component's size, components packed in rows (largest first) to fill a box of ``aspect``
    (width / height)."""
    components = sorted(nx.connected_components(graph), key=lambda c: (-len(c), sorted(map(str, c))))
    if not components:
        return {}
    boxes: list[tuple[dict[Any, tuple[float, float]], float, float]] = []
    for nodes in components:
        sub = graph.subgraph(nodes)
        n = len(nodes)
        if n == 1:
            local = {next(iter(nodes)): (0.0, 0.0)}
        else:
            raw = nx.spring_layout(sub, seed=seed, k=1.6 / math.sqrt(n), weight=None, iterations=100)
            local = {v: (float(x), float(y)) for v, (x, y) in raw.items()}
        xs, ys = [p[0] for p in local.values()], [p[1] for p in local.values()]
        scale = math.sqrt(n)  # area proportional to the number of nodes
        span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
        local = {
            v: ((x - min(xs)) / span * scale, (y - min(ys)) / span * scale) for v, (x, y) in local.items()
        }
        width = (max(xs) - min(xs)) / span * scale if n > 1 else 0.0
        height = (max(ys) - min(ys)) / span * scale if n > 1 else 0.0
        boxes.append((local, width, height))
    gap = 0.8
    total_area = sum((w + gap) * (h + gap) for _, w, h in boxes)
    row_width = max(max(w for _, w, _ in boxes) + gap, math.sqrt(total_area * aspect))
    pos: dict[Any, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for local, w, h in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y - row_height - gap, 0.0
        for v, (lx, ly) in local.items():
            pos[v] = (x + lx, y - h + ly)
        x += w + gap
        row_height = max(row_height, h)
    return pos


def _overlaps(box: Bbox, others: Sequence[Bbox]) -> bool:
    return any(box.overlaps(other) for other in others)


def place_labels(
    ax: Axes,
    points: Sequence[tuple[float, float]],
    labels: Sequence[str],
    radii: Sequence[float],
    *,
    fontsize: float = 8,
    order: Sequence[int] | None = None,
    **text_kw: Any,
) -> tuple[list[Text], int]:
    """Label each point (data coordinates) with ``labels[i]`` where it overlaps no placed label,
    no node (``radii`` in points) and stays inside the axes. ``order`` says who is placed first
    (default: as given). The axes limits must be final. Returns the texts and the number left out.
    """
    fig = ax.get_figure()
    assert isinstance(fig, Figure)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    to_px = ax.transData
    px_per_pt = fig.dpi / 72.0
    frame = ax.get_window_extent(renderer)
    nodes = []
    for (x, y), r in zip(points, radii, strict=True):
        cx, cy = to_px.transform((x, y))
        rp = r * px_per_pt
        nodes.append(Bbox.from_extents(cx - rp, cy - rp, cx + rp, cy + rp))
    placed: list[Bbox] = []
    texts: list[Text] = []
    left_out = 0
    # Candidate offsets (in points) around the node: above, below, sides, diagonals, further out.
    for i in order if order is not None else range(len(points)):
        r = radii[i] + 2
        candidates = [
            (0, r, "center", "bottom"),
            (0, -r, "center", "top"),
            (r, 0, "left", "center"),
            (-r, 0, "right", "center"),
            (r * 0.7, r * 0.7, "left", "bottom"),
            (-r * 0.7, r * 0.7, "right", "bottom"),
            (r * 0.7, -r * 0.7, "left", "top"),
            (-r * 0.7, -r * 0.7, "right", "top"),
            (0, r + 9, "center", "bottom"),
            (0, -r - 9, "center", "top"),
        ]
        for dx, dy, ha, va in candidates:
            text = ax.annotate(
                labels[i],
                points[i],
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=fontsize,
                zorder=3,
                **text_kw,
            )
            box = text.get_window_extent(renderer).expanded(1.04, 1.1)
            own = nodes[i]
            inside = frame.containsx(box.x0) and frame.containsx(box.x1)
            inside = inside and frame.containsy(box.y0) and frame.containsy(box.y1)
            if (
                inside
                and not _overlaps(box, placed)
                and not _overlaps(box, [b for b in nodes if b is not own])
            ):
                placed.append(box)
                texts.append(text)
                break
            text.remove()
        else:
            left_out += 1
    return texts, left_out
