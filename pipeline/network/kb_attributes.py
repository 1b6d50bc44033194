"""Node attributes from the knowledge base, when one is installed.

The knowledge base (``pipeline.kb``) is optional here: without it, or for an id
it does not know, types and names come from the claims and articles and the
membership attribute stays empty.
"""

from __future__ import annotations

from typing import Any


class KbLookup:
    """Cached look-ups of entity type, name and memberships on a date."""

    def __init__(self, kb: Any | None) -> None:
        self.kb = kb
        self._entities: dict[str, Any] = {}
        self._memberships: dict[tuple[str, str], list[str]] = {}

    @classmethod
    def load(cls, path: str | None = None) -> KbLookup:
        """The project KB if ``pipeline.kb`` is importable and loads; an empty lookup otherwise."""
        try:
            from pipeline.kb import load_kb  # type: ignore[attr-defined]
        except ImportError:
            return cls(None)
        try:
            return cls(load_kb(path))
        except Exception:  # a broken KB must not stop a network export
            return cls(None)

    @property
    def available(self) -> bool:
        return self.kb is not None

    def _entity(self, entity_id: str) -> Any | None:
        if self.kb is None:
            return None
        if entity_id not in self._entities:
            try:
                self._entities[entity_id] = self.kb.get(entity_id)
            except Exception:
                self._entities[entity_id] = None
        return self._entities[entity_id]

    def type_of(self, entity_id: str) -> str:
        entity = self._entity(entity_id)
        return str(getattr(entity, "type", "") or "") if entity is not None else ""

    def name_of(self, entity_id: str) -> str:
        entity = self._entity(entity_id)
        return str(getattr(entity, "name", "") or "") if entity is not None else ""

    def memberships(self, entity_id: str, on: str | None) -> list[str]:
        """Alliances and organisations ``entity_id`` belonged to on ``on`` (ISO date)."""
        if self.kb is None or not on:
            return []
        key = (entity_id, on)
        if key not in self._memberships:
            try:
                found = self.kb.memberships(entity_id, on=on)
                self._memberships[key] = sorted(str(m) for m in found or [])
            except Exception:
                self._memberships[key] = []
        return self._memberships[key]
