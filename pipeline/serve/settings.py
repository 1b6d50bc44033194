"""Review-app settings: the ``[claimscope.serve]`` section of ``configs/serve.cfg``.

The values live in the config file; this dataclass only declares them and their types.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError
from pipeline.paths import resolve_config_path
from pipeline.settings import from_section, validate
from pipeline.types import spec

SECTION = ("claimscope", "serve")


@dataclass(frozen=True)
class ServeSettings:
    """Limits, session lifetimes and login throttling of the review app."""

    max_body_bytes: int = spec(default=262_144, minimum=1)
    max_json_depth: int = spec(default=32, minimum=1)
    concurrent_writes: int = spec(default=4, minimum=1)
    session_lifetime_seconds: int = spec(default=43_200, minimum=1)
    session_idle_seconds: int = spec(default=3_600, minimum=1)
    login_free_failures_per_account: int = spec(default=5, minimum=1)
    login_free_failures_per_address: int = spec(default=20, minimum=1)
    login_backoff_seconds: float = spec(default=2.0, exclusiveMinimum=0)
    login_backoff_max_seconds: float = spec(default=900.0, exclusiveMinimum=0)
    login_failure_window_seconds: int = spec(default=3_600, minimum=1)

    def __post_init__(self) -> None:
        validate(self, "claimscope.serve")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ServeSettings:
        return from_section(cls, data, "claimscope.serve")


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
