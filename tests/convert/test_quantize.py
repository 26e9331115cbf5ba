"""Quantizing to each block's palette: nearest colour, Bayer ordered dithering, diffusion."""

import numpy as np
import pytest

from romulus_nb.convert.quantize import BAYER_8, quantize

# One palette (repeated 4 times): entries at L = 0, 100, and two far-off colours.
PALETTE = np.array([[0, 0, 0], [100, 0, 0], [50, 80, 80], [50, -80, -80]], np.float32)
COLORS = np.repeat(PALETTE[None], 4, 0)
ATTRIBUTES = np.zeros((15, 16), np.uint8)
OPAQUE = np.ones((240, 256), bool)


def flat(level: float) -> np.ndarray:
    return np.broadcast_to(np.array([level, 0, 0], np.float32), (240, 256, 3)).copy()


def test_the_bayer_matrix_holds_each_threshold_once():
    # The classic 8x8 Bayer matrix (Bayer 1973): every value 0-63 once, thresholds (k+.5)/64.
    assert sorted((BAYER_8 * 64 - 0.5).round().astype(int).ravel()) == list(range(64))
    assert BAYER_8[0, 0] == 0.5 / 64 and BAYER_8[0, 1] == 32.5 / 64


@pytest.mark.parametrize("share", [0.0, 0.25, 0.5, 0.75])
def test_ordered_dithering_draws_the_far_colour_in_its_share_of_the_pattern(share):
    values = quantize(flat(100 * share), OPAQUE, COLORS, ATTRIBUTES, "ordered")
    assert set(np.unique(values)) <= {0, 1}
    assert values.mean() == pytest.approx(share, abs=1 / 64)


def test_without_dithering_every_pixel_takes_the_nearest_colour():
    values = quantize(flat(40), OPAQUE, COLORS, ATTRIBUTES, "none")
    assert (values == 0).all()


@pytest.mark.parametrize("level", [20, 50, 70])
def test_error_diffusion_keeps_the_average_colour(level):
    values = quantize(flat(level), OPAQUE, COLORS, ATTRIBUTES, "diffusion")
    shown = PALETTE[values][..., 0]
    assert shown.mean() == pytest.approx(level, abs=2.5)


@pytest.mark.parametrize("dither", ["none", "ordered", "diffusion"])
def test_transparent_pixels_are_always_the_backdrop(dither):
    opaque = OPAQUE.copy()
    opaque[:, ::3] = False
    values = quantize(flat(90), opaque, COLORS, ATTRIBUTES, dither)
    assert (values[~opaque] == 0).all() and (values[opaque] == 1).mean() > 0.5


def test_each_block_uses_only_its_own_palette():
    colors = COLORS.copy()
    colors[1] = [[0, 0, 0], [30, 0, 0], [60, 0, 0], [90, 0, 0]]
    attributes = np.zeros((15, 16), np.uint8)
    attributes[:, 8:] = 1
    values = quantize(flat(60), OPAQUE, colors, attributes, "none")
    assert (values[:, :128] == 1).all()  # palette 0: L 100 is the nearest to L 60
    assert (values[:, 128:] == 2).all()  # palette 1 has L 60 itself
