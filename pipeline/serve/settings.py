"""Review-app settings: the ``[claimscope.serve]`` section of ``configs/serve.cfg``.

The values live in the config file; this dataclass only declares them and their types.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError
from pipeline.paths import resolve_config_path

SECTION = ("claimscope", "serve")


@dataclass(frozen=True)
class ServeSettings:
    """Limits, session lifetimes and login throttling of the review app."""

    max_body_bytes: int = 262_144
    max_json_depth: int = 32
    concurrent_writes: int = 4
    session_lifetime_seconds: int = 43_200
    session_idle_seconds: int = 3_600
    login_free_failures_per_account: int = 5
    login_free_failures_per_address: int = 20
    login_backoff_seconds: float = 2.0
    login_backoff_max_seconds: float = 900.0
    login_failure_window_seconds: int = 3_600

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise ConfigError(
                    "E006", name=f"claimscope.serve.{f.name}", expected="a positive number", got=value
                )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ServeSettings:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(
                "E006",
                name=f"claimscope.serve.{unknown[0]}",
                expected=f"one of {', '.join(sorted(known))}",
                got=unknown[0],
            )
        return cls(**data)


def load_serve_settings(path: str | Path | None = None) -> ServeSettings:
    """Read ``[claimscope.serve]`` from ``path`` (default ``configs/serve.cfg``); missing keys keep their defaults."""
    from confection import Config

    cfg_path = resolve_config_path(path, "serve.cfg")
    if not cfg_path.is_file():
        if path is not None:
            raise ConfigError("E001", path=str(cfg_path))
        return ServeSettings()
    try:
        config = Config().from_disk(cfg_path, interpolate=True)
    except Exception as exc:  # confection raises several unrelated types
        raise ConfigError("E002", path=str(cfg_path), detail=str(exc).strip().splitlines()[-1]) from exc
    section: Any = config
    for key in SECTION:
        section = section.get(key, {}) if isinstance(section, dict) else {}
    return ServeSettings.from_dict(dict(section))
