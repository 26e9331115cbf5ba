"""A `Game` of the model <-> rows of the store, through the project file's document.

The store keeps what a project file keeps (`romulus_nb.project.game_to_dict`): the tileset as
CHR bytes, the scenes as `NESScene` documents, and every other game field (metasprites, font,
master palette, whatever a newer project format adds) as the game's ``assets``. Reading goes back
through `game_from_dict`, so a game from the store is validated exactly like a project file.
"""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass

from romulus_nb.errors import ProjectFileError
from romulus_nb.game import Game as GameModel
from romulus_nb.nes.chr import CHR_BANK_BYTES
from romulus_nb.project import FORMAT, VERSION, NESScene, game_from_dict, game_to_dict
from romulus_nb.store import models as orm

#: Game fields kept in their own columns (or rows); the rest of the document is ``assets``.
_COLUMNS = ("id", "name", "created_at", "updated_at", "tileset", "scenes")
_BLANK_CHR = base64.b64encode(bytes(CHR_BANK_BYTES)).decode("ascii")


@dataclass(frozen=True)
class GameParts:
    """A model Game cut into what the store's rows hold."""

    id: uuid.UUID
    name: str
    tileset: bytes
    assets: dict
    scenes: list[NESScene]


def as_uuid(value) -> uuid.UUID | None:
    """``value`` as a UUID, or None when it is not one."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def give_uuids(game: GameModel) -> None:
    """Give the game and its scenes UUIDs where their ids are something else (a project file
    may name a scene ``"title"``): the store's primary keys are UUIDs."""
    if as_uuid(game.id) is None:
        game.id = str(uuid.uuid4())
    seen: set[uuid.UUID] = set()
    for scene in game.scenes:
        key = as_uuid(scene.id)
        if key is None or key in seen:
            key = uuid.uuid4()
            scene.id = str(key)
        seen.add(key)


def game_parts(game: GameModel) -> GameParts:
    """Validate ``game`` as a project document and cut it into columns (ids must be UUIDs,
    see `give_uuids`)."""
    doc = game_to_dict(game)["game"]
    return GameParts(
        id=uuid.UUID(doc["id"]),
        name=doc["name"],
        tileset=base64.b64decode(doc["tileset"]),
        assets={k: v for k, v in doc.items() if k not in _COLUMNS},
        scenes=[NESScene.model_validate(s) for s in doc["scenes"]],
    )


def game_document(game: orm.Game, scenes: list[orm.Scene]) -> dict:
    """The project document of a stored game with ``scenes`` (its rows, in order)."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "game": {
            **game.assets,
            "id": str(game.id),
            "name": game.name,
            "created_at": game.created_at.isoformat(),
            "updated_at": game.updated_at.isoformat(),
            "tileset": base64.b64encode(game.tileset).decode("ascii"),
            "scenes": [s.nes_scene().model_dump(mode="json") for s in scenes],
        },
    }


def game_model(game: orm.Game, scenes: list[orm.Scene] | None = None) -> GameModel:
    """The model `Game` of a stored game (all its scenes unless ``scenes`` is given)."""
    rows = game.scenes if scenes is None else scenes
    return game_from_dict(game_document(game, rows), source=f"store game {game.id}")


def check_scene(data: NESScene, metatiles: list | None = None, source: str = "scene") -> NESScene:
    """Validate a scene document as a project file's scene is validated (the model's rules,
    beyond the schema's), in a game whose metatile table is ``metatiles`` (documents); raises
    `ProjectFileError` naming the field. Returns the document as the model reads it back (a
    scene drawn from a metatile map gets the nametable and attributes of its map)."""
    document = {
        "format": FORMAT,
        "version": VERSION,
        "game": {
            "id": "check",
            "name": "check",
            "created_at": data.created_at.isoformat(),
            "updated_at": data.updated_at.isoformat(),
            "tileset": _BLANK_CHR,
            "metatiles": metatiles or [],
            "scenes": [data.model_dump(mode="json")],
        },
    }
    try:
        game = game_from_dict(document, source=source)
    except ProjectFileError as exc:
        raise ProjectFileError(str(exc).replace("game.scenes.0", "data", 1)) from None
    (scene,) = game_to_dict(game)["game"]["scenes"]
    return NESScene.model_validate({**scene, "created_at": data.created_at,
                                    "updated_at": data.updated_at})  # fmt: skip
