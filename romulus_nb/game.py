"""`Game` and `Scene`: a game owns one shared tileset (the CHR bank) and an ordered list of scenes.

This is the model the editors, the ROM builder and the project files share. Every editing method
validates its input and leaves the model unchanged when it refuses, moves ``updated_at`` on, and
tells observers (the widgets) what changed. Arrays edited in place (``scene.nametable[...] = 5``)
need ``scene.touch()`` afterwards so that views repaint and the timestamp moves.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import TYPE_CHECKING

import numpy as np

from romulus_nb.bounds import (
    MAX_METASPRITE_NAME_LENGTH,
    MAX_METASPRITE_PARTS,
    MAX_METASPRITES,
    MAX_PART_OFFSET,
    MAX_SCENES,
    Checked,
    check_id,
    check_items,
    check_name,
    check_text,
)
from romulus_nb.display import game_html, tiles_picture
from romulus_nb.errors import InvalidValueError, LimitError, shown
from romulus_nb.font import FIRST_CHAR, LAST_CHAR, font_tiles
from romulus_nb.nes.chr import CHR_BANK_BYTES, check_tiles, decode_chr, encode_chr
from romulus_nb.nes.colors import DEFAULT_PALETTE, MasterPalette
from romulus_nb.nes.metatile import Metatile, check_map, check_metatiles, derive_map, expand_map
from romulus_nb.nes.nametable import TILES_HIGH, TILES_WIDE
from romulus_nb.nes.oam import MAX_SPRITES, Sprite, check_flag
from romulus_nb.nes.scene import Screen
from romulus_nb.render import png_bytes, render_camera, render_map, render_scene
from romulus_nb.services import service

if TYPE_CHECKING:
    from romulus_nb.player import Player, ScenePlay


def _now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class SpritePart:
    """One hardware sprite of a metasprite, relative to the metasprite's origin."""

    dx: int
    dy: int
    tile: int
    palette: int = 0
    flip_h: bool = False
    flip_v: bool = False
    behind: bool = False

    def __post_init__(self) -> None:
        for name, low, high in (
            ("dx", -MAX_PART_OFFSET, MAX_PART_OFFSET),
            ("dy", -MAX_PART_OFFSET, MAX_PART_OFFSET),
            ("tile", 0, 255),
            ("palette", 0, 3),
        ):
            value = _check_int(getattr(self, name), low, high, f"part {name}")
            object.__setattr__(self, name, value)
        for name in ("flip_h", "flip_v", "behind"):
            object.__setattr__(self, name, check_flag(getattr(self, name), f"part {name}"))


@dataclass(frozen=True)
class Metasprite:
    """A named character made of several sprites around an origin, flippable as a whole."""

    name: str
    parts: tuple[SpritePart, ...]
    width: int = 8  # of one part, for flipping: a sprite is 8 wide
    height: int = 8  # 8, or 16 for 8x16 sprites

    def __post_init__(self) -> None:
        check_text(self.name, where="metasprite name", min_length=1,
                   max_length=MAX_METASPRITE_NAME_LENGTH)  # fmt: skip
        where = f"metasprite {self.name!r}"
        parts = check_items(self.parts, SpritePart, MAX_METASPRITE_PARTS, f"{where}: parts",
                            "a part is a sprite; OAM holds 64")  # fmt: skip
        object.__setattr__(self, "parts", tuple(parts))
        object.__setattr__(self, "width", _check_int(self.width, 8, 8, f"{where}: width"))
        height = _check_int(self.height, 8, 16, f"{where}: height")
        if height not in (8, 16):
            raise InvalidValueError(f"{where}: height {height}; use 8 or 16 (8x16 sprites)")
        object.__setattr__(self, "height", height)

    def place(self, x: int, y: int, *, flip_h: bool = False, flip_v: bool = False) -> list[Sprite]:
        """The hardware sprites of this metasprite with its origin at screen (x, y)."""
        low, high = -MAX_PART_OFFSET, 255 + MAX_PART_OFFSET  # where some part can land on 0-255
        x = _check_int(x, low, high, f"metasprite {self.name!r} x")
        y = _check_int(y, low, high, f"metasprite {self.name!r} y")
        flip_h = check_flag(flip_h, "flip_h")
        flip_v = check_flag(flip_v, "flip_v")
        out = []
        for p in self.parts:
            dx = -p.dx - self.width if flip_h else p.dx
            dy = -p.dy - self.height if flip_v else p.dy
            sx, sy = x + dx, y + dy
            if not (0 <= sx <= 255 and 0 <= sy <= 255):
                raise InvalidValueError(
                    f"metasprite {self.name!r} at ({x}, {y}): a part lands at ({sx}, {sy}); "
                    "sprite positions are 0-255"
                )
            out.append(
                Sprite(
                    sx,
                    sy,
                    p.tile,
                    p.palette,
                    flip_h=p.flip_h ^ flip_h,
                    flip_v=p.flip_v ^ flip_v,
                    behind=p.behind,
                )
            )
        return out


