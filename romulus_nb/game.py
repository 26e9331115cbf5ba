"""`Game` and `Scene`: a game owns one shared tileset (the CHR bank) and an ordered list of scenes.

This is the model the editors, the ROM builder and the project files share. Every editing method
validates its input and leaves the model unchanged when it refuses, moves ``updated_at`` on, and
tells observers (the widgets) what changed. Arrays edited in place (``scene.nametable[...] = 5``)
need ``scene.touch()`` afterwards so that views repaint and the timestamp moves.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

import numpy as np

from romulus_nb.display import game_html, tiles_picture
from romulus_nb.errors import InvalidValueError, LimitError
from romulus_nb.font import FIRST_CHAR, LAST_CHAR, font_tiles
from romulus_nb.nes.chr import CHR_BANK_BYTES, check_tiles, decode_chr, encode_chr
from romulus_nb.nes.colors import DEFAULT_PALETTE, MasterPalette
from romulus_nb.nes.nametable import TILES_HIGH, TILES_WIDE
from romulus_nb.nes.oam import MAX_SPRITES, Sprite
from romulus_nb.nes.scene import Screen
from romulus_nb.render import png_bytes, render_scene
from romulus_nb.services import service


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


@dataclass(frozen=True)
class Metasprite:
    """A named character made of several sprites around an origin, flippable as a whole."""

    name: str
    parts: tuple[SpritePart, ...]
    width: int = 8  # of one part, for flipping
    height: int = 8

    def place(self, x: int, y: int, *, flip_h: bool = False, flip_v: bool = False) -> list[Sprite]:
        """The hardware sprites of this metasprite with its origin at screen (x, y)."""
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
                 updated_at=None, game: Game | None = None, **fields):  # fmt: skip
        super().__init__(**fields)
        self.id = str(id or uuid.uuid4())
        self.name = str(name)
        self.created_at = created_at or _now()
        self.updated_at = updated_at or self.created_at
        self.game = game

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
        cells = [_check_cell(c) for c in cells]
        changed = [(x, y) for x, y in cells if self.nametable[y, x] != tile]
        for x, y in changed:
            self.nametable[y, x] = tile
        if changed:
            self.touch("nametable")
        return changed

    def fill_rect(self, x0: int, y0: int, x1: int, y1: int, tile: int) -> list[tuple[int, int]]:
        """Fill the tile rectangle between two corners (inclusive)."""
        (x0, y0), (x1, y1) = _check_cell((x0, y0)), _check_cell((x1, y1))
        xs, ys = range(min(x0, x1), max(x0, x1) + 1), range(min(y0, y1), max(y0, y1) + 1)
        return self.paint_tiles([(x, y) for y in ys for x in xs], tile)

    def set_block_palette(self, blocks, palette: int) -> list[tuple[int, int]]:
        """Give each 16x16 block (block_x 0-15, block_y 0-14) of ``blocks`` a background palette."""
        palette = _check_int(palette, 0, 3, "palette")
        checked = []
        for b in blocks:
            bx, by = (int(v) for v in b)
            if not (0 <= bx < 16 and 0 <= by < 15):
                raise InvalidValueError(f"block ({bx}, {by}): use block_x 0-15 and block_y 0-14")
            checked.append((bx, by))
        changed = [(x, y) for x, y in checked if self.attributes[y, x] != palette]
        for x, y in changed:
            self.attributes[y, x] = palette
        if changed:
            self.touch("attributes")
        return changed

    def set_palette_color(self, number: int, entry: int, color: int) -> None:
        """Set entry 0-3 of palette 0-7 (4-7 are sprite palettes); entry 0 is the backdrop."""
        before = self.palettes.array.copy()
        self.palettes.set(number, entry, color)
        if not np.array_equal(before, self.palettes.array):
            self.touch("palettes")

    def add_sprite(self, sprite: Sprite) -> int:
        if not isinstance(sprite, Sprite):
            raise InvalidValueError(f"add_sprite: {sprite!r} is not a Sprite")
        if len(self.sprites) >= MAX_SPRITES:
            raise LimitError("add_sprite: the scene already has 64 sprites, all that OAM holds")
        self.sprites.append(sprite)
        self.touch("sprites")
        return len(self.sprites) - 1

    def update_sprite(self, index: int, **changes) -> Sprite:
        index = _check_int(index, 0, len(self.sprites) - 1, "sprite index")
        old = self.sprites[index]
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
        if isinstance(metasprite, str):
            if self.game is None or metasprite not in self.game.metasprites:
                raise InvalidValueError(f"metasprite {metasprite!r}: not defined in this game")
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
            self.set_block_palette({(x // 2, y // 2) for x, y, _ in cells}, palette)
        self.touch("nametable")

    # --- views ----------------------------------------------------------------------------
    def check(self):
        """The `romulus_nb.limits.LimitsReport` of this scene."""
        return service("check_scene")(self, self.name)

    def render(self, *, sprite_limit: bool = True):
        if self.game is None:
            raise InvalidValueError(f"scene {self.name!r} belongs to no game: it has no tiles")
        return render_scene(self, self.game.tileset, sprite_limit=sprite_limit)

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
        self.id = str(id or uuid.uuid4())
        self.name = str(name)
        self.created_at = created_at or _now()
        self.updated_at = updated_at or self.created_at
        self.tileset = np.zeros((512, 8, 8), np.uint8) if tileset is None else tileset
        self.scenes: list[Scene] = []
        self.metasprites: dict[str, Metasprite] = {}
        self.master_palette = master_palette or DEFAULT_PALETTE
        self.font_base: int | None = None  # tile number of ' ' in the background table
        self._observers: list[Callable] = []

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
        if number not in (0, 1):
            raise InvalidValueError(f"pattern table {number!r}: use 0 or 1")
        return self._tileset[number * 256 : (number + 1) * 256]

    def pattern_table_picture(self, table: int = 0, palette=None, *, scale: int = 2):
        """Pattern table ``table`` as a 128x128 picture (16 tiles a row), drawn in ``palette``
        (4 colour indices; default: greys) and enlarged ``scale`` times."""
        colors = (0x0F, 0x00, 0x10, 0x30) if palette is None else tuple(palette)
        return tiles_picture(self.pattern_table(table), colors, scale=scale,
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
                  *, index: int | None = None) -> Scene:  # fmt: skip
        """Add a new scene (a copy of ``scene`` if given) at ``index`` (default: the end)."""
        name = name or f"Scene {len(self.scenes) + 1}"
        new = Scene.from_nes(scene.copy() if scene is not None else Screen(), name)
        new.game = self
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
                raise InvalidValueError(f"scene {key}: the game has {len(self.scenes)} scenes")
            return self.scenes[key]
        for s in self.scenes:
            if key in (s.name, s.id):
                return s
        names = ", ".join(repr(s.name) for s in self.scenes)
        raise InvalidValueError(f"scene {key!r}: no such scene; the game has {names}")

    def remove_scene(self, key: int | str) -> Scene:
        scene = self.scene(key)
        self.scenes.remove(scene)
        scene.game = None
        self.touch("scenes")
        return scene

    def move_scene(self, key: int | str, index: int) -> None:
        scene = self.scene(key)
        if not 0 <= index < len(self.scenes):
            raise InvalidValueError(f"move_scene: position {index}; use 0-{len(self.scenes) - 1}")
        self.scenes.remove(scene)
        self.scenes.insert(index, scene)
        self.touch("scenes")

    def duplicate_scene(self, key: int | str, name: str | None = None) -> Scene:
        source = self.scene(key)
        return self.add_scene(
            name or f"{source.name} copy", source, index=self.scenes.index(source) + 1
        )

    def add_metasprite(self, metasprite: Metasprite) -> None:
        self.metasprites[metasprite.name] = metasprite
        self.touch("metasprites")

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
        """Build the ROM, run it and compare every scene (`romulus_nb.emu.smoke.smoke_game`)."""
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
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise InvalidValueError(f"{name}: {value!r} is not a whole number ({low}-{high})")
    if not low <= value <= high:
        raise InvalidValueError(f"{name}: {value} is out of range; use {low}-{high}")
    return int(value)


def _check_cell(cell, where: str = "cell") -> tuple[int, int]:
    try:
        x, y = cell
    except (TypeError, ValueError):
        raise InvalidValueError(f"{where}: {cell!r} is not a (tile_x, tile_y) pair") from None
    x = _check_int(x, 0, TILES_WIDE - 1, f"{where} tile_x")
    y = _check_int(y, 0, TILES_HIGH - 1, f"{where} tile_y")
    return x, y
