"""Palette RAM layout and mirrors (NESdev Wiki: PPU palettes)."""

import numpy as np
import pytest
from example_palettes import example_palettes

from romulus_nb.errors import InvalidValueError
from romulus_nb.nes.palettes import Palette, PaletteSet, palette_ram_index


def test_palette_ram_bytes_are_background_then_sprite_palettes_in_order():
    data = example_palettes().to_bytes()
    assert len(data) == 32
    # $3F00 backdrop, $3F01-03 background palette 0
    assert data[0:4] == bytes([0x0F, 0x01, 0x02, 0x03])
    # $3F0D-0F background palette 3
    assert data[13:16] == bytes([0x31, 0x32, 0x33])
    # $3F11-13 sprite palette 0, $3F1D-1F sprite palette 3
    assert data[17:20] == bytes([0x04, 0x05, 0x06])
    assert data[29:32] == bytes([0x34, 0x35, 0x36])


def test_writing_the_32_bytes_in_order_keeps_the_backdrop_despite_the_3f10_mirror():
    # The CPU writes $3F00..$3F1F in order; $3F10 lands on $3F00 (the wiki's mirror rule).
    ram = bytearray(32)
    for offset, value in enumerate(example_palettes().to_bytes()):
        ram[palette_ram_index(0x3F00 + offset)] = value
    assert ram[0] == 0x0F


@pytest.mark.parametrize(
    "address, index",
    [
        (0x3F10, 0x00),
        (0x3F14, 0x04),
        (0x3F18, 0x08),
        (0x3F1C, 0x0C),
        (0x3F11, 0x11),
        (0x3F20, 0x00),
        (0x3FFF, 0x1F),
    ],
)
def test_palette_addresses_mirror_as_documented(address, index):
    assert palette_ram_index(address) == index


def test_palette_ram_round_trips():
    p = example_palettes()
    assert PaletteSet.from_bytes(p.to_bytes()) == p


def test_sixteen_bytes_give_the_background_palettes_to_sprites_too():
    p = PaletteSet.from_bytes(bytes([0x0F, 1, 2, 3] * 4))
    assert p[5] == Palette([0x0F, 1, 2, 3])


def test_the_backdrop_is_shared_by_all_eight_palettes():
    p = example_palettes()
    p.backdrop = 0x21
    assert all(p[i][0] == 0x21 for i in range(8))
    p.set(6, 0, 0x30)
    assert p.backdrop == 0x30


@pytest.mark.parametrize(
    "action, message",
    [
        (lambda p: p.set(8, 1, 0x10), "use 0-3"),
        (lambda p: p.set(0, 4, 0x10), "use 0-3"),
        (lambda p: p.set(0, 1, 0x0D), r"\$0D"),
        (lambda p: p.set(0, 1, 0x40), r"\$40"),
    ],
)
def test_bad_palette_edits_are_refused_and_change_nothing(action, message):
    p = example_palettes()
    before = p.to_bytes()
    with pytest.raises(InvalidValueError, match=message):
        action(p)
    assert p.to_bytes() == before


def test_a_palette_has_exactly_four_colours():
    with pytest.raises(InvalidValueError, match="exactly 4"):
        Palette([0x0F, 0x01, 0x02])


def test_the_array_view_is_read_only():
    with pytest.raises(ValueError):
        example_palettes().array[0, 1] = 5
    assert isinstance(example_palettes().array, np.ndarray)
