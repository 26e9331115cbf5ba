"""``smoke_game``: every scene of one of our games, reached with the joypad, must render exactly
like its design; a ROM that differs is caught, with the pixels that differ."""

from __future__ import annotations

import numpy as np

from romulus_nb.demo import demo_game
from romulus_nb.emu.smoke import smoke_game
from romulus_nb.rom.build import build


def test_every_scene_of_the_demo_game_renders_exactly_like_its_design():
    game = demo_game()
    report = game.smoke_test()
    assert report.ok, repr(report)
    assert [s.name for s in report.scenes] == [s.name for s in game.scenes]
    assert all(s.differing_pixels == 0 for s in report.scenes)
    assert report.smoke.warnings == ()


def test_a_rom_that_no_longer_matches_its_design_is_caught_with_the_differing_pixels():
    game = demo_game()
    rom = build(game)
    scene = game.scenes[1]
    scene.palettes.backdrop = 0x21 if scene.palettes.backdrop != 0x21 else 0x22
    report = smoke_game(game, rom)
    assert not report.ok
    bad = [s for s in report.scenes if not s.ok]
    assert [s.index for s in bad] == [1]
    expected = int((bad[0].expected.indices != bad[0].actual.indices).sum())
    assert bad[0].differing_pixels == expected > 0
    picture = bad[0].difference_rgb()
    assert picture.shape == (240, 3 * 256 + 8, 3)
    magenta = np.all(picture[:, 2 * 256 + 8 :] == (255, 0, 255), axis=-1)
    assert int(magenta.sum()) == expected
    ys, xs = np.nonzero(bad[0].difference())
    assert f"{expected} pixels differ, first at (x={xs[0]}, y={ys[0]})" in repr(report)


def test_the_report_displays_as_deterministic_html():
    game = demo_game()
    first, second = smoke_game(game), smoke_game(game)
    assert first._repr_html_() == second._repr_html_()
    assert (
        "PASS" in first._repr_html_() and first._repr_html_().count("<h4>Scene") == 5
    )  # Title, Level, Room, Meadow, Credits
