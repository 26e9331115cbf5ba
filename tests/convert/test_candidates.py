"""Undithered, the perceptual palette search competes with the sRGB one: the closer one is kept."""

import numpy as np
import pytest

import romulus_nb.convert.pipeline as pipeline
from romulus_nb.convert import convert_picture, fit_picture
from romulus_nb.nes.colors import DEFAULT_PALETTE


def squared_error(report) -> float:
    return float(((report.original.astype(np.float64) - report.result) ** 2).sum())


@pytest.mark.parametrize("space", ["lab", "oklab", "rgb"])
def test_the_result_is_no_farther_than_the_closest_candidate_palette_search(photo, space):
    picture = fit_picture(photo)
    report = convert_picture(photo, space=space, tile_budget=128, progress=False).report
    searches = pipeline._searches(space, "none")
    assert searches[0] == (space, 2) and ("rgb", 2) in searches
    errors = [
        pipeline._candidate(picture, DEFAULT_PALETTE, np.zeros((0, 64), np.uint8), 128, "none",
                            0, search, restarts)[-1]
        for search, restarts in searches
    ]  # fmt: skip
    assert squared_error(report) <= min(errors)


def test_a_dithered_conversion_searches_its_own_space_only():
    assert pipeline._searches("lab", "ordered") == [("lab", 2)]


def test_a_picture_of_four_master_colours_is_exact_whatever_the_search_space():
    # Four stripes of master colours $0F, $16, $2A, $30: one palette shows them all.
    colours = DEFAULT_PALETTE.rgb[[0x0F, 0x16, 0x2A, 0x30]]
    picture = np.repeat(colours, 64, axis=0)[None].repeat(240, axis=0)  # (240, 256, 3)
    for space in ("lab", "oklab", "rgb"):
        report = convert_picture(picture, space=space, progress=False).report
        assert np.array_equal(report.result, picture)
