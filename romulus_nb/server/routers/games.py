"""``/games``: list, create (empty or from a project document), read, rename, delete."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from romulus_nb.server.deps import DB, http_errors
from romulus_nb.server.schemas import GameCreate, GameOut, GamePatch, GameSummary
from romulus_nb.store import repository as repo

router = APIRouter(prefix="/games", tags=["games"])


@router.get("", response_model=list[GameSummary])
async def list_games(db: DB):
    return [GameSummary.of(info) for info in await repo.list_games(db)]


@router.post("", response_model=GameOut, status_code=status.HTTP_201_CREATED)
async def create_game(body: GameCreate, db: DB):
    with http_errors("body.project"):
        game = body.game()
        async with repo.writing(db):
            await repo.create_game(db, game)
    return await read_game(uuid.UUID(game.id), db)


@router.get("/{game_id}", response_model=GameOut)
async def read_game(game_id: uuid.UUID, db: DB):
    with http_errors():
        return GameOut.of(await repo.get_game(db, game_id))


@router.patch("/{game_id}", response_model=GameOut)
async def rename_game(game_id: uuid.UUID, body: GamePatch, db: DB):
    with http_errors():
        async with repo.writing(db):
            await repo.rename_game(db, game_id, body.name, body.version)
    return await read_game(game_id, db)


@router.delete("/{game_id}", response_model=GameSummary)
async def delete_game(game_id: uuid.UUID, db: DB):
    """Delete the game and all its scenes; answers with what was deleted."""
    with http_errors():
        async with repo.writing(db):
            info = await repo.game_info(db, game_id)
            await repo.delete_game(db, game_id)
    return GameSummary.of(info)
