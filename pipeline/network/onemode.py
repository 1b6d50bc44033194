"""One-mode networks: actors (or concepts) tied by shared or opposed positions.

The tie weights follow Leifeld's Discourse Network Analyzer (DNA 3, ``Exporter.
computeOneModeMatrix``) with its binary qualifier (agree = favor, disagree =
against). Neutral statements carry no position and take no part. Write
``a[i][j][k]`` for the number of statements of node ``i`` about node ``j`` of the
other mode with agreement ``k`` (after duplicate handling), and
``c_i = sum_j sum_k a[i][j][k]`` for the activity of ``i``:

- congruence: ``w(i1, i2) = sum_j sum_k a[i1][j][k] * a[i2][j][k]``, the number
  of shared concept-agreement pairs when each position counts once
  (``duplicates="range"``), products of counts otherwise, exactly as DNA;
- conflict: ``w(i1, i2) = sum_j (a[i1][j][favor] * a[i2][j][against] +
  a[i1][j][against] * a[i2][j][favor])``.

Normalisations (``normalization=``):

- ``none``: ``w``;
- ``average`` (average activity): ``w / ((c_i1 + c_i2) / 2)``;
- ``jaccard``: ``w / (m10 + m01 + m11)`` with ``m10 = sum of a[i1][j][k] over
  the cells where a[i2][j][k] == 0``, ``m01`` the same the other way round and
  ``m11 = sum of a[i1][j][k] * a[i2][j][k] over the cells both use``;
- ``cosine``: ``w / (sqrt(sum_jk a[i1][j][k]^2) * sqrt(sum_jk a[i2][j][k]^2))``,
  i.e. ``|shared| / sqrt(|A| |B|)`` for binary positions. DNA 3.0's code divides
  by ``c_i1 * c_i2`` instead; we use the textbook cosine, which stays in [0, 1]
  for congruence networks with ``duplicates="range"``.

``raw`` keeps the un-normalised ``w``. Each edge also records which concepts (or
actors) make the tie (``shared``, ``n_shared``), the number of statements that
contribute (``n_statements``) and their ``claim_ids`` (at most
``max_edge_claims``; ``claim_ids_complete`` says whether the list is whole).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx
import numpy as np
from scipy import sparse

from pipeline.network.kb_attributes import KbLookup
from pipeline.network.nodes import actor_attributes, concept_attributes
from pipeline.network.statements import Statement, deduplicate

KINDS: tuple[str, ...] = ("congruence", "conflict")
_STANCES: tuple[str, ...] = ("favor", "against")


def actor_network(
    statements: Iterable[Statement],
    kind: str = "congruence",
    *,
    normalization: str = "none",
    duplicates: str = "document",
    kb: KbLookup | None = None,
    on: str | None = None,
    max_edge_claims: int = 25,
    name: str | None = None,
) -> nx.Graph:
    """Actors tied by the concepts on which they agree (``congruence``) or disagree (``conflict``)."""
    items = _positions(statements, duplicates)
    g = _one_mode(items, "actor", kind, normalization, max_edge_claims, name or f"actor_{kind}")
    for actor, attrs in actor_attributes(items, kb, on).items():
        g.add_node(actor, **attrs)
    return g


def concept_network(
    statements: Iterable[Statement],
    kind: str = "congruence",
    *,
    normalization: str = "none",
    duplicates: str = "document",
    max_edge_claims: int = 25,
    name: str | None = None,
) -> nx.Graph:
    """Concepts tied by actors who take the same stance on both (co-support,
    ``congruence``) or opposite stances (``conflict``)."""
    items = _positions(statements, duplicates)
    g = _one_mode(items, "concept", kind, normalization, max_edge_claims, name or f"concept_{kind}")
    for concept, attrs in concept_attributes(items).items():
        g.add_node(concept, **attrs)
    return g


def _positions(statements: Iterable[Statement], duplicates: str) -> list[Statement]:
    items = [st for st in statements if st.agreement in _STANCES]
    return deduplicate(items, duplicates) if duplicates == "range" else items


def _one_mode(
    items: list[Statement],
    mode: str,
    kind: str,
    normalization: str,
    max_edge_claims: int,
    name: str,
) -> nx.Graph:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    other = "concept" if mode == "actor" else "actor"
    g = nx.Graph(name=name, network=f"{mode}_{kind}", normalization=normalization)
    g.graph["n_statements"] = len(items)
    if not items:
        return g
    nodes = sorted({getattr(st, mode) for st in items})
    others = sorted({getattr(st, other) for st in items})
    ni = {n: i for i, n in enumerate(nodes)}
    oi = {o: j for j, o in enumerate(others)}
    m = len(others)
    # Columns: (other node, agreement) cells; favor block first, against block second.
    rows, cols = [], []
    # cell -> claim ids of the statements in it, and statement counts, per node
    cells: dict[int, dict[int, list[Statement]]] = {}
    for st in items:
        i = ni[getattr(st, mode)]
        j = oi[getattr(st, other)] + (0 if st.agreement == "favor" else m)
        rows.append(i)
        cols.append(j)
        cells.setdefault(i, {}).setdefault(j, []).append(st)
    data = np.ones(len(rows), dtype=np.float64)
    x = sparse.csr_matrix((data, (rows, cols)), shape=(len(nodes), 2 * m))
    x.sum_duplicates()
    f, a = x[:, :m], x[:, m:]
    w = (f @ f.T + a @ a.T if kind == "congruence" else f @ a.T + a @ f.T).tocoo()
    activity = np.asarray(x.sum(axis=1)).ravel()
    sq_norm = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    if normalization == "jaccard":
        b = (x > 0).astype(np.float64)
        xb = (x @ b.T).tocsr()  # sum of a_i1 over cells where i2 is active
        xx = (x @ x.T).tocsr()  # m11
    for i1, i2, raw in zip(w.row.tolist(), w.col.tolist(), w.data.tolist(), strict=True):
        if i1 >= i2 or raw <= 0:
            continue
        if normalization == "none":
            norm = 1.0
        elif normalization == "average":
            norm = (activity[i1] + activity[i2]) / 2
        elif normalization == "jaccard":
            m11 = xx[i1, i2]
            m10 = activity[i1] - xb[i1, i2]
            m01 = activity[i2] - xb[i2, i1]
            norm = m10 + m01 + m11
        elif normalization == "cosine":
            norm = sq_norm[i1] * sq_norm[i2]
        else:
            raise ValueError(f"unknown normalization {normalization!r}")
        shared, n_statements, claim_ids, complete = _trace(cells[i1], cells[i2], kind, m, max_edge_claims)
        g.add_edge(
            nodes[i1],
            nodes[i2],
            weight=float(raw / norm) if normalization != "none" else int(raw),
            raw=int(raw),
            shared=[others[j] for j in shared],
            n_shared=len(shared),
            n_statements=n_statements,
            claim_ids=claim_ids,
            claim_ids_complete=complete,
            kind=kind,
        )
    return g


def _trace(
    c1: dict[int, list[Statement]],
    c2: dict[int, list[Statement]],
    kind: str,
    m: int,
    cap: int,
) -> tuple[list[int], int, list[str], bool]:
    """Which other-mode nodes make a tie, and the statements and claims behind it."""
    shared: set[int] = set()
    contributing: list[Statement] = []
    for j, sts in c1.items():
        partner = j if kind == "congruence" else (j + m if j < m else j - m)
        other_sts = c2.get(partner)
        if other_sts:
            shared.add(j % m)
            contributing.extend(sts)
            if kind == "congruence":
                contributing.extend(other_sts)
    if kind == "conflict":
        for j, sts in c2.items():
            partner = j + m if j < m else j - m
            if partner in c1:
                contributing.extend(sts)
    ids: dict[str, Any] = {}
    complete = True
    for st in contributing:
        for cid in st.claim_ids:
            if cid in ids:
                continue
            if len(ids) >= cap:
                complete = False
                break
            ids[cid] = None
        if not complete:
            break
    return sorted(shared), len(contributing), list(ids), complete
