"""Optional "affiliation network" section, drawn by ``pipeline.network`` when that area is installed.

The report does not build discourse networks itself: it asks ``pipeline.network`` for its
graph and its figures, and silently leaves the section out when the area (or the part of
its API used here) is not importable.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# Builders tried in order; each takes the run folder and returns a graph.
_BUILDERS: tuple[str, ...] = ("build_affiliation_network", "affiliation_network", "build_network")


def _network_api() -> tuple[Any, Any] | None:
    try:
        module = importlib.import_module("pipeline.network")
    except ImportError:
        return None
    render = getattr(module, "render_network_figures", None)
    builder = next((getattr(module, name) for name in _BUILDERS if hasattr(module, name)), None)
    if render is None or builder is None:
        return None
    return builder, render


def affiliation_figures(run_dir: Path, out_dir: Path) -> list[Path]:
    """PNG figures of the affiliation network of a run, or ``[]`` when pipeline.network is absent."""
    api = _network_api()
    if api is None:
        return []
    builder, render = api
    try:
        graph = builder(run_dir)
        paths = render(graph, out_dir)
    except Exception as exc:  # an optional section must never break the report
        log.warning("affiliation network section skipped: %s", exc)
        return []
    return sorted(Path(p) for p in (paths or []) if str(p).endswith(".png") and Path(p).exists())
