"""Sprite and OAM rules at their boundaries (https://www.nesdev.org/wiki/PPU_OAM).

An OAM entry is 4 bytes: Y (the sprite's top line minus one), tile, attributes, X. Attribute
bits: 0-1 palette, 2-4 unimplemented (read back as 0), 5 behind the background, 6 flip
horizontally, 7 flip vertically. A Y byte of $EF-$FF puts the sprite below the picture.
OAM holds 64 sprites, 256 bytes.
"""

import dataclasses

import numpy as np
import pytest

from romulus_nb.errors import InvalidValueError, LimitError
from romulus_nb.nes.oam import Sprite, decode_oam, encode_oam

FIELDS = {"x": 255, "y": 255, "tile": 255, "palette": 3}


def sprite(**changes) -> Sprite:
    return Sprite(**{"x": 0, "y": 10, "tile": 0, **changes})


@pytest.mark.parametrize("field", FIELDS)
def test_every_field_accepts_0_to_its_top(field):
    for value in (0, 1, FIELDS[field] - 1, FIELDS[field]):
        assert getattr(sprite(**{field: value}), field) == value


@pytest.mark.parametrize("field", FIELDS)
def test_one_beyond_either_end_is_refused(field):
    for value in (-1, FIELDS[field] + 1):
        with pytest.raises(InvalidValueError, match=f"sprite {field}: {value} is out of range"):
            sprite(**{field: value})


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("value", [1.5, 2.0, "3", None, True, False])
def test_a_field_that_is_not_an_integer_is_refused(field, value):
    with pytest.raises(InvalidValueError, match=f"sprite {field}: .* is not an integer"):
        sprite(**{field: value})


def test_numpy_integers_are_stored_as_python_ints():
    s = Sprite(x=np.uint8(200), y=np.int64(30), tile=np.int16(7), palette=np.uint8(2))
    assert (s.x, s.y, s.tile, s.palette) == (200, 30, 7, 2)
    assert all(type(v) is int for v in (s.x, s.y, s.tile, s.palette))


def test_flags_must_be_booleans_and_anything_else_is_refused():
    s = sprite(flip_h=True, flip_v=False, behind=True)
    assert (s.flip_h, s.flip_v, s.behind) == (True, False, True)
    for flag, value in (("flip_h", 1), ("flip_v", 0), ("behind", "yes")):
        with pytest.raises(InvalidValueError, match=f"sprite {flag}"):
            sprite(**{flag: value})


@pytest.mark.parametrize(
    "flags, attributes",
    [
        ({}, 0x00),
        ({"palette": 1}, 0x01),
        ({"palette": 3}, 0x03),
        ({"behind": True}, 0x20),
        ({"flip_h": True}, 0x40),
        ({"flip_v": True}, 0x80),
        ({"palette": 2, "behind": True, "flip_h": True, "flip_v": True}, 0xE2),
    ],
)
def test_the_attribute_byte_has_the_documented_bits(flags, attributes):
    s = sprite(**flags)
    assert s.attributes == attributes
    assert s.to_bytes()[2] == attributes
    assert Sprite.from_bytes(bytes([9, 0, attributes, 0])) == s


@pytest.mark.parametrize(
    "y, y_byte", [(0, 0xFF), (1, 0x00), (2, 0x01), (239, 0xEE), (240, 0xEF), (255, 0xFE)]
)
def test_the_y_byte_is_the_top_line_minus_one_wrapping_at_0(y, y_byte):
    s = Sprite(x=0x12, y=y, tile=0x34, palette=1)
    assert s.to_bytes() == bytes([y_byte, 0x34, 0x01, 0x12])
    assert Sprite.from_bytes(bytes([y_byte, 0x34, 0x01, 0x12])) == s


def test_the_unimplemented_attribute_bits_are_ignored():
    assert Sprite.from_bytes(bytes([9, 5, 0x1C | 0x02, 7])) == Sprite(x=7, y=10, tile=5, palette=2)


@pytest.mark.parametrize(
    "y, visible", [(0, False), (1, True), (100, True), (239, True), (240, False), (255, False)]
)
def test_a_sprite_shows_when_its_top_line_is_1_to_239(y, visible):
    assert sprite(y=y).is_visible() is visible


def test_moving_keeps_everything_but_the_position():
    s = Sprite(x=10, y=20, tile=3, palette=2, flip_h=True, flip_v=True, behind=True)
    assert s.moved(5, -3) == Sprite(15, 17, 3, 2, True, True, True)
    assert s.moved(dy=4) == Sprite(10, 24, 3, 2, True, True, True)
    assert s.moved() == s


@pytest.mark.parametrize("dx, dy, field", [(246, 0, "x"), (-11, 0, "x"), (0, 236, "y")])
def test_moving_off_the_coordinate_range_is_refused(dx, dy, field):
    with pytest.raises(InvalidValueError, match=f"sprite {field}"):
        Sprite(x=10, y=20, tile=0).moved(dx, dy)


# -- the 256 bytes of OAM -------------------------------------------------------------------------


def test_sprite_n_takes_bytes_4n_to_4n_plus_3():
    sprites = [Sprite(x=i, y=i + 1, tile=2 * i, palette=i % 4) for i in range(64)]
    data = encode_oam(sprites)
    assert len(data) == 256
    for i in range(64):
        assert data[4 * i : 4 * i + 4] == bytes([i, 2 * i, i % 4, i])


@pytest.mark.parametrize("count", [0, 1, 63])
def test_every_unused_entry_is_ff_ff_ff_ff(count):
    data = encode_oam([Sprite(x=1, y=2, tile=3)] * count)
    assert data[4 * count :] == bytes([0xFF]) * (256 - 4 * count)


def test_64_sprites_fit_and_65_are_refused():
    assert len(encode_oam([sprite()] * 64)) == 256
    with pytest.raises(LimitError, match="65 given; OAM holds at most 64"):
        encode_oam([sprite()] * 65)


@pytest.mark.parametrize("size", [0, 4, 255, 257, 512])
def test_decoding_wants_exactly_256_bytes(size):
    with pytest.raises(InvalidValueError, match=f"OAM: {size} bytes; expected 256"):
        decode_oam(bytes(size))


def test_decoding_drops_entries_whose_y_byte_is_ef_or_more_unless_asked():
    data = bytearray([0xFF] * 256)
    data[0:4] = bytes([0xEE, 1, 0, 5])  # top line 239: on screen
    data[4:8] = bytes([0xEF, 2, 0, 6])  # top line 240: below the picture
    data[8:12] = bytes([0x00, 3, 0, 7])  # top line 1
    assert decode_oam(bytes(data)) == [Sprite(x=5, y=239, tile=1), Sprite(x=7, y=1, tile=3)]
    kept = decode_oam(bytes(data), keep_hidden=True)
    assert len(kept) == 64
    assert kept[1] == Sprite(x=6, y=240, tile=2) and kept[63] == Sprite(
        255, 0, 255, 3, True, True, True
    )


def test_a_sprite_is_a_frozen_value():
    s = sprite(x=3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.x = 4
    assert len({s, sprite(x=3), sprite(x=4)}) == 2
