"""CHR shape and value checks, and single bits placed as the wiki says.

A tile is 16 bytes: 8 bytes of the low bit plane (one byte a row, leftmost pixel in bit 7) then
8 bytes of the high plane (https://www.nesdev.org/wiki/PPU_pattern_tables). A pattern table is
256 tiles (4 KiB); a CHR bank is two tables, 8 KiB.
"""

import re

import numpy as np
import pytest

from romulus_nb.errors import InvalidValueError
from romulus_nb.nes.chr import (
    CHR_BANK_BYTES,
    TILE_BYTES,
    TILES_PER_TABLE,
    check_tiles,
    decode_chr,
    encode_chr,
    tile_from_text,
    tile_to_text,
)


def test_the_sizes_are_the_documented_ones():
    assert (TILE_BYTES, TILES_PER_TABLE, CHR_BANK_BYTES) == (16, 256, 8192)


@pytest.mark.parametrize("row", range(8))
@pytest.mark.parametrize("column", range(8))
@pytest.mark.parametrize("plane, value", [(0, 1), (1, 2)])
def test_one_set_bit_is_one_pixel(row, column, plane, value):
    data = bytearray(16)
    data[8 * plane + row] = 0x80 >> column
    tile = np.zeros((8, 8), np.uint8)
    tile[row, column] = value
    assert np.array_equal(decode_chr(bytes(data)), tile[None])
    assert encode_chr(tile) == bytes(data)


def test_both_planes_make_colour_3():
    assert decode_chr(bytes([0xFF] * 16)).tolist() == [[[3] * 8] * 8]


@pytest.mark.parametrize(
    "data",
    [
        bytes(32),
        bytearray(32),
        memoryview(bytes(32)),
        np.zeros(32, np.uint8),
        np.zeros((2, 16), np.uint8),
    ],  # fmt: skip
)
def test_any_buffer_of_whole_tiles_decodes(data):
    tiles = decode_chr(data)
    assert tiles.shape == (2, 8, 8) and tiles.dtype == np.uint8


@pytest.mark.parametrize("size, whole, left", [(1, 0, 1), (15, 0, 15), (17, 1, 1), (8191, 511, 15)])
def test_a_partial_tile_is_refused_with_the_counts(size, whole, left):
    with pytest.raises(
        InvalidValueError, match=f"{size} bytes .*{whole} tiles and {left} bytes left over"
    ):
        decode_chr(bytes(size))


def test_no_bytes_are_no_tiles():
    assert decode_chr(b"").shape == (0, 8, 8)
    assert encode_chr(np.zeros((0, 8, 8), np.uint8)) == b""


@pytest.mark.parametrize("shape", [(8, 8), (1, 8, 8), (3, 8, 8)])
def test_a_tile_or_a_stack_of_tiles_is_accepted_as_uint8(shape):
    tiles = check_tiles(np.ones(shape, np.int64))
    assert tiles.shape == (shape[0] if len(shape) == 3 else 1, 8, 8)
    assert tiles.dtype == np.uint8


@pytest.mark.parametrize("shape", [(8,), (8, 7), (7, 8), (2, 8, 9), (1, 1, 8, 8), (64,)])
def test_other_shapes_are_refused_with_the_shape(shape):
    with pytest.raises(InvalidValueError, match=re.escape(f"tiles: shape {shape}; a tile is")):
        check_tiles(np.zeros(shape, np.uint8))
    with pytest.raises(InvalidValueError, match="shape"):
        encode_chr(np.zeros(shape, np.uint8))


@pytest.mark.parametrize("value", [-1, 4, 255])
def test_pixels_outside_0_to_3_are_refused_with_their_place(value):
    tiles = np.full((3, 8, 8), 3, np.int64)  # legal 0s and 3s before and a second bad pixel after
    tiles[0] = 0
    tiles[2, 5, 6] = value
    tiles[2, 7, 7] = value
    with pytest.raises(InvalidValueError, match=f"pixel {value} at tile 2 row 5 column 6"):
        check_tiles(tiles, where="tiles")


def test_pixel_values_0_to_3_pass():
    tiles = np.arange(64).reshape(8, 8) % 4
    assert np.array_equal(check_tiles(tiles)[0], tiles)


ART = """
3......3
.2....2.
..1..1..
...33...
...33...
..1..1..
.2....2.
3......3
"""


def test_text_tiles_read_digits_and_dots_and_write_them_back():
    tile = tile_from_text(ART)
    assert tile[0].tolist() == [3, 0, 0, 0, 0, 0, 0, 3]
    assert tile[2].tolist() == [0, 0, 1, 0, 0, 1, 0, 0]
    assert tile_to_text(tile) == ART.strip()


@pytest.mark.parametrize(
    "text, message",
    [
        ("\n".join(["........"] * 7), "8 lines of 8 characters"),
        ("\n".join(["........"] * 9), "8 lines of 8 characters"),
        ("\n".join(["........."] + ["........"] * 7), "8 lines of 8 characters"),
        ("\n".join(["...x...."] + ["........"] * 7), "only digits 0-3 and '.'"),
        ("\n".join(["...4...."] + ["........"] * 7), "tile text: pixel 4 at tile 0 row 0 column 3"),
    ],
)
def test_bad_text_tiles_are_refused(text, message):
    with pytest.raises(InvalidValueError, match=message):
        tile_from_text(text)
