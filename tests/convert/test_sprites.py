"""A sprite sheet over a picture becomes sprites and metasprites exactly, or is refused naming
the sprite rule it breaks (https://www.nesdev.org/wiki/PPU_OAM). Expected pictures come from the
renderer drawing the demo's own sprites."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from romulus_nb import Game
from romulus_nb.cli import main
from romulus_nb.demo import COIN, demo_game
from romulus_nb.errors import ImageImportError
from romulus_nb.nes.colors import DEFAULT_PALETTE
from romulus_nb.nes.oam import Sprite
from romulus_nb.project import load_game
from romulus_nb.render import render_scene

DEMO = demo_game()


def meadow_with(sprites: list[Sprite]) -> tuple[np.ndarray, np.ndarray]:
    """Colour indices of the meadow without sprites and with ``sprites``."""
    scene = DEMO.scene("Meadow").copy()
    scene.sprites = []
    background = render_scene(scene, DEMO.tileset).indices
    scene.sprites = sprites
    return background, render_scene(scene, DEMO.tileset).indices


def save_pair(tmp_path, background, full):
    """The background as a PNG, and the sprites alone as an RGBA sheet (transparent elsewhere)."""
    rgb = DEFAULT_PALETTE.rgb
    Image.fromarray(rgb[background]).save(tmp_path / "meadow.png")
    sheet = np.zeros((240, 256, 4), np.uint8)
    sheet[..., :3] = rgb[full]
    sheet[..., 3] = np.where(full != background, 255, 0)
    Image.fromarray(sheet, "RGBA").save(tmp_path / "hero.png")
    return tmp_path / "meadow.png", tmp_path / "hero.png"


HERO = DEMO.metasprites["hero"]
ON_GRID = (
    HERO.place(48, 160)
    + HERO.place(200, 160, flip_h=True)
    + [Sprite(88 + 16 * i, 112, COIN, palette=1) for i in range(6)]
)


def test_a_sheet_of_the_demos_sprites_comes_back_with_0_differing_pixels(tmp_path):
    background, full = meadow_with(ON_GRID)
    picture, sheet = save_pair(tmp_path, background, full)
    game = Game("sprites")
    scene, report = game.add_scene_from_image(picture, sprites=sheet, progress=False)
    shown = render_scene(scene, game.tileset).indices
    assert np.array_equal(DEFAULT_PALETTE.rgb[shown], DEFAULT_PALETTE.rgb[full])
    assert report.exact and any(
        n.startswith("sprites from hero.png") and ": exact" in n for n in report.notes
    )
    assert len(scene.sprites) == len(ON_GRID)
    # The hero and its mirror image share 4 tiles; the coin is one more.
    assert len({s.tile for s in scene.sprites}) == 5
    sizes = sorted(len(m.parts) for m in game.metasprites.values())
    assert sizes == [1] * 6 + [4, 4]  # two heroes of 2x2 sprites, six coins apart


def test_import_image_sprites_writes_a_project_that_reloads_with_its_metasprites(tmp_path):
    background, full = meadow_with(ON_GRID)
    picture, sheet = save_pair(tmp_path, background, full)
    out = tmp_path / "g.json"
    assert main(["import-image", str(picture), "-o", str(out), "--sprites", str(sheet)]) == 0
    game = load_game(out)
    shown = render_scene(game.scene(0), game.tileset).indices
    assert np.array_equal(DEFAULT_PALETTE.rgb[shown], DEFAULT_PALETTE.rgb[full])
    assert len(game.metasprites) == 8


def too_many_sprites(rgb):
    for band in range(1, 10):  # 9 bands of 8 lines, 8 sprites each: 72 sprites, 8 on a line
        rgb[8 * band, 0:128:16] = (*DEFAULT_PALETTE.rgb[0x16], 255)
    return rgb


def four_colours(rgb):
    for i, c in enumerate((0x16, 0x2A, 0x12, 0x27)):
        rgb[40, 40 + i, :3] = DEFAULT_PALETTE.rgb[c]
        rgb[40, 40 + i, 3] = 255
    return rgb


def five_palettes(rgb):
    sets = ((0x01, 0x11, 0x31), (0x04, 0x14, 0x34), (0x05, 0x15, 0x35), (0x0B, 0x1B, 0x3B),
            (0x0C, 0x1C, 0x3C))  # fmt: skip
    for k, colours in enumerate(sets):
        for i, c in enumerate(colours):
            rgb[40, 16 * k + i, :3] = DEFAULT_PALETTE.rgb[c]
            rgb[40, 16 * k + i, 3] = 255
    return rgb


@pytest.mark.parametrize(
    "breaks, rule",
    [
        (too_many_sprites, "sprite-count"),
        (four_colours, "sprite-colors"),
        (five_palettes, "sprite-palettes"),
    ],
)
def test_a_sheet_breaking_a_sprite_rule_is_refused_naming_it_and_the_game_is_unchanged(
    tmp_path, breaks, rule
):
    sheet = np.zeros((240, 256, 4), np.uint8)
    Image.fromarray(breaks(sheet), "RGBA").save(tmp_path / "bad.png")
    background, _ = meadow_with([])
    Image.fromarray(DEFAULT_PALETTE.rgb[background]).save(tmp_path / "meadow.png")
    game = Game("unchanged")
    with pytest.raises(ImageImportError, match=f"not exact: {rule}"):
        game.add_scene_from_image(tmp_path / "meadow.png", sprites=tmp_path / "bad.png")
    assert game.scenes == [] and not game.tileset.any() and not game.metasprites


def test_nine_sprites_on_one_line_are_refused_as_more_than_the_ppu_draws(tmp_path):
    sheet = np.zeros((240, 256, 4), np.uint8)
    sheet[50, 0 : 9 * 16 : 16] = (*DEFAULT_PALETTE.rgb[0x16], 255)  # 9 sprites, 16 pixels apart
    Image.fromarray(sheet, "RGBA").save(tmp_path / "nine.png")
    with pytest.raises(ImageImportError, match="sprites-per-line: 9 sprites"):
        Game().add_scene_from_image(
            np.zeros((240, 256, 3), np.uint8), sprites=tmp_path / "nine.png"
        )
