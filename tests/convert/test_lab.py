import numpy as np
import pytest
import skimage.color

from romulus_nb.convert.lab import squared_distances, srgb_to_lab, srgb_to_oklab, to_space


def test_cielab_matches_scikit_image_on_every_grey_and_random_colours():
    rng = np.random.default_rng(1)
    colours = np.concatenate(
        [np.repeat(np.arange(256, dtype=np.uint8)[:, None], 3, 1), rng.integers(0, 256, (2000, 3))]
    ).astype(np.uint8)
    expected = skimage.color.rgb2lab(colours[None])[0]
    assert np.abs(srgb_to_lab(colours) - expected).max() < 0.01


# Reference values from Ottosson's OKLab post (https://bottosson.github.io/posts/oklab/).
@pytest.mark.parametrize(
    "rgb, oklab",
    [
        ((255, 255, 255), (1.0, 0.0, 0.0)),
        ((255, 0, 0), (0.62796, 0.22486, 0.12585)),
        ((0, 255, 0), (0.86644, -0.23389, 0.17950)),
        ((0, 0, 255), (0.45201, -0.03246, -0.31153)),
    ],
)
def test_oklab_matches_the_published_values_for_white_and_the_primaries(rgb, oklab):
    got = srgb_to_oklab(np.array(rgb, np.uint8)) / 100
    assert np.allclose(got, oklab, atol=2e-4)


def test_squared_distances_equal_the_plain_sum_of_squares():
    rng = np.random.default_rng(2)
    a, b = rng.uniform(-50, 100, (30, 3)), rng.uniform(-50, 100, (7, 3))
    plain = ((a[:, None, :] - b[None, :, :]) ** 2).sum(-1)
    assert np.allclose(squared_distances(a, b), plain, rtol=1e-4, atol=1e-2)


def test_an_unknown_colour_space_is_refused_naming_the_choices():
    with pytest.raises(ValueError, match="'lab', 'oklab' or 'rgb'"):
        to_space(np.zeros(3, np.uint8), "hsv")
