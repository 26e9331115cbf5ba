"""`Scene.from_image` and `Game.add_scene_from_image`: where the tiles go, and bad options."""

import time

import numpy as np
import pytest
from convert_pictures import draw_legal_picture, random_legal_design
from PIL import Image

import romulus_nb.convert.pipeline as pipeline
from romulus_nb import Game, Scene
from romulus_nb.errors import InvalidValueError, LimitError


def test_scene_from_image_returns_a_scene_of_a_new_game_that_holds_its_tiles(legal_picture):
    scene, report = Scene.from_image(legal_picture, "legal", progress=False)
    assert scene.game is not None and scene.game.scenes == [scene]
    assert scene.name == "legal"
    assert np.array_equal(scene.render().rgb(), legal_picture)


def test_a_path_names_the_scene_after_the_file(tmp_path, legal_picture):
    path = tmp_path / "title screen.png"
    Image.fromarray(legal_picture).save(path)
    scene, _ = Scene.from_image(path, progress=False)
    assert scene.name == "title screen"


def test_new_tiles_go_into_free_slots_and_identical_tiles_are_reused():
    design = random_legal_design(11, tile_count=30)
    backdrop, palettes, attributes, tiles, nametable = design
    game = Game()
    first, report1 = game.add_scene_from_image(draw_legal_picture(*design), progress=False)
    # The same tiles in another arrangement: every tile is already there.
    rng = np.random.default_rng(12)
    rearranged = draw_legal_picture(
        backdrop, palettes, attributes, tiles, rng.permutation(nametable)
    )
    second, report2 = game.add_scene_from_image(rearranged, progress=False)
    assert report1.tiles_new == report1.tiles_used
    assert report2.tiles_new == 0
    assert second.background_tiles_used() <= first.background_tiles_used()
    assert np.array_equal(second.render().rgb(), rearranged)


def test_slots_other_scenes_use_and_the_font_are_never_overwritten(photo):
    game = Game()
    base = game.add_font()
    painted = game.add_scene("painted")
    game.set_tile(0, 200, np.full((8, 8), 3))
    painted.paint_tiles([(0, 0)], 200)
    tiles_before = game.pattern_table(0).copy()
    scene, report = game.add_scene_from_image(photo, progress=False)
    kept = [200, *range(base, base + 95)]
    assert np.array_equal(game.pattern_table(0)[kept], tiles_before[kept])
    assert report.tile_budget == 256 - 96 - 1  # less the font (95), tile 200 and blank tile 0
    assert report.tiles_new <= report.tile_budget


def test_tiles_already_in_the_game_are_free_to_use(photo):
    game = Game()
    _, first = game.add_scene_from_image(photo, "first", tile_budget=150, progress=False)
    edited = photo.copy()
    edited[200:260, 200:260] = (255, 255, 0)  # a yellow square on the same picture
    scene, second = game.add_scene_from_image(edited, "edited", tile_budget=10, progress=False)
    assert second.tiles_new <= 10 < second.tiles_used
    assert second.psnr > first.psnr - 1.5  # 10 new tiles and the first scene's tiles suffice


def test_a_conversion_that_fails_leaves_the_game_unchanged(photo):
    game = Game()
    chr_before = game.chr_bytes()
    with pytest.raises(LimitError, match="use 1-256"):
        game.add_scene_from_image(photo, tile_budget=257, progress=False)
    assert game.scenes == [] and game.chr_bytes() == chr_before


@pytest.mark.parametrize(
    "option, value, message",
    [
        ("fit", "stretch", "'crop' or 'letterbox'"),
        ("dither", "floyd", "'none', 'ordered' or 'diffusion'"),
        ("space", "hsv", "'lab'"),
        ("seed", -1, "seed"),
        ("tile_budget", 2.5, "whole number"),
        ("bg_table", 2, "0 or 1"),
    ],
)
def test_bad_options_are_refused_naming_what_is_allowed(legal_picture, option, value, message):
    with pytest.raises(InvalidValueError, match=message):
        Scene.from_image(legal_picture, progress=False, **{option: value})


def test_the_scene_can_use_pattern_table_1(legal_picture):
    game = Game()
    scene, _ = game.add_scene_from_image(legal_picture, bg_table=1, progress=False)
    assert scene.bg_table == 1 and not game.pattern_table(0).any()
    assert np.array_equal(scene.render().rgb(), legal_picture)


def test_a_conversion_over_a_second_shows_a_progress_bar_unless_told_not_to(
    photo, monkeypatch, capsys
):
    choose = pipeline.choose_palettes

    def slow_choose(*args, **kwargs):
        time.sleep(1.2)  # tqdm's bar appears once a conversion has run for a second
        return choose(*args, **kwargs)

    monkeypatch.setattr(pipeline, "choose_palettes", slow_choose)
    Scene.from_image(photo, progress=True)  # a photo: art that is already legal is exact
    assert "convert" in capsys.readouterr().err
    Scene.from_image(photo, progress=False)
    assert capsys.readouterr().err == ""
