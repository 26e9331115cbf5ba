"""Cutting the quantized picture into 8x8 tiles and fitting them into a tile budget.

The NES background cannot flip tiles, so only exact duplicates are free. Past that, tiles are
merged where it costs the picture least. The cost is exact and separable per pixel: for every
tile position ``i`` of the screen, ``costs[i, pixel, value]`` says how far pixel value 0-3 (in that
position's palette) is from what it should show, so a set of positions sharing one tile pays
``sum_i costs[i, p, tile[p]]`` and its best tile is the per-pixel argmin of the summed costs.

1. exact duplicates become one group each;
2. greedy agglomeration: repeatedly merge the pair of groups whose merge raises the cost least
   (one group adopting the other's tile; the merged group then takes its own best tile), keeping
   each group's best partner so that a merge updates one row and one column, not the matrix;
3. a few k-means rounds: every position takes the cheapest tile, every tile becomes the best for
   its positions. Each round can only lower the cost.

Tiles the pattern table already holds for other scenes (or a font) are free: they join as groups
that can absorb others but never change, and do not count against the budget.
"""

from __future__ import annotations

import numpy as np

REFINE_ROUNDS = 4


def cut_tiles(values: np.ndarray) -> np.ndarray:
    """``(240, 256)`` pixel values -> ``(960, 64)``: the 30x32 tiles row by row, each row-major."""
    return values.reshape(30, 8, 32, 8).transpose(0, 2, 1, 3).reshape(960, 64)


def cut_costs(costs: np.ndarray) -> np.ndarray:
    """``(240, 256, 4)`` per-pixel value costs -> ``(960, 256)``: per tile, pixel-major."""
    return costs.reshape(30, 8, 32, 8, 4).transpose(0, 2, 1, 3, 4).reshape(960, 256)


