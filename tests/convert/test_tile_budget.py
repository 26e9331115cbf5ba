"""Fitting tiles into a budget: exact duplicates are free, then the cheapest merges first."""

import numpy as np
import pytest

from romulus_nb.convert.tile_budget import cut_tiles, fit_tiles


def costs_for(tiles: np.ndarray) -> np.ndarray:
    """Cost 1 for every pixel value that differs from the tile as quantized (a Hamming cost)."""
    costs = np.ones((len(tiles), 64, 4), np.float32)
    costs[np.arange(len(tiles))[:, None], np.arange(64)[None, :], tiles] = 0
    return costs.reshape(len(tiles), 256)


def screen_of(*tiles: np.ndarray, counts) -> np.ndarray:
    return np.concatenate([np.repeat(t[None], n, 0) for t, n in zip(tiles, counts)])


def test_cutting_the_screen_gives_960_tiles_in_reading_order():
    values = np.arange(240 * 256).reshape(240, 256) % 4
    values[8:16, 0:8] = 3  # tile row 1, column 0 -> tile 32
    tiles = cut_tiles(values)
    assert tiles.shape == (960, 64) and (tiles[32] == 3).all()
    assert np.array_equal(tiles[1], values[0:8, 8:16].ravel())


def test_exact_duplicates_cost_no_tile_and_nothing_merges_within_budget():
    rng = np.random.default_rng(0)
    a, b = rng.integers(0, 4, (2, 64))
    tiles = screen_of(a, b, counts=(500, 460))
    chosen, placement = fit_tiles(tiles, costs_for(tiles), budget=2)
    assert len(chosen) == 2 and np.array_equal(chosen[placement], tiles)


def test_the_two_most_alike_tiles_merge_first():
    rng = np.random.default_rng(1)
    a = rng.integers(0, 4, 64)
    b = a.copy()
    b[5] = (b[5] + 1) % 4  # one pixel from a
    c = (a + 2) % 4  # every pixel from a
    tiles = screen_of(a, b, c, counts=(400, 200, 360))
    chosen, placement = fit_tiles(tiles, costs_for(tiles), budget=2)
    assert len(chosen) == 2
    assert any(np.array_equal(t, a) for t in chosen) and any(np.array_equal(t, c) for t in chosen)
    assert np.array_equal(chosen[placement[400]], a)  # b's positions now show a (the majority)


def test_a_budget_of_one_leaves_the_per_pixel_majority_tile():
    rng = np.random.default_rng(2)
    tiles = rng.integers(0, 4, (960, 64))
    chosen, placement = fit_tiles(tiles, costs_for(tiles), budget=1)
    majority = np.array([np.bincount(tiles[:, p], minlength=4).argmax() for p in range(64)])
    assert np.array_equal(chosen[0], majority) and (placement == 0).all()


def test_two_tiles_merge_into_a_third_shape_when_it_suits_both_better_than_either():
    # Per pixel (all 64 alike), the cost of values 0-3 at three positions whose own tiles are
    # all 0s, all 1s and all 3s. Value 2 costs 1 at both of the first two positions, so sharing
    # an all-2 tile costs 2 a pixel; the cheapest adoption (the third taking all 0s) costs 3.
    per_pixel = np.array([[0, 5, 1, 9], [5, 0, 1, 9], [3, 9, 9, 0]], np.float32)
    costs = np.repeat(per_pixel[:, None, :], 64, axis=1).reshape(3, 256)
    tiles = np.repeat(np.array([0, 1, 3], np.uint8)[:, None], 64, axis=1)
    chosen, placement = fit_tiles(tiles, costs, budget=2)
    assert sorted(int(t[0]) for t in chosen) == [2, 3] and all(len(set(t)) == 1 for t in chosen)
    assert [int(chosen[p][0]) for p in placement] == [2, 2, 3]


@pytest.mark.parametrize("budget", [1, 3, 10, 40])
def test_free_tiles_never_let_the_new_tiles_exceed_the_budget(budget):
    # 960 noisy positions, half of them near one of 50 free tiles: merging into free tiles
    # must still leave at most `budget` tiles that are not free.
    rng = np.random.default_rng(budget)
    free = rng.integers(0, 4, (50, 64))
    tiles = rng.integers(0, 4, (960, 64))
    near = rng.random(960) < 0.5
    tiles[near] = free[rng.integers(0, 50, near.sum())]
    noise = rng.random((960, 64)) < 0.05
    tiles[noise] = rng.integers(0, 4, noise.sum())
    chosen, placement = fit_tiles(tiles, costs_for(tiles), budget, free)
    free_keys = {row.astype(np.uint8).tobytes() for row in free}
    new = [t for t in chosen if t.tobytes() not in free_keys]
    assert len(new) <= budget
    assert placement.shape == (960,) and placement.max() < len(chosen)
