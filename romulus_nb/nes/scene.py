"""`Screen`: everything the PPU needs to draw one screen, except the tiles themselves.

A nametable of 32x30 tile numbers, a background palette per 16x16 block (the attribute table),
8 palettes, up to 64 sprites, which pattern table the background and the sprites use, the sprite
size, and whether the leftmost 8 pixels show. The tiles live in the game's shared CHR bank, as on
a mapper-0 cartridge.

`romulus_nb.game.Scene` is a `Screen` with a name, an id and a game. In project files and the API
a scene is the schema model `romulus_nb.project.NESScene` (see the README's layout section).
"""

from __future__ import annotations

import numpy as np

from romulus_nb.bounds import Checked, check_items
from romulus_nb.errors import InvalidValueError, shown
from romulus_nb.nes.hardware import (
    CTRL_BG_TABLE,
    CTRL_NMI,
    CTRL_SPRITE_16,
    CTRL_SPRITE_TABLE,
    MASK_BG_LEFT,
    MASK_RENDERING,
    MASK_SPRITES_LEFT,
)
from romulus_nb.nes.metatile import check_map
from romulus_nb.nes.nametable import (
    BLOCKS_HIGH,
    BLOCKS_WIDE,
    TILES_HIGH,
    TILES_WIDE,
    check_blocks,
    check_nametable,
    pack_attributes,
    tile_palettes,
)
from romulus_nb.nes.oam import MAX_SPRITES, Sprite, check_flag, encode_oam
from romulus_nb.nes.palettes import PaletteSet
from romulus_nb.services import service

#: A scrolling scene is at most this many screens long (the ROM's camera is 11 bits).
MAX_SCREENS = 8
MAX_SCROLL_SPEED = 8  # px/frame: the runtime streams at most one 16-px column a frame
DEFAULT_SCROLL_SPEED = 2


