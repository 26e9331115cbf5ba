"""The PPU's scroll address v as rendering moves it, and the registers each line is drawn with.

Rendering changes v on a fixed timetable (https://www.nesdev.org/wiki/PPU_scrolling and
https://www.nesdev.org/wiki/PPU_rendering), on the visible lines 0-239 and the pre-render line:

- coarse X + 1 at dots 8, 16, ... 256 and again at 328 and 336 (the next line's first two tiles);
- Y + 1 at dot 256 (fine Y, then coarse Y: 29 -> 0 switches the vertical nametable, 31 -> 0 does
  not, so a Y scroll of 240-255 draws attribute bytes as tiles and wraps in the same nametable);
- t -> v of the horizontal bits at dot 257, and of the vertical bits at dots 280-304 of the
  pre-render line.

`advance` applies that timetable between two dots in O(1), so the machine only works out v when
the CPU touches a register, never dot by dot. Positions are dots since the frame's line 0 dot 0.

A *segment* ``(first_line, position, v, t, x, ppuctrl, ppumask)`` says: from ``first_line`` on,
the registers were these, and v held ``v`` at ``position``. A frame is a list of segments, one more
for every register write that lands in lines 0-238. `line_registers` turns it into one row per
visible line: ``(v of the line's first tile, fine x, PPUCTRL, PPUMASK)``.

Which dot decides (the model draws whole lines): a line is drawn with the registers as they
stand at its dot 0, and its tiles from v then, moved back the two tiles fetched at dots 321-336
of the line before. Writes in horizontal blanking (dots 257-320) therefore draw exactly as on
hardware; writes in dots 321-340 are exact from the line's third tile on; a write in the middle
of a visible line takes effect from the next line.
"""

from __future__ import annotations

import numpy as np

from romulus_nb.nes.hardware import (
    COARSE_Y_LAST_ROW,
    MASK_RENDERING,
    SCREEN_HEIGHT,
    V_COARSE_X,
    V_COARSE_Y,
    V_FINE_Y,
    V_HORIZONTAL,
    V_NAMETABLE_Y,
    V_VERTICAL,
)

DOTS_PER_LINE = 341
LINES_PER_FRAME = 262
DOTS_PER_FRAME = DOTS_PER_LINE * LINES_PER_FRAME  # 89342
PRERENDER_LINE = 261
#: Dots of a rendered line at which v changes.
X_INCREMENT_LAST = 256  # coarse X + 1 at 8, 16, ... 256
Y_INCREMENT_DOT = 256
HORIZONTAL_COPY_DOT = 257
PREFETCH_DOTS = (328, 336)
VERTICAL_COPY_FIRST, VERTICAL_COPY_LAST = 280, 304
_X_PER_LINE = X_INCREMENT_LAST // 8 + len(PREFETCH_DOTS)  # 34
_VERTICAL_FIRST = PRERENDER_LINE * DOTS_PER_LINE + VERTICAL_COPY_FIRST
_VERTICAL_LAST = PRERENDER_LINE * DOTS_PER_LINE + VERTICAL_COPY_LAST
_FRAME_LAST = PRERENDER_LINE * DOTS_PER_LINE + DOTS_PER_LINE - 1  # line 261, dot 340
_FULL_Y = 480  # Y positions of the two nametables stacked: 2 x 240 lines


def increment_x(v: int, steps: int = 1) -> int:
    """v after ``steps`` coarse-X increments (31 -> 0 switches the horizontal nametable)."""
    position = ((v >> 5) & 0x20 | (v & V_COARSE_X)) + steps  # nametable X bit then coarse X
    position &= 0x3F
    return (v & ~V_HORIZONTAL) | ((position & 0x20) << 5) | (position & V_COARSE_X)


def increment_y(v: int, steps: int = 1) -> int:
    """v after ``steps`` (0 or more) Y increments: fine Y, then coarse Y as the PPU counts it."""
    fine, coarse = (v & V_FINE_Y) >> 12, (v & V_COARSE_Y) >> 5
    nametable = (v & V_NAMETABLE_Y) >> 11
    if coarse > COARSE_Y_LAST_ROW:
        # Rows 30-31 (the attribute bytes): count on to row 0 of the same nametable.
        to_row_0 = (32 - coarse) * 8 - fine
        if steps < to_row_0:
            row = coarse * 8 + fine + steps
            return _with_y(v, row & 7, row >> 3, nametable)
        steps -= to_row_0
        fine = coarse = 0
    position = (nametable * SCREEN_HEIGHT + coarse * 8 + fine + steps) % _FULL_Y
    nametable, row = divmod(position, SCREEN_HEIGHT)
    return _with_y(v, row & 7, row >> 3, nametable)


def _with_y(v: int, fine: int, coarse: int, nametable: int) -> int:
    return (v & ~V_VERTICAL) | (fine << 12) | (nametable << 11) | (coarse << 5)


def _rendered(line: int) -> bool:
    return line < SCREEN_HEIGHT or line == PRERENDER_LINE


