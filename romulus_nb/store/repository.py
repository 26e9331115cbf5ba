"""The store's operations as async functions on a session: the one implementation behind both
`GameStore` (notebooks) and the server's routers.

Reads take a session as it comes. Writes run inside `writing(session)`, one transaction each, and
follow one rule for concurrency: every write to a game, or to any of its scenes, first moves the
game's ``version`` on (which also takes the game row's lock on PostgreSQL, so writers of one game
queue in one order and never deadlock). A write that states the version it was made from
(``expected``) is refused with `StaleUpdateError` when the row has moved on since: a conditional
UPDATE that matched no row, so no read-then-write race is possible.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    delete,
    func,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from romulus_nb.errors import InvalidValueError
from romulus_nb.game import Game as GameModel
from romulus_nb.project import NESScene, game_from_dict
from romulus_nb.store import models as orm
from romulus_nb.store.database import begin_write, write_turn
from romulus_nb.store.documents import check_scene, game_document, game_parts, give_uuids
from romulus_nb.store.errors import (
    GameNotFoundError,
    SceneNotFoundError,
    StaleUpdateError,
    StoreError,
)
from romulus_nb.store.models import utcnow

IDENTITY = {"id", "name", "created_at", "updated_at"}  # NESScene fields the row keeps itself
_NO_SYNC = {"synchronize_session": False}


@dataclass(frozen=True)
class GameInfo:
    """One game of the store, without its data."""

    id: str
    name: str
    version: int
    scenes: int
    created_at: datetime
    updated_at: datetime

    def __repr__(self) -> str:
        return (
            f"GameInfo({self.name!r}, {self.scenes} scenes, version {self.version}, id={self.id})"
        )


@asynccontextmanager
async def writing(session: AsyncSession) -> AsyncIterator[AsyncSession]:
    """One write transaction: committed when the block ends, rolled back when it raises."""
    async with write_turn(session.bind):
        await begin_write(session)
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


# --- reads -------------------------------------------------------------------------------------
async def list_games(session: AsyncSession) -> list[GameInfo]:
    """Every game, oldest first, with its number of scenes."""
    counts = (
        select(orm.Scene.game_id, func.count().label("n")).group_by(orm.Scene.game_id).subquery()
    )
    g = orm.Game
    rows = await session.execute(
        select(g.id, g.name, g.version, func.coalesce(counts.c.n, 0), g.created_at, g.updated_at)
        .outerjoin(counts, counts.c.game_id == g.id)
        .order_by(g.created_at, g.id)
    )
    return [GameInfo(str(r[0]), *r[1:]) for r in rows]


async def get_game(session: AsyncSession, game_id: uuid.UUID, *, scenes: bool = True) -> orm.Game:
    """The game row (with its scenes, in order, when ``scenes``)."""
    query = select(orm.Game).where(orm.Game.id == game_id)
    if scenes:
        query = query.options(selectinload(orm.Game.scenes))
    game = (await session.execute(query)).scalar_one_or_none()
    if game is None:
        raise GameNotFoundError(f"game {game_id}: not in the store")
    return game


async def game_info(session: AsyncSession, game_id: uuid.UUID) -> GameInfo:
    for info in await list_games(session):  # small: one row a game, no data
        if info.id == str(game_id):
            return info
    raise GameNotFoundError(f"game {game_id}: not in the store")


async def get_scene(session: AsyncSession, game_id: uuid.UUID, scene_id: uuid.UUID) -> orm.Scene:
    scene = (
        await session.execute(
            select(orm.Scene).where(orm.Scene.id == scene_id, orm.Scene.game_id == game_id)
        )
    ).scalar_one_or_none()
    if scene is None:
        await _game_row(session, game_id)
        raise SceneNotFoundError(f"scene {scene_id}: not in game {game_id}")
    return scene


async def _game_row(session: AsyncSession, game_id: uuid.UUID):
    row = (
        await session.execute(
            select(orm.Game.name, orm.Game.version, orm.Game.updated_at).where(
                orm.Game.id == game_id
            )
        )
    ).first()
    if row is None:
        raise GameNotFoundError(f"game {game_id}: not in the store")
    return row


# --- writes to a whole game --------------------------------------------------------------------
async def _bump_game(
    session: AsyncSession,
    game_id: uuid.UUID,
    expected: int | None = None,
    *,
    hint: str = "",
    **values,
) -> int:
    """Move the game's version on (and set ``values``); `StaleUpdateError` when ``expected``
    is given and is not the stored version. Returns the new version."""
    stmt = update(orm.Game).where(orm.Game.id == game_id)
    if expected is not None:
        stmt = stmt.where(orm.Game.version == expected)
    stmt = stmt.values(version=orm.Game.version + 1, updated_at=utcnow(), **values)
    new = (
        await session.execute(stmt.returning(orm.Game.version), execution_options=_NO_SYNC)
    ).scalar_one_or_none()
    if new is None:
        current = await _game_row(session, game_id)
        raise StaleUpdateError(
            f"game {current.name!r}", expected, current.version, current.updated_at, hint
        )
    return new


async def create_game(session: AsyncSession, game: GameModel, *, copy: bool = False) -> GameInfo:
    """Insert ``game`` as a new game (``copy``: under new ids, so the same game can be stored
    twice). Ids that are not UUIDs are replaced by new UUIDs, in ``game`` too."""
    if copy:
        game.id = str(uuid.uuid4())
        for scene in game.scenes:
            scene.id = str(uuid.uuid4())
    give_uuids(game)
    await _free_scene_ids(session, game)
    parts = game_parts(game)
    existing = (
        await session.execute(
            select(orm.Game.name, orm.Game.version, orm.Game.updated_at).where(
                orm.Game.id == parts.id
            )
        )
    ).first()
    if existing is not None:
        raise StoreError(
            f"game {existing.name!r} ({parts.id}) is already in the store (version "
            f"{existing.version}, changed at {existing.updated_at.isoformat(timespec='seconds')}); "
            "load it from the store to change it, or store this one as a copy (copy=True)"
        )
    row = orm.Game(id=parts.id, name=parts.name, tileset=parts.tileset, assets=parts.assets)
    row.scenes = [_scene_row(parts.id, i, s) for i, s in enumerate(parts.scenes)]
    session.add(row)
    await session.flush()
    return GameInfo(
        str(row.id), row.name, row.version, len(row.scenes), row.created_at, row.updated_at
    )


async def _free_scene_ids(session: AsyncSession, game: GameModel) -> None:
    """New UUIDs for the scenes of ``game`` whose ids another game's scenes already have (a
    project posted twice under two game ids): scene ids are primary keys."""
    ids = {uuid.UUID(s.id): s for s in game.scenes}
    taken = await session.execute(
        select(orm.Scene.id).where(
            orm.Scene.id.in_(list(ids)), orm.Scene.game_id != uuid.UUID(game.id)
        )
    )
    for (scene_id,) in taken:
        ids[scene_id].id = str(uuid.uuid4())


def _scene_row(game_id: uuid.UUID, position: int, data: NESScene) -> orm.Scene:
    return orm.Scene(
        id=uuid.UUID(data.id), game_id=game_id, position=position, name=data.name, data=data
    )


def _same_scene(a: NESScene, b: NESScene) -> bool:
    return a.model_dump(exclude=IDENTITY) == b.model_dump(exclude=IDENTITY)


async def save_game(session: AsyncSession, game: GameModel, expected: int) -> int:
    """Replace the stored game by ``game``, made from version ``expected``; returns the new
    version. Scenes are matched by id: changed ones are updated (their version moves on), new
    ones inserted, missing ones deleted."""
    give_uuids(game)
    await _free_scene_ids(session, game)
    parts = game_parts(game)
    version = await _bump_game(
        session,
        parts.id,
        expected,
        hint="Load it again (store.load) and redo the change, or keep this copy as a new game "
        "with store.save(game, copy=True).",
        name=parts.name,
        tileset=parts.tileset,
        assets=parts.assets,
    )
    rows = {
        s.id: s
        for s in (
            await session.execute(select(orm.Scene).where(orm.Scene.game_id == parts.id))
        ).scalars()
    }
    for position, data in enumerate(parts.scenes):
        row = rows.pop(uuid.UUID(data.id), None)
        if row is None:
            session.add(_scene_row(parts.id, position, data))
        elif row.position != position or row.name != data.name or not _same_scene(row.data, data):
            row.position, row.name, row.data = position, data.name, data
            row.version += 1
    for row in rows.values():
        await session.delete(row)
    await session.flush()
    return version


async def change_game(session: AsyncSession, game_id: uuid.UUID, expected: int, **fields) -> int:
    """Set game fields of the project document (``tileset``, ``metatiles``, ``metasprites``:
    their document forms), made from version ``expected``; the whole game is validated again
    as a project file (a metatile map must fit the new table; the scenes drawn from maps are
    drawn again from them). Returns the new version."""
    row = await get_game(session, game_id)
    document = game_document(row, row.scenes)
    document["game"].update(fields)
    game = game_from_dict(document, source="body")
    return await save_game(session, game, expected)


async def delete_game(session: AsyncSession, game_id: uuid.UUID) -> None:
    """Delete the game; the database deletes its scenes (ON DELETE CASCADE)."""
    result = await session.execute(delete(orm.Game).where(orm.Game.id == game_id))
    if result.rowcount == 0:
        raise GameNotFoundError(f"game {game_id}: not in the store")


async def rename_game(session: AsyncSession, game_id: uuid.UUID, name: str, expected: int) -> int:
    return await _bump_game(session, game_id, expected, name=name)


# --- writes to one scene -----------------------------------------------------------------------
def blank_scene(name: str) -> NESScene:
    """A new scene's document, as `Game.add_scene` makes it."""
    game = GameModel("blank")
    game.add_scene(name)
    give_uuids(game)
    return game_parts(game).scenes[0]


