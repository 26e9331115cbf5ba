"""PaletteSet and NESPalette rules: counts, types, equality, palette RAM bytes.

Palette RAM (https://www.nesdev.org/wiki/PPU_palettes) is 32 bytes at $3F00-$3F1F: background
palettes 0-3 at $3F00/$3F04/$3F08/$3F0C, sprite palettes 0-3 at $3F10/$3F14/$3F18/$3F1C, four
entries each. $3F00 is the one backdrop; the palette RAM is 6 bits wide, so bits 6-7 of a byte
read back as 0. Colours are $00-$3F; $0D is refused.
"""

import re

import numpy as np
import pytest

from romulus_nb.errors import InvalidValueError
from romulus_nb.nes.palettes import NESPalette, PaletteSet

#: Background palette p holds $0F, $p1, $p2, $p3 and sprite palette p holds $0F, $p4, $p5, $p6.
EXAMPLE = [[0x0F, 16 * p + 1, 16 * p + 2, 16 * p + 3] for p in range(4)] + [
    [0x0F, 16 * p + 4, 16 * p + 5, 16 * p + 6] for p in range(4)
]
#: The same, as the 32 bytes of palette RAM written out by hand.
EXAMPLE_RAM = bytes.fromhex(
    "0F010203 0F111213 0F212223 0F313233 0F040506 0F141516 0F242526 0F343536".replace(" ", "")
)


def example() -> PaletteSet:
    return PaletteSet(EXAMPLE)


# -- counts ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [0, 1, 4, 7, 9, 16])
def test_a_palette_set_is_exactly_8_palettes(count):
    with pytest.raises(InvalidValueError, match=f"{count} palettes; expected 8"):
        PaletteSet([[0x0F, 1, 2, 3]] * count)


@pytest.mark.parametrize("count", [0, 3, 5, 8])
def test_a_palette_is_exactly_4_colours(count):
    with pytest.raises(InvalidValueError, match=f"{count} colours; a palette has exactly 4"):
        NESPalette([0x0F] * count)


def test_a_short_row_is_named_by_its_palette():
    rows = [list(r) for r in EXAMPLE]
    rows[6] = [0x0F, 1, 2]
    with pytest.raises(InvalidValueError, match="sprite palette 2: 3 colours"):
        PaletteSet(rows)
    rows[6], rows[1] = [0x0F, 1, 2, 3], [0x0F]
    with pytest.raises(InvalidValueError, match="background palette 1: 1 colours"):
        PaletteSet(rows)


@pytest.mark.parametrize("size", [0, 15, 17, 31, 33, 64])
def test_palette_ram_is_32_bytes_or_16_background_bytes(size):
    with pytest.raises(InvalidValueError, match=f"{size} bytes; expected 32"):
        PaletteSet.from_bytes(bytes([0x0F]) * size)


# -- types ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("palettes", [5, [5] * 8, 0.5, [None] * 8])
def test_something_other_than_rows_of_colours_is_refused(palettes):
    with pytest.raises(InvalidValueError, match="palette set: .* is not 8 palettes"):
        PaletteSet(palettes)


@pytest.mark.parametrize("color", [1.5, "0F", "x", None, -1, 0x40, 0x100, 0x0D])
def test_a_colour_that_is_not_an_nes_colour_index_is_refused(color):
    rows = [list(r) for r in EXAMPLE]
    rows[5][2] = color
    with pytest.raises(InvalidValueError, match=r"sprite palette 1\[2\]"):
        PaletteSet(rows)


@pytest.mark.parametrize("number", [-1, 8, 1.0, "1", True, None])
def test_palette_numbers_are_integers_0_to_7(number):
    with pytest.raises(InvalidValueError, match="use 0-3 .background. or 4-7 .sprite."):
        example()[number]


@pytest.mark.parametrize("number", [-1, 8, "x", 2.0])
def test_replacing_a_palette_that_does_not_exist_changes_nothing(number):
    p = example()
    with pytest.raises(InvalidValueError, match="use 0-3"):
        p[number] = [0x21, 0x01, 0x02, 0x03]
    assert p.to_bytes() == EXAMPLE_RAM


@pytest.mark.parametrize("entry", [-1, 4, 1.0, "1"])
def test_entries_are_0_to_3(entry):
    p = example()
    with pytest.raises(InvalidValueError, match="entry .* use 0-3"):
        p.set(2, entry, 0x16)
    assert p.to_bytes() == EXAMPLE_RAM


# -- equality -------------------------------------------------------------------------------------


def test_palette_sets_with_the_same_colours_are_equal():
    assert example() == example()
    assert not example() != example()
    assert PaletteSet() == PaletteSet([[0x0F, 0x00, 0x10, 0x30]] * 8)


@pytest.mark.parametrize("row", range(8))
@pytest.mark.parametrize("entry", [1, 2, 3])
def test_one_different_colour_makes_palette_sets_unequal(row, entry):
    other = example()
    other.set(row, entry, 0x30)
    assert other != example() and example() != other
    assert not other == example()


def test_a_different_backdrop_makes_palette_sets_unequal():
    assert PaletteSet(EXAMPLE, backdrop=0x21) != example()


@pytest.mark.parametrize("other", [EXAMPLE, EXAMPLE_RAM, np.array(EXAMPLE, np.uint8), None])
def test_a_palette_set_equals_no_other_kind_of_object(other):
    assert example() != other and not example() == other


# -- construction and editing ---------------------------------------------------------------------


def test_the_default_is_black_backdrop_with_greys_and_white():
    assert PaletteSet().to_bytes() == bytes([0x0F, 0x00, 0x10, 0x30] * 8)


