"""2bpp planar CHR (NESdev Wiki: PPU pattern tables), with a hand-worked example."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from romulus_nb.errors import InvalidValueError
from romulus_nb.nes.chr import decode_chr, encode_chr, tile_from_text

# The wiki's example tile: a "1/2" shape. Low plane then high plane, one byte a row, bit 7 = left.
WIKI_BYTES = bytes(
    [0x41, 0xC2, 0x44, 0x48, 0x10, 0x20, 0x40, 0x80, 0x01, 0x02, 0x04, 0x08, 0x16, 0x21, 0x42, 0x87]
)
WIKI_PIXELS = """
.1.....3
11....3.
.1...3..
.1..3...
...3.22.
..3....2
.3....2.
3....222
"""


def test_the_wiki_example_tile_decodes_to_its_pixels():
    assert np.array_equal(decode_chr(WIKI_BYTES)[0], tile_from_text(WIKI_PIXELS))


def test_the_wiki_example_tile_encodes_to_its_bytes():
    assert encode_chr(tile_from_text(WIKI_PIXELS)) == WIKI_BYTES


def test_a_bank_of_8192_bytes_is_512_tiles():
    assert decode_chr(bytes(8192)).shape == (512, 8, 8)


@given(
    arrays(
        np.uint8, st.tuples(st.integers(0, 40), st.just(8), st.just(8)), elements=st.integers(0, 3)
    )
)
def test_encode_then_decode_gives_the_tiles_back(tiles):
    assert np.array_equal(decode_chr(encode_chr(tiles)), tiles)


@given(st.binary(min_size=0, max_size=64).map(lambda b: b[: len(b) // 16 * 16]))
def test_decode_then_encode_gives_the_bytes_back(data):
    assert encode_chr(decode_chr(data)) == data


def test_truncated_chr_is_refused_with_the_leftover_count():
    with pytest.raises(InvalidValueError, match="17 bytes.*1 bytes left over"):
        decode_chr(bytes(17))


def test_pixels_above_3_are_refused_with_their_position():
    tiles = np.zeros((2, 8, 8), np.uint8)
    tiles[1, 2, 3] = 4
    with pytest.raises(InvalidValueError, match="tile 1 row 2 column 3"):
        encode_chr(tiles)
