"""Nametables and attribute tables (https://www.nesdev.org/wiki/PPU_attribute_tables).

A nametable is 32x30 tile numbers (960 bytes) followed by a 64-byte attribute table. Each
attribute byte covers a 32x32-pixel area as four 16x16 blocks, two bits each:

    bits 1-0: top-left   bits 3-2: top-right   bits 5-4: bottom-left   bits 7-6: bottom-right

The screen is 15 blocks tall, so the last row of attribute bytes covers only the top half of its
area: its bottom-left and bottom-right bit pairs are never displayed (we write them as 0).
"""

from __future__ import annotations

import numpy as np

from romulus_nb.errors import InvalidValueError
from romulus_nb.nes.hardware import (
    ATTRIBUTE_OFFSET,
    BLOCKS_HIGH,
    BLOCKS_WIDE,
    NAMETABLE_BYTES,
    TILES_HIGH,
    TILES_WIDE,
)

__all__ = [  # the sizes are re-exported: callers import them with the codec
    "ATTRIBUTE_OFFSET",
    "BLOCKS_HIGH",
    "BLOCKS_WIDE",
    "NAMETABLE_BYTES",
    "TILES_HIGH",
    "TILES_WIDE",
]


def pack_attributes(blocks: np.ndarray) -> bytes:
    """``(15, 16)`` palette numbers 0-3 per 16x16 block -> the 64 attribute bytes.

    >>> blocks = np.zeros((15, 16), np.uint8); blocks[0, 1] = 1; blocks[1, 0] = 2
    >>> pack_attributes(blocks)[0] == (1 << 2) | (2 << 4)
    True
    """
    blocks = check_blocks(blocks)
    padded = np.zeros((16, 16), np.uint8)
    padded[:15] = blocks
    tl, tr = padded[0::2, 0::2], padded[0::2, 1::2]
    bl, br = padded[1::2, 0::2], padded[1::2, 1::2]
    return (tl | (tr << 2) | (bl << 4) | (br << 6)).astype(np.uint8).tobytes()


def unpack_attributes(data: bytes | np.ndarray) -> np.ndarray:
    """The 64 attribute bytes -> ``(15, 16) uint8`` palette numbers (`pack_attributes` undone)."""
    raw = np.frombuffer(bytes(data), np.uint8) if not isinstance(data, np.ndarray) else data
    raw = np.asarray(raw, np.uint8).ravel()
    if raw.size != 64:
        raise InvalidValueError(f"attribute table: {raw.size} bytes; expected 64")
    grid = raw.reshape(8, 8)
    blocks = np.empty((16, 16), np.uint8)
    blocks[0::2, 0::2] = grid & 3
    blocks[0::2, 1::2] = (grid >> 2) & 3
    blocks[1::2, 0::2] = (grid >> 4) & 3
    blocks[1::2, 1::2] = (grid >> 6) & 3
    return blocks[:15].copy()


def check_blocks(blocks, *, where: str = "attributes", screens=(1, 1)) -> np.ndarray:
    """Block palettes ``(15*h, 16*w)`` for a scene of ``screens = (w, h)``, as ``uint8``."""
    array = np.asarray(blocks)
    shape = (BLOCKS_HIGH * screens[1], BLOCKS_WIDE * screens[0])
    if array.shape != shape:
        raise InvalidValueError(
            f"{where}: shape {array.shape}; expected {shape}, one palette per 16x16 block"
        )
    if array.size and (array.min() < 0 or array.max() > 3):
        r, c = np.argwhere((array < 0) | (array > 3))[0]
        raise InvalidValueError(
            f"{where}: palette {array[r, c]} at block row {r}, column {c}; use 0-3"
        )
    return array.astype(np.uint8)


def check_nametable(tiles, *, where: str = "nametable", screens=(1, 1)) -> np.ndarray:
    """Tile numbers ``(30*h, 32*w)`` for a scene of ``screens = (w, h)``, as ``uint8``."""
    array = np.asarray(tiles)
    shape = (TILES_HIGH * screens[1], TILES_WIDE * screens[0])
    if array.shape != shape:
        raise InvalidValueError(f"{where}: shape {array.shape}; expected {shape} tile numbers")
    if array.size and (array.min() < 0 or array.max() > 255):
        r, c = np.argwhere((array < 0) | (array > 255))[0]
        raise InvalidValueError(
            f"{where}: tile {array[r, c]} at row {r}, column {c}; a pattern table has tiles 0-255"
        )
    return array.astype(np.uint8)


def tile_palettes(blocks: np.ndarray) -> np.ndarray:
    """``(15, 16)`` block palettes -> ``(30, 32)`` palette of each tile."""
    return np.repeat(np.repeat(blocks, 2, axis=0), 2, axis=1)


def nametable_address(tile_x: int, tile_y: int, base: int = 0x2000) -> int:
    """PPU address of the nametable byte of tile (x, y)."""
    return base + tile_y * TILES_WIDE + tile_x


def attribute_address(tile_x: int, tile_y: int, base: int = 0x2000) -> tuple[int, int]:
    """PPU address of the attribute byte covering tile (x, y), and the shift of its bit pair."""
    address = base + ATTRIBUTE_OFFSET + (tile_y // 4) * 8 + tile_x // 4
    shift = ((tile_y % 4) // 2) * 4 + ((tile_x % 4) // 2) * 2
    return address, shift
