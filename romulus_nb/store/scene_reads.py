"""GET scene's read of one row, done the cheapest way each engine allows: `SceneReads`.

GET scene is the most frequent request, and one SELECT of one row by its key is all it needs:
no ORM session and no transaction (a single SELECT sees one consistent snapshot by itself).
Through an `AsyncSession` the read cost ~0.5 ms (PostgreSQL) and ~1 ms (SQLite) of CPU, more
than the rest of the request; here it costs ~0.2 and ~0.13 ms.

- **SQLite** is a library in this process: the read runs on the event loop's own thread, on a
  synchronous connection to the same file (pysqlite, the same statement). Through aiosqlite it
  is five trips to the connection's thread and back (checkout, execute, fetch, close, reset),
  each waiting for the GIL while the loop runs other requests, up to the interpreter's 5 ms
  switch interval. The synchronous connection never waits for a lock (busy timeout 0; in WAL
  mode readers do not wait for writers): when SQLite answers "busy" (a migration or a crash
  recovery holds the file), the read goes through the async engine instead, which waits.
- **PostgreSQL**: the statement, compiled once by SQLAlchemy, runs on a connection of the
  engine's pool through asyncpg itself: one round trip, with neither a BEGIN/ROLLBACK nor
  SQLAlchemy's per-statement work. The pool's connections decode JSONB already.

Every read sees what the database holds at that moment: never a stale answer.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import asyncpg
from sqlalchemy import (
    Integer,
    and_,
    bindparam,
    case,
    create_engine,
    null,
    select,
    type_coerce,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.util import greenlet_spawn

from romulus_nb.store import models as orm
from romulus_nb.store.database import SINGLE_READ
from romulus_nb.store.errors import GameNotFoundError, SceneNotFoundError
from romulus_nb.store.types import UTCDateTime, json_column_type


@dataclass(frozen=True)
class SceneRecord:
    """One scene as stored, its data the stored `NESScene` document (a dict validated when it
    was written, not again): what GET scene answers with. ``data`` is None when the caller
    already holds this version of it (`SceneReads.read`'s ``held``)."""

    id: uuid.UUID
    name: str
    version: int
    created_at: datetime
    updated_at: datetime
    position: int
    game_id: uuid.UUID
    data: dict | None

    @property
    def stamp(self) -> tuple[int, datetime]:
        """What moves on with every change of the scene's data: its version and change time
        (what its ETag is made of)."""
        return self.version, self.updated_at


_scenes = orm.Scene.__table__
# Built once, with bound parameters (SQLAlchemy's compiled cache hits on it every time). The
# document is left out (NULL) when the row still has the version and change time the caller
# holds a copy of.
_SCENE_RECORD = select(
    *(_scenes.c[name] for name in SceneRecord.__dataclass_fields__ if name != "data"),
    case(
        (
            and_(
                _scenes.c.version == bindparam("held_version", type_=Integer),
                _scenes.c.updated_at == bindparam("held_updated_at", type_=UTCDateTime),
            ),
            null(),
        ),
        else_=type_coerce(_scenes.c.data, json_column_type()),
    ).label("data"),
).where(_scenes.c.id == bindparam("scene_id"), _scenes.c.game_id == bindparam("game_id"))
_GAME_EXISTS = select(orm.Game.id).where(orm.Game.id == bindparam("game_id"))

#: SQLite's primary result code for "the file is locked by another connection".
_SQLITE_BUSY = 5

Found = tuple[tuple | None, bool]  # the scene's row (None: no such scene), whether the game is


class SceneReads:
    """GET scene's reads over ``engine`` (the server's): `read`, then `close` when done."""

    def __init__(self, engine: AsyncEngine):
        self.engine = engine
        self._inline: Connection | None = None
        if engine.dialect.name == "sqlite":
            inline = create_engine(
                engine.url.set(drivername="sqlite+pysqlite"),
                # No waiting for a lock, and usable from whichever thread runs the event loop.
                connect_args={"timeout": 0, "check_same_thread": False},
            )
            self._inline = inline.connect().execution_options(isolation_level="AUTOCOMMIT")
            self._find = self._find_inline
        else:
            compiled = [q.compile(dialect=engine.dialect) for q in (_SCENE_RECORD, _GAME_EXISTS)]
            self._sql = [(str(q), q.positiontup) for q in compiled]
            self._find = self._find_asyncpg

    async def read(
        self,
        game_id: uuid.UUID,
        scene_id: uuid.UUID,
        held: tuple[int, datetime] | None = None,
    ) -> SceneRecord:
        """The scene's `SceneRecord`. ``held``: the `SceneRecord.stamp` of a copy the caller
        keeps; while the row still has it, the record comes without its data (None): the
        database neither sends the document again nor the caller parses it.
        `GameNotFoundError` / `SceneNotFoundError` when there is no such game / scene."""
        version, updated_at = held or (None, None)
        params = {
            "scene_id": scene_id,
            "game_id": game_id,
            "held_version": version,
            "held_updated_at": updated_at,
        }
        row, game = await self._find(params)
        if not game:
            raise GameNotFoundError(f"game {game_id}: not in the store")
        if row is None:
            raise SceneNotFoundError(f"scene {scene_id}: not in game {game_id}")
        return SceneRecord(*row)

    def close(self) -> None:
        if self._inline is not None:
            self._inline.close()
            self._inline.engine.dispose()

    async def _find_inline(self, params: dict) -> Found:
        try:
            return _find(self._inline, params)
        except OperationalError as exc:
            if not _busy(exc.orig):
                raise
        async with self.engine.connect() as connection:  # busy: wait for the lock, off the loop
            connection = await connection.execution_options(**{SINGLE_READ: True})
            return await connection.run_sync(_find, params)

    async def _find_asyncpg(self, params: dict) -> Found:
        try:
            return await self._fetch(params)
        except _LOST:
            # The server dropped the connection (a restart), so it dropped the pool's others
            # too: start a new pool, as SQLAlchemy does on a disconnect, and read again (once).
            await self.engine.dispose(close=False)
            return await self._fetch(params)

    async def _fetch(self, params: dict) -> Found:
        (scene_sql, scene_order), (game_sql, game_order) = self._sql
        connection = await self.engine.raw_connection()
        failed = True
        try:
            driver = connection.driver_connection
            row = await driver.fetchrow(scene_sql, *[params[name] for name in scene_order])
            game = (
                row is not None
                or (await driver.fetchrow(game_sql, *[params[name] for name in game_order]))
                is not None
            )
            failed = False
            return row, game
        finally:
            # A connection cut off mid-answer (cancelled, dropped) is not used again.
            await greenlet_spawn(_give_back, connection, failed)


#: What asyncpg raises when the connection is gone (closed, reset, or shut by the server).
_LOST = (
    OSError,
    asyncpg.InterfaceError,  # ConnectionDoesNotExistError: used after the server closed it
    asyncpg.PostgresConnectionError,
    asyncpg.OperatorInterventionError,  # 57P01 "terminating connection", a shutdown
)


def _find(connection: Connection, params: dict) -> Found:
    row = connection.execute(_SCENE_RECORD, params).first()
    return row, row is not None or connection.execute(_GAME_EXISTS, params).first() is not None


def _give_back(connection, failed: bool) -> None:
    if failed:
        connection.invalidate()
    connection.close()


def _busy(error: Exception) -> bool:
    """Whether SQLite refused with SQLITE_BUSY (any of its extended codes)."""
    code = getattr(error, "sqlite_errorcode", None)  # Python 3.11+
    if code is None:
        return "database is locked" in str(error)  # SQLite's message for SQLITE_BUSY
    return code & 0xFF == _SQLITE_BUSY
