"""The NES Screen Tool RLE compressor, checked against a slow, obvious decoder written here.

The format, as NES Screen Tool writes it and Shiru's neslib ``vram_unrle`` reads it: the first
byte is a tag (a value the data never uses); any other byte is output and remembered; the tag
followed by n > 0 outputs the remembered byte n more times; the tag followed by 0 ends the data.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from romulus_nb.errors import InvalidValueError
from romulus_nb.rom.rle import rle_compress, rle_decompress, rle_size


def obvious_unrle(data: bytes) -> bytes:
    """Decode one byte at a time, exactly as the format's description reads."""
    tag = data[0]
    out = []
    position = 1
    while True:
        byte = data[position]
        position += 1
        if byte != tag:
            out.append(byte)
            continue
        count = data[position]
        position += 1
        if count == 0:
            assert position == len(data), "bytes after the end marker"
            return bytes(out)
        out.extend([out[-1]] * count)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # nothing: just the tag (0 is unused) and the end marker
        (b"", bytes([0x00, 0x00, 0x00])),
        # a literal, then the tag 0 and a count of 4 more copies
        (bytes([5] * 5), bytes([0x00, 5, 0x00, 4, 0x00, 0x00])),
        # a run of two is cheaper as two literals than as tag + count
        (bytes([7, 7]), bytes([0x00, 7, 7, 0x00, 0x00])),
        # zero is used, so the tag is 1, the smallest free value
        (bytes([0, 0, 0, 2]), bytes([0x01, 0, 0x01, 2, 2, 0x01, 0x00])),
        # a blank 1024-byte nametable: one literal, then 1023 copies in runs of at most 255
        (
            bytes(1024),
            bytes([0x01, 0, 0x01, 255, 0x01, 255, 0x01, 255, 0x01, 255, 0x01, 3, 0x01, 0]),
        ),
    ],
)
def test_compressor_writes_the_bytes_worked_out_by_hand(data, expected):
    assert rle_compress(data) == expected


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(255)),  # all values but $FF: $FF becomes the tag
        bytes([3]) * 300 + bytes([4]) * 2 + bytes([3]),
        bytes([1, 2] * 512),
        bytes(960) + bytes([0x55] * 64),  # a blank screen with one attribute everywhere
    ],
)
def test_compressed_data_decodes_to_the_original(data):
    assert obvious_unrle(rle_compress(data)) == data


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=1100).filter(lambda b: len(set(b)) < 256))
def test_any_data_with_a_free_byte_value_survives_a_round_trip(data):
    packed = rle_compress(data)
    assert obvious_unrle(packed) == data
    assert rle_decompress(packed) == data
    assert rle_size(data) == len(packed)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.integers(1, 600)), min_size=1, max_size=12))
def test_runs_make_the_data_smaller_and_decode_exactly(runs):
    data = b"".join(bytes([value]) * length for value, length in runs)
    packed = rle_compress(data)
    assert obvious_unrle(packed) == data
    # at most 2 bytes per 255 repeats plus a literal per run, the tag and the end marker
    assert len(packed) <= 3 + sum(1 + 2 * -(-(n - 1) // 255) for _, n in runs)


def test_the_compressor_never_uses_a_data_value_as_its_tag():
    data = bytes(range(0, 200)) * 3
    packed = rle_compress(data)
    assert packed[0] not in data


def test_data_using_all_256_values_is_refused_with_the_reason():
    with pytest.raises(InvalidValueError, match="all 256 byte values"):
        rle_compress(bytes(range(256)))


@pytest.mark.parametrize(
    ("packed", "message"),
    [
        (b"", "empty"),
        (bytes([0x00, 0x00, 0x03, 0x00, 0x00]), "before any was written"),
        (bytes([0x00, 0x05, 0x06]), "end marker"),
    ],
)
def test_broken_rle_data_is_refused_with_the_reason(packed, message):
    with pytest.raises(InvalidValueError, match=message):
        rle_decompress(packed)
