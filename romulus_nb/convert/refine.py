"""Joint refinement after the tiles are fixed in number: palettes, attributes and tiles in turn.

Merging tiles changes which colours each palette entry has to show, so the palettes chosen
before merging are no longer the best. Each round re-chooses, with the others fixed:

1. every palette colour (and the backdrop): the candidate nearest the mean of the pixels that
   show it, which minimises their summed squared error exactly;
2. every block's palette, given its 4 tiles;
3. every tile (the per-pixel best value for the positions sharing it), then every position's
   tile among the chosen ones.

No step can raise the total error, so the picture only gets closer; the tile count never grows.
Used for undithered conversions (a dithered picture is its own reference).
"""

from __future__ import annotations

import numpy as np

from romulus_nb.convert.lab import squared_distances
from romulus_nb.convert.quantize import pixel_palettes, value_costs
from romulus_nb.convert.tile_budget import best_tile, cut_costs, onehot_tiles

ROUNDS = 3


def uncut(tiles: np.ndarray, placement: np.ndarray) -> np.ndarray:
    """``(n, 64)`` tiles placed by ``(960,)`` -> ``(240, 256)`` pixel values."""
    return tiles[placement].reshape(30, 32, 8, 8).transpose(0, 2, 1, 3).reshape(240, 256)


def refine(target, opaque, candidates, cand_space, colors, attributes, tiles, placement, fixed):
    """Improve a conversion in place of its parts; returns the new ones.

    Parameters
    ----------
    target : (240, 256, 3) float32
        The picture in the conversion's colour space.
    opaque : (240, 256) bool
    candidates : (K,) intp
        Master indices allowed as colours; ``cand_space`` ``(K, 3)`` their coordinates.
    colors : (4, 4) intp
        Master index of each palette entry (column 0: backdrop).
    attributes : (15, 16) uint8
    tiles : (n, 64) uint8
    placement : (960,) intp
    fixed : (n,) bool
        Tiles that must not change (free tiles the pattern table already holds).

    Returns
    -------
    colors, attributes, tiles, placement
    """
    colors, attributes = colors.copy(), attributes.copy()
    tiles, placement = tiles.copy(), placement.copy()
    position = {int(c): k for k, c in enumerate(candidates)}
    for _ in range(ROUNDS):
        values = uncut(tiles, placement)
        colors = _best_colors(target, opaque, candidates, cand_space, colors, attributes, values)
        space_colors = cand_space[[[position[int(c)] for c in row] for row in colors]]
        attributes = _best_attributes(target, opaque, space_colors, values)
        costs = cut_costs(value_costs(target, opaque, space_colors, attributes)).astype(np.float64)
        tiles, placement = _best_tiles(costs, tiles, placement, fixed)
    return colors, attributes, tiles, placement


def _best_colors(target, opaque, candidates, cand_space, colors, attributes, values):
    palette = pixel_palettes(attributes)
    # Group 0 is the backdrop (entry 0 of every palette); groups 1 + 3p + (v-1) the rest.
    group = np.where(values == 0, 0, 1 + 3 * palette + values.astype(np.intp) - 1)[opaque]
    pixels = target[opaque].astype(np.float64)
    count = np.bincount(group, minlength=13)
    sums = np.stack([np.bincount(group, pixels[:, c], minlength=13) for c in range(3)], 1)
    means = sums / np.maximum(count, 1)[:, None]
    nearest = candidates[squared_distances(means, cand_space).argmin(1)]
    colors = colors.copy()
    if count[0]:
        colors[:, 0] = nearest[0]
    for g in range(1, 13):
        if count[g]:
            colors[(g - 1) // 3, (g - 1) % 3 + 1] = nearest[g]
    return colors


def _best_attributes(target, opaque, space_colors, values):
    errors = []
    for p in range(4):
        shown = space_colors[p][values]  # (240, 256, 3)
        err = ((target - shown) ** 2).sum(-1) * opaque
        errors.append(err.reshape(15, 16, 16, 16).sum(axis=(1, 3)))
    return np.argmin(np.stack(errors), axis=0).astype(np.uint8)


def _best_tiles(costs, tiles, placement, fixed):
    summed = np.zeros((len(tiles), costs.shape[1]))
    np.add.at(summed, placement, costs)
    used = np.unique(placement)
    used = used[~fixed[used]]
    tiles = tiles.copy()
    tiles[used] = best_tile(summed[used])
    placement = (costs @ onehot_tiles(tiles).T).argmin(1)
    return tiles, placement