async def add_scene(
    session: AsyncSession,
    game_id: uuid.UUID,
    name: str,
    data: SceneCheck | None = None,
    position: int | None = None,
) -> orm.Scene:
    """Insert a scene (a blank one when ``data`` is None) at ``position`` (default: the end)."""
    await _bump_game(session, game_id)
    count = (
        await session.execute(select(func.count()).where(orm.Scene.game_id == game_id))
    ).scalar_one()
    if position is None or position > count:
        position = count
    scene_id = uuid.uuid4()
    data = blank_scene(name) if data is None else await data.for_write(session, game_id)
    await _shift(session, game_id, orm.Scene.position >= position, +1)
    row = _scene_row(game_id, position, data.model_copy(update={"id": str(scene_id), "name": name}))
    session.add(row)
    await session.flush()
    return row


@dataclass(frozen=True)
class SceneCheck:
    """A scene document checked against the game's metatile table as it was when read
    (`check_scene_first`): the check costs milliseconds of CPU, which a write would otherwise
    spend holding the game's write lock, every other writer of the game waiting."""

    given: NESScene
    checked: NESScene
    metatiles: list

    async def for_write(self, session: AsyncSession, game_id: uuid.UUID) -> NESScene:
        """The checked document, inside the write: checked again if the game's metatile table
        changed since (another writer came first)."""
        metatiles = await _metatiles(session, game_id)
        return self.checked if metatiles == self.metatiles else check_scene(self.given, metatiles)


