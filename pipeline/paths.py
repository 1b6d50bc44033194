"""Where claimscope finds its bundled data (configs, corpus, annotations, models)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def configs_dir() -> Path:
    """The configs folder: ``$CLAIMSCOPE_CONFIGS`` if set, else the project's ``configs/``."""
    env = os.environ.get("CLAIMSCOPE_CONFIGS")
    return Path(env) if env else PROJECT_ROOT / "configs"


def resolve_config_path(path: str | Path | None, default: str) -> Path:
    """``path`` if given (relative paths are taken from the working directory), else
    ``default`` inside :func:`configs_dir`."""
    if path:
        return Path(path)
    return configs_dir() / default


def default_config_path() -> Path:
    return configs_dir() / "default.cfg"
