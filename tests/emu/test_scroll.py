"""v as rendering moves it: the O(1) `advance` against a dot-by-dot stepper written here from the
NESdev Wiki's timetable (https://www.nesdev.org/wiki/PPU_scrolling, "At dot 256 ...", "At dot
257 ...", "During dots 280 to 304 of the pre-render scanline ...", "Between dot 328 of a
scanline, and 256 of the next scanline ..."), and hand-worked register values."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from romulus_nb.emu.scroll import (
    DOTS_PER_FRAME,
    DOTS_PER_LINE,
    LINES_PER_FRAME,
    advance,
    increment_x,
    increment_y,
    line_registers,
    line_state,
    predicted_segments,
    y_series,
)

FRAME_DOTS = 262 * 341


def reference_increment_x(v: int) -> int:
    # The wiki's pseudo-code, verbatim in Python.
    if (v & 0x001F) == 31:
        v &= ~0x001F
        v ^= 0x0400
    else:
        v += 1
    return v


def reference_increment_y(v: int) -> int:
    if (v & 0x7000) != 0x7000:
        return v + 0x1000
    v &= ~0x7000
    y = (v & 0x03E0) >> 5
    if y == 29:
        y = 0
        v ^= 0x0800
    elif y == 31:
        y = 0
    else:
        y += 1
    return (v & ~0x03E0) | (y << 5)


def reference_advance(v: int, t: int, start: int, end: int) -> int:
    """Every dot from start + 1 to end, one by one."""
    for position in range(start + 1, end + 1):
        line, dot = divmod(position, 341)
        if not (line < 240 or line == 261):
            continue
        if (1 <= dot <= 256 and dot % 8 == 0) or dot in (328, 336):
            v = reference_increment_x(v)
        if dot == 256:
            v = reference_increment_y(v)
        if dot == 257:
            v = (v & ~0x041F) | (t & 0x041F)
        if line == 261 and 280 <= dot <= 304:
            v = (v & ~0x7BE0) | (t & 0x7BE0)
    return v


@pytest.mark.parametrize(
    "v, expected",
    [
        (0x0000, 0x0001),
        (0x001E, 0x001F),
        (0x001F, 0x0400),  # coarse X 31 -> 0 of the next nametable
        (0x041F, 0x0000),  # ... and back from nametable 1 to 0
        (0x7BFF, 0x7FE0),  # other bits kept
    ],
)
def test_coarse_x_increments_wrap_into_the_horizontal_nametable(v, expected):
    assert increment_x(v) == expected


@pytest.mark.parametrize(
    "v, steps, expected",
    [
        (0x0000, 1, 0x1000),  # fine Y + 1
        (0x7000, 1, 0x0020),  # fine Y 7 -> coarse Y + 1
        (0x73A0, 1, 0x0800),  # coarse Y 29, fine 7 -> row 0 of the nametable below
        (0x7BA0, 1, 0x0000),  # ... and from the lower one back up
        (0x73C0, 1, 0x03E0),  # row 30 -> 31 (attribute rows)
        (0x73E0, 1, 0x0000),  # row 31 -> 0 of the SAME nametable
        (0x4BC0, 12, 0x0800),  # Y 244 in the lower nametable: 12 lines to its row 0
        (0x4BC0, 11, 0x7BE0),
        (0x0000, 480, 0x0000),  # a whole round of both nametables
        (0x0000, 0, 0x0000),
    ],
)
def test_y_increments_follow_the_ppu_counting(v, steps, expected):
    assert increment_y(v, steps) == expected


@pytest.mark.parametrize("v", [0x0000, 0x7000, 0x73A0, 0x73E0, 0x1234])
def test_one_y_increment_is_the_default(v):
    assert increment_y(v) == reference_increment_y(v)


def test_a_frame_is_262_lines_of_341_dots():
    # NESdev Wiki "PPU frame timing" (NTSC); the odd-frame skipped dot is the PPU's business.
    assert (LINES_PER_FRAME, DOTS_PER_LINE, DOTS_PER_FRAME) == (262, 341, 89342)


@settings(max_examples=300, deadline=None)
@given(
    v=st.integers(0, 0x7FFF),
    t=st.integers(0, 0x7FFF),
    span=st.tuples(st.integers(0, FRAME_DOTS - 1), st.integers(0, FRAME_DOTS - 1)),
)
def test_advance_equals_stepping_dot_by_dot(v, t, span):
    start, end = sorted(span)
    end = min(end, start + 3000)  # keep the reference quick; long spans below
    assert advance(v, t, start, end) == reference_advance(v, t, start, end)


@pytest.mark.parametrize(
    "start, end",
    [
        (0, FRAME_DOTS - 1),  # the whole frame
        (241 * 341 + 10, FRAME_DOTS - 1),  # vblank to the end: both copies
        (261 * 341 + 300, FRAME_DOTS - 1),  # inside the vertical copy window
        (261 * 341 + 310, FRAME_DOTS - 1),  # after it: Y untouched
        (10, 240 * 341 + 5),  # all visible lines
        (255, 257),  # the Y increment and the horizontal copy
        (239 * 341 + 256, 239 * 341 + 257),
        (239 * 341 + 100, 261 * 341 + 200),  # last visible line, vblank, into the pre-render line
        (100 * 341 + 7, 261 * 341 + 256),  # ... up to its Y increment
        (239 * 341 + 300, 261 * 341 + 336),  # ... to its second prefetch increment
        (100 * 341 + 300, 100 * 341 + 336),  # the copy, then both prefetch increments
        (100 * 341 + 330, 100 * 341 + 340),  # the second prefetch increment alone
        (261 * 341 + 258, FRAME_DOTS - 1),  # after the pre-render line's horizontal copy
        (0, 261 * 341 + 330),  # between the two prefetch increments of the pre-render line
        (50, 240 * 341 + 100),  # into the post-render line: nothing moves there
        (239 * 341 + 300, 240 * 341 + 300),
        (10, 250 * 341 + 100),  # into vblank
        (245 * 341 + 50, 250 * 341 + 200),  # inside vblank
        (100 * 341 + 300, 100 * 341 + 327),  # one dot before the first prefetch increment
        (100 * 341 + 300, 100 * 341 + 328),  # ... and at it
        (100 * 341 + 257, 100 * 341 + 260),  # from the copy's own dot: no second copy
        (261 * 341 + 100, 261 * 341 + 279),  # one dot before the vertical copies
        (261 * 341 + 100, 261 * 341 + 280),  # ... the first of them
        (261 * 341 + 303, 261 * 341 + 310),  # the last one, dot 304
        (261 * 341 + 304, 261 * 341 + 310),  # after the last one
        (261 * 341 + 290, 261 * 341 + 290),  # no time at all
        (0, FRAME_DOTS),  # to the end of a frame of 262 whole lines (line 262, dot 0)
        (261 * 341 + 100, FRAME_DOTS),
        (261 * 341 + 300, FRAME_DOTS),
    ],
)
@pytest.mark.parametrize("v, t", [(0x0000, 0x0000), (0x73BF, 0x0C1F), (0x1234, 0x6D5A)])
def test_advance_over_long_spans_equals_stepping_dot_by_dot(v, t, start, end):
    assert advance(v, t, start, end) == reference_advance(v, t, start, end)


def test_a_frame_without_writes_draws_every_line_one_row_further_down():
    t = (3 << 12) | (5 << 5) | 7 | 0x0400  # fine Y 3, coarse Y 5, coarse X 7, nametable 1
    segments = predicted_segments(t, 2, 0x88, 0x1E)
    lines = line_registers(segments)
    y0 = 5 * 8 + 3
    for line in (0, 1, 100, 239):
        y = y0 + line
        expected_v = ((y % 8) << 12) | ((y // 8 % 30) << 5) | 7 | 0x0400
        expected_v |= 0x0800 if y >= 240 else 0
        assert lines[line].tolist() == [expected_v, 2, 0x88, 0x1E]
        assert line_state(segments, line) == tuple(lines[line].tolist())


def test_each_line_is_drawn_with_the_segment_in_force_at_its_start():
    # Three register states: PPUCTRL $80 from line 0, $90 from line 51, $88 from line 120.
    first = predicted_segments(0, 0, 0x80, 0x1E)[0]
    second = (51, 50 * 341 + 300, advance(first[2], 0, 0, 50 * 341 + 300), 0, 5, 0x90, 0x1E)
    third = (120, 119 * 341 + 270, advance(second[2], 0, second[1], 119 * 341 + 270), 0, 1, 0x88,
             0x1E)  # fmt: skip
    segments = [first, second, third]
    lines = line_registers(segments)
    for line, ctrl in ((0, 0x80), (50, 0x80), (51, 0x90), (119, 0x90), (120, 0x88), (239, 0x88)):
        assert line_state(segments, line) == tuple(lines[line].tolist())
        assert line_state(segments, line)[2] == ctrl


def test_a_write_in_a_line_reaches_the_next_lines_only():
    first = predicted_segments(0, 0, 0x80, 0x1E)[0]
    # At line 50 dot 300 v is Y 51 (incremented at dot 256), horizontal from t, +1 at dot 328
    # not yet: the write sets x = 5 and PPUCTRL $90 from line 51 on.
    v = advance(first[2], 0, 0, 50 * 341 + 300)
    segments = [first, (51, 50 * 341 + 300, v, 0, 5, 0x90, 0x1E)]
    lines = line_registers(segments)
    assert lines[50].tolist() == [(2 << 12) | (6 << 5), 0, 0x80, 0x1E]
    assert lines[51].tolist() == [(3 << 12) | (6 << 5), 5, 0x90, 0x1E]
    assert lines[239].tolist() == [(7 << 12) | (29 << 5), 5, 0x90, 0x1E]


def test_with_rendering_off_v_stays_where_the_cpu_left_it():
    segments = [(0, 0, 0x2345, 0, 0, 0, 0x00)]
    assert set(line_registers(segments)[:, 0].tolist()) == {0x2345}
    assert line_state(segments, 100)[0] == 0x2345
    assert predicted_segments(0x0C1F, 0, 0, 0x00)[0][2] == 0x0C1F  # not moved 2 tiles on


def test_a_segment_of_two_lines_draws_them_one_row_apart():
    first = predicted_segments(0, 0, 0x80, 0x1E)[0]
    position = 99 * 341 + 300
    second = (100, position, advance(first[2], 0, 0, position), 0x0400, 0, 0x81, 0x1E)
    position = 101 * 341 + 300
    third = (102, position, advance(second[2], 0x0400, second[1], position), 0, 0, 0x80, 0x1E)
    segments = [first, second, third]
    lines = line_registers(segments)
    for line in (99, 100, 101, 102):
        assert line_state(segments, line) == tuple(lines[line].tolist())
    # Line 101: Y + 1 from line 100, and the horizontal bits of the new t (copied at dot 257).
    assert lines[101, 0] == reference_increment_y((int(lines[100, 0]) & ~0x041F) | 0x0400)


@settings(max_examples=200, deadline=None)
@given(v=st.integers(0, 0x7FFF), count=st.integers(0, 300))
def test_a_series_of_y_increments_equals_the_wiki_increment_applied_again_and_again(v, count):
    expected, stepped = [], v
    for _ in range(count):
        stepped = reference_increment_y(stepped)
        expected.append(stepped)
    assert y_series(v, count).tolist() == expected
