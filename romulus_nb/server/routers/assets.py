"""``/games/{id}/tileset``, ``/metatiles``, ``/metasprites``: what the game's scenes draw with.

Each is read as it is stored and replaced whole (``PUT``, made from the game's ``version``: 409
if the game changed since). A replacement is validated with the whole game as a project file:
a metatile map must fit the new metatile table, and the scenes drawn from maps are drawn again.
"""

from __future__ import annotations

import base64
import uuid

from fastapi import APIRouter

from romulus_nb.server.deps import DB, http_errors
from romulus_nb.server.schemas import (
    MetaspritesOut,
    MetaspritesUpdate,
    MetatilesOut,
    MetatilesUpdate,
    TilesetOut,
    TilesetUpdate,
)
from romulus_nb.store import repository as repo

router = APIRouter(prefix="/games/{game_id}", tags=["assets"])


async def _stored(db, game_id: uuid.UUID) -> dict:
    """The game's version and asset fields, in their project document forms."""
    with http_errors():
        row = await repo.get_game(db, game_id, scenes=False)
    return {
        "version": row.version,
        "tileset": base64.b64encode(row.tileset).decode("ascii"),
        "metatiles": row.assets.get("metatiles", []),
        "metasprites": row.assets.get("metasprites", []),
    }


async def _change(db, game_id: uuid.UUID, version: int, field: str, value) -> dict:
    """Replace the game's ``field`` by ``value`` (a list of schema models: their documents)."""
    if isinstance(value, list):
        value = [item.model_dump() for item in value]
    with http_errors(f"body.{field}"):
        async with repo.writing(db):
            await repo.change_game(db, game_id, version, **{field: value})
    return await _stored(db, game_id)


@router.get("/tileset", response_model=TilesetOut)
async def read_tileset(game_id: uuid.UUID, db: DB):
    return await _stored(db, game_id)


@router.put("/tileset", response_model=TilesetOut)
async def replace_tileset(game_id: uuid.UUID, body: TilesetUpdate, db: DB):
    return await _change(db, game_id, body.version, "tileset", body.tileset)


@router.get("/metatiles", response_model=MetatilesOut)
async def read_metatiles(game_id: uuid.UUID, db: DB):
    return await _stored(db, game_id)


@router.put("/metatiles", response_model=MetatilesOut)
async def replace_metatiles(game_id: uuid.UUID, body: MetatilesUpdate, db: DB):
    return await _change(db, game_id, body.version, "metatiles", body.metatiles)


@router.get("/metasprites", response_model=MetaspritesOut)
async def read_metasprites(game_id: uuid.UUID, db: DB):
    return await _stored(db, game_id)


@router.put("/metasprites", response_model=MetaspritesOut)
async def replace_metasprites(game_id: uuid.UUID, body: MetaspritesUpdate, db: DB):
    return await _change(db, game_id, body.version, "metasprites", body.metasprites)
