"""``/games/{id}/scenes``: a game's ordered scenes, each an `NESScene` document with a version."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Request, Response, status

from romulus_nb.server.deps import DB, etag, http_errors, not_modified
from romulus_nb.server.schemas import (
    SceneCreate,
    SceneOrder,
    SceneOut,
    SceneSummary,
    SceneUpdate,
)
from romulus_nb.store import repository as repo

router = APIRouter(prefix="/games/{game_id}/scenes", tags=["scenes"])


@router.get("", response_model=list[SceneSummary])
async def list_scenes(game_id: uuid.UUID, db: DB):
    with http_errors():
        return [SceneSummary.of(s) for s in (await repo.get_game(db, game_id)).scenes]


@router.post("", response_model=SceneOut, status_code=status.HTTP_201_CREATED)
async def add_scene(game_id: uuid.UUID, body: SceneCreate, db: DB):
    with http_errors("body.data"):
        data = await repo.check_scene_first(db, game_id, body.data)
        async with repo.writing(db):
            row = await repo.add_scene(db, game_id, body.name, data, body.position)
    return SceneOut.of(row)


# Before /{scene_id}, which would otherwise take "order" for an id.
@router.put("/order", response_model=list[SceneSummary])
async def reorder_scenes(game_id: uuid.UUID, body: SceneOrder, db: DB):
    """Put the scenes in the order of ``scene_ids`` (every scene of the game exactly once)."""
    with http_errors("body.scene_ids"):
        async with repo.writing(db):
            rows = await repo.reorder_scenes(db, game_id, body.scene_ids, body.version)
    return [SceneSummary.of(s) for s in rows]


@router.get(
    "/{scene_id}",
    response_model=SceneOut,
    responses={304: {"description": "Not Modified: the scene is still the one of If-None-Match"}},
)
async def read_scene(
    game_id: uuid.UUID,
    scene_id: uuid.UUID,
    request: Request,
    if_none_match: Annotated[str | None, Header()] = None,
):
    """The scene, with an ``ETag``: send it back as ``If-None-Match`` to get 304 (no body)
    while the scene is unchanged. The most frequent request, so the cheapest: one SELECT of one
    row without a session (`SceneReads`), answered with the body this worker last answered for
    the scene while the row has not moved on since (`SceneBodies`), else with the stored
    document as it is (it was validated when it was written)."""
    state = request.app.state
    kept = state.scene_bodies.kept(scene_id)
    with http_errors():
        record = await state.scene_reads.read(game_id, scene_id, kept and kept[0].stamp)
        body = state.scene_bodies.body(record, kept)
        if body is None:
            record = await state.scene_reads.read(game_id, scene_id)
            body = state.scene_bodies.body(record, None)
    tag = etag(record)
    headers = {"ETag": tag}
    if if_none_match is not None and not_modified(if_none_match, tag):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


@router.put("/{scene_id}", response_model=SceneOut)
async def update_scene(game_id: uuid.UUID, scene_id: uuid.UUID, body: SceneUpdate, db: DB):
    """Change the scene's name and/or data; ``version`` is the version the change was made
    from: 409 if the scene changed since."""
    with http_errors("body.data"):
        data = await repo.check_scene_first(db, game_id, body.data)
        async with repo.writing(db):
            row = await repo.update_scene(
                db, game_id, scene_id, body.version, name=body.name, data=data
            )
    return SceneOut.of(row)


@router.delete("/{scene_id}", response_model=SceneSummary)
async def delete_scene(game_id: uuid.UUID, scene_id: uuid.UUID, db: DB):
    with http_errors():
        async with repo.writing(db):
            row = SceneSummary.of(await repo.get_scene(db, game_id, scene_id))
            await repo.delete_scene(db, game_id, scene_id)
    return row
