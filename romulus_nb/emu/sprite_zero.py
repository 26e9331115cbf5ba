"""The two PPUSTATUS flags that sprites raise: sprite 0 hit and sprite overflow.

Both are worked out from OAM, the pattern tables and the registers each line is drawn with (see
`romulus_nb.emu.scroll.line_state`), not dot by dot, and both give the pixel or dot where the
flag rises so that a read of $2002 sees it from then on.

Sprite 0 hit (https://www.nesdev.org/wiki/PPU_OAM#Sprite_zero_hits): an opaque pixel of sprite 0
over an opaque background pixel, with both layers shown; never at x = 255, nor at x < 8 unless
both left-column bits of PPUMASK are set.

Sprite overflow (https://www.nesdev.org/wiki/PPU_sprite_evaluation): the hardware's evaluation,
false positives and negatives included, as cynes runs it. On each visible line the PPU looks
for the sprites of the next line, one OAM read every other dot from dot 66; once eight are found
it keeps reading with a pointer that steps to the next sprite *and* the next byte of it (the
hardware bug), and sets the flag at the first byte that reads as a Y in range. So nine sprites
on a line can go unnoticed, and eight plus a tile number that looks like a Y can set the flag.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from romulus_nb.emu.scroll import DOTS_PER_LINE
from romulus_nb.nes.hardware import (
    ATTR_FLIP_H,
    ATTR_FLIP_V,
    CTRL_BG_TABLE,
    CTRL_SPRITE_16,
    CTRL_SPRITE_TABLE,
    MASK_BG_LEFT,
    MASK_RENDERING,
    MASK_SPRITES_LEFT,
    SCREEN_HEIGHT,
    SCREEN_WIDTH,
    SPRITES_PER_LINE,
    TILE16_TABLE,
    V_COARSE_X,
    V_COARSE_Y,
    V_NAMETABLE_X,
    V_NAMETABLE_Y,
)

LineAt = Callable[[int], tuple]  # line -> (v of the first tile, fine x, PPUCTRL, PPUMASK)
NametableByte = Callable[[int, int], int]  # (logical nametable 0-3, offset 0-1023) -> byte
_BOTH_LEFT = MASK_BG_LEFT | MASK_SPRITES_LEFT
#: Sprite evaluation reads OAM on the even dots 66-256 of a line.
EVALUATION_DOTS = range(66, 257, 2)


def sprite_pattern_address(ctrl: int, tile: int, attr: int, row: int) -> int:
    """CHR address of the low plane of ``row`` (0-15, from the top) of a sprite."""
    if ctrl & CTRL_SPRITE_16:
        height = 16
        base = (0x1000 if tile & TILE16_TABLE else 0) + (tile & ~TILE16_TABLE & 0xFF) * 16
    else:
        height = 8
        base = (0x1000 if ctrl & CTRL_SPRITE_TABLE else 0) + tile * 16
    if attr & ATTR_FLIP_V:
        row = height - 1 - row
    return base + (16 if row >= 8 else 0) + (row & 7)


def background_opaque(chr_data, nametable_byte: NametableByte, state: tuple, x: int) -> bool:
    """Whether the background pixel at column ``x`` of a line drawn with ``state`` is opaque."""
    v, fine_x, ctrl, _ = state
    tile_step, column = divmod(fine_x + x, 8)
    position = (((v & V_NAMETABLE_X) >> 5) | (v & V_COARSE_X)) + tile_step
    nametable = (2 if v & V_NAMETABLE_Y else 0) | ((position >> 5) & 1)
    tile = nametable_byte(nametable, (v & V_COARSE_Y) + (position & V_COARSE_X))
    address = (0x1000 if ctrl & CTRL_BG_TABLE else 0) + tile * 16 + (v >> 12)
    bit = 7 - column
    return bool(((chr_data[address] >> bit) | (chr_data[address + 8] >> bit)) & 1)


def sprite0_hit_pixel(oam, chr_data, nametable_byte: NametableByte, line_at: LineAt):
    """``(line, x)`` of the first sprite 0 hit in rendering order, or None.

    Parameters
    ----------
    oam : (256,) bytes-like
    chr_data : bytes-like
        8192 bytes of pattern tables.
    nametable_byte : callable
        ``(nametable 0-3, offset)`` -> byte of the logical nametables.
    line_at : callable
        ``line`` -> ``(v, fine x, PPUCTRL, PPUMASK)`` the line is drawn with.
    """
    top, tile, attr, left = oam[0] + 1, oam[1], oam[2], oam[3]
    for row in range(16):
        line = top + row
        if line >= SCREEN_HEIGHT - 1:
            break
        state = line_at(line)
        _, _, ctrl, mask = state
        if row >= (16 if ctrl & CTRL_SPRITE_16 else 8):
            break
        if mask & MASK_RENDERING != MASK_RENDERING:
            continue
        address = sprite_pattern_address(ctrl, tile, attr, row)
        low, high = chr_data[address], chr_data[address + 8]
        clip = mask & _BOTH_LEFT != _BOTH_LEFT
        for column in range(8):
            x = left + column
            if x >= SCREEN_WIDTH - 1 or (clip and x < 8):
                continue
            bit = column if attr & ATTR_FLIP_H else 7 - column
            if ((low >> bit) | (high >> bit)) & 1 and background_opaque(
                chr_data, nametable_byte, state, x
            ):
                return line, x
    return None


def overflow_dot(oam, line_at: LineAt) -> int | None:
    """Frame position (line * 341 + dot) at which the sprite-overflow flag rises, or None."""
    ys = np.frombuffer(bytes(oam), np.uint8)[0::4].astype(np.intp)
    offsets = np.arange(SCREEN_HEIGHT)[:, None] - ys[None, :]
    # Sixteen-line sprites cover the most lines: only lines with 8 or more candidates can set it.
    crowded = np.flatnonzero(((offsets >= 0) & (offsets < 16)).sum(axis=1) >= SPRITES_PER_LINE)
    for line in crowded:
        line = int(line)
        _, _, ctrl, mask = line_at(line)
        if not mask & MASK_RENDERING:
            continue
        dot = evaluation_overflow_dot(oam, line, 16 if ctrl & CTRL_SPRITE_16 else 8)
        if dot is not None:
            return line * DOTS_PER_LINE + dot
    return None


def evaluation_overflow_dot(oam, line: int, height: int) -> int | None:
    """The dot of ``line`` at which sprite evaluation sets the overflow flag, or None."""
    pointer, found, searching = 0, 0, False
    for dot in EVALUATION_DOTS:
        if searching:
            if 0 <= line - oam[pointer] < height:
                return dot
            else:
                # The bug: the next sprite, and the next byte within it.
                low = (pointer + 1) & 3
                pointer = (pointer + 4) & 0xFC
                if pointer == 0:
                    return None
                pointer |= low
        elif pointer & 3 == 0 and not 0 <= line - oam[pointer] < height:
            pointer = (pointer + 4) & 0xFF
            if pointer == 0:
                return None
        else:
            pointer = (pointer + 1) & 0xFF
            if pointer & 3 == 0:
                found += 1
                if pointer == 0:
                    return None
                searching = found == SPRITES_PER_LINE
    return None
