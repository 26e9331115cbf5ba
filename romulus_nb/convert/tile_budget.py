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


def fit_tiles(tiles: np.ndarray, costs: np.ndarray, budget: int) -> tuple[np.ndarray, np.ndarray]:
    """Choose at most ``budget`` distinct tiles for the screen.

    Parameters
    ----------
    tiles : (960, 64) uint8
        The quantized tile at each screen position.
    costs : (960, 256) float32
        Per position, the cost of each (pixel, value) pair, ``pixel * 4 + value``.
    budget : int
        At least 1.

    Returns
    -------
    chosen : (n, 64) uint8
        Distinct tiles, ``n <= budget``, in order of first use on the screen.
    placement : (960,) intp
        Index into ``chosen`` for every screen position.
    """
    unique, first, inverse = np.unique(tiles, axis=0, return_index=True, return_inverse=True)
    inverse = inverse.ravel()
    if len(unique) > budget:
        group_costs = np.zeros((len(unique), costs.shape[1]), np.float64)
        np.add.at(group_costs, inverse, costs)
        centres = _agglomerate(unique, group_costs, budget)
        centres, inverse = _refine(centres, costs)
        unique = centres
    return compact_tiles(unique, inverse)


def onehot_tiles(tiles: np.ndarray) -> np.ndarray:
    """``(n, 64)`` values -> ``(n, 256) float64`` with 1 at ``pixel * 4 + value``."""
    out = np.zeros((len(tiles), 256))
    rows = np.repeat(np.arange(len(tiles)), 64)
    out[rows, (np.arange(64) * 4 + tiles).ravel()] = 1
    return out


def best_tile(group_cost: np.ndarray) -> np.ndarray:
    """The tile minimising a ``(..., 256)`` summed cost: argmin of each pixel's 4 values."""
    return group_cost.reshape(*group_cost.shape[:-1], 64, 4).argmin(-1).astype(np.uint8)


def _agglomerate(unique: np.ndarray, group_costs: np.ndarray, budget: int) -> np.ndarray:
    """Merge groups until ``budget`` remain; returns their tiles ``(budget, 64)``."""
    n = len(unique)
    tiles = unique.astype(np.uint8).copy()
    onehot = onehot_tiles(tiles)
    alive = np.ones(n, bool)
    # delta[a, b]: extra cost if group a adopted group b's tile.
    own = (group_costs * onehot).sum(1)
    delta = group_costs @ onehot.T - own[:, None]
    np.fill_diagonal(delta, np.inf)
    partner = delta.argmin(1)
    best = delta[np.arange(n), partner]
    for _ in range(n - budget):
        a = int(best.argmin())
        b = int(partner[a])
        # b absorbs a and takes the best tile for both.
        group_costs[b] += group_costs[a]
        tiles[b] = best_tile(group_costs[b])
        onehot[b] = onehot_tiles(tiles[b][None])[0]
        own[b] = group_costs[b] @ onehot[b]
        alive[a] = False
        delta[a, :] = np.inf
        delta[:, a] = np.inf
        best[a] = np.inf
        delta[b, :] = group_costs[b] @ onehot.T - own[b]
        delta[:, b] = group_costs @ onehot[b] - own
        delta[b, ~alive] = np.inf
        delta[~alive, b] = np.inf
        delta[b, b] = np.inf
        stale = alive & ((partner == a) | (partner == b))
        stale[b] = True
        improved = alive & (delta[:, b] < best)
        partner[improved], best[improved] = b, delta[improved, b]
        rows = np.flatnonzero(stale)
        partner[rows] = delta[rows].argmin(1)
        best[rows] = delta[rows, partner[rows]]
    return tiles[alive]


def _refine(centres: np.ndarray, costs: np.ndarray):
    """k-means rounds over screen positions; returns the tiles and each position's tile."""
    costs = costs.astype(np.float64)
    assign = None
    for _ in range(REFINE_ROUNDS):
        new_assign = (costs @ onehot_tiles(centres).T).argmin(1)
        if assign is not None and np.array_equal(new_assign, assign):
            break
        assign = new_assign
        used = np.unique(assign)
        summed = np.zeros((len(centres), costs.shape[1]))
        np.add.at(summed, assign, costs)
        centres = centres.copy()
        centres[used] = best_tile(summed[used])
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
