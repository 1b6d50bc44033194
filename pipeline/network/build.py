"""Build every network of a claims folder and write them out: what ``claimscope network`` does."""

from __future__ import annotations

import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import networkx as nx

from pipeline.io import write_json
from pipeline.network.affiliation import affiliation_network
from pipeline.network.export import write_network, write_statements_csv
from pipeline.network.extract import extract_statements
from pipeline.network.figures import render_network_figures
from pipeline.network.kb_attributes import KbLookup
from pipeline.network.onemode import actor_network, concept_network
from pipeline.network.options import NetworkOptions
from pipeline.network.statements import Statement
from pipeline.network.windows import Window, windows_for

NETWORK_NAMES: tuple[str, ...] = (
    "affiliation",
    "affiliation_neutral",
    "actor_congruence",
    "actor_conflict",
    "concept_congruence",
    "concept_conflict",
)
TITLES: dict[str, str] = {
    "affiliation": "Actors x concepts (favor / against)",
    "affiliation_neutral": "Actors x concepts (neutral statements)",
    "actor_congruence": "Actor congruence: same stance on the same concept",
    "actor_conflict": "Actor conflict: opposite stances on the same concept",
    "concept_congruence": "Concept co-support: same stance from the same actor",
    "concept_conflict": "Concept conflict: opposite stances from the same actor",
}


def build_networks(
    statements: list[Statement],
    options: NetworkOptions | None = None,
    kb: KbLookup | None = None,
    on: str | None = None,
    window: Window | None = None,
) -> dict[str, nx.Graph]:
    """The six networks of one set of statements, keyed by :data:`NETWORK_NAMES`.

    ``on`` is the date at which KB memberships are read (the window end, or the
    last statement date).
    """
    options = options or NetworkOptions()
    if on is None:
        on = window.end if window else max((s.date for s in statements if s.date), default=None)
    common: dict[str, Any] = {"duplicates": options.duplicates}
    one: dict[str, Any] = {
        **common,
        "normalization": options.normalization,
        "max_edge_claims": options.max_edge_claims,
    }
    graphs = {
        "affiliation": affiliation_network(statements, kb=kb, on=on, name="affiliation", **common),
        "affiliation_neutral": affiliation_network(
            statements, agreements=("neutral",), kb=kb, on=on, name="affiliation_neutral", **common
        ),
        "actor_congruence": actor_network(statements, "congruence", kb=kb, on=on, **one),
        "actor_conflict": actor_network(statements, "conflict", kb=kb, on=on, **one),
        "concept_congruence": concept_network(statements, "congruence", **one),
        "concept_conflict": concept_network(statements, "conflict", **one),
    }
    for name, g in graphs.items():
        g.graph.update(
            {
                "name": name,
                "title": TITLES[name] + (f" ({window.start} to {window.end})" if window else ""),
                "duplicates": options.duplicates,
                "normalization": options.normalization if "affiliation" not in name else "none",
                "actors": options.actors,
                "concepts": options.concepts,
                "labels": options.labels,
                "window": window.label if window else "",
                "memberships_on": on or "",
            }
        )
    return graphs


def run_network(
    folder: str | Path,
    out: str | Path,
    options: NetworkOptions | None = None,
    *,
    window_days: int | None = None,
    step_days: int | None = None,
    figures: bool = True,
    kb: KbLookup | None = None,
) -> dict[str, Any]:
    """Read ``folder`` (a ``claimscope run`` output), write every network to ``out``.

    Layout of ``out``: ``statements.csv``; ``networks/<name>.{graphml,gexf}`` and
    ``<name>_{nodes,edges}.csv``; ``figures/<name>.{png,html}``; with a window,
    ``windows/<start>_<end>/`` holding the same network files per window; and
    ``network.json``, the manifest (options, counts, files, seconds).
    """
    options = options or NetworkOptions()
    started = time.perf_counter()
    out = Path(out)
    kb = kb if kb is not None else KbLookup.load()
    found = extract_statements(folder, options, kb)
    t_extract = time.perf_counter() - started
    files: list[Path] = [write_statements_csv(found.statements, out / "statements.csv")]
    graphs = build_networks(found.statements, options, kb, on=options.date_to)
    summary: dict[str, Any] = {}
    for name, g in graphs.items():
        files += write_network(g, out / "networks", name)
        if figures:
            files += render_network_figures(g, out / "figures", options.top_n, options.png_dpi)
        summary[name] = {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}
    windows: list[dict[str, Any]] = []
    if window_days:
        step = step_days or window_days
        for window, stmts in windows_for(
            found.statements, window_days, step, options.date_from, options.date_to
        ):
            wg = build_networks(stmts, options, kb, window=window)
            for name, g in wg.items():
                files += write_network(g, out / "windows" / window.label, name)
            windows.append(
                {
                    "start": window.start,
                    "end": window.end,
                    "statements": len(stmts),
                    "networks": {
                        n: {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()} for n, g in wg.items()
                    },
                }
            )
    manifest = {
        "input": str(folder),
        "options": asdict(options),
        "window_days": window_days,
        "step_days": step_days if window_days else None,
        "kb_available": kb.available,
        "counts": found.stats.to_dict(),
        "networks": summary,
        "windows": windows,
        "files": sorted(str(p.relative_to(out)) for p in files),
        "seconds": {"extract": round(t_extract, 3), "total": round(time.perf_counter() - started, 3)},
    }
    write_json(out / "network.json", manifest)
    return manifest