def fit_tiles(
    tiles: np.ndarray, costs: np.ndarray, budget: int, free: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Choose the screen's tiles, at most ``budget`` of them new.

    Parameters
    ----------
    tiles : (960, 64) uint8
        The quantized tile at each screen position.
    costs : (960, 256) float32
        Per position, the cost of each (pixel, value) pair, ``pixel * 4 + value``.
    budget : int
        At least 1: the most tiles not in ``free``.
    free : (m, 64) uint8, optional
        Tiles the pattern table already holds (other scenes', a font): using them costs no
        slot, so positions may take them as they are (they are never changed).

    Returns
    -------
    chosen : (n, 64) uint8
        Distinct tiles, at most ``budget`` of them not in ``free``, in order of first use.
    placement : (960,) intp
        Index into ``chosen`` for every screen position.
    """
    free = np.zeros((0, 64), np.uint8) if free is None else np.asarray(free, np.uint8)
    free = np.unique(free.reshape(-1, 64), axis=0)
    unique, inverse = np.unique(tiles, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    is_free = rows_in(unique, free)
    if (~is_free).sum() > budget:
        unused_free = free[~rows_in(free, unique)]
        groups = np.concatenate([unique.astype(np.uint8), unused_free])
        fixed = np.concatenate([is_free, np.ones(len(unused_free), bool)])
        group_costs = np.zeros((len(groups), costs.shape[1]), np.float64)
        np.add.at(group_costs, inverse, costs)
        centres, fixed = _agglomerate(groups, group_costs, fixed, budget)
        unique, inverse = _refine(centres, costs, fixed)
    return compact_tiles(unique, inverse)


def rows_in(rows: np.ndarray, table: np.ndarray) -> np.ndarray:
    """``(n,) bool``: whether each of ``rows`` ``(n, 64)`` is one of ``table`` ``(m, 64)``."""
    known = {row.astype(np.uint8).tobytes() for row in table}
    return np.array([row.astype(np.uint8).tobytes() in known for row in rows], bool)


def onehot_tiles(tiles: np.ndarray) -> np.ndarray:
    """``(n, 64)`` values -> ``(n, 256) float64`` with 1 at ``pixel * 4 + value``."""
    out = np.zeros((len(tiles), 256))
    rows = np.repeat(np.arange(len(tiles)), 64)
    out[rows, (np.arange(64) * 4 + tiles).ravel()] = 1
    return out


def best_tile(group_cost: np.ndarray) -> np.ndarray:
    """The tile minimising a ``(..., 256)`` summed cost: argmin of each pixel's 4 values."""
    return group_cost.reshape(*group_cost.shape[:-1], 64, 4).argmin(-1).astype(np.uint8)


def _agglomerate(tiles: np.ndarray, group_costs: np.ndarray, fixed: np.ndarray, budget: int):
    """Merge groups until at most ``budget`` movable ones remain; a ``fixed`` group (a free
    tile) can absorb others but keeps its tile. Returns the tiles and fixed flags left."""
    n = len(tiles)
    tiles = tiles.astype(np.uint8).copy()
    onehot = onehot_tiles(tiles)
    alive = np.ones(n, bool)
    # delta[a, b]: extra cost if group a adopted group b's tile; fixed groups never adopt.
    own = (group_costs * onehot).sum(1)
    delta = group_costs @ onehot.T - own[:, None]
    np.fill_diagonal(delta, np.inf)
    delta[fixed] = np.inf
    partner = delta.argmin(1)
    best = delta[np.arange(n), partner]
    for _ in range(int((~fixed).sum()) - budget):
        a = int(best.argmin())
        b = int(partner[a])
        group_costs[b] += group_costs[a]  # b absorbs a
        alive[a] = False
        delta[a, :] = np.inf
        delta[:, a] = np.inf
        best[a] = np.inf
        stale = alive & (partner == a)
        if not fixed[b]:  # the merged group takes the best tile for both
            tiles[b] = best_tile(group_costs[b])
            onehot[b] = onehot_tiles(tiles[b][None])[0]
            own[b] = group_costs[b] @ onehot[b]
            delta[b, :] = group_costs[b] @ onehot.T - own[b]
            delta[:, b] = group_costs @ onehot[b] - own
            delta[b, ~alive] = np.inf
            delta[~alive | fixed, b] = np.inf
            delta[b, b] = np.inf
            stale |= alive & (partner == b)
            stale[b] = True
            improved = alive & (delta[:, b] < best)
            partner[improved], best[improved] = b, delta[improved, b]
        rows = np.flatnonzero(stale & ~fixed)
        partner[rows] = delta[rows].argmin(1)
        best[rows] = delta[rows, partner[rows]]
    return tiles[alive], fixed[alive]


def _refine(centres: np.ndarray, costs: np.ndarray, fixed: np.ndarray):
    """k-means rounds over screen positions (fixed centres keep their tile); returns the
    tiles and each position's tile."""
    costs = costs.astype(np.float64)
    assign = None
    for _ in range(REFINE_ROUNDS):
        new_assign = (costs @ onehot_tiles(centres).T).argmin(1)
        if assign is not None and np.array_equal(new_assign, assign):
            break
        assign = new_assign
        movable = np.unique(assign)
        movable = movable[~fixed[movable]]
        summed = np.zeros((len(centres), costs.shape[1]))
        np.add.at(summed, assign, costs)
        centres = centres.copy()
        centres[movable] = best_tile(summed[movable])
    return centres, assign


def compact_tiles(tiles: np.ndarray, placement: np.ndarray):
    """Drop unused or repeated tiles and number the rest in order of first use."""
    keys, remap = np.unique(tiles, axis=0, return_inverse=True)
    placement = remap.ravel()[placement]
    order, first = np.unique(placement, return_index=True)
    by_first = order[np.argsort(first)]
    renumber = np.empty(len(keys), np.intp)
    renumber[by_first] = np.arange(len(by_first))
    return keys[by_first].astype(np.uint8), renumber[placement]
