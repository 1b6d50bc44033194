"""The in-memory knowledge base: look up entities, aliases and memberships by date."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator

from pipeline.kb.records import ENTITY_TYPES, AliasEntry, ContextAlias, Entity, Membership

DateLike = dt.date | str | None

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_STATE_ID = re.compile(r"^[A-Z]{3}$")
_SLUG_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ORG_ID = re.compile(r"^[A-Z0-9][A-Z0-9-]*$")
_ACRONYM = re.compile(r"^[A-Z0-9][A-Z0-9.&-]*[A-Z0-9.]$|^[A-Z]$")


def parse_date(value: DateLike) -> dt.date | None:
    """``date``, ISO string or None -> ``date`` or None. Raises ``ValueError`` on a bad string."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def split_determiner(text: str) -> tuple[str, bool]:
    """``"the West"`` -> ``("West", True)``: a leading lower-case "the " means the determiner is required."""
    if text.startswith("the "):
        return text[4:], True
    return text, False


def is_case_sensitive(text: str, entity_type: str) -> bool:
    """The matching rule for a KB alias (one place, so the ruler and validation agree).

    Single words and anything with an acronym ("EU", "U.S.", "UK-led ...") match with
    their exact case, so "Turkey" is not "turkey" and "US" is not "us"; longer names
    ("North Atlantic Treaty Organization") and concept terms match in any case.
    """
    words = text.split()
    if entity_type == "concept":
        return len(words) == 1 and bool(_ACRONYM.match(text))
    if len(words) == 1:
        return True
    return any(len(w.strip(".,")) >= 2 and _ACRONYM.match(w.strip(",")) for w in words)


