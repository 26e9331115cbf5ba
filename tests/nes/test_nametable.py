"""Attribute table packing (NESdev Wiki: PPU attribute tables), worked by hand."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from romulus_nb.errors import InvalidValueError
from romulus_nb.nes.nametable import (
    attribute_address,
    check_nametable,
    nametable_address,
    pack_attributes,
    unpack_attributes,
)


def test_the_four_bit_pairs_are_top_left_top_right_bottom_left_bottom_right():
    blocks = np.zeros((15, 16), np.uint8)
    blocks[0, 0], blocks[0, 1], blocks[1, 0], blocks[1, 1] = 1, 2, 3, 0
    # value = (bottomright << 6) | (bottomleft << 4) | (topright << 2) | topleft
    assert pack_attributes(blocks)[0] == (0 << 6) | (3 << 4) | (2 << 2) | 1 == 0b00111001


def test_the_attribute_byte_for_the_area_at_block_column_6_row_4_is_byte_19():
    blocks = np.zeros((15, 16), np.uint8)
    blocks[4:6, 6:8] = 3  # area (3, 2): byte 2*8 + 3
    data = pack_attributes(blocks)
    assert data[19] == 0xFF
    assert sum(data) == 0xFF


def test_the_last_attribute_row_only_covers_the_top_half():
    blocks = np.zeros((15, 16), np.uint8)
    blocks[14, :] = 3
    data = pack_attributes(blocks)
    assert list(data[56:64]) == [0x0F] * 8  # top-left and top-right pairs only
    assert list(data[:56]) == [0] * 56


@given(arrays(np.uint8, (15, 16), elements=st.integers(0, 3)))
def test_pack_then_unpack_gives_the_blocks_back(blocks):
    assert np.array_equal(unpack_attributes(pack_attributes(blocks)), blocks)


def test_unpack_ignores_the_invisible_bottom_half_of_the_last_row():
    data = bytearray(64)
    data[60] = 0xF0  # bottom pairs of a last-row byte
    assert unpack_attributes(bytes(data)).sum() == 0


def test_a_palette_number_of_4_is_refused_with_its_block():
    blocks = np.zeros((15, 16), np.uint8)
    blocks[3, 7] = 4
    with pytest.raises(InvalidValueError, match="palette 4 at block row 3, column 7"):
        pack_attributes(blocks)


def test_a_nametable_of_the_wrong_shape_is_refused():
    with pytest.raises(InvalidValueError, match=r"\(32, 30\).*expected \(30, 32\)"):
        check_nametable(np.zeros((32, 30)))


def test_tile_256_is_refused():
    nt = np.zeros((30, 32), np.int32)
    nt[5, 6] = 256
    with pytest.raises(InvalidValueError, match="tile 256 at row 5, column 6.*0-255"):
        check_nametable(nt)


@pytest.mark.parametrize(
    "x, y, address, attr, shift",
    [
        (0, 0, 0x2000, 0x23C0, 0),
        (31, 29, 0x23BF, 0x23FF, 2),  # last byte; row 29 top half, column 31 right half
        (2, 0, 0x2002, 0x23C0, 2),
        (0, 2, 0x2040, 0x23C0, 4),
        (3, 3, 0x2063, 0x23C0, 6),
        (4, 4, 0x2084, 0x23C9, 0),
    ],
)
def test_addresses_of_a_cell_in_the_nametable_and_attribute_table(x, y, address, attr, shift):
    assert nametable_address(x, y) == address
    assert attribute_address(x, y) == (attr, shift)
