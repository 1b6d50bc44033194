"""Network files: GraphML, GEXF, CSV node and edge lists, and the rDNA-style statements CSV.

GraphML and GEXF only hold scalar attributes, so before writing every list is
joined with ``;`` and every ``None`` becomes ``""`` (:func:`sanitize`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from pipeline.io import write_atomic
from pipeline.network.statements import Statement

LIST_SEPARATOR = ";"
STATEMENT_COLUMNS: tuple[str, ...] = (
    "actor",
    "actor_name",
    "actor_type",
    "role",
    "concept",
    "concept_type",
    "agreement",
    "doc_id",
    "date",
    "score",
    "n_claims",
    "claim_ids",
)


def _scalar(value: Any) -> str | int | float | bool:
    if value is None:
        return ""
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else value
        return LIST_SEPARATOR.join(str(v) for v in items)
    return str(value)


def sanitize(graph: nx.Graph) -> nx.Graph:
    """A copy whose graph, node and edge attributes are all GraphML-typed scalars."""
    g = graph.__class__()
    g.graph.update({k: _scalar(v) for k, v in graph.graph.items()})
    for n, attrs in graph.nodes(data=True):
        g.add_node(n, **{k: _scalar(v) for k, v in attrs.items()})
    for u, v, attrs in graph.edges(data=True):
        g.add_edge(u, v, **{k: _scalar(x) for k, x in attrs.items()})
    return g


def write_graphml(graph: nx.Graph, path: str | Path) -> Path:
    """GraphML (opens in Gephi, visone, igraph, yEd)."""
    text = "\n".join(nx.generate_graphml(sanitize(graph), prettyprint=True))
    write_atomic(path, text + "\n")
    return Path(path)


def write_gexf(graph: nx.Graph, path: str | Path) -> Path:
    """GEXF 1.2 (Gephi's own format)."""
    text = "\n".join(nx.generate_gexf(sanitize(graph), prettyprint=True))
    write_atomic(path, text + "\n")
    return Path(path)


def _csv_text(header: list[str], rows: Iterable[list[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_scalar(v) for v in row])
    return buf.getvalue()


def _keys(items: Iterable[dict[str, Any]]) -> list[str]:
    keys: dict[str, None] = {}
    for attrs in items:
        keys.update(dict.fromkeys(attrs))
    return list(keys)


def write_nodes_csv(graph: nx.Graph, path: str | Path) -> Path:
    """One row per node: ``id`` then every node attribute."""
    keys = _keys(attrs for _, attrs in graph.nodes(data=True))
    rows = ([n, *(attrs.get(k) for k in keys)] for n, attrs in graph.nodes(data=True))
    write_atomic(path, _csv_text(["id", *keys], rows))
    return Path(path)


def write_edges_csv(graph: nx.Graph, path: str | Path) -> Path:
    """One row per edge: ``source``, ``target`` then every edge attribute."""
    keys = _keys(attrs for _, _, attrs in graph.edges(data=True))
    rows = ([u, v, *(attrs.get(k) for k in keys)] for u, v, attrs in graph.edges(data=True))
    write_atomic(path, _csv_text(["source", "target", *keys], rows))
    return Path(path)


def write_statements_csv(statements: Iterable[Statement], path: str | Path) -> Path:
    """One row per actor-concept-agreement-document-date, sorted by date then document,
    for rDNA-style analysis in R (``read.csv``)."""
    ordered = sorted(statements, key=lambda s: (s.date or "", s.doc_id, s.actor, s.concept, s.agreement))
    rows = (
        [
            s.actor,
            s.actor_name,
            s.actor_type,
            s.role,
            s.concept,
            s.concept_type,
            s.agreement,
            s.doc_id,
            s.date,
            round(s.score, 4),
            len(s.claim_ids),
            s.claim_ids,
        ]
        for s in ordered
    )
    write_atomic(path, _csv_text(list(STATEMENT_COLUMNS), rows))
    return Path(path)


def write_network(graph: nx.Graph, folder: str | Path, name: str | None = None) -> list[Path]:
    """``<name>.graphml``, ``<name>.gexf``, ``<name>_nodes.csv`` and ``<name>_edges.csv`` in ``folder``."""
    folder = Path(folder)
    stem = name or str(graph.graph.get("name", "network"))
    return [
        write_graphml(graph, folder / f"{stem}.graphml"),
        write_gexf(graph, folder / f"{stem}.gexf"),
        write_nodes_csv(graph, folder / f"{stem}_nodes.csv"),
        write_edges_csv(graph, folder / f"{stem}_edges.csv"),
    ]
