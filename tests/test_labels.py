"""Pictures that explain themselves: every label is part of the picture's pixels, so a saved PNG
carries it to GitHub or nbviewer. Expected text is found by looking for the font's own glyphs
(romulus_nb.font, drawn by hand) at the place the label belongs."""

from __future__ import annotations

import base64
import io
from types import SimpleNamespace

import numpy as np
import pytest
from PIL import Image

from romulus_nb import demo_game
from romulus_nb.display import (
    MAGENTA,
    TIMELINE_KEYS,
    master_palette_rgb,
    palette_set_rgb,
    pattern_table_rgb,
    proof_rgb,
    write_timeline_rgb,
)
from romulus_nb.font import glyph
from romulus_nb.labels import AXIS_INK, captioned, hex_axes, side_by_side, text_rgb
from romulus_nb.nes.colors import DEFAULT_PALETTE, MasterPalette, NESColor
from romulus_nb.nes.palettes import Palette, PaletteSet
from romulus_nb.render import Frame


def find(picture: np.ndarray, part: np.ndarray) -> list[tuple[int, int]]:
    """Every (y, x) where ``part`` appears in ``picture`` exactly (a slow obvious search)."""
    h, w = part.shape[:2]
    hits = []
    for y in range(picture.shape[0] - h + 1):
        for x in range(picture.shape[1] - w + 1):
            if np.array_equal(picture[y : y + h, x : x + w], part):
                hits.append((y, x))
    return hits


def ink_of(text: str) -> np.ndarray:
    """``(8, 8 * len) bool``: where the font puts ink for ``text``."""
    return np.hstack([glyph(ch) for ch in text]).astype(bool)


def test_text_is_the_fonts_glyphs_in_ink_on_paper():
    words = text_rgb("BG0", ink=(255, 255, 255), paper=(0, 0, 0))
    assert words.shape == (8, 24, 3)
    assert np.array_equal(words[..., 0] == 255, ink_of("BG0"))


def test_a_caption_sits_above_its_picture_and_widens_the_band_when_longer():
    picture = np.full((5, 12, 3), 7, np.uint8)
    out = captioned(picture, "difference")
    assert out.shape == (5 + 10, 2 + 80, 3)
    assert np.array_equal(out[1:9, 1:81], text_rgb("difference"))
    assert np.array_equal(out[10:, :12], picture)


@pytest.mark.parametrize("labels", [("design", "ROM", "difference"), ("a", "b", "c")])
def test_side_by_side_labels_each_picture_with_its_own_name(labels):
    pictures = [np.full((240, 256, 3), v, np.uint8) for v in (10, 20, 30)]
    out = side_by_side(*pictures, labels=labels, gap=4)
    for k, label in enumerate(labels):
        x = k * (256 + 4)
        assert np.array_equal(out[1:9, x + 1 : x + 1 + 8 * len(label)], text_rgb(label))
        assert (out[10:, x : x + 256] == 10 * (k + 1)).all()  # full resolution: nothing dropped


def test_side_by_side_refuses_a_label_count_that_does_not_match():
    with pytest.raises(ValueError, match="2 labels for 3 pictures"):
        side_by_side(*[np.zeros((2, 2, 3), np.uint8)] * 3, labels=("a", "b"))


def test_pattern_tables_carry_hex_digits_for_columns_and_rows():
    game = demo_game()
    sheet = pattern_table_rgb(game.pattern_table(0))
    assert sheet.shape == (136, 136, 3)
    for n, digit in ((0, "0"), (10, "A"), (15, "F")):
        column = sheet[0:8, 8 + 8 * n : 16 + 8 * n]
        row = sheet[8 + 8 * n : 16 + 8 * n, 0:8]
        for cell in (column, row):
            assert np.array_equal((cell == AXIS_INK).all(axis=-1), ink_of(digit)), digit
    # tile $41 ('A' in the demo's font) is at row 4, column 1 of the sheet, below the margins
    bare = pattern_table_rgb(game.pattern_table(0), axes=False)
    assert np.array_equal(sheet[8:, 8:], bare)


def test_hex_axes_centre_digits_in_cells_wider_than_a_glyph():
    out = hex_axes(np.zeros((16, 32, 3), np.uint8), cell=16)
    assert np.array_equal((out[0:8, 8 + 16 + 4 : 8 + 16 + 12] == AXIS_INK).all(-1), ink_of("1"))


def test_the_palette_set_names_its_palettes_bg0_to_spr3():
    palettes = demo_game().scene("Meadow").palettes
    picture = palette_set_rgb(palettes)
    for name in ("BG0", "BG1", "BG2", "BG3", "SPR0", "SPR1", "SPR2", "SPR3"):
        assert len(find(picture, text_rgb(name))) == 1, name


