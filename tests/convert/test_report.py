"""The report measures what the NES will show, and shows it the same way every time."""

import base64
import io
import re

import numpy as np
import pytest
from PIL import Image
from skimage.metrics import peak_signal_noise_ratio

from romulus_nb import Scene
from romulus_nb.convert import convert_picture
from romulus_nb.convert.report import block_psnr


@pytest.fixture(scope="module")
def conversion(photo):
    return convert_picture(photo, tile_budget=200, progress=False)


def test_psnr_is_measured_on_the_rendered_scene_against_the_fitted_picture(photo):
    scene, report = Scene.from_image(photo, tile_budget=200, progress=False)
    rendered = scene.render().rgb()
    assert np.array_equal(report.result, rendered)
    expected = peak_signal_noise_ratio(report.original, rendered, data_range=255)
    assert report.psnr == pytest.approx(expected, abs=1e-9)


@pytest.mark.filterwarnings("ignore:divide by zero")  # exact blocks: skimage says inf
def test_the_worst_blocks_are_the_blocks_with_the_lowest_psnr(conversion):
    report = conversion.report
    original, result = report.original.astype(float), report.result.astype(float)
    slow = np.array(
        [
            [
                peak_signal_noise_ratio(
                    original[16 * by : 16 * by + 16, 16 * bx : 16 * bx + 16],
                    result[16 * by : 16 * by + 16, 16 * bx : 16 * bx + 16],
                    data_range=255,
                )
                for bx in range(16)
            ]
            for by in range(15)
        ]
    )
    assert np.allclose(block_psnr(report.original, report.result), slow)
    x, y, value = report.worst_blocks[0]
    assert value == pytest.approx(slow.min()) and slow[y, x] == pytest.approx(slow.min())
    assert [p for _, _, p in report.worst_blocks] == sorted(p for _, _, p in report.worst_blocks)


def test_the_report_counts_the_tiles_and_lists_the_palettes_the_scene_uses(conversion):
    report, scene = conversion.report, conversion.scene
    assert report.tiles_used == len(scene.background_tiles_used()) <= report.tile_budget == 200
    assert [list(p) for p in report.palettes] == scene.palettes.array[:4].tolist()


def test_the_text_repr_is_deterministic_with_psnr_to_two_decimals(photo, conversion):
    again = convert_picture(photo, tile_budget=200, progress=False)
    assert repr(again.report) == repr(conversion.report)
    assert f"PSNR {conversion.report.psnr:.2f} dB" in repr(conversion.report)
    assert "0x" not in repr(conversion.report)  # no memory addresses


def test_the_html_shows_original_result_and_error_map_as_one_embedded_png(conversion):
    page = conversion.report._repr_html_()
    data = re.search(r'src="data:image/png;base64,([^"]+)"', page).group(1)
    picture = np.asarray(Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB"))
    assert picture.shape == (480, 2 * (3 * 256 + 16), 3)
    report = conversion.report
    assert np.array_equal(picture[::2, ::2][:, :256], report.original)
    assert np.array_equal(picture[::2, ::2][:, 264:520], report.result)
    assert "original | NES result | error map" in page


def test_the_error_map_is_black_where_the_result_is_exact(legal_picture):
    report = convert_picture(legal_picture, progress=False).report
    assert not report.error_map.any()
    assert report.psnr == float("inf") and "PSNR inf dB" in repr(report)