class KnowledgeBase:
    """Entities (states, alliances, organisations, people, groups, concepts) and their aliases.

    Build one with :func:`pipeline.kb.load_kb`; query with :meth:`get`, :meth:`aliases`,
    :meth:`members` and :meth:`memberships`.
    """

    def __init__(
        self,
        entities: Iterable[Entity] = (),
        context_aliases: Iterable[ContextAlias] = (),
        person_titles: Iterable[str] = (),
        problems: Iterable[str] = (),
    ) -> None:
        self._entities: dict[str, Entity] = {}
        self._load_problems: list[str] = list(problems)
        for entity in entities:
            if entity.id in self._entities:
                self._load_problems.append(
                    f"E202 id {entity.id!r} defined twice ({self._entities[entity.id].source} and {entity.source})"
                )
                continue
            self._entities[entity.id] = entity
        self._context: dict[str, ContextAlias] = {}
        for ca in context_aliases:
            self._context[ca.alias] = ca
        self.person_titles: list[str] = list(person_titles)

    # -- lookups --------------------------------------------------------------------------
    def get(self, entity_id: str) -> Entity | None:
        """The entity with this id, or None."""
        return self._entities.get(entity_id)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._entities

    def __len__(self) -> int:
        return len(self._entities)

    def entities(self, type: str | None = None) -> Iterator[Entity]:
        """All entities, optionally only those of one ``type``."""
        for entity in self._entities.values():
            if type is None or entity.type == type:
                yield entity

    def context_aliases(self) -> list[ContextAlias]:
        """Context-resolved aliases and blockers."""
        return list(self._context.values())

    def context_alias(self, alias: str) -> ContextAlias | None:
        return self._context.get(alias)

    def alias_entries(self) -> list[AliasEntry]:
        """Every surface form the actor ruler should match, with its target and matching rule."""
        out: list[AliasEntry] = []
        for entity in self._entities.values():
            forms = [(a, "alias") for a in [entity.name, *entity.aliases]]
            forms += [(a, "adjective") for a in entity.adjectives]
            forms += [(a, "metonym") for a in entity.metonyms]
            seen: set[tuple[str, bool]] = set()
            for raw, kind in forms:
                text, needs_det = split_determiner(raw)
                if not text.strip() or (text, needs_det) in seen:
                    continue
                seen.add((text, needs_det))
                out.append(
                    AliasEntry(
                        text, entity.id, entity.type, kind, is_case_sensitive(text, entity.type), needs_det
                    )
                )
        for ca in self._context.values():
            text, needs_det = split_determiner(ca.alias)
            cased = ca.case_sensitive if ca.case_sensitive is not None else is_case_sensitive(text, "")
            if ca.block:
                out.append(AliasEntry(text, ca.alias, "block", "block", cased, needs_det))
            else:
                out.append(
                    AliasEntry(
                        text,
                        ca.alias,
                        ca.label or "organisation",
                        "context",
                        cased,
                        needs_det or ca.requires_determiner,
                    )
                )
        return out

    def aliases(self) -> dict[str, list[str]]:
        """Surface form -> candidate ids (context aliases list all their candidates)."""
        table: dict[str, list[str]] = defaultdict(list)
        for entry in self.alias_entries():
            if entry.kind == "block":
                continue
            if entry.kind == "context":
                ca = self._context[entry.target]
                ids = ca.candidates or [e.id for e in self.entities() if e.type in ca.candidates_type]
            else:
                ids = [entry.target]
            for entity_id in ids:
                if entity_id not in table[entry.text]:
                    table[entry.text].append(entity_id)
        return dict(table)

    def lookup(self, text: str) -> list[str]:
        """Entity ids a surface form names (exact case first, then case-insensitive names)."""
        text, _ = split_determiner(text.strip())
        exact: list[str] = []
        folded: list[str] = []
        for entry in self._entries_by_lower().get(text.lower(), []):
            if entry.kind in ("block", "context"):
                continue
            if entry.text == text:
                exact.append(entry.target)
            elif not entry.case_sensitive:
                folded.append(entry.target)
        return list(dict.fromkeys(exact or folded))

    def _entries_by_lower(self) -> dict[str, list[AliasEntry]]:
        cache = getattr(self, "_lower_cache", None)
        if cache is None:
            cache = defaultdict(list)
            for entry in self.alias_entries():
                cache[entry.text.lower()].append(entry)
            self._lower_cache = cache
        return cache

    # -- membership by date ---------------------------------------------------------------
    @staticmethod
    def _covers(m: Membership, day: dt.date | None) -> bool:
        if day is None:
            return m.to is None
        start = parse_date(m.from_)
        end = parse_date(m.to)
        return (start is None or start <= day) and (end is None or day <= end)

    def members(self, org_id: str, on: DateLike = None) -> list[str]:
        """Ids of the members of ``org_id`` on date ``on`` (ISO string or date).

        ``on=None`` gives the current members (membership not ended). Unknown ids give [].
        """
        entity = self._entities.get(org_id)
        if entity is None:
            return []
        day = parse_date(on)
        return sorted({m.id for m in entity.members if self._covers(m, day)})

    def memberships(self, entity_id: str, on: DateLike = None) -> list[str]:
        """Ids of the alliances, organisations and groups ``entity_id`` belonged to on ``on``."""
        day = parse_date(on)
        return sorted(
            e.id
            for e in self._entities.values()
            if any(m.id == entity_id and self._covers(m, day) for m in e.members)
        )

    # -- integrity ------------------------------------------------------------------------
    def validate(self) -> list[str]:
        """Every integrity problem as a readable line (empty list: the KB is sound)."""
        problems = list(self._load_problems)
        for e in self._entities.values():
            where = f"{e.id} ({e.source})"
            if e.type not in ENTITY_TYPES:
                problems.append(f"{where}: unknown type {e.type!r}")
            if e.type == "state" and not _STATE_ID.match(e.id):
                problems.append(f"{where}: a state id must be an ISO 3166-1 alpha-3 code")
            elif e.type in ("alliance", "organisation") and not _ORG_ID.match(e.id):
                problems.append(f"{where}: an organisation id must be an upper-case acronym")
            elif e.type in ("person", "group", "concept") and not _SLUG_ID.match(e.id):
                problems.append(f"{where}: a {e.type} id must be lower-case and hyphenated")
            if not e.name:
                problems.append(f"{where}: empty name")
            for label, value in (("founded", e.founded),):
                if value is not None and not _valid_date(value):
                    problems.append(f"{where}: {label} {value!r} is not an ISO date")
            if e.parent is not None and e.parent not in self._entities:
                problems.append(f"{where}: parent {e.parent!r} is not in the KB")
            problems += self._membership_problems(e, where)
            for r in e.roles:
                if r.of not in self._entities:
                    problems.append(f"{where}: role {r.role!r} of unknown id {r.of!r}")
                problems += _interval_problems(where, f"role {r.role} of {r.of}", r.from_, r.to)
        problems += self._alias_problems()
        for ca in self._context.values():
            for cid in ca.candidates + ([ca.default] if ca.default else []):
                if cid not in self._entities:
                    problems.append(f"context alias {ca.alias!r}: candidate {cid!r} is not in the KB")
            for t in ca.candidates_type:
                if t not in ENTITY_TYPES:
                    problems.append(f"context alias {ca.alias!r}: unknown candidate type {t!r}")
        return problems

    def _membership_problems(self, e: Entity, where: str) -> list[str]:
        problems: list[str] = []
        by_member: dict[str, list[Membership]] = defaultdict(list)
        for m in e.members:
            if m.id not in self._entities:
                problems.append(f"{where}: member {m.id!r} is not in the KB")
            if m.id == e.id:
                problems.append(f"{where}: lists itself as a member")
            problems += _interval_problems(where, f"member {m.id}", m.from_, m.to)
            by_member[m.id].append(m)
        for member_id, spans in by_member.items():
            dated = sorted((s for s in spans if _valid_date(s.from_)), key=lambda s: str(s.from_))
            for a, b in itertools.pairwise(dated):
                if a.to is None or (_valid_date(a.to) and str(a.to) >= str(b.from_)):
                    problems.append(f"{where}: overlapping memberships of {member_id}")
        return problems

    def _alias_problems(self) -> list[str]:
        """An alias naming two entities must be a context alias (or a blocker)."""
        problems: list[str] = []
        owners: dict[tuple[str, bool], set[str]] = defaultdict(set)
        for entry in self.alias_entries():
            if entry.kind in ("context", "block"):
                continue
            owners[(entry.text.lower(), entry.requires_determiner)].add(entry.target)
        context_keys = {split_determiner(a)[0].lower() for a in self._context}
        for (text, _), ids in owners.items():
            if len(ids) > 1 and text not in context_keys:
                problems.append(
                    f"alias {text!r} names {sorted(ids)}: make it a context alias (context_aliases.jsonl)"
                )
        return problems

    def to_records(self) -> list[dict[str, object]]:
        """Every entity and context alias as JSON-ready records (the JSONL line format)."""
        records: list[dict[str, object]] = [e.to_dict() for e in self._entities.values()]
        records += [ca.to_dict() for ca in self._context.values()]
        if self.person_titles:
            records.append({"type": "titles", "titles": self.person_titles})
        return records


def _valid_date(value: object) -> bool:
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _interval_problems(where: str, what: str, start: str | None, end: str | None) -> list[str]:
    problems = []
    for label, value in (("from", start), ("to", end)):
        if value is not None and not _valid_date(value):
            problems.append(f"{where}: {what}: {label} {value!r} is not an ISO date (YYYY-MM-DD)")
    if _valid_date(start) and _valid_date(end) and str(start) > str(end):
        problems.append(f"{where}: {what}: from {start} is after to {end}")
    return problems
