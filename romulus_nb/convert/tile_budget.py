"""Cutting the quantized picture into 8x8 tiles and fitting them into a tile budget.

The NES background cannot flip tiles, so only exact duplicates are free. Past that, tiles are
merged where it costs the picture least. The cost is exact and separable per pixel: for every
tile position ``i`` of the screen, ``costs[i, pixel, value]`` says how far pixel value 0-3 (in that
position's palette) is from what it should show, so a set of positions sharing one tile pays
``sum_i costs[i, p, tile[p]]`` and its best tile is the per-pixel argmin of the summed costs.

1. exact duplicates become one group each;
2. greedy agglomeration: repeatedly merge the pair of groups whose merge raises the cost least
   (the merged group takes the best tile for both, so a pair costs what that tile adds), each
   group searching its partners among its nearest few and keeping its best partner, so that a
   merge updates one row and one column, not the matrix;
3. a few k-means rounds: every position takes the cheapest tile, every tile becomes the best for
   its positions. Each round can only lower the cost.

Tiles the pattern table already holds for other scenes (or a font) are free: they join as groups
that can absorb others but never change, and do not count against the budget.
"""

from __future__ import annotations

import numpy as np

REFINE_ROUNDS = 4
SHORTLIST = 8


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
    tile) can absorb others but keeps its tile. Returns the tiles and fixed flags left.

    Two movable groups merge at the exact cost of their best shared tile (per pixel, the value
    cheapest for both); a movable group joins a fixed one at the cost of adopting its tile.
    The exact cost takes 256 sums a pair, so it is computed for each group's `SHORTLIST`
    nearest groups by adoption cost (which bounds it from above), and for the merged group's.
    """
    n = len(tiles)
    tiles = tiles.astype(np.uint8).copy()
    summed = group_costs.astype(np.float64).reshape(n, 64, 4)
    flat = summed.reshape(n, 256)  # a view: merges update both
    onehot = onehot_tiles(tiles)
    own = (flat * onehot).sum(1)
    alive = np.ones(n, bool)
    adopt = flat @ onehot.T - own[:, None]  # adopt[a, b]: extra cost if a took b's tile
    adopt[fixed] = np.inf  # fixed groups never change their tile
    nearest = np.minimum(adopt, adopt.T)
    np.fill_diagonal(nearest, np.inf)
    short = min(SHORTLIST, n - 1)
    delta = np.full((n, n), np.inf)  # delta[a, b]: extra cost of merging a and b (symmetric)
    for a in range(n):
        others = np.argpartition(nearest[a], short - 1)[:short]
        delta[a, others] = _merge_costs(a, others, summed, flat, onehot, own, fixed)
    delta = np.minimum(delta, delta.T)
    partner = delta.argmin(1)
    best = delta[np.arange(n), partner]
    for _ in range(int((~fixed).sum()) - budget):
        a = int(best.argmin())
        b = int(partner[a])
        keep, gone = (a, b) if fixed[a] else (b, a)
        neighbours = np.isfinite(delta[keep]) | np.isfinite(delta[gone])
        summed[keep] += summed[gone]
        alive[gone] = False
        delta[gone, :] = delta[:, gone] = np.inf
        best[gone] = np.inf
        stale = alive & ((partner == gone) | (partner == keep))
        if not fixed[keep]:  # the merged group takes the best tile for both
            tiles[keep] = summed[keep].argmin(-1)
            onehot[keep] = onehot_tiles(tiles[keep][None])[0]
            own[keep] = flat[keep] @ onehot[keep]
            by_adoption = np.minimum(flat @ onehot[keep] - own, flat[keep] @ onehot.T - own[keep])
            by_adoption[~alive] = np.inf
            by_adoption[keep] = np.inf
            neighbours[np.argpartition(by_adoption, short - 1)[:short]] = True
            others = np.flatnonzero(neighbours & alive & np.isfinite(by_adoption))
            row = np.full(n, np.inf)
            row[others] = _merge_costs(keep, others, summed, flat, onehot, own, fixed)
            delta[keep, :] = delta[:, keep] = row
            stale[keep] = True
            improved = alive & (row < best)
            partner[improved], best[improved] = keep, row[improved]
        rows = np.flatnonzero(stale)
        if len(rows):
            partner[rows] = delta[rows].argmin(1)
            best[rows] = delta[rows, partner[rows]]
    return tiles[alive], fixed[alive]


def _merge_costs(a, others, summed, flat, onehot, own, fixed) -> np.ndarray:
    """Extra cost of merging group ``a`` with each of ``others``; ``inf`` for two fixed groups."""
    out = np.full(len(others), np.inf)
    if fixed[a]:  # the others adopt a's tile
        mine = ~fixed[others]
        out[mine] = flat[others[mine]] @ onehot[a] - own[others[mine]]
        return out
    shared = ~fixed[others]
    pair = summed[a][None] + summed[others[shared]]
    out[shared] = pair.min(-1).sum(-1) - own[a] - own[others[shared]]
    out[~shared] = flat[a] @ onehot[others[~shared]].T - own[a]
    return out


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
