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

from romulus_nb.errors import InvalidValueError, LimitError
from romulus_nb.nes.hardware import (
    CTRL_BG_TABLE,
    CTRL_NMI,
    CTRL_SPRITE_16,
    CTRL_SPRITE_TABLE,
    MASK_BG_LEFT,
    MASK_RENDERING,
    MASK_SPRITES_LEFT,
)
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
from romulus_nb.nes.oam import MAX_SPRITES, Sprite, encode_oam
from romulus_nb.nes.palettes import PaletteSet
from romulus_nb.services import service


class Screen:
    """One screen of the NES's background and sprites.

    Attributes
    ----------
    nametable : (30, 32) uint8
        Tile numbers, row by row.
    attributes : (15, 16) uint8
        Background palette (0-3) of each 16x16 block.
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
    ):
        self.nametable = (
            np.zeros((TILES_HIGH, TILES_WIDE), np.uint8) if nametable is None else nametable
        )
        self.attributes = (
            np.zeros((BLOCKS_HIGH, BLOCKS_WIDE), np.uint8) if attributes is None else attributes
        )
        self.palettes = palettes if palettes is not None else PaletteSet()
        self.sprites = list(sprites)
        self.bg_table = bg_table
        self.sprite_table = sprite_table
        self.sprite_size = sprite_size
        self.show_left_background = bool(show_left_background)
        self.show_left_sprites = bool(show_left_sprites)

    # --- validated fields -----------------------------------------------------------------
    @property
    def nametable(self) -> np.ndarray:
        return self._nametable

    @nametable.setter
    def nametable(self, value) -> None:
        self._nametable = check_nametable(value).copy()

    @property
    def attributes(self) -> np.ndarray:
        return self._attributes

    @attributes.setter
    def attributes(self, value) -> None:
        self._attributes = check_blocks(value).copy()

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
        sprites = list(value)
        if len(sprites) > MAX_SPRITES:
            raise LimitError(
                f"sprites: {len(sprites)} given; the NES has 64 (OAM holds 64 entries)"
            )
        for i, s in enumerate(sprites):
            if not isinstance(s, Sprite):
                raise InvalidValueError(f"sprites[{i}]: {s!r} is not a Sprite")
        self._sprites = sprites

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
        if value not in (8, 16):
            raise InvalidValueError(f"sprite_size: {value!r}; use 8 (8x8) or 16 (8x16)")
        self._sprite_size = int(value)

    def validate(self) -> None:
        """Re-check arrays that may have been changed in place."""
        self.nametable = self._nametable
        self.attributes = self._attributes
        self.sprites = self._sprites

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
        return pack_attributes(self._attributes)

    def nametable_bytes(self) -> bytes:
        """The 1024 bytes for $2000-$23FF: 960 tile numbers then the 64-byte attribute table."""
        return self._nametable.tobytes() + self.attribute_bytes()

    def oam_bytes(self) -> bytes:
        return encode_oam(self._sprites)

    def tile_palettes(self) -> np.ndarray:
        """``(30, 32)`` background palette of every tile."""
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
        )

    def same_design(self, other: Screen) -> bool:
        """Whether two scenes hold the same design (ids and timestamps aside)."""
        a, b = self._fields(), other._fields()
        return all(
            np.array_equal(a[k], b[k]) if isinstance(a[k], np.ndarray) else a[k] == b[k] for k in a
        )

    def __repr__(self) -> str:
        return (
            f"Screen({len(self.background_tiles_used())} background tiles, "
            f"{len(self._sprites)} sprites)"
        )


def _check_table(value, name: str) -> int:
    if value not in (0, 1):
        raise InvalidValueError(f"{name}: {value!r}; a pattern table is 0 ($0000) or 1 ($1000)")
    return int(value)


#: The domain class's old name, kept importable for code written before the split. The public
#: `romulus_nb.NESScene` is the file/API schema (`romulus_nb.project.NESScene`).
NESScene = Screen