def test_the_backdrop_keyword_replaces_entry_0_of_every_palette():
    p = PaletteSet(EXAMPLE, backdrop=0x21)
    assert p.to_bytes() == bytes(b if i % 4 else 0x21 for i, b in enumerate(EXAMPLE_RAM))
    assert p.backdrop == 0x21


def test_without_the_keyword_the_first_palettes_entry_0_is_the_backdrop():
    rows = [list(r) for r in EXAMPLE]
    rows[0][0], rows[3][0] = 0x2C, 0x16
    assert PaletteSet(rows).array[:, 0].tolist() == [0x2C] * 8


def test_background_and_sprites_are_rows_0_to_3_and_4_to_7():
    p = example()
    assert [list(x) for x in p.background] == EXAMPLE[:4]
    assert [list(x) for x in p.sprites] == EXAMPLE[4:]
    assert all(isinstance(x, NESPalette) for x in p.background + p.sprites)


def test_set_changes_one_entry_and_entry_0_changes_the_backdrop_everywhere():
    p = example()
    p.set(7, 3, 0x2A)
    expected = bytearray(EXAMPLE_RAM)
    expected[31] = 0x2A
    assert p.to_bytes() == bytes(expected)
    p.set(2, 0, 0x01)
    assert p.array[:, 0].tolist() == [0x01] * 8


def test_replacing_a_palette_sets_entries_1_to_3_and_a_new_entry_0_is_the_new_backdrop():
    p = example()
    p[5] = [0x0F, 0x2A, 0x2B, 0x2C]
    assert list(p[5]) == [0x0F, 0x2A, 0x2B, 0x2C] and p.backdrop == 0x0F
    p[0] = [0x30, 0x01, 0x02, 0x03]
    assert p.backdrop == 0x30 and list(p[5]) == [0x30, 0x2A, 0x2B, 0x2C]


def test_a_refused_palette_replacement_changes_nothing():
    p = example()
    with pytest.raises(InvalidValueError, match=r"sprite palette 0\[3\]"):
        p[4] = [0x21, 0x01, 0x02, 0x40]
    assert p.to_bytes() == EXAMPLE_RAM


def test_a_copy_is_independent():
    p = example()
    q = p.copy()
    q.set(1, 1, 0x30)
    q.backdrop = 0x21
    assert p.to_bytes() == EXAMPLE_RAM and q == q.copy()


def test_the_backdrop_refuses_0d():
    p = example()
    with pytest.raises(InvalidValueError, match=r"backdrop: \$0D"):
        p.backdrop = 0x0D
    assert p.backdrop == 0x0F


# -- palette RAM ----------------------------------------------------------------------------------


def test_the_32_bytes_are_the_eight_palettes_in_order():
    assert example().to_bytes() == EXAMPLE_RAM


def test_reading_32_bytes_back_gives_the_same_bytes_and_array():
    p = PaletteSet.from_bytes(EXAMPLE_RAM)
    assert p.to_bytes() == EXAMPLE_RAM
    assert p.array.tolist() == EXAMPLE


def test_the_backdrop_comes_from_3f00_and_other_entry_0_bytes_are_ignored():
    ram = bytearray(EXAMPLE_RAM)
    ram[0], ram[4], ram[0x10], ram[0x1C] = 0x21, 0x16, 0x2A, 0x30
    assert PaletteSet.from_bytes(bytes(ram)).array[:, 0].tolist() == [0x21] * 8


def test_bytes_with_bits_6_and_7_set_are_not_palette_ram_and_are_refused():
    # Palette RAM holds 6 bits an entry: a file with more is not palette RAM (issue 11).
    ram = bytes(b | 0xC0 for b in EXAMPLE_RAM)
    with pytest.raises(InvalidValueError, match=r"byte 0 is \$CF; NES colours are \$00-\$3F"):
        PaletteSet.from_bytes(ram)


def test_sixteen_bytes_serve_background_and_sprite_palettes():
    p = PaletteSet.from_bytes(EXAMPLE_RAM[:16])
    assert p.to_bytes() == EXAMPLE_RAM[:16] * 2


# -- text forms -----------------------------------------------------------------------------------


def test_the_repr_shows_the_backdrop_then_three_colours_of_each_palette():
    assert repr(example()) == (
        "PaletteSet(backdrop $0F: 01 02 03 | 11 12 13 | 21 22 23 | 31 32 33 | "
        "04 05 06 | 14 15 16 | 24 25 26 | 34 35 36)"
    )


def test_a_palette_repr_shows_its_colours_in_hex():
    assert repr(NESPalette([0x0F, 0x16, 0x27, 0x30])) == "Palette($0F, $16, $27, $30)"


@pytest.mark.parametrize(
    "convert", [bytes, bytearray, list, lambda b: np.frombuffer(b, np.uint8), memoryview]
)
@pytest.mark.parametrize("size", [16, 32])
def test_palette_ram_may_be_any_sequence_of_byte_values(convert, size):
    p = PaletteSet.from_bytes(convert(EXAMPLE_RAM[:size]))
    assert p.to_bytes() == (EXAMPLE_RAM if size == 32 else EXAMPLE_RAM[:16] * 2)


@pytest.mark.parametrize(
    "number, label",
    [(0, "background palette 0"), (3, "background palette 3"), (4, "sprite palette 0"),
     (7, "sprite palette 3")],
)  # fmt: skip
def test_errors_name_background_palettes_0_to_3_and_sprite_palettes_0_to_3(number, label):
    with pytest.raises(InvalidValueError, match=re.escape(f"{label}[2]: $40")):
        example().set(number, 2, 0x40)
