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
    cells = cut_tiles(values.astype(np.uint8))
    sets = []  # sets[p][o]: the new tiles palette p's blocks make with order o
    for p in range(4):
        distinct = {row.tobytes() for row in cells[tile_palette == p]}  # reorder each once
        mine = np.frombuffer(b"".join(distinct), np.uint8).reshape(-1, 64)
        per_order = [
            frozenset(row.tobytes() for row in lut[mine].astype(np.uint8)) - existing
            for lut in _ORDERS
        ]
        sets.append(per_order)
    # Each tile becomes one bit, so a union of sets is an OR and its size a bit count.
    bit = {
        key: 1 << i for i, key in enumerate(frozenset().union(*(s for row in sets for s in row)))
    }
    masks = [[sum(bit[key] for key in s) for s in row] for row in sets]
    best, best_count = (0, 0, 0, 0), None
    orders = range(len(_ORDERS))
    for a, b, c in product(orders, repeat=3):  # in the order of product(repeat=4): ties agree
        abc = masks[0][a] | masks[1][b] | masks[2][c]
        for d, last in enumerate(masks[3]):
            count = (abc | last).bit_count()
            if best_count is None or count < best_count:
                best, best_count = (a, b, c, d), count
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
