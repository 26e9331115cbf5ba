"""Games in a database: SQLite by default (a file, no server), PostgreSQL to share.

Needs the ``server`` extra (``pip install 'romulus-nb[server]'``); the rest of romulus_nb never
imports this package.

>>> from romulus_nb.store import GameStore
>>> store = GameStore()                  # games.db in the user's data directory
>>> info = store.save(demo_game())       # a new game
>>> game = store.load(info.id)           # validated like a project file
>>> store.games()                        # a table with thumbnails in a notebook
"""

from romulus_nb.store.errors import (
    DatabaseVersionError,
    GameNotFoundError,
    SceneNotFoundError,
    StaleUpdateError,
    StoreError,
)
from romulus_nb.store.gamestore import GameStore
from romulus_nb.store.models import Base, Game, Scene, UUIDMixin
from romulus_nb.store.repository import GameInfo

__all__ = [
    "Base",
    "DatabaseVersionError",
    "Game",
    "GameInfo",
    "GameNotFoundError",
    "GameStore",
    "Scene",
    "SceneNotFoundError",
    "StaleUpdateError",
    "StoreError",
    "UUIDMixin",
]
