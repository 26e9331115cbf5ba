"""Tests for romulus_nb.font, the built-in 8x8 ASCII font."""

import numpy as np
import pytest

from romulus_nb.errors import InvalidValueError
from romulus_nb.font import FIRST_CHAR, LAST_CHAR, font_tiles, glyph

PRINTABLE = [chr(code) for code in range(FIRST_CHAR, LAST_CHAR + 1)]

# Characters whose ink may reach the bottom row (the spacing row): the lowercase descenders, and
# the tails of the comma and semicolon, which hang below the baseline as in handwriting.
BOTTOM_ROW_ALLOWED = set("gjpqy,;")

# Characters whose ink may reach the rightmost column: none. Wide glyphs (M, W, m, w, #, ...)
# stop at column 6.
RIGHT_COLUMN_ALLOWED: set[str] = set()


def test_the_font_covers_printable_ascii_from_space_to_tilde():
    assert (FIRST_CHAR, LAST_CHAR) == (0x20, 0x7E)
    assert len(PRINTABLE) == 95


@pytest.mark.parametrize("ch", PRINTABLE)
def test_every_printable_character_has_an_8x8_glyph_of_zeros_and_ones(ch):
    pixels = glyph(ch)
    assert pixels.shape == (8, 8)
    assert pixels.dtype == np.uint8
    assert set(np.unique(pixels).tolist()) <= {0, 1}


def test_space_is_empty():
    assert not glyph(" ").any()


@pytest.mark.parametrize("ch", PRINTABLE[1:])
def test_every_glyph_other_than_space_has_ink(ch):
    assert glyph(ch).any()


def test_no_two_glyphs_are_identical():
    seen = {}
    for ch in PRINTABLE:
        key = glyph(ch).tobytes()
        assert key not in seen, f"{ch!r} looks exactly like {seen[key]!r}"
        seen[key] = ch


@pytest.mark.parametrize("ch", PRINTABLE)
def test_the_bottom_row_is_blank_except_for_descenders(ch):
    if ch not in BOTTOM_ROW_ALLOWED:
        assert not glyph(ch)[7].any()


@pytest.mark.parametrize("ch", sorted(BOTTOM_ROW_ALLOWED))
def test_descenders_do_reach_into_the_bottom_row(ch):
    assert glyph(ch)[7].any()


@pytest.mark.parametrize("ch", PRINTABLE)
def test_the_rightmost_column_is_blank(ch):
    if ch not in RIGHT_COLUMN_ALLOWED:
        assert not glyph(ch)[:, 7].any()


def test_glyph_returns_a_copy_the_caller_may_change():
    pixels = glyph("A")
    pixels[:] = 0
    assert glyph("A").any()


@pytest.mark.parametrize("bad", ["\n", "é", "\x7f", "AB", ""])
def test_glyph_refuses_anything_but_one_printable_ascii_character(bad):
    with pytest.raises(InvalidValueError) as caught:
        glyph(bad)
    message = str(caught.value)
    assert repr(bad) in message
    assert "printable ASCII 0x20-0x7E" in message


def test_font_tiles_are_the_glyphs_in_ascii_order():
    tiles = font_tiles()
    assert tiles.shape == (95, 8, 8)
    assert tiles.dtype == np.uint8
    for i, ch in enumerate(PRINTABLE):
        assert np.array_equal(tiles[i], glyph(ch))


def test_font_tiles_with_ink_3_use_only_pixel_values_0_and_3():
    tiles = font_tiles(ink=3)
    assert set(np.unique(tiles).tolist()) == {0, 3}
    assert np.array_equal(tiles == 3, font_tiles() == 1)


def test_font_tiles_paint_ink_and_paper_with_the_values_asked_for():
    tiles = font_tiles(ink=1, paper=2)
    assert set(np.unique(tiles).tolist()) == {1, 2}
    assert (tiles[0] == 2).all()


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"ink": 4}, "ink"), ({"ink": -1}, "ink"), ({"paper": 7}, "paper"), ({"ink": 1.5}, "ink")],
)
def test_font_tiles_refuse_pixel_values_outside_0_to_3(kwargs, name):
    with pytest.raises(InvalidValueError, match=f"{name}=.*0 to 3"):
        font_tiles(**kwargs)