class Scene(Screen):
    """A named screen of a `Game`, with an id and timestamps (the Romulus schema's Scene)."""

    def __init__(self, name: str = "Scene", *, id: str | None = None, created_at=None,
                 updated_at=None, game: Game | None = None, play: ScenePlay | None = None,
                 **fields):  # fmt: skip
        super().__init__(**fields)
        self.id = str(uuid.uuid4()) if id is None else id
        self.name = name
        self.created_at = _check_time(created_at or _now(), "scene created_at")
        self.updated_at = _check_time(updated_at or self.created_at, "scene updated_at")
        self.game = game
        self.play = play
        if game is not None and self._metatiles is not None:
            self.apply_metatiles()

    name = Checked(check_name, "scene name", "At most 200 characters (`MAX_NAME_LENGTH`).")

    @property
    def play(self) -> ScenePlay | None:
        """How the game's player plays here (`romulus_nb.player.ScenePlay`: start, facing,
        movement style, exits), or None: no player in this scene (a title screen)."""
        return self._play

    @play.setter
    def play(self, value) -> None:
        if value is not None:
            # player.py's five frozen dataclasses take ~6 ms to build: a game without a player
            # (every picture import) never loads it
            from romulus_nb.player import ScenePlay

            if not isinstance(value, ScenePlay):
                raise InvalidValueError(
                    f"scene {self.name!r} play: {shown(value)} is not a ScenePlay"
                )
            w, h = self.screens
            x, y = value.start
            if x >= 256 * w or y >= 240 * h:
                raise InvalidValueError(
                    f"scene {self.name!r} play start ({x}, {y}): outside the map "
                    f"(0-{256 * w - 1}, 0-{240 * h - 1})"
                )
        first = not hasattr(self, "_play")  # set by __init__: no change to tell
        self._play = value
        if not first:
            self.touch("play")

    @property
    def id(self) -> str:
        return self._id

    @id.setter
    def id(self, value: str) -> None:
        value = check_id(value, "scene id")
        game = getattr(self, "game", None)
        if game is not None and any(s.id == value and s is not self for s in game.scenes):
            raise InvalidValueError(f"scene id {value!r}: another scene of the game has it")
        self._id = value

    @classmethod
    def from_nes(cls, nes: Screen, name: str = "Scene", **meta) -> Scene:
        return cls(name, **meta, **nes._fields())

    def to_nes(self) -> Screen:
        return Screen(**self._fields())

    @classmethod
    def from_image(cls, image, name: str | None = None, **options):
        """Convert a picture into a scene of a new `Game` under the NES's limits; returns
        ``(scene, report)``. Options: see `romulus_nb.convert.add_scene_from_image`."""
        return service("scene_from_image")(image, name, **options)

    # --- change tracking ------------------------------------------------------------------
    def touch(self, what: str = "scene") -> None:
        """Record a change made in place and tell the views."""
        self.updated_at = _now()
        if self.game is not None:
            self.game._changed(what, self)

    # --- editing operations (validated; used by widgets and notebooks) ---------------------
    def paint_tiles(self, cells, tile: int) -> list[tuple[int, int]]:
        """Set ``tile`` at each (tile_x, tile_y) of ``cells``; returns the cells that changed."""
        tile = _check_int(tile, 0, 255, "tile")
        size = self.nametable.shape[::-1]
        cells = [_check_cell(c, size=size) for c in _items(cells, "cells")]
        changed = [(x, y) for x, y in cells if self.nametable[y, x] != tile]
        for x, y in changed:
            self.nametable[y, x] = tile
        if changed:
            self.touch("nametable")
        return changed

    def fill_rect(self, x0: int, y0: int, x1: int, y1: int, tile: int) -> list[tuple[int, int]]:
        """Fill the tile rectangle between two corners (inclusive)."""
        size = self.nametable.shape[::-1]
        (x0, y0), (x1, y1) = _check_cell((x0, y0), size=size), _check_cell((x1, y1), size=size)
        xs, ys = range(min(x0, x1), max(x0, x1) + 1), range(min(y0, y1), max(y0, y1) + 1)
        return self.paint_tiles([(x, y) for y in ys for x in xs], tile)

    def set_block_palette(self, blocks, palette: int) -> list[tuple[int, int]]:
        """Give each 16x16 block (block_x 0-15, block_y 0-14 on one screen) of ``blocks`` a
        background palette."""
        palette = _check_int(palette, 0, 3, "palette")
        checked = []
        high, wide = self.attributes.shape
        for b in _items(blocks, "blocks"):
            try:
                bx, by = b
            except (TypeError, ValueError):
                pair = "(block_x, block_y) pair"
                raise InvalidValueError(f"block {shown(b)}: not a {pair}") from None
            where = f"block ({shown(bx, 20)}, {shown(by, 20)})"
            bx = _check_int(bx, 0, wide - 1, f"{where} block_x")
            checked.append((bx, _check_int(by, 0, high - 1, f"{where} block_y")))
        changed = [(x, y) for x, y in checked if self.attributes[y, x] != palette]
        for x, y in changed:
            self.attributes[y, x] = palette
        if changed:
            self.touch("attributes")
        return changed

    # --- metatile maps ----------------------------------------------------------------------
    @Screen.metatiles.setter
    def metatiles(self, value) -> None:
        """Set the metatile map; the nametable and block palettes follow from the game's
        metatile table (see `Game.metatiles`)."""
        Screen.metatiles.fset(self, value)
        if value is not None and getattr(self, "game", None) is not None:
            self.apply_metatiles()

    def apply_metatiles(self) -> None:
        """Rebuild the nametable and block palettes from the metatile map (no-op without one)."""
        if self._metatiles is None:
            return
        if self.game is None:
            raise InvalidValueError(f"scene {self.name!r} belongs to no game: it has no metatiles")
        cells = check_map(self._metatiles, self._metatiles.shape, len(self.game.metatiles),
                          where=f"scene {self.name!r} metatiles")  # fmt: skip
        self.nametable, self.attributes = expand_map(cells, self.game.metatiles)
        self.touch("nametable")

    def paint_metatiles(self, cells, metatile: int) -> list[tuple[int, int]]:
        """Put metatile ``metatile`` at each (block_x, block_y) of ``cells`` of the map; a scene
        painted tile by tile becomes a map first (see `Scene.to_metatiles`)."""
        if self.game is None:
            raise InvalidValueError(f"scene {self.name!r} belongs to no game: it has no metatiles")
        metatile = _check_int(metatile, 0, len(self.game.metatiles) - 1, "metatile")
        high, wide = self.attributes.shape
        cells = [_check_cell(c, where="block", size=(wide, high)) for c in cells]
        if self._metatiles is None:
            self.to_metatiles()
        changed = [(x, y) for x, y in cells if self._metatiles[y, x] != metatile]
        for x, y in changed:
            self._metatiles[y, x] = metatile
        if changed:
            self.apply_metatiles()
        return changed

    def to_metatiles(self) -> np.ndarray:
        """Turn a scene painted tile by tile into a metatile map: every distinct 16x16 block
        (4 tiles + palette) not yet in the game's table is added to it. Returns the map."""
        table, cells = derive_map(self.nametable, self.attributes, self.game.metatiles)
        check_metatiles(table)  # refuses more than 256 before anything changes
        self.game.metatiles = table
        self.metatiles = cells
        return self._metatiles

    def set_palette_color(self, number: int, entry: int, color: int) -> None:
        """Set entry 0-3 of palette 0-7 (4-7 are sprite palettes); entry 0 is the backdrop."""
        before = self.palettes.array.copy()
        self.palettes.set(number, entry, color)
        if not np.array_equal(before, self.palettes.array):
            self.touch("palettes")

    def add_sprite(self, sprite: Sprite) -> int:
        if not isinstance(sprite, Sprite):
            raise InvalidValueError(f"add_sprite: {shown(sprite)} is not a Sprite")
        if len(self.sprites) >= MAX_SPRITES:
            raise LimitError("add_sprite: the scene already has 64 sprites, all that OAM holds")
        self.sprites.append(sprite)
        self.touch("sprites")
        return len(self.sprites) - 1

    def update_sprite(self, index: int, **changes) -> Sprite:
        index = _check_int(index, 0, len(self.sprites) - 1, "sprite index")
        old = self.sprites[index]
        unknown = sorted(set(changes) - set(old.__dict__))
        if unknown:
            raise InvalidValueError(
                f"update_sprite: no field {unknown[0]!r}; use {', '.join(old.__dict__)}"
            )
        new = Sprite(**{**old.__dict__, **changes})
        self.sprites[index] = new
        self.touch("sprites")
        return new

    def remove_sprite(self, index: int) -> Sprite:
        index = _check_int(index, 0, len(self.sprites) - 1, "sprite index")
        sprite = self.sprites.pop(index)
        self.touch("sprites")
        return sprite

    def add_metasprite(self, metasprite: Metasprite | str, x: int, y: int, **flips) -> list[int]:
        """Place a metasprite (or the game's metasprite of that name); returns the OAM indices."""
        if not isinstance(metasprite, (Metasprite, str)):
            raise InvalidValueError(f"add_metasprite: {shown(metasprite)} is not a Metasprite")
        unknown = sorted(set(flips) - {"flip_h", "flip_v"})
        if unknown:
            raise InvalidValueError(f"add_metasprite: no option {unknown[0]!r}; use flip_h, flip_v")
        if isinstance(metasprite, str):
            if self.game is None or metasprite not in self.game.metasprites:
                raise InvalidValueError(f"metasprite {shown(metasprite)}: not defined in this game")
            metasprite = self.game.metasprites[metasprite]
        sprites = metasprite.place(x, y, **flips)
        if len(self.sprites) + len(sprites) > MAX_SPRITES:
            raise LimitError(
                f"metasprite {metasprite.name!r} needs {len(sprites)} sprites; "
                f"{MAX_SPRITES - len(self.sprites)} of 64 are free"
            )
        start = len(self.sprites)
        self.sprites.extend(sprites)
        self.touch("sprites")
        return list(range(start, len(self.sprites)))

    def write_text(
        self, tile_x: int, tile_y: int, text: str, *, palette: int | None = None
    ) -> None:
        """Write ``text`` with the game's font (see `Game.add_font`), one tile per character,
        starting at (tile_x, tile_y); newlines start a new row under tile_x."""
        if self.game is None or self.game.font_base is None:
            raise InvalidValueError("write_text: the game has no font; call game.add_font() first")
        if not isinstance(text, str):
            raise InvalidValueError(f"write_text: {shown(text)} is not text")
        if palette is not None:  # checked before anything is written
            palette = _check_int(palette, 0, 3, "write_text palette")
        base, cells = self.game.font_base, []
        x, y = tile_x, tile_y
        for ch in text:
            if ch == "\n":
                x, y = tile_x, y + 1
                continue
            if not FIRST_CHAR <= ord(ch) <= LAST_CHAR:
                raise InvalidValueError(f"write_text: {ch!r} is not printable ASCII ($20-$7E)")
            _check_cell((x, y), where=f"write_text: {ch!r}")
            cells.append((x, y, base + ord(ch) - FIRST_CHAR))
            x += 1
        for x, y, tile in cells:
            self.nametable[y, x] = tile
        if palette is not None:
            for x, y, _ in cells:
                self.attributes[y // 2, x // 2] = palette
            self.touch("attributes")
        self.touch("nametable")

    # --- views ----------------------------------------------------------------------------
    def check(self):
        """The `romulus_nb.limits.LimitsReport` of this scene."""
        return service("check_scene")(self, self.name)

    def render(self, *, sprite_limit: bool = True, camera=None):
        """The 256x240 picture; for a map, the view with its top-left corner at ``camera``
        ``(x, y)`` in map pixels (default (0, 0))."""
        if self.game is None:
            raise InvalidValueError(f"scene {self.name!r} belongs to no game: it has no tiles")
        if camera is None and self.screens == (1, 1):
            return render_scene(self, self.game.tileset, sprite_limit=sprite_limit)
        return render_camera(self, self.game.tileset, camera or (0, 0), sprite_limit=sprite_limit)

    def render_map(self, *, screen_lines: bool = False):
        """The whole map's background as a `romulus_nb.render.MapPicture` (``indices``
        ``(240*h, 256*w) uint8``; ``.image()`` for a picture). Sprites belong to the screen,
        not the map, so they are not drawn; ``screen_lines`` marks the screen boundaries."""
        if self.game is None:
            raise InvalidValueError(f"scene {self.name!r} belongs to no game: it has no tiles")
        return render_map(self, self.game.tileset, master=self.game.master_palette,
                          screen_lines=screen_lines)  # fmt: skip

    def image(self, scale: int = 2, **overlays):
        frame = self.render()
        if overlays.get("sprite_boxes") is True:
            overlays["sprite_boxes"] = self.sprites
        overlays.setdefault("sprite_height", self.sprite_size)
        return frame.image(scale, master=self.game.master_palette, **overlays)

    def _repr_png_(self) -> bytes:
        return png_bytes(self.image(2))

    def __repr__(self) -> str:
        tiles = len(self.background_tiles_used())
        return f"Scene({self.name!r}, {tiles} tiles, {len(self.sprites)} sprites)"


class Game:
    """A game: its tileset (pattern tables 0 and 1, one 8 KiB CHR bank) and ordered scenes."""

    def __init__(self, name: str = "Untitled", *, id: str | None = None, tileset=None,
                 created_at=None, updated_at=None,
                 master_palette: MasterPalette | None = None):  # fmt: skip
        self.id = str(uuid.uuid4()) if id is None else id
        self.name = name
        self.created_at = _check_time(created_at or _now(), "game created_at")
        self.updated_at = _check_time(updated_at or self.created_at, "game updated_at")
        self.tileset = np.zeros((512, 8, 8), np.uint8) if tileset is None else tileset
        self.scenes: list[Scene] = []
        self.metasprites: dict[str, Metasprite] = {}
        self.master_palette = master_palette or DEFAULT_PALETTE
        self.font_base: int | None = None  # tile number of ' ' in the background table
        self._player: Player | None = None
        self._metatiles: list[Metatile] = []
        self._observers: list[Callable] = []

    name = Checked(check_name, "game name", "At most 200 characters (`MAX_NAME_LENGTH`).")
    id = Checked(check_id, "game id", "1-64 characters, a UUID unless given.")

    master_palette = Checked(
        lambda value, where: _check_type(value, MasterPalette, where),
        "master_palette",
        "The RGB table the game is shown with (saved in the project when not the default).",
    )

    # --- tileset --------------------------------------------------------------------------
    @property
    def tileset(self) -> np.ndarray:
        """``(512, 8, 8) uint8``: tiles 0-255 are pattern table 0, 256-511 pattern table 1."""
        return self._tileset

    @tileset.setter
    def tileset(self, value) -> None:
        tiles = check_tiles(value, where="tileset")
        if tiles.shape[0] != 512:
            raise InvalidValueError(
                f"tileset: {tiles.shape[0]} tiles; a CHR bank has 512 (2 x 256)"
            )
        self._tileset = tiles.copy()

    def pattern_table(self, number: int) -> np.ndarray:
        number = _check_int(number, 0, 1, "pattern table")
        return self._tileset[number * 256 : (number + 1) * 256]

    def pattern_table_picture(self, table: int = 0, palette=None, *, scale: int = 2):
        """Pattern table ``table`` as a 128x128 picture (16 tiles a row) with the hex digits of
        the tile numbers along the top and the left, drawn in ``palette`` (4 colour indices;
        default: greys) and enlarged ``scale`` times."""
        colors = (0x0F, 0x00, 0x10, 0x30) if palette is None else tuple(palette)
        return tiles_picture(self.pattern_table(table), colors, scale=scale, axes=True,
                             title=f"pattern table {table}")  # fmt: skip

    def tile_picture(self, table: int, tile: int, palette=None, *, scale: int = 16):
        """One tile, enlarged so that every pixel shows."""
        _check_int(tile, 0, 255, "tile")
        colors = (0x0F, 0x00, 0x10, 0x30) if palette is None else tuple(palette)
        return tiles_picture(self.pattern_table(table)[tile : tile + 1], colors, columns=1,
                             scale=scale, title=f"tile ${tile:02X} of table {table}")  # fmt: skip

    def set_tile(self, table: int, tile: int, pixels) -> None:
        """Replace one tile's pixels; every scene using it changes with it."""
        _check_int(tile, 0, 255, "tile")
        self.pattern_table(table)[tile] = check_tiles(pixels, where=f"tile {tile}")[0]
        self.touch("tileset")

    def chr_bytes(self) -> bytes:
        return encode_chr(self._tileset)

    def load_chr(self, data: bytes) -> None:
        if len(data) not in (4096, CHR_BANK_BYTES):
            raise InvalidValueError(f"CHR: {len(data)} bytes; expected 4096 or 8192")
        tiles = decode_chr(data)
        new = self._tileset.copy()
        new[: len(tiles)] = tiles
        self.tileset = new
        self.touch("tileset")

    def add_font(self, first_tile: int = 0x20, *, table: int = 0, ink: int = 1) -> int:
        """Copy the built-in ASCII font into pattern table ``table`` so that tile
        ``first_tile + (code - 0x20)`` draws character ``code``; returns ``first_tile``."""
        tiles = font_tiles(ink=ink)
        _check_int(first_tile, 0, 256 - len(tiles), "first_tile")
        self.pattern_table(table)[first_tile : first_tile + len(tiles)] = tiles
        self.font_base = first_tile
        self.touch("tileset")
        return first_tile

    # --- scenes ---------------------------------------------------------------------------
    def add_scene(self, name: str | None = None, scene: Screen | None = None,
                  *, index: int | None = None, screens=None) -> Scene:  # fmt: skip
        """Add a new scene (a copy of ``scene`` if given) at ``index`` (default: the end);
        ``screens=(w, h)`` makes a new empty map of that many screens."""
        if len(self.scenes) >= MAX_SCENES:
            raise LimitError(f"add_scene: the game has {MAX_SCENES} scenes, all a ROM can hold")
        if scene is not None and not isinstance(scene, Screen):
            raise InvalidValueError(f"add_scene: {shown(scene)} is not a scene")
        if index is not None:
            index = _check_int(index, 0, len(self.scenes), "add_scene index")
        name = name or f"Scene {len(self.scenes) + 1}"
        if scene is None:
            scene = Screen(screens=screens or (1, 1))
        new = Scene.from_nes(scene.copy(), name)
        new.game = self
        new.apply_metatiles()
        self.scenes.insert(len(self.scenes) if index is None else index, new)
        self.touch("scenes")
        return new

    def add_scene_from_image(self, image, name: str | None = None, **options):
        """Convert a picture into a new scene of this game (new tiles go into free pattern
        table slots); returns ``(scene, report)``. Options: see
        `romulus_nb.convert.add_scene_from_image`."""
        return service("add_scene_from_image")(self, image, name, **options)

    def scene(self, key: int | str) -> Scene:
        """A scene by position, name or id."""
        if isinstance(key, int):
            if not -len(self.scenes) <= key < len(self.scenes):
                raise InvalidValueError(
                    f"scene {shown(key)}: the game has {len(self.scenes)} scenes"
                )
            return self.scenes[key]
        for s in self.scenes:
            if key in (s.name, s.id):
                return s
        names = ", ".join(repr(s.name) for s in self.scenes)
        raise InvalidValueError(f"scene {shown(key)}: no such scene; the game has {names}")

    def remove_scene(self, key: int | str) -> Scene:
        scene = self.scene(key)
        self.scenes.remove(scene)
        scene.game = None
        self.touch("scenes")
        return scene

    def move_scene(self, key: int | str, index: int) -> None:
        scene = self.scene(key)
        index = _check_int(index, 0, len(self.scenes) - 1, "move_scene position")
        self.scenes.remove(scene)
        self.scenes.insert(index, scene)
        self.touch("scenes")

    def duplicate_scene(self, key: int | str, name: str | None = None) -> Scene:
        source = self.scene(key)
        copy = self.add_scene(
            name or f"{source.name} copy", source, index=self.scenes.index(source) + 1
        )
        copy.play = source.play
        return copy

    # --- metatiles ------------------------------------------------------------------------
    @property
    def metatiles(self) -> list[Metatile]:
        """The game's metatile table (up to 256 `Metatile`), shared by every scene's map.
        Assign a new list (or use `set_metatile`) so that the maps are redrawn."""
        return self._metatiles

    @metatiles.setter
    def metatiles(self, value) -> None:
        table = check_metatiles(value)
        for scene in self.scenes:  # refuse before changing anything
            if scene.metatiles is not None:
                check_map(scene.metatiles, scene.metatiles.shape, len(table),
                          where=f"scene {scene.name!r} metatiles")  # fmt: skip
        self._metatiles = table
        for scene in self.scenes:
            scene.apply_metatiles()
        self.touch("metatiles")

    def add_metatile(self, metatile: Metatile) -> int:
        """Append a metatile to the table; returns its number."""
        self.metatiles = [*self._metatiles, metatile]
        return len(self._metatiles) - 1

    def set_metatile(self, index: int, metatile: Metatile) -> None:
        """Replace metatile ``index``; every map using it changes with it."""
        index = _check_int(index, 0, len(self._metatiles) - 1, "metatile index")
        table = list(self._metatiles)
        table[index] = metatile
        self.metatiles = table

    @property
    def player(self) -> Player | None:
        """The game's player (`romulus_nb.player.Player`), or None: nothing moves. Its
        animations name metasprites by their index in ``list(game.metasprites)``."""
        return self._player

    @player.setter
    def player(self, value) -> None:
        if value is not None:
            from romulus_nb.player import Player, check_player_metasprites  # see Scene.play

            if not isinstance(value, Player):
                raise InvalidValueError(f"player: {shown(value)} is not a Player")
            check_player_metasprites(value, len(self.metasprites))
        self._player = value
        self.touch("player")

    def player_metasprites(self) -> list[Metasprite]:
        """The game's metasprites in index order (what the player's animations count in)."""
        return list(self.metasprites.values())

    def add_metasprite(self, metasprite: Metasprite) -> None:
        """Define (or redefine, by name) a metasprite that scenes can place."""
        if not isinstance(metasprite, Metasprite):
            raise InvalidValueError(f"add_metasprite: {shown(metasprite)} is not a Metasprite")
        if metasprite.name not in self.metasprites and len(self.metasprites) >= MAX_METASPRITES:
            raise LimitError(f"add_metasprite: the game has {MAX_METASPRITES}, the most it may")
        self.metasprites[metasprite.name] = metasprite
        self.touch("metasprites")

    def rename_metasprite(self, name: str, new_name: str) -> None:
        """Rename a metasprite in place: it keeps its index, so the player's animations
        still show it."""
        old = self._metasprite(name)
        if new_name != name and new_name in self.metasprites:
            raise InvalidValueError(f"rename_metasprite: {shown(new_name)} is already defined")
        renamed = Metasprite(new_name, old.parts, old.width, old.height)
        items = [
            (renamed.name, renamed) if k == name else (k, m) for k, m in self.metasprites.items()
        ]
        self.metasprites.clear()  # in place: anyone holding the dict sees the new order
        self.metasprites.update(items)
        self.touch("metasprites")

    def remove_metasprite(self, name: str) -> Metasprite:
        """Delete a metasprite the player does not show; the player's animations keep pointing
        at the same metasprites (indices after it move down by one)."""
        removed = self._metasprite(name)
        index = list(self.metasprites).index(name)
        player = self._player
        if player is not None:
            for animation, frames in player.animations.items():
                for i, (shown_index, _) in enumerate(frames.frames):
                    if shown_index == index:
                        raise InvalidValueError(
                            f"remove_metasprite: {name!r} is frame {i} of the player's "
                            f"{animation!r} animation; show another metasprite there first"
                        )
            player = player.replace(animations={
                a: replace(frames, frames=tuple((m - (m > index), d) for m, d in frames.frames))
                for a, frames in player.animations.items()})  # fmt: skip
        del self.metasprites[name]
        self._player = player
        self.touch("metasprites")
        return removed

    def _metasprite(self, name: str) -> Metasprite:
        if not isinstance(name, str) or name not in self.metasprites:
            raise InvalidValueError(f"metasprite {shown(name)}: not defined in this game")
        return self.metasprites[name]

    # --- change tracking ------------------------------------------------------------------
    def touch(self, what: str = "game", scene: Scene | None = None) -> None:
        self._changed(what, scene)

    def _changed(self, what: str, scene: Scene | None) -> None:
        self.updated_at = _now()
        for callback in list(self._observers):
            callback(what, scene)

    def observe(self, callback: Callable[[str, Scene | None], None]) -> Callable[[], None]:
        """Call ``callback(what, scene)`` after every change; returns a function that stops it."""
        self._observers.append(callback)
        return lambda: self._observers.remove(callback) if callback in self._observers else None

    # --- whole-game views -----------------------------------------------------------------
    def check(self):
        """The `romulus_nb.limits.LimitsReport` of every scene, the pattern tables and the
        cartridge budget."""
        return service("check_game")(self)

    def render(self, scene: int | str = 0):
        return self.scene(scene).render()

    # --- services of the upper layers (see romulus_nb.services) ----------------------------
    def optimize_tiles(self):
        """`romulus_nb.tiles.optimize_tiles` on this game."""
        return service("optimize_tiles")(self)

    def build(self) -> bytes:
        """The iNES ROM of this game (`romulus_nb.rom.build.build`)."""
        return service("build")(self)

    def smoke_test(self, **options):
        """Run the ROM and compare it with the design: every scene reached with Start
        (`romulus_nb.emu.smoke.smoke_game`); with ``buttons=`` (a joypad script) and optional
        ``frames``/``every``, sampled frames against the simulated scene and camera
        (`romulus_nb.play.check.check_rom`)."""
        if "buttons" in options:
            return service("check_rom")(self, **options)
        return service("smoke_game")(self, **options)

    def save(self, path) -> None:
        """Write the project file (`romulus_nb.project.save_game`)."""
        service("save_game")(self, path)

    @classmethod
    def load(cls, path) -> Game:
        """Read a project file (`romulus_nb.project.load_game`)."""
        return service("load_game")(path)

    def __repr__(self) -> str:
        names = ", ".join(s.name for s in self.scenes)
        return f"Game({self.name!r}, {len(self.scenes)} scenes: {names})"

    def _repr_html_(self) -> str:
        return game_html(self)


def tiles_used(game: Game, table: int) -> set[int]:
    """Tile numbers of pattern table ``table`` that any scene draws (background or sprites)."""
    used: set[int] = set()
    for scene in game.scenes:
        if scene.bg_table == table:
            used |= scene.background_tiles_used()
        used |= {t for tb, t in scene.sprite_tiles_used() if tb == table}
    return used


def _check_int(value, low: int, high: int, name: str) -> int:
    span = f"{low} to {high}" if low < 0 else f"{low}-{high}"
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise InvalidValueError(f"{name}: {shown(value)} is not a whole number ({span})")
    if not low <= value <= high:
        raise InvalidValueError(f"{name}: {shown(int(value))} is out of range; use {span}")
    return int(value)


def _check_type(value, kind: type, name: str):
    if not isinstance(value, kind):
        raise InvalidValueError(f"{name}: {shown(value)} is not a {kind.__name__}")
    return value


def _check_time(value, name: str) -> datetime:
    return _check_type(value, datetime, name)


def _items(values, name: str) -> list:
    """``values`` as a list, or InvalidValueError when it cannot be iterated."""
    if isinstance(values, (str, bytes)):
        raise InvalidValueError(f"{name}: {shown(values)} is not a collection of pairs")
    try:
        return list(values)
    except TypeError:
        raise InvalidValueError(f"{name}: {shown(values)} is not a collection of pairs") from None


def _check_cell(cell, where: str = "cell", size=(TILES_WIDE, TILES_HIGH)) -> tuple[int, int]:
    unit = "block" if where == "block" else "tile"
    try:
        x, y = cell
    except (TypeError, ValueError):
        raise InvalidValueError(
            f"{where}: {shown(cell)} is not a ({unit}_x, {unit}_y) pair"
        ) from None
    x = _check_int(x, 0, size[0] - 1, f"{where} {unit}_x")
    y = _check_int(y, 0, size[1] - 1, f"{where} {unit}_y")
    return x, y
