"""One SQL database behind a URL: SQLite (WAL, ``synchronous=FULL``) or PostgreSQL.

Both go through SQLAlchemy: Core for schema and small operations, and for the paths a
log runs millions of times (reading tiles, appending) the driver connection that
SQLAlchemy opened, with the SQL written once and its placeholders adapted. Core adds
about 40 µs to a statement, which is most of a proof's budget.

SQLite is put in autocommit mode and every transaction is an explicit ``BEGIN
IMMEDIATE``: the write lock is taken at the start, so two writers queue (``busy_timeout``)
instead of failing when one upgrades a read lock. ``synchronous=FULL`` in WAL mode
makes a commit wait for the log file to reach the disk: a commit that returned survives
a crash.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import ConnectionPoolEntry

from servanda.errors import StoreError

#: The URL every storage command uses unless given ``--db``.
DEFAULT_URL = "sqlite:///servanda.db"
_BUSY_TIMEOUT_MS = 30_000
_EXAMPLES = "e.g. sqlite:///servanda.db or postgresql+psycopg://user@host:5432/db"


def _driver_errors() -> tuple[type[BaseException], ...]:
    import psycopg

    return (SQLAlchemyError, sqlite3.Error, psycopg.Error, OSError)


#: Every exception a database call may raise; converted to ``StoreError`` at the boundary.
DATABASE_ERRORS = _driver_errors()


class Database:
    """An engine for ``url`` plus raw driver connections for the hot paths."""

    def __init__(self, url: str, *, create: bool = False) -> None:
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            raise StoreError(f"{url!r} is not a database URL; {_EXAMPLES}") from exc
        self.display = parsed.render_as_string(hide_password=True)
        backend = parsed.get_backend_name()
        if backend == "sqlite":
            if parsed.get_driver_name() != "pysqlite":
                raise StoreError(f"{self.display}: use the sqlite:/// driver; {_EXAMPLES}")
            database = parsed.database or ""
            if database in ("", ":memory:") or database.startswith("file:"):
                raise StoreError(f"{self.display}: name a database file; {_EXAMPLES}")
            if not create and not Path(database).exists():
                raise StoreError(f"no database at {database}; create it with 'servanda log init'")
            self.is_sqlite = True
            engine = sa.create_engine(parsed, connect_args={"check_same_thread": False})
            event.listen(engine, "connect", _sqlite_connect)
            event.listen(engine, "begin", _sqlite_begin)
        elif backend == "postgresql":
            if parsed.get_driver_name() not in ("psycopg", "psycopg2"):
                raise StoreError(f"{self.display}: use postgresql+psycopg://; {_EXAMPLES}")
            self.is_sqlite = False
            engine = sa.create_engine(parsed.set(drivername="postgresql+psycopg"))
        else:
            raise StoreError(f"{self.display}: {backend} is not supported; {_EXAMPLES}")
        self.engine: Engine = engine
        self._local = threading.local()
        self._raw: list[Any] = []
        self._lock = threading.Lock()

    def sql(self, text: str) -> str:
        """Driver SQL written with ``?`` placeholders, for this database's driver."""
        return text if self.is_sqlite else text.replace("?", "%s")

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A Core transaction; database errors become ``StoreError``."""
        with self.guard(), self.engine.begin() as connection:
            yield connection

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Convert driver and SQLAlchemy errors raised inside into ``StoreError``."""
        try:
            yield
        except DATABASE_ERRORS as exc:
            raise StoreError(f"{self.display}: {_first_line(exc)}") from exc

    def raw(self) -> Any:
        """A new driver connection in autocommit mode, closed by ``close()``."""
        with self.guard():
            proxied = self.engine.raw_connection()
            connection = proxied.driver_connection
            proxied.detach()  # closing it closes it, instead of returning it to the pool
            if not self.is_sqlite:
                connection.autocommit = True  # type: ignore[union-attr]
        with self._lock:
            self._raw.append(connection)
        return connection

    def reader(self) -> Any:
        """This thread's driver connection for reads (autocommit: one snapshot a statement)."""
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = self.raw()
        return connection

    def begin_raw(self, connection: Any) -> None:
        """Start a write transaction on a raw connection, taking the write lock now."""
        connection.cursor().execute("BEGIN IMMEDIATE" if self.is_sqlite else "BEGIN")

    def close(self) -> None:
        with self._lock:
            raw, self._raw = self._raw, []
        for connection in raw:
            with contextlib.suppress(*DATABASE_ERRORS):  # a broken connection is closed too
                connection.close()
        self._local = threading.local()
        self.engine.dispose()


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _sqlite_connect(connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")
