"""The line-by-line renderer: equal to the whole-frame renderer when nothing changes mid-frame,
and, where lines differ, each line drawn as the whole-frame renderer would draw it alone.
Colour emphasis follows the documented table (NESdev forum "Color emphasis - comparison" and
the NESdev Wiki "Colour emphasis": every colour but the $xE/$xF blacks)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from romulus_nb.emu.scroll import increment_y
from romulus_nb.nes.colors import DEFAULT_PALETTE
from romulus_nb.render import (
    EMPHASIS_FACTORS,
    Frame,
    line_splits,
    mark_pixel,
    render_lines,
    render_vram,
    scroll_per_line,
    uniform_scroll,
)


def scroll_lines(scroll_x: int, scroll_y: int, ctrl: int, mask: int) -> np.ndarray:
    """The rows a frame without mid-frame writes records, worked from the NESdev Wiki's v
    layout (yyy NN YYYYY XXXXX): line L shows Y = scroll_y + L, X from the same column."""
    rows = []
    for line in range(240):
        y = (scroll_y + line) % 480
        v = ((y % 8) << 12) | ((y // 240) << 11) | (((y % 240) // 8) << 5)
        v |= ((scroll_x // 256) << 10) | ((scroll_x % 256) // 8)
        rows.append((v, scroll_x % 8, ctrl, mask))
    return np.array(rows)


def memories(seed: int) -> dict:
    rng = np.random.default_rng(seed)
    return {
        "chr_bank": rng.integers(0, 4, (512, 8, 8), dtype=np.uint8),
        "nametables": rng.integers(0, 256, (4, 1024), dtype=np.uint8),
        "palette_ram": rng.integers(0, 64, 32, dtype=np.uint8),
        "oam": rng.integers(0, 256, 256, dtype=np.uint8),
    }


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**16),
    scroll_x=st.integers(0, 511),
    scroll_y=st.integers(0, 479),
    ctrl=st.integers(0, 255),
    mask=st.integers(0, 255),
    sprite_limit=st.booleans(),
)
def test_line_by_line_equals_the_whole_frame_when_nothing_changes_mid_frame(
    seed, scroll_x, scroll_y, ctrl, mask, sprite_limit
):
    data = memories(seed)
    lines = scroll_lines(scroll_x, scroll_y, ctrl, mask)
    whole = render_vram(**data, ppuctrl=ctrl, ppumask=mask, scroll_x=scroll_x,
                        scroll_y=scroll_y, sprite_limit=sprite_limit)  # fmt: skip
    each = render_lines(**data, lines=lines, sprite_limit=sprite_limit, whole_frame=False)
    assert np.array_equal(each.indices, whole.indices)
    assert each == whole
    assert each.overflow_lines == whole.overflow_lines
    assert uniform_scroll(lines) == (ctrl, mask, scroll_x, scroll_y)


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**16),
    rows=arrays(np.int64, (240, 4), elements=st.integers(0, 0x7FFF)),
)
def test_each_line_is_the_line_the_whole_frame_renderer_draws_from_its_registers(seed, rows):
    data = memories(seed)
    data["oam"] = np.full(256, 0xF0, np.uint8)  # no sprites: lines are independent
    rows[:, 1] &= 7
    rows[:, 2] &= 0xFF
    rows[:, 3] = (rows[:, 3] & 0xFF) | 0x08  # background on
    rows[:, 0] &= ~(0x10 << 5)  # coarse Y 0-15: every row stays inside the 30 tile rows
    frame = render_lines(**data, lines=rows)
    for line in (0, 7, 120, 239):
        v, fine_x, ctrl, mask = (int(c) for c in rows[line])
        scroll_x = (v & 0x1F) * 8 + fine_x + (256 if v & 0x400 else 0)
        scroll_y = ((v >> 5) & 0x1F) * 8 + (v >> 12) + (240 if v & 0x800 else 0)
        alone = render_vram(**data, ppuctrl=ctrl, ppumask=mask, scroll_x=scroll_x,
                            scroll_y=scroll_y)  # fmt: skip
        assert np.array_equal(frame.indices[line], alone.indices[0]), line


def test_rows_30_and_31_show_the_attribute_bytes_as_tiles_and_wrap_in_the_same_nametable():
    chr_bank = np.zeros((512, 8, 8), np.uint8)
    chr_bank[:, :, 0] = 1  # every tile: column 0 opaque, so each tile's palette shows
    nametables = np.zeros((4, 1024), np.uint8)
    nametables[0, 960:1024] = 0xFF  # nametable 0's attributes: palette 3 everywhere
    nametables[0, :32] = 0  # row 0 of nametable 0: palette from the attribute 0xFF too
    nametables[2, :] = 0x55  # the nametable below: must not show
    palette_ram = np.arange(32, dtype=np.uint8)
    lines = scroll_lines(0, 0, 0, 0x0A)
    v = (4 << 12) | (30 << 5)  # Y 244: row 30, fine Y 4
    for line in range(240):
        lines[line, 0] = v
        v = increment_y(v)
    frame = render_lines(chr_bank=chr_bank, nametables=nametables, palette_ram=palette_ram,
                         oam=np.full(256, 0xF0, np.uint8), lines=lines)  # fmt: skip
    # Rows 30-31 fetch tile $FF (an attribute byte) with attribute row 7: palette 3, colour 1.
    assert frame.indices[0, 0] == 13
    assert frame.indices[11, 0] == 13
    # Line 12 is row 0 of the same nametable 0 (tile 0, attribute $FF): not nametable 2 ($55).
    assert frame.indices[12, 0] == 13
    assert uniform_scroll(lines) is None


@pytest.mark.parametrize(
    "emphasis, expected",
    [
        (0, (1.0, 1.0, 1.0)),
        (1, (1.0, 0.85, 0.85)),  # red
        (2, (0.85, 1.0, 0.85)),  # green
        (4, (0.85, 0.85, 1.0)),  # blue
        (3, (0.85, 0.85, 0.70)),  # red + green: yellow
        (7, (0.70, 0.70, 0.70)),  # all three darken everything
    ],
)
def test_the_emphasis_table_is_the_documented_one(emphasis, expected):
    assert EMPHASIS_FACTORS[emphasis] == pytest.approx(expected)


def test_emphasis_tints_its_own_lines_and_leaves_the_blacks_alone():
    indices = np.full((240, 256), 0x30, np.uint8)
    indices[:, 0] = 0x0F  # black column
    emphasis = np.zeros(240, np.uint8)
    emphasis[100:] = 4  # blue from line 100
    frame = Frame(indices, emphasis=emphasis)
    rgb = frame.rgb()
    white = DEFAULT_PALETTE.lookup(np.array([0x30], np.uint8))[0].astype(float)
    assert rgb[50, 10].tolist() == white.astype(np.uint8).tolist()
    assert rgb[150, 10].tolist() == np.rint(white * (0.85, 0.85, 1.0)).astype(int).tolist()
    black = DEFAULT_PALETTE.lookup(np.array([0x0F], np.uint8))[0]
    assert rgb[150, 0].tolist() == black.tolist()
    assert frame != Frame(indices)
    assert frame.digest() != Frame(indices).digest()


def test_greyscale_and_emphasis_are_carried_per_line():
    data = memories(3)
    data["oam"] = np.full(256, 0xF0, np.uint8)
    lines = scroll_lines(0, 0, 0, 0x0A)
    lines[120:, 3] = 0x0A | 0x01 | 0x80  # greyscale and blue emphasis from line 120
    frame = render_lines(**data, lines=lines)
    plain = render_vram(**data, ppuctrl=0, ppumask=0x0A)
    assert np.array_equal(frame.indices[:120], plain.indices[:120])
    assert np.array_equal(frame.indices[120:], plain.indices[120:] & 0x30)
    assert frame.emphasis[:120].tolist() == [0] * 120
    assert frame.emphasis[120:].tolist() == [4] * 120


def test_the_splits_of_a_frame_are_runs_of_lines_drawn_alike():
    lines = scroll_lines(0, 0, 0x80, 0x1E)
    lines[100:] = scroll_lines(83 + 256, 0, 0x81, 0x1E)[100:]
    assert line_splits(lines) == [(0, 99, 0, 0, 0x80, 0x1E), (100, 239, 339, 0, 0x81, 0x1E)]
    assert line_splits(scroll_lines(5, 470, 0x80, 0x1E)) == [(0, 239, 5, 470, 0x80, 0x1E)]


def test_with_rendering_off_a_frame_is_one_run_where_v_points():
    lines = np.tile(np.array([(3 << 12) | (2 << 5) | 1, 0, 0, 0]), (240, 1))
    assert line_splits(lines) == [(0, 239, -1, -1, 0, 0)]  # nothing drawn, no scroll
    assert scroll_per_line(lines)[0].tolist() == [8, 19]  # v points at (8, 19)
    lines[1:, 0] += 1  # the CPU moving v (PPUDATA) while rendering is off: still one run
    assert len(line_splits(lines)) == 1


def test_a_y_scroll_of_244_shows_its_wrap_as_a_jump():
    lines = scroll_lines(0, 0, 0x80, 0x0A)
    v = (4 << 12) | (30 << 5)
    for line in range(240):
        lines[line, 0] = v
        v = increment_y(v)
    assert scroll_per_line(lines)[:12, 1].tolist() == [244] * 12
    assert [run[:2] for run in line_splits(lines)] == [(0, 11), (12, 239)]


def test_the_sprite_0_hit_is_marked_with_a_cross():
    rgb = np.zeros((240, 256, 3), np.uint8)
    marked = mark_pixel(rgb, (100, 200))
    assert marked[100, 196:205].tolist() == [[255, 0, 255]] * 9
    assert marked[96:105, 200].tolist() == [[255, 0, 255]] * 9
    assert int(marked.any(axis=2).sum()) == 17
    assert mark_pixel(rgb, None) is rgb
