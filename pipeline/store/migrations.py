"""A tiny versioned-migrations runner: ``schema_version`` records each applied step.

Append a new ``Migration`` to ``MIGRATIONS`` for every schema change; never edit an
applied one. ``upgrade`` applies the missing steps in order, each in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text

from pipeline.errors import StoreError
from pipeline.store.models import Base


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[Connection], None]


def _initial(conn: Connection) -> None:
    Base.metadata.create_all(conn)


def _history_append_only(conn: Connection) -> None:
    # Belt and braces beside the ORM guard: the database itself refuses edits of history.
    if conn.dialect.name == "sqlite":
        for op in ("UPDATE", "DELETE"):
            conn.execute(
                text(
                    f"CREATE TRIGGER IF NOT EXISTS history_no_{op.lower()} BEFORE {op} ON history "
                    "BEGIN SELECT RAISE(ABORT, 'history is append-only'); END"
                )
            )
    elif conn.dialect.name == "postgresql":
        conn.execute(
            text(
                "CREATE OR REPLACE FUNCTION history_append_only() RETURNS trigger AS $$ "
                "BEGIN RAISE EXCEPTION 'history is append-only'; END; $$ LANGUAGE plpgsql"
            )
        )
        conn.execute(
            text(
                "CREATE TRIGGER history_append_only BEFORE UPDATE OR DELETE ON history "
                "FOR EACH ROW EXECUTE FUNCTION history_append_only()"
            )
        )


def _sessions_and_login_failures(conn: Connection) -> None:
    from pipeline.store.models import AuthSession, LoginFailure

    Base.metadata.create_all(conn, tables=[AuthSession.__table__, LoginFailure.__table__])  # type: ignore[list-item]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _initial),
    Migration(2, "history is append-only (database triggers)", _history_append_only),
    Migration(3, "server-side login sessions and login throttling", _sessions_and_login_failures),
)


def current_version(engine: Engine) -> int:
    """The applied schema version (0 for an empty database)."""
    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TABLE IF NOT EXISTS schema_version "
                "(version INTEGER PRIMARY KEY, description VARCHAR(200) NOT NULL, applied_at VARCHAR(40) NOT NULL)"
            )
        )
        found = conn.execute(text("SELECT MAX(version) FROM schema_version")).scalar()
    return int(found or 0)


def upgrade(engine: Engine, migrations: Sequence[Migration] = MIGRATIONS) -> list[int]:
    """Apply every migration newer than the database; returns the versions applied."""
    found = current_version(engine)
    known = max((m.version for m in migrations), default=0)
    if found > known:
        raise StoreError("E409", found=found, known=known)
    applied: list[int] = []
    for migration in sorted(migrations, key=lambda m: m.version):
        if migration.version <= found:
            continue
        with engine.begin() as conn:
            migration.apply(conn)
            conn.execute(
                text(
                    "INSERT INTO schema_version (version, description, applied_at) VALUES (:v, :d, CURRENT_TIMESTAMP)"
                ),
                {"v": migration.version, "d": migration.description},
            )
        applied.append(migration.version)
    return applied