def _x_increments(position: int) -> int:
    """Coarse-X increments from the frame's start up to and including ``position``."""
    line, dot = divmod(position, DOTS_PER_LINE)
    if line >= SCREEN_HEIGHT and line != PRERENDER_LINE:
        return SCREEN_HEIGHT * _X_PER_LINE
    count = line * _X_PER_LINE if line < SCREEN_HEIGHT else SCREEN_HEIGHT * _X_PER_LINE
    if dot < X_INCREMENT_LAST:
        return count + dot // 8
    return count + X_INCREMENT_LAST // 8 + (dot >= PREFETCH_DOTS[0]) + (dot >= PREFETCH_DOTS[1])


def _y_increments(position: int) -> int:
    """Y increments from the frame's start up to and including ``position``."""
    line, dot = divmod(position, DOTS_PER_LINE)
    count = min(line, SCREEN_HEIGHT)
    if _rendered(line) and dot >= Y_INCREMENT_DOT:
        count += 1
    return count


def _last_horizontal_copy(position: int) -> int:
    """Position of the last dot-257 copy at or before ``position`` in the frame (negative when
    there is none yet)."""
    line, dot = divmod(position, DOTS_PER_LINE)
    if _rendered(line) and dot >= HORIZONTAL_COPY_DOT:
        return line * DOTS_PER_LINE + HORIZONTAL_COPY_DOT
    line = min(line - 1, SCREEN_HEIGHT - 1)
    return line * DOTS_PER_LINE + HORIZONTAL_COPY_DOT


def advance(v: int, t: int, start: int, end: int) -> int:
    """v at frame position ``end`` given v at ``start`` (``start <= end``, same frame; ``end``
    may be the frame's length, the first dot of the next), with rendering on and t unchanged
    in between."""
    end = min(end, _FRAME_LAST)  # the frame's end (line 262, dot 0) moves nothing more
    if end <= start:
        return v
    copy = _last_horizontal_copy(end)
    if copy > start:
        v = (v & ~V_HORIZONTAL) | (t & V_HORIZONTAL)
        start_x = copy
    else:
        start_x = start
    v = increment_x(v, _x_increments(end) - _x_increments(start_x))
    if start < _VERTICAL_LAST and end >= _VERTICAL_FIRST:
        return (v & ~V_VERTICAL) | (t & V_VERTICAL)
    return increment_y(v, _y_increments(end) - _y_increments(start))


def segment_v(segment: tuple, position: int) -> int:
    """v at frame ``position`` under ``segment`` (no write in between)."""
    _, start, v, t, _, _, mask = segment
    return advance(v, t, start, position) if mask & MASK_RENDERING else v


def line_state(segments: list, line: int) -> tuple[int, int, int, int]:
    """``(v of the first tile, fine x, PPUCTRL, PPUMASK)`` that visible ``line`` is drawn with."""
    segment = segments[0]
    for candidate in segments[1:]:
        if candidate[0] > line:
            break
        segment = candidate
    return _line_row(segment, line)


def _line_row(segment: tuple, line: int) -> tuple[int, int, int, int]:
    _, _, _, _, x, ctrl, mask = segment
    v = segment_v(segment, line * DOTS_PER_LINE)
    if mask & MASK_RENDERING:
        v = increment_x(v, -len(PREFETCH_DOTS))  # the two tiles fetched in the line before
    return v, x, ctrl, mask


def line_registers(segments: list) -> np.ndarray:
    """``(240, 4) uint16``: per visible line, v of its first tile, fine x, PPUCTRL, PPUMASK."""
    rows = np.empty((SCREEN_HEIGHT, 4), np.uint16)
    bounds = [s[0] for s in segments[1:]] + [SCREEN_HEIGHT]
    for segment, end in zip(segments, bounds, strict=True):
        first = segment[0]  # segments begin on increasing lines, each before the next's
        row = _line_row(segment, first)
        rows[first:end] = row
        if segment[6] & MASK_RENDERING:
            # Each further line: Y + 1, the horizontal bits from t again (v moved back 2 tiles).
            v0 = row[0]
            t = segment[3]
            first_v = (v0 & ~V_HORIZONTAL) | (t & V_HORIZONTAL)
            rows[first + 1 : end, 0] = y_series(first_v, end - first - 1)
    return rows


def y_series(v: int, count: int) -> np.ndarray:
    """``(count,) int64``: v after 1, 2, ... ``count`` Y increments (`increment_y` of each)."""
    if (v & V_COARSE_Y) >> 5 > COARSE_Y_LAST_ROW:
        return np.array([increment_y(v, k) for k in range(1, count + 1)], np.int64)
    # Rows 0-29 of both nametables stacked: the Y increments count on modulo 480 lines.
    start = (
        ((v & V_NAMETABLE_Y) >> 11) * SCREEN_HEIGHT
        + ((v & V_COARSE_Y) >> 2)
        + ((v & V_FINE_Y) >> 12)
    )
    nametable, row = np.divmod((start + np.arange(1, count + 1)) % _FULL_Y, SCREEN_HEIGHT)
    return (v & ~V_VERTICAL) | (row & 7) << 12 | nametable << 11 | (row >> 3) << 5


def predicted_segments(t: int, x: int, ctrl: int, mask: int) -> list:
    """The segments of the next frame if the CPU writes nothing more: v from t at line 0."""
    v = increment_x(t, len(PREFETCH_DOTS)) if mask & MASK_RENDERING else t
    return [(0, 0, v, t, x, ctrl, mask)]