async def check_scene_first(
    session: AsyncSession, game_id: uuid.UUID, data: NESScene | None
) -> SceneCheck | None:
    """Check ``data`` for the game before its write begins (None: nothing to check); call it
    on a session that has not begun, and begin the write (`writing`) after it."""
    if data is None:
        return None
    try:
        metatiles = await _metatiles(session, game_id)
    finally:
        await session.rollback()  # the read ends: the write begins as one (see begin_write)
    return SceneCheck(data, check_scene(data, metatiles), metatiles)


async def _metatiles(session: AsyncSession, game_id: uuid.UUID) -> list:
    """The game's metatile table (documents): what a scene's metatile map may use."""
    assets = (
        await session.execute(select(orm.Game.assets).where(orm.Game.id == game_id))
    ).scalar_one_or_none()
    if assets is None:
        raise GameNotFoundError(f"game {game_id}: not in the store")
    return assets.get("metatiles", [])


async def _shift(session: AsyncSession, game_id: uuid.UUID, which, by: int) -> None:
    """Move the positions of the game's scenes matching ``which`` by ``by`` (to make or close
    a gap)."""
    await session.execute(
        update(orm.Scene)
        .where(orm.Scene.game_id == game_id, which)
        .values(position=orm.Scene.position + by),
        execution_options=_NO_SYNC,
    )


async def update_scene(
    session: AsyncSession,
    game_id: uuid.UUID,
    scene_id: uuid.UUID,
    expected: int,
    *,
    name: str | None = None,
    data: SceneCheck | None = None,
) -> orm.Scene:
    """Change a scene's name and/or data, made from its version ``expected``."""
    await _bump_game(session, game_id)
    values: dict = {"version": orm.Scene.version + 1, "updated_at": utcnow()}
    if name is not None:
        values["name"] = name
    if data is not None:
        values["data"] = await data.for_write(session, game_id)
    row = (
        await session.execute(
            update(orm.Scene)
            .where(
                orm.Scene.id == scene_id,
                orm.Scene.game_id == game_id,
                orm.Scene.version == expected,
            )
            .values(**values)
            .returning(orm.Scene),
            execution_options={**_NO_SYNC, "populate_existing": True},
        )
    ).scalar_one_or_none()
    if row is None:
        current = await get_scene(session, game_id, scene_id)
        raise StaleUpdateError(
            f"scene {current.name!r}",
            expected,
            current.version,
            current.updated_at,
            "GET the scene again and redo the change.",
        )
    return row


async def delete_scene(session: AsyncSession, game_id: uuid.UUID, scene_id: uuid.UUID) -> None:
    await _bump_game(session, game_id)
    row = await get_scene(session, game_id, scene_id)
    position = row.position
    await session.execute(delete(orm.Scene).where(orm.Scene.id == scene_id))
    await _shift(session, game_id, orm.Scene.position > position, -1)


async def reorder_scenes(
    session: AsyncSession, game_id: uuid.UUID, scene_ids: list[uuid.UUID], expected: int
) -> list[orm.Scene]:
    """Put the game's scenes in the order of ``scene_ids`` (each of them exactly once)."""
    await _bump_game(session, game_id, expected, hint="GET the game again and redo the change.")
    rows = {
        s.id: s
        for s in (
            await session.execute(select(orm.Scene).where(orm.Scene.game_id == game_id))
        ).scalars()
    }
    if sorted(scene_ids) != sorted(rows) or len(set(scene_ids)) != len(scene_ids):
        raise InvalidValueError(
            f"scene_ids: {len(scene_ids)} ids; give each of the game's {len(rows)} scene ids "
            "exactly once"
        )
    for position, scene_id in enumerate(scene_ids):
        if rows[scene_id].position != position:
            rows[scene_id].position = position
            rows[scene_id].version += 1
    await session.flush()
    return [rows[s] for s in scene_ids]
