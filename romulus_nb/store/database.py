"""Database URLs and engines: SQLite in the user's data directory by default, or PostgreSQL.

Every engine is async (aiosqlite, asyncpg): the server uses it directly and `GameStore` runs it on
a thread of its own. SQLite gets what a shared file needs: foreign keys on (ON DELETE CASCADE),
write-ahead logging (readers never wait for a writer), a busy timeout, and writes that take the
write lock when they begin (``BEGIN IMMEDIATE``) so two writers queue instead of failing.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import weakref
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from romulus_nb.store.errors import StoreError

ENV_URL = "ROMULUS_DATABASE_URL"
DEFAULT_FILE = "games.db"
SQLITE_BUSY_MS = 30_000
#: Execution option a session sets on its connection before a write transaction.
WRITE = "romulus_write"
#: Execution option for a connection that reads with one statement: no transaction needed.
SINGLE_READ = "romulus_single_read"

_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}


def data_dir() -> Path:
    """Where romulus_nb keeps the user's data: ``$XDG_DATA_HOME/romulus_nb`` (Linux and the
    like), ``~/Library/Application Support/romulus_nb`` (macOS), ``%LOCALAPPDATA%\\romulus_nb``."""
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        base = Path(os.environ["LOCALAPPDATA"])
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "romulus_nb"


def default_url() -> str:
    """``$ROMULUS_DATABASE_URL``, else an SQLite file in `data_dir` (made on first use)."""
    if os.environ.get(ENV_URL):
        return os.environ[ENV_URL]
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / DEFAULT_FILE}"


def async_url(url: str | URL | None) -> URL:
    """``url`` (None: `default_url`) with the async driver romulus_nb uses for its dialect."""
    text = default_url() if url is None else url
    try:
        parsed = make_url(text)
    except ArgumentError:
        raise StoreError(
            f"database URL {str(text)!r} is not a URL; use sqlite:///FILE or "
            "postgresql://USER@HOST:PORT/DATABASE"
        ) from None
    dialect = parsed.get_backend_name()
    if dialect not in _ASYNC_DRIVERS:
        raise StoreError(
            f"database URL {parsed.render_as_string(hide_password=True)!r}: {dialect} is not "
            "supported; use sqlite:///FILE or postgresql://USER@HOST:PORT/DATABASE"
        )
    if dialect == "sqlite" and parsed.database in (None, "", ":memory:"):
        raise StoreError("database URL: an in-memory SQLite database cannot be shared; name a file")
    return parsed.set(drivername=_ASYNC_DRIVERS[dialect])


def shown(url: URL) -> str:
    """The URL as it may be printed: without the password."""
    return url.render_as_string(hide_password=True)


def make_engine(url: str | URL | None = None, *, pre_ping: bool = True, **options) -> AsyncEngine:
    """An async engine for ``url`` (see `async_url`); SQLite set up for many writers.

    ``pre_ping``: test a PostgreSQL connection before each use, so that one the server dropped
    (a restart) is replaced unseen. It costs three round trips per checkout (BEGIN, ping,
    ROLLBACK): the server turns it off and lets a dropped connection fail one request (the pool
    then replaces all its connections)."""
    url = async_url(url)
    if url.get_backend_name() != "sqlite":
        return create_async_engine(url, pool_pre_ping=pre_ping, **options)
    engine = create_async_engine(url, **options)
    _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: AsyncEngine) -> None:
    sync = engine.sync_engine

    @event.listens_for(sync, "connect")
    def _connect(dbapi_connection, _record):
        # Take transactions out of the driver's hands so that "begin" below decides how.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_MS}")
        cursor.close()

    @event.listens_for(sync, "begin")
    def _begin(connection):
        # A write that began as a read could not wait for the lock (SQLite would refuse it at
        # once to avoid a deadlock): writers take the lock first and queue on busy_timeout.
        options = connection.get_execution_options()
        if options.get(SINGLE_READ):
            return  # one SELECT is atomic on its own: spare the BEGIN (a thread hop each)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if options.get(WRITE) else "BEGIN")


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


_WRITE_TURNS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def write_turn(engine: AsyncEngine) -> contextlib.AbstractAsyncContextManager:
    """Hold it around a write transaction. SQLite: this process's writers take the file's
    write lock one at a time, in the order they came (an asyncio lock). SQLite's own wait for a
    busy lock polls with growing sleeps, and a writer that comes late may get the lock first:
    with 10 writers at once some waited over a second. PostgreSQL queues its lock waiters."""
    if engine.dialect.name != "sqlite":
        return contextlib.nullcontext()
    return _WRITE_TURNS.setdefault(engine.sync_engine, asyncio.Lock())


async def begin_write(session: AsyncSession) -> None:
    """Start ``session``'s transaction as a write (SQLite: ``BEGIN IMMEDIATE``)."""
    await session.connection(execution_options={WRITE: True})
