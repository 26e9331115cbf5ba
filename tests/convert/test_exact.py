"""A picture that already obeys the NES's limits converts back to itself with zero error."""

import numpy as np
import pytest
from convert_pictures import draw_legal_picture, random_legal_design

from romulus_nb import Scene
from romulus_nb.convert import convert_picture


@pytest.mark.parametrize("dither", ["none", "ordered", "diffusion"])
@pytest.mark.parametrize("space", ["lab", "oklab", "rgb"])
def test_a_legal_picture_converts_back_to_itself_pixel_for_pixel(legal_picture, dither, space):
    result = convert_picture(legal_picture, dither=dither, space=space, progress=False)
    assert result.report.psnr == float("inf")
    assert np.array_equal(result.report.result, legal_picture)


@pytest.mark.parametrize(
    "seed, shared_colors", [(1, False), (2, False), (3, True), (4, True), (5, True)]
)
def test_legal_designs_with_shared_or_distinct_colours_come_back_exactly(seed, shared_colors):
    design = random_legal_design(seed, tile_count=60, shared_colors=shared_colors)
    picture = draw_legal_picture(*design)
    scene, report = Scene.from_image(picture, progress=False)
    assert np.array_equal(scene.render().rgb(), picture)
    assert report.worst_blocks == []  # every block is exact


def test_the_design_is_recovered_with_no_more_tiles_than_it_had():
    picture = draw_legal_picture(*random_legal_design(6, tile_count=40))
    scene, report = Scene.from_image(picture, progress=False)
    assert report.tiles_used <= 40
    assert len(scene.background_tiles_used()) == report.tiles_used


def test_pixel_art_at_half_size_converts_exactly_after_a_whole_number_enlargement():
    picture = draw_legal_picture(*random_legal_design(8, tile_count=20))
    small = picture[:120, :128]  # a quarter of a legal picture; enlarged 2x it is legal again:
    big = np.repeat(np.repeat(small, 2, 0), 2, 1)  # <= 4 colours a block, <= 4 x 20 tiles
    result = convert_picture(small, progress=False)
    assert np.array_equal(result.report.original, big)
    assert result.report.psnr == float("inf")