class Screen:
    """One screen (or a scrolling map of screens) of the NES's background, and sprites.

    Attributes
    ----------
    nametable : (30*h, 32*w) uint8
        Tile numbers, row by row; (30, 32) for a one-screen scene.
    attributes : (15*h, 16*w) uint8
        Background palette (0-3) of each 16x16 block.
    screens : (w, h)
        Size in screens: (1, 1), or up to (8, 1) / (1, 8) for a level that scrolls.
    metatiles : (15*h, 16*w) uint8 or None
        The metatile map the background is built from (see `romulus_nb.game.Scene`).
    scroll_speed : int
        Camera speed in pixels per frame (1-8) when the d-pad scrolls the map in the ROM.
    palettes : PaletteSet
    sprites : list[Sprite]
        At most 64, in OAM order (sprite 0 first, drawn in front).
    bg_table, sprite_table : int
        Pattern table (0 or 1) of background tiles and of 8x8 sprites.
    sprite_size : int
        8 (8x8 sprites) or 16 (8x16 sprites, whose tile byte picks the table).
    show_left_background, show_left_sprites : bool
        PPUMASK bits 1 and 2: whether the leftmost 8 pixels of each layer show.
    """

    def __init__(
        self,
        nametable=None,
        attributes=None,
        palettes: PaletteSet | None = None,
        sprites=(),
        *,
        bg_table: int = 0,
        sprite_table: int = 1,
        sprite_size: int = 8,
        show_left_background: bool = True,
        show_left_sprites: bool = True,
        screens=(1, 1),
        metatiles=None,
        scroll_speed: int = DEFAULT_SCROLL_SPEED,
    ):
        self._screens = check_screens(screens)
        w, h = self._screens
        self.nametable = (
            np.zeros((TILES_HIGH * h, TILES_WIDE * w), np.uint8) if nametable is None else nametable
        )
        self.attributes = (
            np.zeros((BLOCKS_HIGH * h, BLOCKS_WIDE * w), np.uint8)
            if attributes is None
            else attributes
        )
        self._metatiles = None
        self.metatiles = metatiles
        self.scroll_speed = scroll_speed
        self.palettes = palettes if palettes is not None else PaletteSet()
        self.sprites = list(sprites)
        self.bg_table = bg_table
        self.sprite_table = sprite_table
        self.sprite_size = sprite_size
        self.show_left_background = show_left_background
        self.show_left_sprites = show_left_sprites

    # --- validated fields -----------------------------------------------------------------
    @property
    def nametable(self) -> np.ndarray:
        return self._nametable

    @nametable.setter
    def nametable(self, value) -> None:
        self._nametable = check_nametable(value, screens=self._screens).copy()

    @property
    def attributes(self) -> np.ndarray:
        return self._attributes

    @attributes.setter
    def attributes(self, value) -> None:
        self._attributes = check_blocks(value, screens=self._screens).copy()

    # --- scrolling maps -------------------------------------------------------------------
    @property
    def screens(self) -> tuple[int, int]:
        """``(w, h)``: the scene's size in screens; (1, 1) is one screen, (8, 1) a level 8
        screens wide that scrolls horizontally, (1, 8) one that scrolls vertically."""
        return self._screens

    @property
    def scrolls(self) -> str | None:
        """``"horizontal"``, ``"vertical"`` or None (one screen)."""
        w, h = self._screens
        return "horizontal" if w > 1 else "vertical" if h > 1 else None

    @property
    def metatiles(self) -> np.ndarray | None:
        """``(15*h, 16*w) uint8`` metatile numbers of the game's table, or None when the scene
        is painted tile by tile."""
        return self._metatiles

    @metatiles.setter
    def metatiles(self, value) -> None:
        if value is None:
            self._metatiles = None
            return
        self._metatiles = check_map(value, self._attributes.shape).copy()

    @property
    def scroll_speed(self) -> int:
        """Pixels per frame the d-pad moves the camera (1-8) in the ROM."""
        return self._scroll_speed

    @scroll_speed.setter
    def scroll_speed(self, value) -> None:
        if isinstance(value, bool) or value not in range(1, MAX_SCROLL_SPEED + 1):
            raise InvalidValueError(
                f"scroll_speed: {value!r}; use 1-{MAX_SCROLL_SPEED} pixels per frame"
            )
        self._scroll_speed = int(value)

    def screen_nametable_bytes(self, screen_x: int = 0, screen_y: int = 0) -> bytes:
        """The 1024 nametable + attribute bytes of one screen of the map."""
        w, h = self._screens
        if not (0 <= screen_x < w and 0 <= screen_y < h):
            raise InvalidValueError(
                f"screen ({screen_x}, {screen_y}): the scene is {w}x{h} screens"
            )
        rows = slice(screen_y * TILES_HIGH, (screen_y + 1) * TILES_HIGH)
        cols = slice(screen_x * TILES_WIDE, (screen_x + 1) * TILES_WIDE)
        blocks = self._attributes[
            screen_y * BLOCKS_HIGH : (screen_y + 1) * BLOCKS_HIGH,
            screen_x * BLOCKS_WIDE : (screen_x + 1) * BLOCKS_WIDE,
        ]
        return np.ascontiguousarray(self._nametable[rows, cols]).tobytes() + pack_attributes(blocks)

    @property
    def palettes(self) -> PaletteSet:
        return self._palettes

    @palettes.setter
    def palettes(self, value: PaletteSet) -> None:
        if not isinstance(value, PaletteSet):
            value = PaletteSet(value)
        self._palettes = value

    @property
    def sprites(self) -> list[Sprite]:
        return self._sprites

    @sprites.setter
    def sprites(self, value) -> None:
        self._sprites = check_items(value, Sprite, MAX_SPRITES, "sprites", "OAM holds 64")

    @property
    def bg_table(self) -> int:
        return self._bg_table

    @bg_table.setter
    def bg_table(self, value: int) -> None:
        self._bg_table = _check_table(value, "bg_table")

    @property
    def sprite_table(self) -> int:
        return self._sprite_table

    @sprite_table.setter
    def sprite_table(self, value: int) -> None:
        self._sprite_table = _check_table(value, "sprite_table")

    @property
    def sprite_size(self) -> int:
        return self._sprite_size

    @sprite_size.setter
    def sprite_size(self, value: int) -> None:
        if not _is_whole(value) or value not in (8, 16):
            raise InvalidValueError(f"sprite_size: {shown(value)}; use 8 (8x8) or 16 (8x16)")
        self._sprite_size = int(value)

    show_left_background = Checked(check_flag, "show_left_background", "PPUMASK bit 1.")
    show_left_sprites = Checked(check_flag, "show_left_sprites", "PPUMASK bit 2.")

    def validate(self) -> None:
        """Re-check arrays that may have been changed in place."""
        self.nametable = self._nametable
        self.attributes = self._attributes
        self.sprites = self._sprites
        self.metatiles = self._metatiles

    # --- the hardware's view ------------------------------------------------------------
    @property
    def ppuctrl(self) -> int:
        """PPUCTRL that shows this scene: NMI on, nametable $2000, increment 1."""
        return (
            CTRL_NMI
            | (CTRL_SPRITE_16 if self.sprite_size == 16 else 0)
            | (CTRL_BG_TABLE if self.bg_table else 0)
            | (CTRL_SPRITE_TABLE if self.sprite_table else 0)
        )

    @property
    def ppumask(self) -> int:
        """PPUMASK that shows this scene: background and sprites on, left columns as chosen."""
        return (
            MASK_RENDERING
            | (MASK_BG_LEFT if self.show_left_background else 0)
            | (MASK_SPRITES_LEFT if self.show_left_sprites else 0)
        )

    def attribute_bytes(self) -> bytes:
        if self._screens != (1, 1):
            w, h = self._screens
            screens = [self.screen_nametable_bytes(x, y) for y in range(h) for x in range(w)]
            return b"".join(data[960:] for data in screens)
        return pack_attributes(self._attributes)

    def nametable_bytes(self) -> bytes:
        """The 1024 bytes for $2000-$23FF: 960 tile numbers then the 64-byte attribute table.
        For a map: every screen's 1024 bytes, row of screens by row of screens."""
        if self._screens != (1, 1):
            w, h = self._screens
            return b"".join(self.screen_nametable_bytes(x, y) for y in range(h) for x in range(w))
        return self._nametable.tobytes() + self.attribute_bytes()

    def oam_bytes(self) -> bytes:
        return encode_oam(self._sprites)

    def tile_palettes(self) -> np.ndarray:
        """``(30*h, 32*w)`` background palette of every tile."""
        return tile_palettes(self._attributes)

    def background_tiles_used(self) -> set[int]:
        return set(int(t) for t in np.unique(self._nametable))

    def sprite_tiles_used(self) -> set[tuple[int, int]]:
        """(pattern table, tile) pairs that the sprites draw."""
        used = set()
        for s in self._sprites:
            if self.sprite_size == 8:
                used.add((self.sprite_table, s.tile))
            else:
                used.update({(s.tile & 1, s.tile & 0xFE), (s.tile & 1, (s.tile & 0xFE) + 1)})
        return used

    def check(self):
        """The limits report for this scene (the `romulus_nb.limits` service)."""
        return service("check_scene")(self)

    def copy(self) -> Screen:
        return Screen(**self._fields())

    def _fields(self) -> dict:
        return dict(
            nametable=self._nametable.copy(),
            attributes=self._attributes.copy(),
            palettes=self._palettes.copy(),
            sprites=list(self._sprites),
            bg_table=self._bg_table,
            sprite_table=self._sprite_table,
            sprite_size=self._sprite_size,
            show_left_background=self.show_left_background,
            show_left_sprites=self.show_left_sprites,
            screens=self._screens,
            metatiles=None if self._metatiles is None else self._metatiles.copy(),
            scroll_speed=self._scroll_speed,
        )

    def same_design(self, other: Screen) -> bool:
        """Whether two scenes hold the same design (ids and timestamps aside)."""
        a, b = self._fields(), other._fields()
        return all(
            np.array_equal(a[k], b[k]) if isinstance(a[k], np.ndarray) or isinstance(b[k],
            np.ndarray) else a[k] == b[k] for k in a
        )  # fmt: skip

    def __repr__(self) -> str:
        return (
            f"Screen({len(self.background_tiles_used())} background tiles, "
            f"{len(self._sprites)} sprites)"
        )


def _is_whole(value) -> bool:
    """An int (numpy's too) and not a bool: True is not pattern table 1, nor 8.0 a size."""
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def check_screens(screens) -> tuple[int, int]:
    """``(w, h)`` screens of a scene: 1x1, or up to 8 screens along one direction."""
    try:
        w, h = (int(v) for v in screens)
    except (TypeError, ValueError):
        raise InvalidValueError(f"screens: {screens!r} is not a (w, h) pair") from None
    if not (1 <= w <= MAX_SCREENS and 1 <= h <= MAX_SCREENS) or (w > 1 and h > 1):
        raise InvalidValueError(
            f"screens: ({w}, {h}); a scene is 1x1 or scrolls one way: (w, 1) or (1, h) "
            f"with w, h up to {MAX_SCREENS}"
        )
    return w, h


def _check_table(value, name: str) -> int:
    if not _is_whole(value) or value not in (0, 1):
        raise InvalidValueError(
            f"{name}: {shown(value)}; a pattern table is 0 ($0000) or 1 ($1000)"
        )
    return int(value)


#: The domain class's old name, kept importable for code written before the split. The public
#: `romulus_nb.NESScene` is the file/API schema (`romulus_nb.project.NESScene`).
NESScene = Screen
