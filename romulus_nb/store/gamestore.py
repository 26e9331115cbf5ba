"""`GameStore`: games in a database, for notebooks (blocking calls, no ``await``).

``GameStore()`` opens an SQLite file in the user's data directory (no server to start);
``GameStore("postgresql://user@host/db")`` a shared PostgreSQL database. It runs the same async
operations as the server (`romulus_nb.store.repository`) on an event loop of its own.

Optimistic concurrency: the store remembers which version each Game it loaded (or saved) came
from, and `save` refuses a game whose stored copy has moved on since, saying what changed and
when; nothing is ever overwritten unseen.
"""

from __future__ import annotations

import uuid
import weakref
from collections.abc import Callable

from romulus_nb.errors import InvalidValueError
from romulus_nb.game import Game as GameModel
from romulus_nb.store import repository as repo
from romulus_nb.store.database import make_engine, session_factory, shown
from romulus_nb.store.documents import as_uuid, game_model
from romulus_nb.store.errors import GameNotFoundError
from romulus_nb.store.listing import GameList
from romulus_nb.store.migrate import check_schema
from romulus_nb.store.portal import Portal
from romulus_nb.store.repository import GameInfo


class GameStore:
    """Games in a database.

    Parameters
    ----------
    url : str, optional
        An SQLAlchemy URL: ``sqlite:///path/games.db`` or
        ``postgresql://user:password@host:5432/database`` (the async drivers are chosen for
        you). Default: ``$ROMULUS_DATABASE_URL``, else ``games.db`` in the user's data directory.
    create : bool
        Make the tables in an empty database (default). A database made by another version of
        romulus_nb is refused (`DatabaseVersionError`): migrate it with ``romulus db upgrade``.
    """

    def __init__(self, url: str | None = None, *, create: bool = True):
        self._portal = Portal()
        try:
            self._engine = make_engine(url)
            self._sessions = session_factory(self._engine)
            self._portal.call(check_schema(self._engine, create=create))
        except BaseException:
            self._portal.close()
            raise
        self.url = shown(self._engine.url)
        self._versions: weakref.WeakKeyDictionary[GameModel, int] = weakref.WeakKeyDictionary()
        self._closer = weakref.finalize(self, _close, self._portal, self._engine)

    # --- the notebook's verbs -------------------------------------------------------------
    def games(self) -> GameList:
        """Every game (name, number of scenes, version, id, times); a table in a notebook."""
        return GameList(self._read(repo.list_games), self._thumbnail)

    def load(self, game_id: str | uuid.UUID) -> GameModel:
        """The game with id ``game_id``, validated like a project file."""
        key = _game_key(game_id)

        async def load(session):
            row = await repo.get_game(session, key)
            return game_model(row), row.version

        game, version = self._read(load)
        self._versions[game] = version
        return game

    def save(self, game: GameModel, *, copy: bool = False) -> GameInfo:
        """Store ``game``: a new game is inserted, a game loaded from this store replaces its
        stored copy if nobody changed that since (else `StaleUpdateError`, nothing saved).
        ``copy``: store it as a new game with new ids. Ids that are not UUIDs (a project
        file's ``"title"``) are replaced by new UUIDs, in ``game`` too."""
        if not isinstance(game, GameModel):
            raise InvalidValueError(f"save: {type(game).__name__} is not a Game")
        expected = None if copy else self._versions.get(game)

        async def save(session):
            async with repo.writing(session):
                if expected is None:
                    await repo.create_game(session, game, copy=copy)
                else:
                    await repo.save_game(session, game, expected)
            return await repo.game_info(session, uuid.UUID(game.id))

        info = self._call(save)
        self._versions[game] = info.version
        return info

    def delete(self, game_id: str | uuid.UUID) -> None:
        """Delete the game and its scenes."""
        key = _game_key(game_id)

        async def delete(session):
            async with repo.writing(session):
                await repo.delete_game(session, key)

        self._call(delete)

    def open(self, game_id: str | uuid.UUID) -> tuple[GameModel, Callable[[], GameInfo]]:
        """``(game, save)``: the game, for the editors (``SceneEditor(game)``), and a function
        that saves it back (``save()``), refusing if someone else saved it meanwhile."""
        game = self.load(game_id)
        return game, lambda: self.save(game)

    def version(self, game: GameModel) -> int | None:
        """The stored version ``game`` was loaded from or last saved as (None: not from here)."""
        return self._versions.get(game)

    # --- housekeeping ---------------------------------------------------------------------
    def close(self) -> None:
        """Close the database connections (the store cannot be used afterwards)."""
        self._closer()

    def __enter__(self) -> GameStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"GameStore({self.url!r})"

    def _thumbnail(self, info: GameInfo):
        if info.scenes == 0:
            return None

        async def first_scene(session):
            row = await repo.get_game(session, uuid.UUID(info.id), scenes=True)
            return game_model(row, row.scenes[:1])

        return self._read(first_scene).scenes[0].image(1)

    def _read(self, operation):
        return self._call(operation)

    def _call(self, operation):
        async def run():
            async with self._sessions() as session:
                return await operation(session)

        return self._portal.call(run())


def _game_key(game_id) -> uuid.UUID:
    key = as_uuid(game_id)
    if key is None:
        raise GameNotFoundError(f"game {game_id!r}: not a game id (ids are UUIDs)")
    return key


def _close(portal: Portal, engine) -> None:
    try:
        portal.call(engine.dispose())
    finally:
        portal.close()
