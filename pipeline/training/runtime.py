"""Helpers the transformer pipeline components share: finding, naming and copying model folders."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from pipeline.errors import TrainingError
from pipeline.paths import locate

DEFAULT_STANCE_MODEL = "models/claimscope-stance"
DEFAULT_CHECKWORTHINESS_MODEL = "models/claimscope-checkworthiness"


def resolve_model_path(path: str | Path, default: str = "") -> Path:
    """``path`` (or ``default``) as given when it exists, else the bundled model of that name."""
    return locate(path or default)


def model_info(path: Path) -> dict[str, Any]:
    """``training.json`` of a model folder (name, version, data version), or a minimal stand-in."""
    file = Path(path) / "training.json"
    if file.exists():
        data: dict[str, Any] = json.loads(file.read_text(encoding="utf-8"))
        return data
    return {"name": Path(path).name, "version": "0"}


def model_tag(component: str, path: Path) -> str:
    """Provenance value ``component@<model name>:<version>``."""
    info = model_info(path)
    return f"{component}@{info.get('name', Path(path).name)}:{info.get('version', '0')}"


def require_model(path: Path, config: str) -> Path:
    if not (Path(path) / "model.json").exists():
        raise TrainingError(
            "E303", path=path, what=f"model.json (rebuild: claimscope train --config {config})"
        )
    return path


def copy_model(src: Path, dest: Path) -> None:
    """Copy a model folder next to a serialised pipeline (``to_disk``)."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("eval", "*.png"))
