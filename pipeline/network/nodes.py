"""Node attributes shared by every network: who or what a node is, and its activity."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from pipeline.network.kb_attributes import KbLookup
from pipeline.network.statements import Statement

ACTOR_PREFIX = "actor:"
CONCEPT_PREFIX = "concept:"


def actor_attributes(
    statements: Iterable[Statement], kb: KbLookup | None = None, on: str | None = None
) -> dict[str, dict[str, Any]]:
    """Per actor id: ``node_kind``, ``actor_type``, ``canonical_id``, ``label``,
    ``memberships`` (alliances on date ``on`` from the KB), statement counts by agreement."""
    kb = kb or KbLookup(None)
    out: dict[str, dict[str, Any]] = {}
    counts: dict[str, Counter[str]] = {}
    for st in statements:
        if st.actor not in out:
            out[st.actor] = {
                "node_kind": "actor",
                "actor_type": st.actor_type,
                "canonical_id": st.actor,
                "label": st.actor_name or st.actor,
            }
            counts[st.actor] = Counter()
        counts[st.actor][st.agreement] += 1
    for actor, attrs in out.items():
        c = counts[actor]
        attrs["memberships"] = kb.memberships(actor, on)
        attrs["n_statements"] = sum(c.values())
        attrs["favor"] = c["favor"]
        attrs["against"] = c["against"]
        attrs["neutral"] = c["neutral"]
    return out


def concept_attributes(statements: Iterable[Statement]) -> dict[str, dict[str, Any]]:
    """Per concept id: ``node_kind``, ``concept_type`` (target or frame), ``canonical_id``,
    ``label`` and statement counts by agreement."""
    out: dict[str, dict[str, Any]] = {}
    counts: dict[str, Counter[str]] = {}
    for st in statements:
        if st.concept not in out:
            out[st.concept] = {
                "node_kind": "concept",
                "concept_type": st.concept_type,
                "canonical_id": st.concept,
                "label": st.concept,
            }
            counts[st.concept] = Counter()
        counts[st.concept][st.agreement] += 1
    for concept, attrs in out.items():
        c = counts[concept]
        attrs["n_statements"] = sum(c.values())
        attrs["favor"] = c["favor"]
        attrs["against"] = c["against"]
        attrs["neutral"] = c["neutral"]
    return out
