"""What is made from a stored game: its ROM, a scene's picture, the smoke test, exports.

Each goes through the same functions as the notebook and the ``romulus`` command (`build`,
`render_scene`, `smoke_game`, `export_nesst`, `export_ca65`), on a worker thread so that the
event loop keeps answering while the CPU works.
"""

from __future__ import annotations

import io
import tempfile
import uuid
import zipfile
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from starlette.concurrency import run_in_threadpool

from romulus_nb.emu.smoke import smoke_game
from romulus_nb.nesst import export_nesst
from romulus_nb.render import digest, png_bytes
from romulus_nb.rom.build import build
from romulus_nb.rom.export_ca65 import export_ca65
from romulus_nb.server.deps import DB, http_errors
from romulus_nb.server.schemas import SceneVerdict, SmokeOut, SmokeWarning
from romulus_nb.store import repository as repo
from romulus_nb.store.documents import game_model

router = APIRouter(prefix="/games/{game_id}", tags=["artifacts"])

ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed member times: the same game gives the same zip bytes
Scale = Annotated[int, Query(ge=1, le=8, description="pixels per NES pixel")]
_EXPORTERS = {"nesst": export_nesst, "ca65": export_ca65}


async def _game(db: DB, game_id: uuid.UUID):
    with http_errors():
        return game_model(await repo.get_game(db, game_id))


def _binary(media_type: str) -> dict:
    return {200: {"content": {media_type: {}}}}


@router.get(
    "/rom", response_model=None, response_class=Response, responses=_binary("application/x-nes-rom")
)
async def rom(game_id: uuid.UUID, db: DB) -> Response:
    """The iNES ROM, byte for byte what ``romulus build`` makes of the same game."""
    data = await run_in_threadpool(build, await _game(db, game_id))
    return Response(
        data,
        media_type="application/x-nes-rom",
        headers={"Content-Disposition": 'attachment; filename="game.nes"'},
    )


@router.get(
    "/scenes/{scene_id}/image.png",
    response_model=None,
    response_class=Response,
    responses=_binary("image/png"),
)
async def scene_image(
    game_id: uuid.UUID, scene_id: uuid.UUID, db: DB, scale: Scale = 1
) -> Response:
    """The scene as the renderer draws it, ``256*scale`` by ``240*scale`` pixels."""
    with http_errors():
        game_row = await repo.get_game(db, game_id, scenes=False)
        scene_row = await repo.get_scene(db, game_id, scene_id)
        game = game_model(game_row, [scene_row])
    picture = await run_in_threadpool(lambda: png_bytes(game.scenes[0].image(scale)))
    return Response(picture, media_type="image/png")


@router.post("/smoke", response_model=SmokeOut)
async def smoke(game_id: uuid.UUID, db: DB):
    """Build the ROM, run it on py65 + the PPU model through every scene, compare each scene
    with its design pixel for pixel."""
    report = await run_in_threadpool(smoke_game, await _game(db, game_id))
    result = report.smoke
    return SmokeOut(
        ok=report.ok,
        verdict=result.verdict,
        message=result.message,
        frames=result.frames,
        frame_digest=digest(result.frame.indices),
        warnings=[SmokeWarning(kind=w.kind, message=w.message) for w in result.warnings],
        scenes=[
            SceneVerdict(
                index=s.index,
                name=s.name,
                differing_pixels=s.differing_pixels,
                settled_frame=s.frame,
            )
            for s in report.scenes
        ],
    )


@router.get(
    "/export", response_model=None, response_class=Response, responses=_binary("application/zip")
)
async def export(
    game_id: uuid.UUID, format: Annotated[Literal["nesst", "ca65"], Query()], db: DB
) -> Response:
    """A zip of ``romulus export --format nesst|ca65``'s files."""
    data = await run_in_threadpool(_zip_export, await _game(db, game_id), format)
    return Response(
        data,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="game-{format}.zip"'},
    )


def _zip_export(game, format: str) -> bytes:
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as folder:
        written = _EXPORTERS[format](game, folder)
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(Path(p) for p in written):
                member = zipfile.ZipInfo(path.relative_to(folder).as_posix(), ZIP_TIME)
                member.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(member, path.read_bytes())
    return buffer.getvalue()
