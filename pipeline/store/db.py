"""Open a store by URL: engine, SQLite pragmas (WAL, foreign keys, busy timeout), migrations.

Two kinds of transaction: ``store.read()`` for everything that only looks (pages, API
reads, checks) and ``store.session()`` for changes. On SQLite a read is a plain deferred
transaction: in WAL mode it reads a snapshot and never waits for a writer, nor a writer
for it. A write takes the database's write lock at ``BEGIN IMMEDIATE`` (so concurrent
writers queue instead of failing to upgrade a read lock); writers of one process queue on
a lock of their own first, so they wait in order instead of polling SQLite's busy handler.
Keep write transactions short: no password hashing or rendering inside them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from pipeline.errors import StoreError
from pipeline.store.migrations import upgrade
from pipeline.store.models import History

READ_ONLY = "claimscope_read_only"
"""Execution option (and ``Session.info`` key) of read transactions."""


class Store:
    """An opened, migrated store: ``read()`` for looking, ``session()`` for a transaction that writes."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._readers = sessionmaker(
            engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False, info={READ_ONLY: True}
        )
        self._write_turn = threading.RLock() if engine.dialect.name == "sqlite" else None

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A write transaction, committed when the block ends without an error."""
        with self._write_turn or nullcontext(), self._sessions.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only transaction: never waits for writers; flushing a change in it is an error.

        Objects loaded in it stay readable after the block (they are detached, not expired).
        """
        session = self._readers()
        try:
            yield session
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def _refuse_writes_in_reads(session: Session, _context: Any, _instances: Any) -> None:
    if session.info.get(READ_ONLY) and (session.new or session.dirty or session.deleted):
        raise RuntimeError("a change was made in a read-only store session; use store.session() to write")


event.listen(Session, "before_flush", _refuse_writes_in_reads)


def _begin(conn: Any) -> None:
    read_only = conn.get_execution_options().get(READ_ONLY, False)
    conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


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
            if ":memory:" not in url and url not in ("sqlite://", "sqlite:///"):
                # WAL readers each hold a connection; the app serves up to ~40 requests at once.
                kwargs.update(pool_size=10, max_overflow=40)
        engine = create_engine(url, **kwargs)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _begin)

            @event.listens_for(engine, "connect")
            def _no_pysqlite_begin(dbapi_conn: Any, _record: Any) -> None:
                dbapi_conn.isolation_level = None

        if migrate:
            upgrade(engine)
    except (ArgumentError, OperationalError, ModuleNotFoundError) as exc:
        raise StoreError("E406", url=url, detail=str(exc).splitlines()[0]) from exc
    return Store(engine)