def test_every_master_colour_is_labelled_with_its_number():
    picture = master_palette_rgb()
    for index in (0x00, 0x16, 0x2A, 0x3F):
        rgb = tuple(int(v) for v in DEFAULT_PALETTE.rgb[index])
        bright = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2] > 128
        ink = (0, 0, 0) if bright else (255, 255, 255)
        assert find(picture, text_rgb(f"{index:02X}", ink, rgb)), f"${index:02X}"


def _png(data: bytes) -> np.ndarray:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


@pytest.mark.parametrize(
    ("item", "picture"),
    [
        (DEFAULT_PALETTE, lambda: master_palette_rgb()),
        (MasterPalette(DEFAULT_PALETTE.rgb[::-1].copy(), name="reversed"),
         lambda: master_palette_rgb(MasterPalette(DEFAULT_PALETTE.rgb[::-1].copy()))),
        (PaletteSet(), lambda: palette_set_rgb(PaletteSet())),
    ],
    ids=["master", "another master", "palette set"],
)  # fmt: skip
def test_palette_views_have_a_png_beside_the_html_at_twice_the_size(item, picture):
    expected = np.repeat(np.repeat(picture(), 2, axis=0), 2, axis=1)
    assert np.array_equal(_png(item._repr_png_()), expected)
    # The HTML view shows the same PNG first (GitHub strips styles, not data-URI images), then
    # the styled swatches folded away.
    view = item._repr_html_()
    uri = "data:image/png;base64," + base64.b64encode(item._repr_png_()).decode("ascii")
    assert view.startswith(f'<div class="romulus-palette-view"><img src="{uri}"')
    assert "<details><summary>swatches</summary><div class=" in view and "<span" in view


@pytest.mark.parametrize("item", [Palette([0x0F, 0x16, 0x27, 0x30]), NESColor(0x16)])
def test_one_palette_and_one_colour_also_give_a_png(item):
    colours = list(item) if isinstance(item, Palette) else [item.index]
    out = _png(item._repr_png_())
    assert out.shape == (2 * 14, 2 * 24 * len(colours), 3)
    assert tuple(out[4, 4]) == tuple(int(v) for v in DEFAULT_PALETTE.rgb[colours[0]])


def _frame(indices: np.ndarray) -> Frame:
    return Frame(indices.astype(np.uint8))


def test_the_proof_shows_design_rom_and_difference_at_full_resolution_labelled():
    design = np.full((240, 256), 0x21, np.uint8)
    rom = design.copy()
    rom[100, 50] = 0x16
    check = SimpleNamespace(
        expected=_frame(design), actual=_frame(rom), frame=7, differing_pixels=1,
        difference=lambda: design != rom,
    )  # fmt: skip
    out = proof_rgb(check)
    labels = ("design", "ROM, frame 7", "difference: 1 px")
    x = 0
    for label in labels:
        assert np.array_equal(out[1:9, x + 1 : x + 1 + 8 * len(label)], text_rgb(label)), label
        x += max(256, 8 * len(label) + 2) + 4
    assert tuple(out[10 + 100, 260 + 50]) == tuple(DEFAULT_PALETTE.rgb[0x16])
    assert tuple(out[10 + 100, 520 + 50]) == MAGENTA
    assert (out[10:, 520 : 520 + 256][~(design != rom)] != MAGENTA).any(axis=-1).all()


def test_the_write_timeline_has_a_scanline_axis_frame_labels_and_a_legend():
    writes = [SimpleNamespace(frame=2, scanline=30)] + [SimpleNamespace(frame=5, scanline=241)] * 5
    out = write_timeline_rgb(writes, frames=12)
    top = 8  # the title line
    left = 16  # two characters of frame number
    colours = {meaning: key for key, meaning in TIMELINE_KEYS}
    assert tuple(out[top + 8 * 2 + 3, left + 30]) == colours["1-3 writes"]
    assert tuple(out[top + 8 * 5 + 3, left + 241]) == colours["4 or more"]
    assert tuple(out[top + 8 * 5 + 3, left + 242]) == colours["vblank"]
    assert tuple(out[top + 8 * 0 + 3, left + 100]) == colours["no write"]
    assert find(out, text_rgb(" 5"))
    axis = out[top + 8 * 12 : top + 8 * 12 + 10]
    for line in ("100", "200", "241"):
        assert find(axis, text_rgb(line)), line
    for _, meaning in TIMELINE_KEYS:
        assert find(out[-8:], text_rgb(meaning)), meaning
