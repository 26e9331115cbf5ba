"""Nametable and attribute-table shapes, values and packing, against the wiki's layout.

A nametable is 32x30 tile numbers (960 bytes) then 64 attribute bytes: 1024 bytes. Attribute
byte ``(y // 4) * 8 + x // 4`` (tile coordinates) covers a 4x4-tile area; its bit pairs are the
2x2-tile blocks top-left (bits 1-0), top-right (3-2), bottom-left (5-4), bottom-right (7-6)
(https://www.nesdev.org/wiki/PPU_attribute_tables).
"""

import numpy as np
import pytest

from romulus_nb.errors import InvalidValueError
from romulus_nb.nes import hardware
from romulus_nb.nes.nametable import (
    NAMETABLE_BYTES,
    attribute_address,
    check_blocks,
    check_nametable,
    nametable_address,
    pack_attributes,
    tile_palettes,
    unpack_attributes,
)


def obvious_pack(blocks) -> bytes:
    """Slow reference: each 16x16 block's palette into its byte and bit pair, one at a time."""
    out = [0] * 64
    for r in range(15):
        for c in range(16):
            byte = (r // 2) * 8 + c // 2
            shift = (r % 2) * 4 + (c % 2) * 2
            out[byte] |= int(blocks[r][c]) << shift
    return bytes(out)


def test_a_nametable_is_960_tile_bytes_then_64_attribute_bytes():
    assert NAMETABLE_BYTES == 960 + 64 == 1024
    assert NAMETABLE_BYTES is hardware.NAMETABLE_BYTES


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_packing_matches_the_block_by_block_reference(seed):
    blocks = np.random.default_rng(seed).integers(0, 4, (15, 16))
    assert pack_attributes(blocks) == obvious_pack(blocks)
    assert np.array_equal(unpack_attributes(obvious_pack(blocks)), blocks)


@pytest.mark.parametrize("r", range(15))
@pytest.mark.parametrize("c", [0, 1, 6, 7, 14, 15])
def test_one_block_sets_one_bit_pair(r, c):
    blocks = np.zeros((15, 16), np.uint8)
    blocks[r, c] = 3
    packed = pack_attributes(blocks)
    expected = bytearray(64)
    expected[(r // 2) * 8 + c // 2] = 3 << ((r % 2) * 4 + (c % 2) * 2)
    assert packed == bytes(expected)
    assert np.array_equal(unpack_attributes(np.frombuffer(packed, np.uint8)), blocks)


@pytest.mark.parametrize("size", [0, 63, 65, 1024])
def test_an_attribute_table_is_64_bytes(size):
    with pytest.raises(InvalidValueError, match=f"attribute table: {size} bytes; expected 64"):
        unpack_attributes(bytes(size))


@pytest.mark.parametrize("shape", [(16, 16), (15, 15), (16, 15), (240,), (15, 16, 1)])
def test_block_palettes_are_15_by_16(shape):
    with pytest.raises(InvalidValueError, match="expected \\(15, 16\\)"):
        check_blocks(np.zeros(shape, np.uint8))
    with pytest.raises(InvalidValueError, match="expected \\(15, 16\\)"):
        pack_attributes(np.zeros(shape, np.uint8))


@pytest.mark.parametrize("value", [-1, 4, 200])
def test_block_palettes_are_0_to_3(value):
    blocks = np.full((15, 16), 3, np.int64)  # legal 0 and 3 come before the bad block
    blocks[0, 0] = 0
    blocks[14, 15] = value
    with pytest.raises(InvalidValueError, match=f"palette {value} at block row 14, column 15"):
        check_blocks(blocks, where="attributes")


def test_checked_blocks_and_nametables_come_back_as_uint8():
    assert check_blocks(np.full((15, 16), 3, np.int64)).dtype == np.uint8
    nametable = check_nametable(np.full((30, 32), 255, np.int64))
    assert nametable.dtype == np.uint8 and (nametable == 255).all()


@pytest.mark.parametrize("shape", [(30, 31), (31, 32), (960,), (30, 32, 1), (0, 0)])
def test_a_nametable_is_30_by_32(shape):
    with pytest.raises(InvalidValueError, match="expected \\(30, 32\\) tile numbers"):
        check_nametable(np.zeros(shape, np.uint8))


@pytest.mark.parametrize("value", [-1, 256])
def test_tile_numbers_are_0_to_255(value):
    nametable = np.full((30, 32), 255, np.int64)  # legal 0 and 255 come before the bad tile
    nametable[0, 0] = 0
    nametable[29, 31] = value
    with pytest.raises(InvalidValueError, match=f"tile {value} at row 29, column 31"):
        check_nametable(nametable)


def test_each_tile_takes_the_palette_of_its_2x2_block():
    blocks = np.arange(240).reshape(15, 16) % 4
    palettes = tile_palettes(blocks)
    assert palettes.shape == (30, 32)
    for y in range(30):
        for x in range(32):
            assert palettes[y, x] == blocks[y // 2, x // 2]


@pytest.mark.parametrize("base", [0x2000, 0x2400, 0x2800, 0x2C00])
def test_addresses_follow_the_nametable_base(base):
    assert nametable_address(5, 7, base) == base + 7 * 32 + 5
    assert attribute_address(5, 7, base) == (base + 0x3C0 + 1 * 8 + 1, 4 + 0)
    assert attribute_address(31, 29, base) == (base + 0x3FF, 2)
