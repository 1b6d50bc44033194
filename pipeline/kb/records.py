"""Records of the actor knowledge base: entities, memberships, roles and context aliases.

Plain dataclasses with ``to_dict``/``from_dict``; no logic beyond (de)serialisation.
The JSONL files under ``configs/kb/`` hold one such record per line.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

ENTITY_TYPES: tuple[str, ...] = ("state", "alliance", "organisation", "person", "group", "concept")
"""Types an entity record can have (the contract's actor types)."""

ALIAS_KINDS: tuple[str, ...] = ("alias", "adjective", "metonym")
"""How a surface form names an entity: its name, an adjective/demonym, or a metonym."""


@dataclass
class Membership:
    """``id`` belonged to an organisation/group from ``from_`` to ``to`` (inclusive, ISO dates).

    ``from_ = None`` means the start date is not recorded; ``to = None`` means still a member.
    """

    id: str
    from_: str | None = None
    to: str | None = None
    note: str | None = None
    approximate: bool = False

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "from": self.from_, "to": self.to}
        if self.note:
            data["note"] = self.note
        if self.approximate:
            data["approximate"] = True
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Membership:
        return cls(
            id=str(data["id"]),
            from_=data.get("from"),
            to=data.get("to"),
            note=data.get("note"),
            approximate=bool(data.get("approximate", False)),
        )


@dataclass
class Role:
    """A person held ``role`` of ``of`` (a state or organisation id) from ``from_`` to ``to``."""

    role: str
    of: str
    from_: str | None = None
    to: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"role": self.role, "of": self.of, "from": self.from_, "to": self.to}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Role:
        return cls(role=str(data["role"]), of=str(data["of"]), from_=data.get("from"), to=data.get("to"))


@dataclass
class Entity:
    """One actor or concept: a state, alliance, organisation, person, group or concept."""

    id: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    adjectives: list[str] = field(default_factory=list)
    metonyms: list[str] = field(default_factory=list)
    capital: str | None = None
    members: list[Membership] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    founded: str | None = None
    parent: str | None = None
    note: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    """Any other fields of the record (``un_status``, ``description``, ...), kept as given."""
    source: str | None = None
    """File the record came from (not serialised into the KB files)."""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type, "name": self.name, "aliases": self.aliases}
        if self.adjectives:
            data["adjectives"] = self.adjectives
        if self.metonyms:
            data["metonyms"] = self.metonyms
        if self.capital is not None:
            data["capital"] = self.capital
        if self.members:
            data["members"] = [m.to_dict() for m in self.members]
        if self.roles:
            data["roles"] = [r.to_dict() for r in self.roles]
        for key in ("founded", "parent", "note"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        data.update(self.extra)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str | None = None) -> Entity:
        known = {f.name for f in fields(cls)} - {"extra", "source", "members", "roles"}
        kwargs = {k: v for k, v in data.items() if k in known}
        extra = {k: v for k, v in data.items() if k not in known and k not in ("members", "roles", "merge")}
        return cls(
            **kwargs,
            members=[Membership.from_dict(m) for m in data.get("members") or []],
            roles=[Role.from_dict(r) for r in data.get("roles") or []],
            extra=extra,
            source=source,
        )


@dataclass
class ContextAlias:
    """A surface form whose referent depends on context, or that blocks a shorter match.

    ``candidates`` lists possible ids ("Brussels" -> EU, NATO, BEL); ``candidates_type``
    instead admits any entity of those types ("the Alliance" -> an alliance). ``block``
    marks a phrase that contains an alias but names none of its entities ("Latin American").
    """

    alias: str
    candidates: list[str] = field(default_factory=list)
    candidates_type: list[str] = field(default_factory=list)
    default: str | None = None
    label: str | None = None
    requires_determiner: bool = False
    block: bool = False
    case_sensitive: bool | None = None
    prefer: str = "recent"
    """For ``candidates_type``: ``recent`` (the last such actor in the paragraph, else the
    article's most-mentioned) or ``article`` (the article's most-mentioned first)."""
    note: str | None = None
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in asdict(self).items() if k != "source" and v not in (None, [], False)}
        if data.get("prefer") == "recent":
            del data["prefer"]
        data["type"] = "alias"
        if not self.block:
            data["context_resolved"] = True
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str | None = None) -> ContextAlias:
        known = {f.name for f in fields(cls)} - {"source"}
        return cls(**{k: v for k, v in data.items() if k in known}, source=source)


@dataclass(frozen=True)
class AliasEntry:
    """One surface form the actor ruler matches, derived from the KB."""

    text: str
    """The form to match, without a leading determiner."""
    target: str
    """An entity id, or the alias text itself for context aliases and blockers."""
    label: str
    """Entity type (``state`` ...), or ``block`` for blockers."""
    kind: str
    """``alias``, ``adjective``, ``metonym``, ``context`` or ``block``."""
    case_sensitive: bool
    requires_determiner: bool = False
