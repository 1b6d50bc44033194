"""Settings of a discourse network build, read from ``configs/network.cfg``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError

DEFAULT_FILE = "network.cfg"

ACTOR_SIDES: tuple[str, ...] = ("speaker", "holder", "both")
CONCEPT_SIDES: tuple[str, ...] = ("targets", "frames", "both")
LABEL_MODES: tuple[str, ...] = ("human", "model", "all")
DUPLICATE_MODES: tuple[str, ...] = ("include", "document", "range")
NORMALIZATIONS: tuple[str, ...] = ("none", "average", "jaccard", "cosine")
NETWORK_ACTOR_TYPES: tuple[str, ...] = ("state", "alliance", "organisation", "person", "group")


@dataclass(frozen=True)
class NetworkOptions:
    """What counts as a statement and how networks are weighted.

    ``date_from`` / ``date_to`` are inclusive ISO dates on the article's ``published``.
    An empty ``actor_types`` keeps every actor type (including ``unknown``).
    """

    actors: str = "both"
    actor_types: tuple[str, ...] = NETWORK_ACTOR_TYPES
    concepts: str = "targets"
    labels: str = "model"
    min_score: float = 0.5
    duplicates: str = "document"
    normalization: str = "none"
    date_from: str | None = None
    date_to: str | None = None
    top_n: int = 40
    png_dpi: int = 150
    max_edge_claims: int = 25

    def __post_init__(self) -> None:
        _check("actors", self.actors, ACTOR_SIDES)
        _check("concepts", self.concepts, CONCEPT_SIDES)
        _check("labels", self.labels, LABEL_MODES)
        _check("duplicates", self.duplicates, DUPLICATE_MODES)
        _check("normalization", self.normalization, NORMALIZATIONS)
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if value is not None:
                parse_date(value, name)
        if not 0.0 <= self.min_score <= 1.0:
            raise ConfigError("E006", name="min_score", expected="a number from 0 to 1", got=self.min_score)
        if self.top_n < 1:
            raise ConfigError("E006", name="top_n", expected="a positive integer", got=self.top_n)

    def with_overrides(self, **overrides: Any) -> NetworkOptions:
        """A copy with every override that is not ``None``."""
        known = {f.name for f in fields(self)}
        changes = {k: v for k, v in overrides.items() if v is not None and k in known}
        if "actor_types" in changes:
            changes["actor_types"] = tuple(changes["actor_types"])
        return replace(self, **changes)


def _check(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ConfigError("E006", name=name, expected="one of " + ", ".join(allowed), got=value)


def parse_date(value: str, name: str = "date") -> dt.date:
    """An ISO ``YYYY-MM-DD`` date, or a coded parameter error."""
    try:
        return dt.date.fromisoformat(value[:10])
    except (TypeError, ValueError):
        raise ConfigError(
            "E006", name=name, expected="a calendar date written YYYY-MM-DD", got=value
        ) from None


def load_options(path: str | Path | None = None) -> NetworkOptions:
    """Read ``[network]`` (and its ``figures`` / ``export`` subsections) from a config file."""
    from confection import Config

    from pipeline.paths import config_file, locate, require_default

    cfg_path = locate(path) if path is not None else require_default(config_file(DEFAULT_FILE))
    if not cfg_path.exists():
        raise ConfigError("E001", path=str(cfg_path))
    try:
        cfg = Config().from_disk(cfg_path, interpolate=True)
    except Exception as exc:  # confection raises several parse error types
        raise ConfigError("E002", path=str(cfg_path), detail=str(exc)) from None
    section = dict(cfg.get("network", {}))
    figures = section.pop("figures", {}) or {}
    export = section.pop("export", {}) or {}
    values: dict[str, Any] = {**section, **figures, **export}
    return NetworkOptions().with_overrides(**values)
