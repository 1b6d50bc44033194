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


def _network_api() -> tuple[Any, Any, Any] | None:
    try:
        module = importlib.import_module("pipeline.network")
        extract = module.extract_statements
        affiliation = module.affiliation_network
        render = module.render_network_figures
    except (ImportError, AttributeError):
        return None
    return extract, affiliation, render


def affiliation_figures(run_dir: Path, out_dir: Path) -> list[Path]:
    """PNG figures of the affiliation network of a run, or ``[]`` when pipeline.network is absent."""
    api = _network_api()
    if api is None:
        return []
    extract, affiliation, render = api
    try:
        statements = extract(run_dir).statements
        if not statements:
            return []
        paths = render(affiliation(statements), out_dir)
    except Exception as exc:  # an optional section must never break the report
        log.warning("affiliation network section skipped: %s", exc)
        return []
    return sorted(Path(p) for p in (paths or []) if str(p).endswith(".png") and Path(p).exists())
