"""NES Screen Tool RLE: the tag, run lengths at their limits, and malformed data.

The format (NES Screen Tool, read by Shiru's neslib ``vram_unrle``): the first byte is a tag
that the data never uses; any other byte is output and remembered; the tag followed by n
(1-255) outputs the remembered byte n more times; the tag followed by 0 ends the data.
Every expected byte string below is worked out by hand from that description.
"""

import pytest

from romulus_nb.errors import InvalidValueError
from romulus_nb.rom.rle import free_tag, rle_compress, rle_decompress, rle_size

T = 0x00  # the tag whenever the data never uses 0


@pytest.mark.parametrize(
    "run, encoded",
    [
        (1, [5]),
        (2, [5, 5]),  # a second literal (1 byte) beats tag + count (2 bytes)
        (3, [5, T, 2]),
        (255, [5, T, 254]),
        (256, [5, T, 255]),
        (257, [5, T, 255, 5]),  # one repeat left over: a literal
        (258, [5, T, 255, T, 2]),
        (511, [5, T, 255, T, 255]),
        (512, [5, T, 255, T, 255, 5]),
    ],
)
def test_a_run_is_a_literal_then_repeats_of_at_most_255(run, encoded):
    packed = bytes([T, *encoded, T, 0])
    assert rle_compress(bytes([5]) * run) == packed
    assert rle_size(bytes([5]) * run) == len(packed)
    assert rle_decompress(packed) == bytes([5]) * run


def test_runs_of_different_bytes_follow_each_other():
    data = bytes([1, 1, 1, 2, 3, 3])
    assert rle_compress(data) == bytes([T, 1, T, 2, 2, 3, 3, T, 0])
    assert rle_size(data) == 9


def test_empty_data_is_the_tag_and_the_end_marker():
    assert rle_compress(b"") == bytes([0, 0, 0])
    assert rle_size(b"") == 3
    assert rle_decompress(bytes([0, 0, 0])) == b""


@pytest.mark.parametrize(
    "data, tag",
    [
        (b"", 0),
        (bytes([0]), 1),
        (bytes([1]), 0),
        (bytes([0, 1, 2, 4]), 3),
        (bytes(range(255)), 255),
        (bytes(range(1, 256)), 0),
        (bytes(range(256)), None),
    ],
)
def test_the_tag_is_the_smallest_unused_byte_value(data, tag):
    assert free_tag(data) == tag
    if tag is not None:
        assert rle_compress(data)[0] == tag


def test_data_using_all_256_values_cannot_be_compressed():
    with pytest.raises(InvalidValueError, match="all 256 byte values"):
        rle_compress(bytes(range(256)) * 2)


def test_decoding_stops_at_the_end_marker():
    assert rle_decompress(bytes([9, 1, 9, 3, 2, 9, 0, 7, 7])) == bytes([1, 1, 1, 1, 2])


def test_the_tag_may_be_any_value_the_data_does_not_use():
    assert rle_decompress(bytes([0xFF, 0, 0xFF, 2, 0x80, 0xFF, 0])) == bytes([0, 0, 0, 0x80])


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (bytes([7]), "without its end marker"),
        (bytes([7, 1, 2]), "without its end marker"),
        (bytes([7, 7]), "lone tag at offset 1"),  # a tag with no count: not an IndexError
        (bytes([7, 1, 7]), "lone tag at offset 2"),
        (bytes([7, 1, 7, 3, 7]), "lone tag at offset 4"),
        (bytes([7, 7, 3, 7, 0]), "repeats a byte at offset 1 before any was written"),
    ],
)
def test_malformed_data_is_refused_with_where_it_goes_wrong(data, message):
    with pytest.raises(InvalidValueError, match=message):
        rle_decompress(data)
