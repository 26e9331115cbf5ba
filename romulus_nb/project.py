"""Project files: a Game as versioned, validated JSON.

The schema is written as pydantic models named after the domain (``NESColor``, ``NESPalette``,
``NESScene``...); `project_schema()` returns it as JSON Schema. Loading validates everything and
names the field, the bad value and what is allowed; it never executes anything from the file and
refuses files over `MAX_PROJECT_BYTES` before reading them. Saving is atomic: the new file is
written beside the old one and renamed over it, so a failed save leaves the old file intact.

Layout, chosen to be readable and diff-friendly: the nametable is 30 strings of 64 hex digits
(one tile row each), the attribute table 15 strings of 16 digits 0-3, the tileset base64 CHR.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from datetime import datetime
from pathlib import Path
from typing import Annotated, Literal

import numpy as np
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    ValidationError,
    field_validator,
    model_validator,
)

from romulus_nb.bounds import (
    MAX_ID_LENGTH,
    MAX_METASPRITE_NAME_LENGTH,
    MAX_METASPRITE_PARTS,
    MAX_METASPRITES,
    MAX_NAME_LENGTH,
    MAX_PART_OFFSET,
    MAX_PROJECT_BYTES,
    MAX_SCENES,
)
from romulus_nb.errors import ProjectFileError, RomulusError
from romulus_nb.fileio import atomic_write, read_limited
from romulus_nb.game import Game, Metasprite, Scene, SpritePart
from romulus_nb.nes.chr import CHR_BANK_BYTES, decode_chr
from romulus_nb.nes.colors import UNSAFE_BLACK, MasterPalette
from romulus_nb.nes.metatile import Metatile
from romulus_nb.nes.oam import Sprite
from romulus_nb.nes.palettes import PaletteSet
from romulus_nb.player import (
    ANIMATIONS,
    DEAD_ZONE_Y,
    MAX_ANIMATION_FRAMES,
    MAX_BOX,
    MAX_DURATION,
    MAX_EXITS,
    MAX_MAP_PIXELS,
    MAX_SPEED,
    Animation,
    Exit,
    Physics,
    Player,
    ScenePlay,
)
from romulus_nb.project_document import FORMAT, VERSION, document_bytes, game_to_dict

#: Older versions this romulus_nb reads, migrating them on load (version 1 has one-screen scenes
#: and no metatiles: a version-2 document without those fields; version 2 has no player: a
#: version-3 document without ``player`` and ``play``).
READS_VERSIONS = (1, 2, 3)


def _color(value: int) -> int:
    if value == UNSAFE_BLACK:
        raise ValueError("$0D is 'blacker than black' and unsafe on TVs; use $0F")
    return value


NESColor = Annotated[int, Field(ge=0, le=0x3F, title="NESColor", description="colour $00-$3F")]


class _Strict(BaseModel):
    # defer_build: each validator is built when first used, so importing this module (every
    # command that loads or saves a project) does not build the ten models' validators up front
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)


class NESPalette(_Strict):
    """Colours 1-3 of one palette (colour 0 is the scene's shared backdrop)."""

    model_config = ConfigDict(title="NESPalette", extra="forbid", strict=True)
    colors: list[NESColor] = Field(min_length=3, max_length=3)

    @field_validator("colors")
    @classmethod
    def _safe(cls, colors):
        return [_color(c) for c in colors]


class NESPaletteSet(_Strict):
    backdrop: NESColor
    background: list[NESPalette] = Field(min_length=4, max_length=4)
    sprites: list[NESPalette] = Field(min_length=4, max_length=4)

    @field_validator("backdrop")
    @classmethod
    def _safe(cls, c):
        return _color(c)


class NESSprite(_Strict):
    x: int = Field(ge=0, le=255)
    y: int = Field(ge=0, le=255)
    tile: int = Field(ge=0, le=255)
    palette: int = Field(0, ge=0, le=3)
    flip_h: bool = False
    flip_v: bool = False
    behind: bool = False


HexRow = Annotated[
    str, Field(pattern=r"^([0-9A-Fa-f]{64}){1,8}$", description="32 tiles per screen as hex")
]
AttrRow = Annotated[
    str, Field(pattern=r"^([0-3]{16}){1,8}$", description="16 block palettes 0-3 per screen")
]
MapRow = Annotated[
    str, Field(pattern=r"^([0-9A-Fa-f]{32}){1,8}$", description="16 metatile numbers per screen")
]


MapPixel = Annotated[int, Field(ge=0, le=MAX_MAP_PIXELS - 1)]


class NESExit(_Strict):
    x: MapPixel
    y: MapPixel
    width: int = Field(ge=1, le=MAX_MAP_PIXELS)
    height: int = Field(ge=1, le=MAX_MAP_PIXELS)
    scene: int = Field(ge=0, le=MAX_SCENES - 1, description="index of the scene it leads to")
    to_x: MapPixel
    to_y: MapPixel


class NESScenePlay(_Strict):
    start: Annotated[tuple[MapPixel, MapPixel], Strict(False)]  # a JSON list of 2
    movement: Literal["platform", "topdown"] = "platform"
    facing: Literal["right", "left"] = "right"
    exits: list[NESExit] = Field(default_factory=list, max_length=MAX_EXITS)


Speed = Annotated[int, Field(ge=1, le=MAX_SPEED - 1, description="subpixels (1/256 px) a frame")]


class NESPhysics(_Strict):
    acceleration: Speed = Physics.acceleration
    top_speed: Speed = Physics.top_speed
    friction: int = Field(Physics.friction, ge=0, le=MAX_SPEED - 1)
    gravity: Speed = Physics.gravity
    gravity_held: Speed = Physics.gravity_held
    jump_velocity: Speed = Physics.jump_velocity
    max_fall: Speed = Physics.max_fall
    walk_speed: Speed = Physics.walk_speed


AnimationFrame = Annotated[
    tuple[
        Annotated[int, Field(ge=0, le=255, description="metasprite index")],
        Annotated[int, Field(ge=1, le=MAX_DURATION, description="frames")],
    ],
    Strict(False),  # a JSON list of 2
]


class NESPlayer(_Strict):
    animations: dict[Literal["idle", "walk", "jump"],
                     Annotated[list[AnimationFrame],
                               Field(min_length=1, max_length=MAX_ANIMATION_FRAMES)]]  # fmt: skip
    physics: NESPhysics = Field(default_factory=NESPhysics)
    width: int = Field(16, ge=1, le=MAX_BOX)
    height: int = Field(16, ge=1, le=MAX_BOX)
    dead_zone: Annotated[tuple[int, int], Strict(False)] = (96, 144)
    dead_zone_y: Annotated[tuple[int, int], Strict(False)] = DEAD_ZONE_Y


class NESScene(_Strict):
    """One scene: the Romulus schema's NESScene plus the Scene's identity."""

    id: str = Field(min_length=1, max_length=MAX_ID_LENGTH)
    name: str = Field(max_length=MAX_NAME_LENGTH)
    created_at: datetime
    updated_at: datetime
    screens: tuple[int, int] = (1, 1)
    nametable: list[HexRow] = Field(min_length=30, max_length=240)
    attributes: list[AttrRow] = Field(min_length=15, max_length=120)
    metatiles: list[MapRow] | None = Field(None, max_length=120)
    scroll_speed: int = Field(2, ge=1, le=8)
    palettes: NESPaletteSet
    sprites: list[NESSprite] = Field(default_factory=list, max_length=64)
    bg_table: Literal[0, 1] = 0
    sprite_table: Literal[0, 1] = 1
    sprite_size: Literal[8, 16] = 8
    show_left_background: bool = True
    show_left_sprites: bool = True
    play: NESScenePlay | None = None

    # Not strict: timestamps arrive as ISO strings in JSON.
    model_config = ConfigDict(title="NESScene", extra="forbid", strict=False)


class NESSpritePart(_Strict):
    dx: int = Field(ge=-MAX_PART_OFFSET, le=MAX_PART_OFFSET)
    dy: int = Field(ge=-MAX_PART_OFFSET, le=MAX_PART_OFFSET)
    tile: int = Field(ge=0, le=255)
    palette: int = Field(0, ge=0, le=3)
    flip_h: bool = False
    flip_v: bool = False
    behind: bool = False


class NESMetatile(_Strict):
    tiles: list[int] = Field(min_length=4, max_length=4)
    palette: int = Field(0, ge=0, le=3)
    flags: int = Field(0, ge=0, le=255)
    name: str = Field("", max_length=100)

    @field_validator("tiles")
    @classmethod
    def _tiles(cls, tiles):
        if not all(0 <= t <= 255 for t in tiles):
            raise ValueError("tile numbers are 0-255")
        return tiles


class NESMetasprite(_Strict):
    name: str = Field(min_length=1, max_length=MAX_METASPRITE_NAME_LENGTH)
    parts: list[NESSpritePart] = Field(max_length=MAX_METASPRITE_PARTS)
    height: Literal[8, 16] = Field(8, description="of one part: 16 for 8x16 sprites")


class NESGame(_Strict):
    model_config = ConfigDict(title="Game", extra="forbid", strict=False)
    id: str = Field(min_length=1, max_length=MAX_ID_LENGTH)
    name: str = Field(max_length=MAX_NAME_LENGTH)
    created_at: datetime
    updated_at: datetime
    tileset: str = Field(max_length=12000, description="8192 bytes of CHR, base64")
    master_palette: str | None = Field(None, max_length=400, description=".pal bytes, base64")
    font_base: int | None = Field(None, ge=0, le=161)
    metasprites: list[NESMetasprite] = Field(default_factory=list, max_length=MAX_METASPRITES)
    metatiles: list[NESMetatile] = Field(default_factory=list, max_length=256)
    scenes: list[NESScene] = Field(max_length=MAX_SCENES)
    player: NESPlayer | None = None

    @field_validator("tileset")
    @classmethod
    def _chr(cls, value):
        if len(_base64(value)) != CHR_BANK_BYTES:
            raise ValueError(f"{len(_base64(value))} bytes of CHR; expected 8192")
        return value

    @field_validator("master_palette")
    @classmethod
    def _pal(cls, value):
        if value is not None and len(_base64(value)) != 192:
            raise ValueError(f"{len(_base64(value))} bytes; a master palette is 192 (64 x RGB)")
        return value

    @model_validator(mode="after")
    def _unique(self):
        for what, keys in (
            ("scenes", [s.id for s in self.scenes]),
            ("metasprites", [m.name for m in self.metasprites]),
        ):
            seen: dict[str, int] = {}
            for i, key in enumerate(keys):
                if key in seen:
                    raise ValueError(
                        f"{what} {seen[key]} and {i} are both {key!r}; "
                        f"each of the game's {what} needs its own "
                        + ("id" if what == "scenes" else "name")
                    )
                seen[key] = i
        return self


def _base64(value: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except binascii.Error:
        raise ValueError("not base64") from None


class ProjectFile(_Strict):
    model_config = ConfigDict(title="romulus_nb project", extra="forbid", strict=False)
    format: Literal["romulus-nb-project"]
    version: Literal[1, 2, 3]
    game: NESGame


def project_schema() -> dict:
    """The project file's JSON Schema."""
    return ProjectFile.model_json_schema()


def game_from_dict(document: dict, *, source: str = "project") -> Game:
    """Validate a parsed project document and build the Game; errors name the field."""
    if not isinstance(document, dict):
        raise ProjectFileError(f"{source}: the top level must be a JSON object")
    fmt, version = document.get("format"), document.get("version")
    if fmt != FORMAT:
        raise ProjectFileError(f"{source}: field 'format' is {fmt!r}; expected {FORMAT!r}")
    if version not in READS_VERSIONS:
        readable = ", ".join(f"version {v}" for v in READS_VERSIONS[:-1])
        raise ProjectFileError(
            f"{source}: field 'version' is {version!r}; this romulus_nb reads version {VERSION} "
            f"(and migrates older ones on load: {readable})"
        )
    doc = _validated(document, source)
    g = doc.game
    master = None
    if g.master_palette:
        master = MasterPalette.from_pal(base64.b64decode(g.master_palette))
    game = Game(
        g.name, id=g.id, created_at=g.created_at, updated_at=g.updated_at, master_palette=master
    )
    game.tileset = decode_chr(base64.b64decode(g.tileset))
    game.font_base = g.font_base
    for i, m in enumerate(g.metasprites):
        try:
            parts = tuple(SpritePart(**p.model_dump()) for p in m.parts)
            game.metasprites[m.name] = Metasprite(m.name, parts, height=m.height)
        except RomulusError as exc:
            raise ProjectFileError(f"{source}: game.metasprites.{i} ({m.name!r}): {exc}") from None
    game.metatiles = [Metatile(m.tiles, m.palette, flags=m.flags, name=m.name)
                      for m in g.metatiles]  # fmt: skip
    for i, s in enumerate(g.scenes):
        try:
            pal = s.palettes
            rows = [[pal.backdrop, *p.colors] for p in pal.background + pal.sprites]
            scene = Scene(
                s.name,
                id=s.id,
                created_at=s.created_at,
                updated_at=s.updated_at,
                game=game,
                nametable=np.array([list(bytes.fromhex(r)) for r in s.nametable], np.uint8),
                attributes=np.array([[int(c) for c in r] for r in s.attributes], np.uint8),
                palettes=PaletteSet(rows),
                sprites=[Sprite(**sp.model_dump()) for sp in s.sprites],
                bg_table=s.bg_table,
                sprite_table=s.sprite_table,
                sprite_size=s.sprite_size,
                show_left_background=s.show_left_background,
                show_left_sprites=s.show_left_sprites,
                screens=s.screens,
                metatiles=None
                if s.metatiles is None
                else np.array([list(bytes.fromhex(r)) for r in s.metatiles], np.uint8),
                scroll_speed=s.scroll_speed,
                play=None
                if s.play is None
                else ScenePlay(
                    tuple(s.play.start),
                    s.play.movement,
                    s.play.facing,
                    tuple(Exit(**e.model_dump()) for e in s.play.exits),
                ),
            )
        except (RomulusError, ValueError) as exc:  # ValueError: rows of unequal length
            raise ProjectFileError(f"{source}: game.scenes.{i} ({s.name!r}): {exc}") from None
        game.scenes.append(scene)
    if g.player is not None:
        try:
            game.player = Player(
                {
                    n: Animation(tuple(g.player.animations[n]))
                    for n in ANIMATIONS
                    if n in g.player.animations
                },  # fmt: skip
                Physics(**g.player.physics.model_dump()),
                g.player.width,
                g.player.height,
                tuple(g.player.dead_zone),
                tuple(g.player.dead_zone_y),
            )
        except RomulusError as exc:
            raise ProjectFileError(f"{source}: game.player: {exc}") from None
    game.updated_at = g.updated_at
    return game


def _validated(document: dict, source: str) -> ProjectFile:
    """The document checked against the schema; the first problem names its field."""
    try:
        return ProjectFile.model_validate(document)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(part) for part in err["loc"]) or "game"
        value = err.get("input")
        shown = repr(value) if len(repr(value)) < 80 else repr(value)[:77] + "..."
        shown = "" if isinstance(value, dict) else f" = {shown}"
        more = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
        raise ProjectFileError(f"{source}: field {where}{shown}: {err['msg']}{more}") from None


# --- files -------------------------------------------------------------------------------------
def save_game(game: Game, path: str | os.PathLike) -> None:
    """Write ``game`` to ``path`` atomically (temporary file in the same folder, then rename).

    The whole document is checked against the schema first, so a save that succeeds always
    loads again, and a save that cannot leaves the file on disk as it was."""
    path = Path(path)
    document = game_to_dict(game)
    _validated(document, f"{path} (not saved)")
    atomic_write(path, document_bytes(document))


def load_game(path: str | os.PathLike) -> Game:
    """Read and validate a project file; refuses files over `MAX_PROJECT_BYTES` unread."""
    path = Path(path)
    return game_from_bytes(read_limited(path, MAX_PROJECT_BYTES, what="project file"), path)


def game_from_bytes(raw: bytes, path: str | os.PathLike) -> Game:
    """The Game in ``raw``, the bytes of the project file ``path`` (named in errors)."""
    try:
        document = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ProjectFileError(f"{path}: not UTF-8 text (byte offset {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ProjectFileError(
            f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}"
        ) from None
    except RecursionError:
        raise ProjectFileError(
            f"{path}: JSON nested too deeply; a project file nests a few levels"
        ) from None
    return game_from_dict(document, source=str(path))
