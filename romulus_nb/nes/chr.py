"""Tiles and pattern tables in the NES's 2bpp planar CHR format.

A tile is 8x8 pixels of values 0-3 stored in 16 bytes: 8 bytes of bit 0 (the low plane, one byte a
row, leftmost pixel in bit 7) followed by 8 bytes of bit 1 (the high plane)
(https://www.nesdev.org/wiki/PPU_pattern_tables). A pattern table is 256 tiles (4 KiB) and a CHR
bank is two of them (8 KiB), $0000 and $1000 in PPU address space.
"""

from __future__ import annotations

import numpy as np

from romulus_nb.errors import InvalidValueError

TILE_BYTES = 16
TILES_PER_TABLE = 256
CHR_BANK_BYTES = 2 * TILES_PER_TABLE * TILE_BYTES  # 8192

_BITS = np.array([7, 6, 5, 4, 3, 2, 1, 0], np.uint8)


def decode_chr(data: bytes | bytearray | memoryview | np.ndarray) -> np.ndarray:
    """CHR bytes -> ``(n, 8, 8) uint8`` pixel values 0-3; ``len(data)`` must be a multiple of 16.

    >>> decode_chr(bytes([0x80] + [0] * 7 + [0x80] + [0] * 7))[0, 0, :2]
    array([3, 0], dtype=uint8)
    """
    raw = np.frombuffer(bytes(data), np.uint8) if not isinstance(data, np.ndarray) else data
    raw = np.asarray(raw, np.uint8).ravel()
    if raw.size % TILE_BYTES:
        raise InvalidValueError(
            f"CHR data: {raw.size} bytes is not a whole number of 16-byte tiles "
            f"({raw.size // TILE_BYTES} tiles and {raw.size % TILE_BYTES} bytes left over)"
        )
    planes = raw.reshape(-1, 2, 8, 1)  # tile, plane, row
    bits = (planes >> _BITS) & 1  # tile, plane, row, column
    return (bits[:, 0] | (bits[:, 1] << 1)).astype(np.uint8)


def encode_chr(tiles: np.ndarray) -> bytes:
    """``(n, 8, 8)`` pixel values 0-3 -> ``16 * n`` CHR bytes (inverse of `decode_chr`)."""
    tiles = check_tiles(tiles)
    low = np.packbits(tiles & 1, axis=2)[..., 0]  # (n, 8) one byte per row, bit 7 = left
    high = np.packbits((tiles >> 1) & 1, axis=2)[..., 0]
    return np.concatenate([low, high], axis=1).tobytes()


def check_tiles(tiles, *, where: str = "tiles") -> np.ndarray:
    """Return ``tiles`` as ``(n, 8, 8) uint8`` after checking shape and pixel values 0-3."""
    array = np.asarray(tiles)
    shape = array.shape  # as given, for the message
    if array.ndim == 2:
        array = array[None]
    if array.ndim != 3 or array.shape[1:] != (8, 8):
        raise InvalidValueError(f"{where}: shape {shape}; a tile is (8, 8), tiles (n, 8, 8)")
    if array.size and (array.min() < 0 or array.max() > 3):
        bad = np.argwhere((array < 0) | (array > 3))[0]
        raise InvalidValueError(
            f"{where}: pixel {array[tuple(bad)]} at tile {bad[0]} row {bad[1]} column {bad[2]}; "
            "pixels are colour numbers 0-3"
        )
    return array.astype(np.uint8)


def tile_from_text(text: str) -> np.ndarray:
    """An 8x8 tile from 8 lines of 8 digits 0-3 ('.' means 0), as pyxel draws pixel art.

    >>> tile_from_text('''
    ... 3......3
    ... .2....2.
    ... ..1..1..
    ... ...33...
    ... ...33...
    ... ..1..1..
    ... .2....2.
    ... 3......3''')[0]
    array([3, 0, 0, 0, 0, 0, 0, 3], dtype=uint8)
    """
    rows = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if len(rows) != 8 or any(len(r) != 8 for r in rows):
        raise InvalidValueError("tile text: expected 8 lines of 8 characters (digits 0-3 or '.')")
    try:
        values = [[0 if ch == "." else int(ch) for ch in row] for row in rows]
    except ValueError:
        raise InvalidValueError("tile text: use only digits 0-3 and '.'") from None
    return check_tiles(np.array(values), where="tile text")[0]


def tile_to_text(tile: np.ndarray) -> str:
    """The inverse of `tile_from_text` ('.' for 0)."""
    tile = check_tiles(tile)[0]
    return "\n".join("".join("." if v == 0 else str(v) for v in row) for row in tile)
