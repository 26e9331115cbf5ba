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
    The exact cost takes 256 sums a pair, so it is computed only for each group's `SHORTLIST`
    nearest groups by adoption cost (which bounds it from above), and after each merge for the
    merged group's ``2 * SHORTLIST`` nearest.
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
    rows = np.repeat(np.arange(n), short)
    cols = np.argpartition(nearest, short - 1, axis=1)[:, :short].ravel()
    delta[rows, cols] = _merge_costs(rows, cols, summed, flat, onehot, own, fixed)
    delta = np.minimum(delta, delta.T)
    partner = delta.argmin(1)
    best = delta[np.arange(n), partner]

    def refresh(g: int) -> None:
        """Exact merge costs of group ``g`` with its ``2 * SHORTLIST`` nearest live groups."""
        by_adoption = np.minimum(flat @ onehot[g] - own, flat[g] @ onehot.T - own[g])
        by_adoption[~alive | (fixed & fixed[g])] = np.inf
        by_adoption[g] = np.inf
        wide = min(2 * short, int(np.isfinite(by_adoption).sum()))
        others = np.argpartition(by_adoption, wide - 1)[:wide] if wide else np.zeros(0, np.intp)
        row = np.full(n, np.inf)
        row[others] = _merge_costs(np.full(wide, g), others, summed, flat, onehot, own, fixed)
        delta[g, :] = delta[:, g] = row
        partner[g], best[g] = int(row.argmin()), row.min()
        improved = alive & (row < best)
        partner[improved], best[improved] = g, row[improved]

    for _ in range(int((~fixed).sum()) - budget):
        a = int(best.argmin())
        b = int(partner[a])
        keep, gone = (a, b) if fixed[a] else (b, a)
        summed[keep] += summed[gone]
        alive[gone] = False
        delta[gone, :] = delta[:, gone] = np.inf
        best[gone] = np.inf
        stale = alive & ((partner == gone) | (partner == keep))
        if not fixed[keep]:  # the merged group takes the best tile for both
            tiles[keep] = summed[keep].argmin(-1)
            onehot[keep] = onehot_tiles(tiles[keep][None])[0]
            own[keep] = flat[keep] @ onehot[keep]
            stale[keep] = False
            refresh(keep)
        rows = np.flatnonzero(stale)
        if len(rows):
            partner[rows] = delta[rows].argmin(1)
            best[rows] = delta[rows, partner[rows]]
        for g in rows[~np.isfinite(best[rows])]:  # every partner it had is gone: look again
            refresh(int(g))
    return tiles[alive], fixed[alive]


def _merge_costs(a, b, summed, flat, onehot, own, fixed) -> np.ndarray:
    """Extra cost of merging groups ``a[i]`` and ``b[i]`` (``(k,)`` each); ``inf`` if both are
    fixed. Two movable groups share their best tile; a movable one adopts a fixed one's tile."""
    out = np.full(len(a), np.inf)
    both = ~fixed[a] & ~fixed[b]
    pa, pb = a[both], b[both]
    out[both] = (summed[pa] + summed[pb]).min(-1).sum(-1) - own[pa] - own[pb]
    for mover, host in ((a, b), (b, a)):
        adopts = ~fixed[mover] & fixed[host]
        m, h = mover[adopts], host[adopts]
        out[adopts] = (flat[m] * onehot[h]).sum(1) - own[m]
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
