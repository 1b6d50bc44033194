"""Resolve ``--from``/``--into``: a run folder, or a store URL plus a project name."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import ConfigError
from pipeline.runfolder import RunData, read_run


def is_store_url(location: str) -> bool:
    return "://" in location or location.endswith((".db", ".sqlite", ".sqlite3"))


def load_source(location: str, project: str | None = None) -> RunData:
    """Articles and claims from a run folder or a store project (rejected claims left out)."""
    if not is_store_url(location):
        return read_run(Path(location))
    if not project:
        raise ConfigError(
            "E006", name="--project", expected="a project name when reading a store", got=project
        )
    from pipeline.store import open_store
    from pipeline.store.queries import snapshot
    from pipeline.store.users import get_project

    store = open_store(location)
    try:
        with store.session() as session:
            return snapshot(session, get_project(session, project).id)
    finally:
        store.dispose()
