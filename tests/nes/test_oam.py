"""OAM layout (NESdev Wiki: PPU OAM)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from romulus_nb.errors import InvalidValueError, LimitError
from romulus_nb.nes.oam import Sprite, decode_oam, encode_oam


def test_a_sprite_is_stored_as_y_minus_1_tile_attributes_x():
    s = Sprite(x=0x40, y=0x30, tile=0x12, palette=2, flip_h=True, behind=True)
    # attributes: bits 0-1 palette, bit 5 priority, bit 6 flip h, bit 7 flip v
    assert s.to_bytes() == bytes([0x2F, 0x12, 0b0110_0010, 0x40])


def test_unused_oam_entries_are_off_screen():
    data = encode_oam([Sprite(1, 2, 3)])
    assert len(data) == 256
    assert all(data[i] >= 0xEF for i in range(4, 256, 4))


sprites = st.builds(
    Sprite,
    x=st.integers(0, 255),
    y=st.integers(1, 239),
    tile=st.integers(0, 255),
    palette=st.integers(0, 3),
    flip_h=st.booleans(),
    flip_v=st.booleans(),
    behind=st.booleans(),
)


@given(st.lists(sprites, max_size=64))
def test_encode_then_decode_gives_the_sprites_back(sprite_list):
    assert decode_oam(encode_oam(sprite_list)) == sprite_list


def test_65_sprites_are_refused():
    with pytest.raises(LimitError, match="65 given.*64"):
        encode_oam([Sprite(0, 10, 0)] * 65)


@pytest.mark.parametrize("field, value", [("palette", 4), ("x", 256), ("tile", -1)])
def test_out_of_range_sprite_fields_are_refused(field, value):
    args = dict(x=0, y=10, tile=0, palette=0)
    args[field] = value
    with pytest.raises(InvalidValueError, match=field):
        Sprite(**args)
