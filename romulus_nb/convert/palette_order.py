"""Ordering the 3 colours of each palette so that the same shape gives the same tile.

A tile stores entries 0-3, not colours, so a design drawn with palette A as (red, green, blue)
and palette B as (green, red, blue) needs two tiles for one shape. Before the tiles are cut,
each palette's colours 1-3 are permuted to minimise the tiles the picture adds to the pattern
table (tiles already there are free). Every tile lies inside one 16x16 block, so the tiles a
palette's blocks produce depend on that palette's order only: the 6 tile sets of each palette
are cut once, and all 6^4 = 1296 combinations are counted as set unions. The picture does not
change.
"""

from __future__ import annotations

from itertools import permutations, product

import numpy as np

from romulus_nb.convert.tile_budget import cut_tiles

_ORDERS = [np.argsort((0, *order)) for order in permutations((1, 2, 3))]  # old entry -> new


def _tile_keys(values: np.ndarray) -> list[bytes]:
    return [row.tobytes() for row in cut_tiles(values.astype(np.uint8))]


def order_palettes(
    values: np.ndarray,
    attributes: np.ndarray,
    colors: np.ndarray,
    existing: frozenset[bytes] = frozenset(),
    *,
    budget: int | None = None,
    lightness: np.ndarray | None = None,
):
    """Permute palette entries 1-3 to reduce the tiles the picture adds to a pattern table.

    When even the best order leaves more new tiles than ``budget``, tiles will be merged, and
    what helps then is that a shape looks alike in every palette: entries are then sorted from
    dark to light by ``lightness`` ``(4, 4)`` (e.g. CIELAB L of each entry's colour).

    Parameters
    ----------
    values : (240, 256) uint8
        Pixel values 0-3.
    attributes : (15, 16) uint8
    colors : (4, 4)
        Colour of each palette entry (column 0: backdrop).
    existing : frozenset of bytes
        Tiles already in the pattern table (64 bytes each): they cost nothing.

    Returns
    -------
    values, colors
        The same picture, cut into as few new tiles as any ordering allows.
    """
    tile_palette = np.repeat(np.repeat(attributes, 2, 0), 2, 1).ravel()  # (960,)
    sets = []  # sets[p][o]: the new tiles palette p's blocks make with order o
    for p in range(4):
        mine = np.flatnonzero(tile_palette == p)
        per_order = []
        for lut in _ORDERS:
            keys = _tile_keys(lut[values])
            per_order.append(frozenset(keys[i] for i in mine) - existing)
        sets.append(per_order)
    best, best_count = (0, 0, 0, 0), None
    for combo in product(range(len(_ORDERS)), repeat=4):
        count = len(frozenset().union(*(sets[p][o] for p, o in enumerate(combo))))
        if best_count is None or count < best_count:
            best, best_count = combo, count
    luts = np.stack([_ORDERS[o] for o in best])  # (4, 4): palette, old entry -> new entry
    if budget is not None and lightness is not None and best_count > budget:
        luts = np.zeros((4, 4), np.intp)
        for p in range(4):
            darkest_first = 1 + np.argsort(lightness[p, 1:], kind="stable")
            luts[p, darkest_first] = np.arange(1, 4)
    pixel_palette = np.repeat(np.repeat(attributes, 16, 0), 16, 1)
    new_colors = np.empty_like(colors)
    for p in range(4):
        new_colors[p, luts[p]] = colors[p]
    return luts[pixel_palette, values].astype(np.uint8), new_colors
