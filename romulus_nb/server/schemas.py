"""Request and response bodies. The scene's data is the project file's `NESScene` schema (with
`NESPalette` and the NESColor range inside), so the API validates exactly like a project file."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import to_json

from romulus_nb.bounds import MAX_METASPRITES
from romulus_nb.game import Game as GameModel
from romulus_nb.nes.metatile import MAX_METATILES
from romulus_nb.project import (
    NESGame,
    NESMetasprite,
    NESMetatile,
    NESScene,
    ProjectFile,
    game_from_dict,
)
from romulus_nb.store import models as orm
from romulus_nb.store.repository import GameInfo
from romulus_nb.store.scene_reads import SceneRecord

Name = Field(min_length=1, max_length=200)  # what a project file allows
Version = Field(ge=1, description="the version this change was made from (409 if stale)")


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Stored(BaseModel):
    """What every stored row answers with: identity, name, version and times."""

    id: uuid.UUID
    name: str
    version: int
    created_at: datetime
    updated_at: datetime


def _stored(row) -> dict:
    return {k: getattr(row, k) for k in ("id", "name", "version", "created_at", "updated_at")}


class SceneSummary(_Stored):
    position: int

    @classmethod
    def of(cls, row: orm.Scene) -> SceneSummary:
        return cls(**_stored(row), position=row.position)


class SceneOut(SceneSummary):
    game_id: uuid.UUID
    data: NESScene

    @classmethod
    def of(cls, row: orm.Scene) -> SceneOut:
        return cls(**_stored(row), position=row.position, game_id=row.game_id, data=row.nes_scene())

    @classmethod
    def json_of(cls, record: SceneRecord) -> bytes:
        """The JSON body `of` would give, from the stored document as it is (validated when
        it was written): key order put back (JSONB keeps its own), the row's identity put in.
        A document an older version wrote without some fields goes through `NESScene`, which
        fills their defaults."""
        try:
            data = _in_order(record.data, _SCENE_SHAPE)
        except KeyError:
            data = NESScene.model_validate(record.data).model_dump(mode="json")
        data.update(
            id=str(record.id),
            name=record.name,
            created_at=record.created_at,
            updated_at=record.updated_at,
        )
        body = {**_stored(record), "position": record.position, "game_id": record.game_id}
        return to_json({**body, "data": data})


def _shape(model: type[BaseModel]) -> dict:
    """``model``'s field names, in order, each with the shape of its sub-model (or None)."""
    shape = {}
    for name, field in model.model_fields.items():
        inner = _sub_model(field.annotation)
        shape[name] = None if inner is None else _shape(inner)
    return shape


def _sub_model(annotation) -> type[BaseModel] | None:
    """The model a field holds: itself, in a list or tuple, or optional (``Model | None``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation) if get_origin(annotation) is not None else ():
        if arg is not type(None) and arg is not Ellipsis and _sub_model(arg) is not None:
            return _sub_model(arg)
    return None


def _in_order(value, shape: dict | None):
    """``value`` with its objects' keys in the order of ``shape`` (KeyError if one is missing)."""
    if shape is None or value is None:
        return value
    if isinstance(value, list):
        return [_in_order(item, shape) for item in value]
    if len(value) != len(shape):
        raise KeyError("fields")
    return {key: _in_order(value[key], inner) for key, inner in shape.items()}


_SCENE_SHAPE = _shape(NESScene)


class GameSummary(_Stored):
    scene_count: int

    @classmethod
    def of(cls, info: GameInfo) -> GameSummary:
        return cls(**_stored(info), scene_count=info.scenes)


class GameOut(GameSummary):
    scenes: list[SceneSummary]

    @classmethod
    def of(cls, row: orm.Game) -> GameOut:
        scenes = [SceneSummary.of(s) for s in row.scenes]
        return cls(**_stored(row), scene_count=len(scenes), scenes=scenes)


class GameCreate(_Body):
    """A new game: empty (``name`` only), or from a project file's document (``project``)."""

    name: str | None = Field(None, min_length=1, max_length=200)
    project: ProjectFile | None = None

    @model_validator(mode="after")
    def _something(self):
        if self.name is None and self.project is None:
            raise ValueError("give a name, a project, or both")
        return self

    def game(self) -> GameModel:
        if self.project is None:
            return GameModel(self.name)
        game = game_from_dict(self.project.model_dump(mode="json"), source="body.project")
        if self.name is not None:
            game.name = self.name
        return game


class GamePatch(_Body):
    version: int = Version
    name: str = Name


class SceneCreate(_Body):
    name: str = Name
    data: NESScene | None = Field(None, description="default: a blank scene")
    position: int | None = Field(None, ge=0, description="default: after the last scene")


class SceneUpdate(_Body):
    version: int = Version
    name: str | None = Field(None, min_length=1, max_length=200)
    data: NESScene | None = None


class SceneOrder(_Body):
    version: int = Field(ge=1, description="the game's version this order was made from")
    scene_ids: list[uuid.UUID] = Field(max_length=256)


class SmokeWarning(BaseModel):
    kind: str
    message: str


class SceneVerdict(BaseModel):
    index: int
    name: str
    differing_pixels: int
    settled_frame: int


class SmokeOut(BaseModel):
    """`romulus_nb.emu.smoke.smoke_game`'s answer: the ROM boots and each scene is its design."""

    ok: bool
    verdict: str
    message: str
    frames: int
    frame_digest: str
    warnings: list[SmokeWarning]
    scenes: list[SceneVerdict]


# --- the game's assets: what its scenes draw with ---------------------------------------------
class TilesetOut(BaseModel):
    version: int = Field(description="the game's version")
    tileset: str = Field(description="8192 bytes of CHR (512 tiles, 2bpp planar), base64")


class TilesetUpdate(_Body):
    version: int = Version
    tileset: str = Field(max_length=12000, description="8192 bytes of CHR, base64")

    @field_validator("tileset")
    @classmethod
    def _chr(cls, value: str) -> str:
        return NESGame._chr(value)  # the project file's rule


class MetatilesOut(BaseModel):
    version: int = Field(description="the game's version")
    metatiles: list[NESMetatile]


class MetatilesUpdate(_Body):
    version: int = Version
    metatiles: list[NESMetatile] = Field(max_length=MAX_METATILES)


class MetaspritesOut(BaseModel):
    version: int = Field(description="the game's version")
    metasprites: list[NESMetasprite]


class MetaspritesUpdate(_Body):
    version: int = Version
    metasprites: list[NESMetasprite] = Field(max_length=MAX_METASPRITES)
