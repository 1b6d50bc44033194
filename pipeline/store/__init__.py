"""The annotation store: one SQLAlchemy data layer over SQLite (WAL) or PostgreSQL.

``open_store(url)`` creates or upgrades the schema; :mod:`pipeline.store.loader` loads a
run folder into a project; :mod:`pipeline.store.edits` is the only place claims change,
always through a new row of the append-only history.
"""

from pipeline.store.db import Store, open_store

__all__ = ["Store", "open_store"]
