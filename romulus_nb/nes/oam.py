"""Sprites and OAM, the PPU's 256-byte object memory (https://www.nesdev.org/wiki/PPU_OAM).

Each of the 64 sprites takes 4 bytes: Y, tile, attributes, X. Byte 0 is the sprite's top line
minus one (sprite evaluation happens a line ahead), so a sprite stored at Y is drawn from line
Y+1 and nothing can appear on line 0. Attribute bits: 0-1 palette, 5 behind background,
6 flip horizontally, 7 flip vertically. We keep ``Sprite.y`` as the line where the sprite appears.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from romulus_nb.errors import InvalidValueError, LimitError, shown
from romulus_nb.nes.hardware import (  # noqa: F401 (re-exported with the codec)
    ATTR_BEHIND,
    ATTR_FLIP_H,
    ATTR_FLIP_V,
    ATTR_PALETTE,
    HIDDEN_Y,
    MAX_SPRITES,
    OAM_BYTES,
    SCREEN_HEIGHT,
    SPRITES_PER_LINE,
)


@dataclass(frozen=True)
class Sprite:
    """One hardware sprite. ``x``, ``y``: pixels of its top-left corner on screen (0-255);
    ``tile``: OAM tile byte (for 8x16 sprites bit 0 picks the pattern table); ``palette``: 0-3."""

    x: int
    y: int
    tile: int
    palette: int = 0
    flip_h: bool = False
    flip_v: bool = False
    behind: bool = False

    def __post_init__(self) -> None:
        for name, top in (("x", 255), ("y", 255), ("tile", 255), ("palette", 3)):
            value = getattr(self, name)
            if not isinstance(value, (int, np.integer)) or isinstance(value, bool):
                raise InvalidValueError(
                    f"sprite {name}: {shown(value)} is not an integer (0-{top})"
                )
            if not 0 <= value <= top:
                raise InvalidValueError(
                    f"sprite {name}: {shown(int(value))} is out of range; use 0-{top}"
                )
            object.__setattr__(self, name, int(value))
        for name in ("flip_h", "flip_v", "behind"):
            object.__setattr__(self, name, check_flag(getattr(self, name), f"sprite {name}"))

    @property
    def attributes(self) -> int:
        return (
            self.palette
            | (ATTR_BEHIND if self.behind else 0)
            | (ATTR_FLIP_H if self.flip_h else 0)
            | (ATTR_FLIP_V if self.flip_v else 0)
        )

    def to_bytes(self) -> bytes:
        return bytes([(self.y - 1) & 0xFF, self.tile, self.attributes, self.x])

    @classmethod
    def from_bytes(cls, entry: bytes) -> Sprite:
        y, tile, attr, x = bytes(entry)
        return cls(
            x=x,
            y=(y + 1) & 0xFF,
            tile=tile,
            palette=attr & ATTR_PALETTE,
            behind=bool(attr & ATTR_BEHIND),
            flip_h=bool(attr & ATTR_FLIP_H),
            flip_v=bool(attr & ATTR_FLIP_V),
        )

    def moved(self, dx: int = 0, dy: int = 0) -> Sprite:
        return replace(self, x=self.x + dx, y=self.y + dy)

    def is_visible(self) -> bool:
        """Whether any line of the sprite can appear (lines 1-239)."""
        return 1 <= self.y <= 239


def check_flag(value, name: str) -> bool:
    """``value`` as bool if it is True or False (numpy's too); "no", 0 or 2 are refused rather
    than guessed at."""
    if not isinstance(value, (bool, np.bool_)):
        raise InvalidValueError(f"{name}: {shown(value)} is not True or False")
    return bool(value)


def encode_oam(sprites) -> bytes:
    """Up to 64 sprites -> the 256 OAM bytes; unused entries get Y=$FF (off screen)."""
    sprites = list(sprites)
    if len(sprites) > MAX_SPRITES:
        raise LimitError(f"sprites: {len(sprites)} given; OAM holds at most 64")
    out = bytearray([HIDDEN_Y] * OAM_BYTES)
    for i, sprite in enumerate(sprites):
        out[4 * i : 4 * i + 4] = sprite.to_bytes()
    return bytes(out)


def decode_oam(data: bytes, *, keep_hidden: bool = False) -> list[Sprite]:
    """256 OAM bytes -> sprites; entries whose Y byte is $EF-$FF (never on screen) are dropped
    unless ``keep_hidden``."""
    data = bytes(data)
    if len(data) != OAM_BYTES:
        raise InvalidValueError(f"OAM: {len(data)} bytes; expected 256 (64 sprites x 4)")
    entries = [data[i : i + 4] for i in range(0, OAM_BYTES, 4)]
    return [Sprite.from_bytes(e) for e in entries if keep_hidden or e[0] < 0xEF]


# --- the 8-sprites-per-line rule (https://www.nesdev.org/wiki/PPU_sprite_evaluation) -----------
def line_cover(tops, height: int) -> np.ndarray:
    """Which screen lines each sprite covers: ``(n, 240) bool`` for ``tops`` ``(n,)`` (the first
    line of each sprite, i.e. ``Sprite.y`` or OAM byte 0 plus 1) and a sprite ``height`` 8 or 16."""
    tops = np.asarray(tops, np.intp).reshape(-1)
    line = np.arange(SCREEN_HEIGHT)
    return (line[None, :] >= tops[:, None]) & (line[None, :] < tops[:, None] + height)


def overflow_lines(cover: np.ndarray) -> list[int]:
    """The lines (0-239) that more than 8 sprites cover, from `line_cover`."""
    return [int(v) for v in np.flatnonzero(cover.sum(axis=0) > SPRITES_PER_LINE)]


def evaluated(cover: np.ndarray) -> np.ndarray:
    """`line_cover` after sprite evaluation: on each line only the first 8 sprites in OAM order
    stay; ``(n, 240) bool``."""
    return cover & (np.cumsum(cover, axis=0) <= SPRITES_PER_LINE)
