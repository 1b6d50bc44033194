"""Open a store by URL: engine, SQLite pragmas (WAL, foreign keys, busy timeout), migrations."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from pipeline.errors import StoreError
from pipeline.store.migrations import upgrade
from pipeline.store.models import History


class Store:
    """An opened, migrated store; ``session()`` yields a transaction committed on success."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _refuse_history_change(*_args: Any) -> None:
    raise StoreError("E403", detail="history rows are append-only; add a new row instead")


event.listen(History, "before_update", _refuse_history_change)
event.listen(History, "before_delete", _refuse_history_change)


def open_store(url: str, *, migrate: bool = True) -> Store:
    """Open (and by default create or upgrade) the store at ``url``.

    A bare path is taken as an SQLite file. SQLite runs in WAL mode so readers never
    block the writer.
    """
    if "://" not in url:
        url = f"sqlite:///{url}"
    try:
        kwargs: dict[str, Any] = {}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
        engine = create_engine(url, **kwargs)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
            # Take the write lock at BEGIN so concurrent writers queue instead of failing to upgrade a read lock.
            event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))

            @event.listens_for(engine, "connect")
            def _no_pysqlite_begin(dbapi_conn: Any, _record: Any) -> None:
                dbapi_conn.isolation_level = None

        if migrate:
            upgrade(engine)
    except (ArgumentError, OperationalError, ModuleNotFoundError) as exc:
        raise StoreError("E406", url=url, detail=str(exc).splitlines()[0]) from exc
    return Store(engine)
