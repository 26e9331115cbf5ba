"""A converted scene builds into a ROM that draws exactly the design (our smoke test and cynes)."""

import numpy as np
import pytest
from cynes import NES as CynesNES

from romulus_nb import Game
from romulus_nb.emu.smoke import smoke_game, smoke_test
from romulus_nb.rom.build import build


@pytest.fixture(scope="module")
def converted_game(photo) -> Game:
    game = Game("photo")
    game.add_scene_from_image(photo, "astronaut", dither="ordered", progress=False)
    return game


def test_the_smoke_test_frame_of_the_rom_equals_the_scene_render(converted_game):
    result = smoke_test(build(converted_game), frames=10)
    assert result.frame == converted_game.scene(0).render()


def test_the_game_smoke_test_finds_every_pixel_identical(converted_game):
    report = smoke_game(converted_game)
    assert report.ok, repr(report)


def test_cynes_draws_the_same_picture_up_to_its_own_rgb_table(converted_game, tmp_path):
    """cynes has its own RGB palette, so compare partitions: pixels of one NES colour in our
    render are one RGB colour in cynes's frame, and different colours stay different."""
    path = tmp_path / "photo.nes"
    path.write_bytes(build(converted_game))
    # step() returns a view into the emulator's buffer: keep the emulator alive while copying,
    # or the view reads freed memory.
    nes = CynesNES(str(path))
    frame = nes.step(12).copy()
    ours = converted_game.scene(0).render().indices
    pairs = {
        (int(i), tuple(int(v) for v in rgb)) for i, rgb in zip(ours.ravel(), frame.reshape(-1, 3))
    }
    assert len(pairs) == len({i for i, _ in pairs}) == len({c for _, c in pairs})
    assert len(pairs) == len(np.unique(ours))
