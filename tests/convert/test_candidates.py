"""Undithered, the perceptual palette search competes with the sRGB one: the closer one is kept."""

import numpy as np
import pytest

from romulus_nb.convert import convert_picture
from romulus_nb.nes.colors import DEFAULT_PALETTE


def squared_error(report) -> float:
    return float(((report.original.astype(np.float64) - report.result) ** 2).sum())


@pytest.mark.parametrize("space", ["lab", "oklab"])
def test_a_perceptual_search_never_renders_farther_than_the_srgb_search(photo, space):
    ours = convert_picture(photo, space=space, tile_budget=128, progress=False).report
    srgb = convert_picture(photo, space="rgb", tile_budget=128, progress=False).report
    assert squared_error(ours) <= squared_error(srgb)


def test_a_picture_of_four_master_colours_is_exact_whatever_the_search_space():
    # Four stripes of master colours $0F, $16, $2A, $30: one palette shows them all.
    colours = DEFAULT_PALETTE.rgb[[0x0F, 0x16, 0x2A, 0x30]]
    picture = np.repeat(colours, 64, axis=0)[None].repeat(240, axis=0)  # (240, 256, 3)
    for space in ("lab", "oklab", "rgb"):
        report = convert_picture(picture, space=space, progress=False).report
        assert np.array_equal(report.result, picture)
