"""Ordering the 3 colours of each palette so that the same shape gives the same tile.

A tile stores entries 0-3, not colours, so a design drawn with palette A as (red, green, blue)
and palette B as (green, red, blue) needs two tiles for one shape. Before the tiles are cut, each
palette's colours 1-3 are permuted (6 orders each) to minimise the distinct tiles, greedily, one
palette at a time, twice round; the picture does not change.
"""

from __future__ import annotations

from itertools import permutations

import numpy as np

from romulus_nb.convert.quantize import pixel_palettes
from romulus_nb.convert.tile_budget import cut_tiles

_ORDERS = [np.array((0, *order)) for order in permutations((1, 2, 3))]
SWEEPS = 2


def distinct_tiles(values: np.ndarray) -> int:
    """How many distinct 8x8 tiles the ``(240, 256)`` pixel values cut into."""
    tiles = np.ascontiguousarray(cut_tiles(values.astype(np.uint8)))
    return len(np.unique(tiles.view(np.dtype((np.void, 64)))))


def order_palettes(values: np.ndarray, attributes: np.ndarray, colors: np.ndarray):
    """Permute palette entries 1-3 to reduce distinct tiles.

    Parameters
    ----------
    values : (240, 256) uint8
        Pixel values 0-3.
    attributes : (15, 16) uint8
    colors : (4, 4)
        Colour of each palette entry (column 0: backdrop).

    Returns
    -------
    values, colors
        The same picture with fewer (or as many) distinct tiles.
    """
    palette = pixel_palettes(attributes)
    # lut[p, old value] = new value; colors[p, new] = old colors[p, order[new]].
    lut = np.tile(np.arange(4), (4, 1))
    best = distinct_tiles(values)
    for _ in range(SWEEPS):
        improved = False
        for p in range(4):
            keep = lut[p].copy()
            for order in _ORDERS:
                trial = lut.copy()
                trial[p] = np.argsort(order)  # the new position of each old entry
                count = distinct_tiles(trial[palette, values])
                if count < best:
                    best, keep, improved = count, trial[p].copy(), True
            lut[p] = keep
        if not improved:
            break
    new_colors = np.empty_like(colors)
    for p in range(4):
        new_colors[p, lut[p]] = colors[p]
    return lut[palette, values].astype(np.uint8), new_colors
