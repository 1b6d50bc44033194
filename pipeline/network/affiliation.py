"""The two-mode affiliation network: actors x concepts, edges counted by agreement."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import networkx as nx

from pipeline.network.kb_attributes import KbLookup
from pipeline.network.nodes import ACTOR_PREFIX, CONCEPT_PREFIX, actor_attributes, concept_attributes
from pipeline.network.statements import AGREEMENTS, Statement, deduplicate


def affiliation_network(
    statements: Iterable[Statement],
    *,
    agreements: Sequence[str] = ("favor", "against"),
    duplicates: str = "document",
    kb: KbLookup | None = None,
    on: str | None = None,
    name: str = "affiliation",
) -> nx.Graph:
    """Actors and concepts joined by the statements that link them.

    Node keys are ``actor:<id>`` and ``concept:<id>`` (an id such as ``NATO`` can
    be both an actor and a concept); ``bipartite`` is 0 for actors, 1 for concepts.
    Only statements whose agreement is in ``agreements`` count; by default neutral
    statements are kept apart (build them with ``agreements=("neutral",)``).

    Edge attributes: ``favor``, ``against``, ``neutral`` (statement counts; the
    neutral count is informative and never part of the weight unless
    ``agreements`` includes it), ``weight`` (sum of the counted agreements),
    ``net`` (favor minus against, DNA's "subtract"), ``agreement`` (``favor``,
    ``against``, ``neutral`` or ``mixed``), ``claim_ids`` of the counted
    statements and ``neutral_claim_ids`` / the others per agreement.
    """
    counted = set(agreements)
    unknown = counted - set(AGREEMENTS)
    if unknown:
        raise ValueError(f"unknown agreement(s) {sorted(unknown)}; use {AGREEMENTS}")
    items = deduplicate(statements, duplicates) if duplicates == "range" else list(statements)
    kept = [st for st in items if st.agreement in counted]
    g = nx.Graph(name=name, network="affiliation", agreements=";".join(a for a in AGREEMENTS if a in counted))
    for actor, attrs in actor_attributes(kept, kb, on).items():
        g.add_node(ACTOR_PREFIX + actor, bipartite=0, **attrs)
    for concept, attrs in concept_attributes(kept).items():
        g.add_node(CONCEPT_PREFIX + concept, bipartite=1, **attrs)
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for st in items:
        key = (ACTOR_PREFIX + st.actor, CONCEPT_PREFIX + st.concept)
        if key[0] not in g or key[1] not in g:
            continue  # e.g. a neutral-only pair when neutral is not counted
        e = edges.get(key)
        if e is None:
            e = edges[key] = {a: 0 for a in AGREEMENTS} | {f"{a}_claim_ids": {} for a in AGREEMENTS}
        e[st.agreement] += 1
        e[f"{st.agreement}_claim_ids"].update(dict.fromkeys(st.claim_ids))
    for (u, v), e in edges.items():
        weight = sum(e[a] for a in counted)
        if weight == 0:
            continue
        present = [a for a in AGREEMENTS if a in counted and e[a] > 0]
        claim_ids: dict[str, None] = {}
        for a in AGREEMENTS:
            if a in counted:
                claim_ids.update(e[f"{a}_claim_ids"])
            e[f"{a}_claim_ids"] = list(e[f"{a}_claim_ids"])
        g.add_edge(
            u,
            v,
            weight=weight,
            net=e["favor"] - e["against"],
            agreement=present[0] if len(present) == 1 else "mixed",
            claim_ids=list(claim_ids),
            **e,
        )
    g.graph["n_statements"] = len(kept)
    return g
