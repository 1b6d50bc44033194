"""The statement record of discourse network analysis and its duplicate handling.

A statement is what a DNA coder writes down by hand: an actor, a concept, whether
the actor agrees (``favor``), disagrees (``against``) or neither (``neutral``),
the article it is in and the article's date. Here each statement also keeps the
ids of the claims it was read from, so every network edge traces back to claims.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

AGREEMENTS: tuple[str, ...] = ("favor", "against", "neutral")


@dataclass(slots=True)
class Statement:
    """One actor's position on one concept in one article."""

    actor: str
    actor_type: str
    concept: str
    concept_type: str
    agreement: str
    doc_id: str
    date: str | None
    claim_ids: list[str] = field(default_factory=list)
    actor_name: str = ""
    role: str = "speaker"
    """``speaker``, ``holder`` or ``speaker;holder``: which side of the claim named the actor."""
    score: float = 1.0
    """Highest label score among the merged claims (1.0 for human labels)."""

    def key(self, duplicates: str) -> tuple[str, ...]:
        """The identity under a duplicate mode (see :func:`deduplicate`)."""
        if duplicates == "range":
            return (self.actor, self.concept, self.agreement)
        return (self.actor, self.concept, self.agreement, self.doc_id)

    def merge(self, other: Statement, *, claim_ids: bool = True) -> None:
        """Absorb a duplicate: union of claim ids (unless the caller collects them) and
        roles, best score, earliest date."""
        if claim_ids:
            for cid in other.claim_ids:
                if cid not in self.claim_ids:
                    self.claim_ids.append(cid)
        if other.role != self.role:
            roles = set(self.role.split(";")) | set(other.role.split(";"))
            self.role = ";".join(r for r in ("speaker", "holder") if r in roles)
        self.score = max(self.score, other.score)
        if other.date is not None and (self.date is None or other.date < self.date):
            self.date = other.date
            self.doc_id = other.doc_id

    def copy(self) -> Statement:
        return Statement(
            self.actor,
            self.actor_type,
            self.concept,
            self.concept_type,
            self.agreement,
            self.doc_id,
            self.date,
            list(self.claim_ids),
            self.actor_name,
            self.role,
            self.score,
        )


def deduplicate(statements: Iterable[Statement], duplicates: str) -> list[Statement]:
    """Collapse duplicate statements as DNA's ``duplicates`` setting does.

    - ``include``: every statement counts (one per claim and actor role);
    - ``document``: one statement per actor, concept, agreement and article;
    - ``range``: one statement per actor, concept and agreement over all the
      statements given (a whole network or one time window).

    Merged statements keep the union of their claim ids. The input is not changed.
    """
    if duplicates == "include":
        return list(statements)
    merged: dict[tuple[str, ...], Statement] = {}
    ids: dict[tuple[str, ...], dict[str, None]] = {}
    for st in statements:
        k = st.key(duplicates)
        seen = merged.get(k)
        if seen is None:
            merged[k] = st.copy()
            ids[k] = dict.fromkeys(st.claim_ids)
        else:
            seen.merge(st, claim_ids=False)
            ids[k].update(dict.fromkeys(st.claim_ids))
    for k, st in merged.items():
        st.claim_ids = list(ids[k])
    return list(merged.values())
