"""Quantizing each pixel to the 4 colours of its block's palette, with optional dithering.

Every choice is made in CIELAB. Pixel values are palette entries 0-3 (0 is the backdrop); a
transparent pixel is always 0.

- ``"none"``: the nearest of the 4 colours.
- ``"ordered"``: for each pixel, the two nearest colours c1 and c2, and where the pixel lies on
  the segment between them (0 at c1, 1 at c2); c2 is drawn where that exceeds the 8x8 Bayer
  threshold, so a pixel a third of the way gets c2 in a third of the pattern's cells.
- ``"diffusion"``: Floyd-Steinberg, the error kept in Lab and every pixel still choosing among its
  own block's palette. Pixels are visited in wavefronts (x + 2y constant), which respects
  Floyd-Steinberg's order (each pixel after its left neighbour and the three above) while
  handling a whole wavefront at once in numpy.
"""

from __future__ import annotations

import numpy as np

DITHERS = ("none", "ordered", "diffusion")
#: Share of the error passed on (all of it, as Floyd-Steinberg does, which keeps the average
#: colour), and the longest error vector carried: a colour no palette entry comes near would
#: otherwise pile up error and smear streaks. 60 is more than half the distance between the
#: entries of any usable palette, so reachable colours still average out.
DIFFUSION_STRENGTH = 1.0
MAX_CARRIED_ERROR = 60.0
#: A transparent pixel must stay entry 0 (the backdrop): other entries cost this much.
TRANSPARENT_PENALTY = 1e6
TRANSPARENT_COSTS = np.array([0, TRANSPARENT_PENALTY, TRANSPARENT_PENALTY, TRANSPARENT_PENALTY])


def _bayer(n: int) -> np.ndarray:
    """The n x n Bayer threshold matrix, values (k + 0.5) / n^2 for k = 0 .. n^2 - 1."""
    m = np.zeros((1, 1), int)
    while m.shape[0] < n:
        m = np.block([[4 * m, 4 * m + 2], [4 * m + 3, 4 * m + 1]])
    return (m + 0.5) / (n * n)


BAYER_8 = _bayer(8)


def pixel_palettes(attributes: np.ndarray) -> np.ndarray:
    """``(15, 16)`` block palettes -> ``(240, 256)`` palette number of every pixel."""
    return np.repeat(np.repeat(attributes, 16, axis=0), 16, axis=1)


def value_costs(lab: np.ndarray, opaque: np.ndarray, colors_lab: np.ndarray,
                attributes: np.ndarray) -> np.ndarray:  # fmt: skip
    """``(240, 256, 4) float32``: squared Lab distance from each pixel to entries 0-3 of its
    block's palette; a transparent pixel costs 0 as entry 0 and `TRANSPARENT_PENALTY` otherwise.

    ``colors_lab`` is ``(4, 4, 3)``: palette, entry, Lab.
    """
    entries = colors_lab[pixel_palettes(attributes)]  # (240, 256, 4, 3)
    costs = ((lab[:, :, None, :] - entries) ** 2).sum(-1, dtype=np.float32)
    costs[~opaque] = TRANSPARENT_COSTS
    return costs


def quantize(lab: np.ndarray, opaque: np.ndarray, colors_lab: np.ndarray,
             attributes: np.ndarray, dither: str = "none") -> np.ndarray:  # fmt: skip
    """Pixel values ``(240, 256) uint8`` (0-3) for a picture in Lab ``(240, 256, 3)``.

    ``colors_lab`` is ``(4, 4, 3)`` (palette, entry, Lab); ``attributes`` ``(15, 16)``.
    """
    if dither == "none":
        values = value_costs(lab, opaque, colors_lab, attributes).argmin(-1)
    elif dither == "ordered":
        values = _ordered(lab, colors_lab[pixel_palettes(attributes)])
    elif dither == "diffusion":
        values = _diffusion(lab, opaque, colors_lab[pixel_palettes(attributes)])
    else:
        raise ValueError(f"dither: {dither!r}; use one of {', '.join(DITHERS)}")
    values = values.astype(np.uint8)
    values[~opaque] = 0
    return values


def _ordered(lab: np.ndarray, entries: np.ndarray) -> np.ndarray:
    dist = ((lab[:, :, None, :] - entries) ** 2).sum(-1)  # (240, 256, 4)
    order = np.argsort(dist, axis=-1, kind="stable")
    first, second = order[..., 0], order[..., 1]
    c1 = np.take_along_axis(entries, first[..., None, None], axis=2)[:, :, 0]
    c2 = np.take_along_axis(entries, second[..., None, None], axis=2)[:, :, 0]
    span = c2 - c1
    length = (span * span).sum(-1)
    along = ((lab - c1) * span).sum(-1) / np.maximum(length, 1e-6)
    height, width = lab.shape[:2]
    threshold = np.tile(BAYER_8, (height // 8, width // 8))
    return np.where(np.clip(along, 0, 1) > threshold, second, first)


def _diffusion(lab: np.ndarray, opaque: np.ndarray, entries: np.ndarray) -> np.ndarray:
    height, width = lab.shape[:2]
    carried = np.zeros((height + 1, width + 2, 3), np.float32)  # column x lives at x + 1
    values = np.zeros((height, width), np.intp)
    rows = np.arange(height)
    for wave in range(width + 2 * (height - 1)):
        ys = rows[(wave - 2 * rows >= 0) & (wave - 2 * rows < width)]
        xs = wave - 2 * ys
        wanted = lab[ys, xs] + carried[ys, xs + 1]
        choices = entries[ys, xs]  # (n, 4, 3)
        pick = ((wanted[:, None, :] - choices) ** 2).sum(-1).argmin(-1)
        values[ys, xs] = pick
        error = (wanted - choices[np.arange(len(ys)), pick]) * DIFFUSION_STRENGTH
        length = np.sqrt((error * error).sum(-1, keepdims=True))
        error *= np.minimum(1, MAX_CARRIED_ERROR / np.maximum(length, 1e-6))
        error[~opaque[ys, xs]] = 0
        carried[ys, xs + 2] += error * (7 / 16)
        carried[ys + 1, xs] += error * (3 / 16)
        carried[ys + 1, xs + 1] += error * (5 / 16)
        carried[ys + 1, xs + 2] += error * (1 / 16)
    return values
