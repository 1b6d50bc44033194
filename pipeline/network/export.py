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
from xml.sax.saxutils import escape, quoteattr

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
    t = type(value)
    if t is str or t is int or t is float or t is bool:
        return value  # type: ignore[no-any-return]
    if value is None:
        return ""
    if t is list or t is tuple:
        try:
            return LIST_SEPARATOR.join(value)
        except TypeError:
            return LIST_SEPARATOR.join(map(str, value))
    if isinstance(value, set | frozenset):
        return LIST_SEPARATOR.join(sorted(map(str, value)))
    if isinstance(value, bool | int | float | str):  # numpy scalars and str subclasses
        return value
    return str(value)


def _kind(value: Any) -> type:
    t = type(value)
    if t is str or t is int or t is float or t is bool:
        return t
    return type(_scalar(value))


def sanitize(graph: nx.Graph) -> nx.Graph:
    """A copy whose graph, node and edge attributes are all GraphML-typed scalars."""
    g = graph.__class__()
    g.graph.update({k: _scalar(v) for k, v in graph.graph.items()})
    for n, attrs in graph.nodes(data=True):
        g.add_node(n, **{k: _scalar(v) for k, v in attrs.items()})
    for u, v, attrs in graph.edges(data=True):
        g.add_edge(u, v, **{k: _scalar(x) for k, x in attrs.items()})
    return g


_GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_GEXF_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


def _key_types(items: Iterable[dict[str, Any]]) -> dict[str, type]:
    """One declared type per attribute name: str beats float beats int beats bool."""
    seen: dict[str, set[type]] = {}
    for attrs in items:
        for k, v in attrs.items():
            if v is not None:
                seen.setdefault(k, set()).add(_kind(v))
    out: dict[str, type] = {}
    for k, types in seen.items():
        for t in (str, float, int, bool):
            if t in types:
                out[k] = t
                break
    return out


def _text(value: Any, kind: type) -> str:
    v = _scalar(value)
    if kind is bool:
        return "true" if v else "false"
    if kind is float:
        return repr(float(v))  # type: ignore[arg-type]
    if kind is int:
        return str(int(v))  # type: ignore[arg-type]
    return str(v)


def write_graphml(graph: nx.Graph, path: str | Path) -> Path:
    """GraphML (opens in Gephi, visone, igraph, yEd), written directly for speed.

    Attribute types are declared per name (``boolean``, ``long``, ``double``,
    ``string``); lists are ``;``-joined and ``None`` is left out.
    """
    domains = {
        "graph": _key_types([graph.graph]),
        "node": _key_types(a for _, a in graph.nodes(data=True)),
        "edge": _key_types(a for _, _, a in graph.edges(data=True)),
    }
    ids: dict[tuple[str, str], str] = {}
    out = [
        "<?xml version='1.0' encoding='utf-8'?>",
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ]
    for domain, types in domains.items():
        for name, kind in types.items():
            key = ids[(domain, name)] = f"d{len(ids)}"
            out.append(
                f'  <key id="{key}" for="{domain}" attr.name={quoteattr(name)} attr.type="{_GRAPHML_TYPES[kind]}" />'
            )

    def data(domain: str, attrs: dict[str, Any]) -> str:
        types = domains[domain]
        return "".join(
            f'<data key="{ids[(domain, k)]}">{escape(_text(v, types[k]))}</data>'
            for k, v in attrs.items()
            if v is not None
        )

    out.append(f'  <graph edgedefault="{"directed" if graph.is_directed() else "undirected"}">')
    if graph.graph:
        out.append("    " + data("graph", graph.graph))
    for n, attrs in graph.nodes(data=True):
        out.append(f"    <node id={quoteattr(str(n))}>{data('node', attrs)}</node>")
    for u, v, attrs in graph.edges(data=True):
        out.append(
            f"    <edge source={quoteattr(str(u))} target={quoteattr(str(v))}>{data('edge', attrs)}</edge>"
        )
    out.append("  </graph>\n</graphml>\n")
    write_atomic(path, "\n".join(out))
    return Path(path)


def write_gexf(graph: nx.Graph, path: str | Path) -> Path:
    """GEXF 1.2 (Gephi's own format), written directly for speed.

    The node attribute ``label`` becomes the GEXF label and the edge ``weight``
    the GEXF weight; every other attribute is a declared ``attvalue``.
    """
    node_types = _key_types(a for _, a in graph.nodes(data=True))
    edge_types = _key_types(a for _, _, a in graph.edges(data=True))
    node_types.pop("label", None)
    edge_types.pop("weight", None)
    node_ids = {k: str(i) for i, k in enumerate(node_types)}
    edge_ids = {k: str(i) for i, k in enumerate(edge_types)}
    out = [
        "<?xml version='1.0' encoding='utf-8'?>",
        '<gexf xmlns="http://www.gexf.net/1.2draft" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">',
        f"  <meta><description>{escape(str(graph.graph.get('title', graph.graph.get('name', ''))))}</description></meta>",
        f'  <graph defaultedgetype="{"directed" if graph.is_directed() else "undirected"}" mode="static">',
    ]
    for cls, types, kids in (("node", node_types, node_ids), ("edge", edge_types, edge_ids)):
        out.append(f'    <attributes class="{cls}" mode="static">')
        out.extend(
            f'      <attribute id="{kids[k]}" title={quoteattr(k)} type="{_GEXF_TYPES[t]}" />'
            for k, t in types.items()
        )
        out.append("    </attributes>")

    def attvalues(attrs: dict[str, Any], types: dict[str, type], kids: dict[str, str]) -> str:
        vals = "".join(
            f'<attvalue for="{kids[k]}" value={quoteattr(_text(v, types[k]))} />'
            for k, v in attrs.items()
            if k in types and v is not None
        )
        return f"<attvalues>{vals}</attvalues>" if vals else ""

    out.append("    <nodes>")
    for n, attrs in graph.nodes(data=True):
        label = quoteattr(str(_scalar(attrs.get("label", n))))
        out.append(
            f"      <node id={quoteattr(str(n))} label={label}>{attvalues(attrs, node_types, node_ids)}</node>"
        )
    out.append("    </nodes>\n    <edges>")
    for i, (u, v, attrs) in enumerate(graph.edges(data=True)):
        weight = f' weight="{float(attrs["weight"])!r}"' if attrs.get("weight") is not None else ""
        out.append(
            f'      <edge id="{i}" source={quoteattr(str(u))} target={quoteattr(str(v))}{weight}>'
            f"{attvalues(attrs, edge_types, edge_ids)}</edge>"
        )
    out.append("    </edges>\n  </graph>\n</gexf>\n")
    write_atomic(path, "\n".join(out))
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
