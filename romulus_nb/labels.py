"""Pictures that explain themselves: text, captions, hex axes and legends drawn into RGB arrays.

Labels are drawn with romulus_nb's own 8x8 font (`romulus_nb.font`), so they are part of the
picture's pixels: a PNG saved in a notebook carries them to GitHub, nbviewer or an HTML export,
where no kernel, JavaScript or style sheet is there to draw a caption. Every function takes and
returns ``(h, w, 3) uint8`` arrays and never changes its input.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from romulus_nb.font import glyph

#: Glyphs are 8x8 (letters 6-7 pixels wide, a blank column or two to their right).
GLYPH = 8
INK = (255, 255, 255)
PAPER = (40, 40, 40)
#: Axis digits are yellow, so that they never read as tiles of the sheet they number.
AXIS_INK = (255, 200, 0)
#: The grey between pictures set side by side.
GAP_GREY = 128


def text_rgb(text: str, ink=INK, paper=PAPER) -> np.ndarray:
    """``text`` (printable ASCII) in the built-in font: ``(8, 8 * len(text), 3) uint8``."""
    if not text:
        return np.zeros((GLYPH, 0, 3), np.uint8)
    mask = np.hstack([glyph(ch) for ch in text]).astype(bool)
    return np.where(mask[..., None], np.uint8(ink), np.uint8(paper)).astype(np.uint8)


def paste(canvas: np.ndarray, part: np.ndarray, y: int, x: int) -> None:
    """Copy ``part`` into ``canvas`` at (y, x), clipped to the canvas (in place, on a canvas the
    caller made)."""
    h = max(0, min(part.shape[0], canvas.shape[0] - y))
    w = max(0, min(part.shape[1], canvas.shape[1] - x))
    canvas[y : y + h, x : x + w] = part[:h, :w]


def captioned(rgb: np.ndarray, caption: str, *, paper=PAPER, ink=INK) -> np.ndarray:
    """``rgb`` under a 10-pixel band that says ``caption``; the band (and the picture, padded on
    the right) is as wide as the wider of the two."""
    rgb = np.asarray(rgb, np.uint8)
    words = text_rgb(caption, ink, paper)
    width = max(rgb.shape[1], words.shape[1] + 2)
    out = np.empty((rgb.shape[0] + GLYPH + 2, width, 3), np.uint8)
    out[:] = paper
    paste(out, words, 1, 1)
    paste(out, rgb, GLYPH + 2, 0)
    return out


def side_by_side(*pictures: np.ndarray, labels: Sequence[str] | None = None,
                 gap: int = 4) -> np.ndarray:  # fmt: skip
    """RGB pictures next to each other on grey, tops aligned, each under its label if given.

    >>> side_by_side(np.zeros((2, 3, 3), np.uint8), np.zeros((4, 1, 3), np.uint8)).shape
    (4, 8, 3)
    """
    parts = [np.asarray(p, np.uint8) for p in pictures]
    if labels is not None:
        if len(labels) != len(parts):
            raise ValueError(f"{len(labels)} labels for {len(parts)} pictures")
        parts = [captioned(p, label) for p, label in zip(parts, labels)]
    height = max(p.shape[0] for p in parts)
    out = np.full((height, sum(p.shape[1] for p in parts) + gap * (len(parts) - 1), 3),
                  GAP_GREY, np.uint8)  # fmt: skip
    x = 0
    for p in parts:
        paste(out, p, 0, x)
        x += p.shape[1] + gap
    return out


def hex_axes(rgb: np.ndarray, cell: int = 8, *, paper=PAPER, ink=AXIS_INK) -> np.ndarray:
    """A sheet of ``cell``-pixel cells with a hex digit over every column and beside every row
    (the tile number's low digit across, its high digit down), in 8-pixel margins: an 8x8 tile
    grid drawn over the result stays aligned."""
    rgb = np.asarray(rgb, np.uint8)
    rows, columns = rgb.shape[0] // cell, rgb.shape[1] // cell
    out = np.empty((rgb.shape[0] + GLYPH, rgb.shape[1] + GLYPH, 3), np.uint8)
    out[:] = paper
    out[GLYPH:, GLYPH:] = rgb
    centre = (cell - GLYPH) // 2
    for c in range(columns):
        paste(out, text_rgb(f"{c % 16:X}", ink, paper), 0, GLYPH + c * cell + centre)
    for r in range(rows):
        paste(out, text_rgb(f"{r % 16:X}", ink, paper), GLYPH + r * cell + centre, 0)
    return out


def swatch_rgb(rgb, text: str = "", *, width: int = 24, height: int = 14) -> np.ndarray:
    """One colour as a box with ``text`` written in black or white, whichever reads."""
    colour = np.asarray(rgb, np.uint8)
    out = np.empty((height, width, 3), np.uint8)
    out[:] = colour
    bright = 0.299 * int(colour[0]) + 0.587 * int(colour[1]) + 0.114 * int(colour[2]) > 128
    words = text_rgb(text, (0, 0, 0) if bright else (255, 255, 255), colour)
    paste(out, words, (height - GLYPH) // 2, max(0, (width - words.shape[1]) // 2 + 1))
    out[0, :] = out[-1, :] = out[:, 0] = out[:, -1] = (136, 136, 136)  # a frame: black on black
    return out


def legend(entries: Sequence[tuple[tuple[int, int, int], str]], *, paper=PAPER) -> np.ndarray:
    """A row of ``(colour, meaning)`` keys: a small box of the colour, then its meaning."""
    parts = []
    for colour, meaning in entries:
        key = np.empty((GLYPH, GLYPH + 2, 3), np.uint8)
        key[:] = paper
        key[1:7, 1:7] = colour
        parts.append(np.hstack([key, text_rgb(meaning + "  ", paper=paper)]))
    return np.hstack(parts) if parts else np.zeros((GLYPH, 0, 3), np.uint8)


def stack(*parts: np.ndarray, paper=PAPER) -> np.ndarray:
    """Pictures one under the other, left-aligned, on ``paper``."""
    width = max(p.shape[1] for p in parts)
    out = np.empty((sum(p.shape[0] for p in parts), width, 3), np.uint8)
    out[:] = paper
    y = 0
    for p in parts:
        paste(out, p, y, 0)
        y += p.shape[0]
    return out
