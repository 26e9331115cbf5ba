"""The scrolling runtime: the ROM of a game with maps shows, frame after frame, exactly the
camera view that the Python simulation of its rules predicts, within vblank, within budget."""

import shutil
import subprocess

import numpy as np
import pytest

from romulus_nb.cli import main
from romulus_nb.demo import demo_game, demo_level
from romulus_nb.errors import BuildError
from romulus_nb.play.check import VBLANK_CYCLES, check_rom
from romulus_nb.rom.build import build, build_game
from romulus_nb.rom.export_ca65 import export_ca65
from tests.scroll_games import map_game

CASES = {
    "2 screens at 1 px, to the right end and back": (
        lambda: map_game(1, 2, speed=1), "0-270:right,271-290:right+left,291-560:left", 560),
    "4 screens at 7 px, Start and Select on the way": (
        lambda: map_game(2, 4, speed=7, extra_scene=True),
        "0-60:right,61-80:left,90:start,110:select,130-260:right,270-400:left", 400),
    "8 screens RLE at 8 px, to the right end and back": (
        lambda: map_game(3, 8, speed=8, runs=True), "0-240:right,250-480:left", 480),
}  # fmt: skip


# Open: with the line-by-line PPU, the frame in which a Start/Select press blanks the picture
# is one frame off between the simulation and the ROM (see the README's known limits).
XFAIL_SWITCH = pytest.mark.xfail(strict=True, reason="scene-switch frame one off (open)")
PARAMS = [pytest.param(*case, id=name, marks=XFAIL_SWITCH if "Start and Select" in name else ())
          for name, case in CASES.items()]  # fmt: skip


@pytest.mark.parametrize("make_game, script, frames", PARAMS)
def test_the_rom_shows_the_simulated_camera_view_pixel_for_pixel(make_game, script, frames):
    game = make_game()
    report = check_rom(game, script, frames, every=3)
    assert report.ok, repr(report)
    assert 0 < report.worst_nmi_cycles < VBLANK_CYCLES


def test_the_demo_level_scrolls_to_its_right_end_and_back_with_every_upload_in_vblank():
    game = demo_level(4)
    game.scenes[1].play = None  # no player: the d-pad moves the camera
    game.scenes[1].scroll_speed = 6
    report = check_rom(game, "10:start,30-170:right,175-320:left", 330, every=4)
    assert report.ok, repr(report)
    cameras = [f.camera[0] for f in report.frames if f.scene == 1]
    assert max(cameras) == 768 and cameras[-1] == 0
    assert not report.warnings  # no VRAM write while rendering, no vblank overrun


def test_game_smoke_test_with_buttons_checks_the_scrolling_frames():
    report = map_game(4, 2).smoke_test(buttons="0-100:right", frames=120, every=10)
    assert report.ok and len(report.frames) == 12
    assert "worst NMI" in repr(report)


def test_a_game_of_one_screen_scenes_keeps_the_slideshow_runtime():
    built = build_game(demo_game())
    assert not built.scrolling and "stream_column" not in built.source
    assert build_game(map_game(5, 2)).scrolling


def test_maps_of_long_runs_are_stored_rle_and_random_maps_raw_each_the_smaller():
    rle = build_game(map_game(6, 8, runs=True))
    raw = build_game(map_game(6, 8))
    assert "RLE pairs" in rle.layout.source and "map_0_lo:" in rle.layout.source
    assert "columns of 15" in raw.layout.source
    assert rle.budget.scene_bytes[0] < 8 * 16 * 15 < raw.budget.scene_bytes[0] + 1


def test_a_game_over_32_kib_is_refused_with_the_bytes_over_and_what_to_cut():
    game = map_game(7, 8)
    for i in range(17):
        copy = game.add_scene(f"copy {i}", game.scenes[0])
        copy.metatiles = np.roll(game.scenes[0].metatiles, i + 1, axis=1)
    with pytest.raises(BuildError, match=r"bytes over.*a map costs about 15 bytes per column"):
        build(game)


def test_vertical_maps_are_refused_by_the_builder_for_now():
    game = map_game(8, 2)
    game.add_scene("tower", screens=(1, 2))
    with pytest.raises(BuildError, match="scroll vertically"):
        build(game)


def test_romulus_build_reports_prg_bytes_per_screen(tmp_path, capsys):
    path = tmp_path / "g.json"
    demo_level(4).save(path)
    assert main(["build", str(path), "-o", str(tmp_path / "g.nes")]) == 0
    out = capsys.readouterr().out
    assert "scene 1 'Level': 4x1 screens" in out and "per screen" in out


def test_the_ca65_export_of_a_scrolling_game_builds_the_same_bytes_with_ld65(tmp_path):
    assert shutil.which("ca65") and shutil.which("ld65"), "cc65 is required by this test"
    for game in (demo_level(4), map_game(9, 8, runs=True, extra_scene=True)):
        folder = tmp_path / game.name.replace(" ", "_")
        export_ca65(game, folder)
        subprocess.run(["ca65", "game.s", "-o", "game.o"], cwd=folder, check=True)
        subprocess.run(["ld65", "-C", "nrom.cfg", "game.o", "-o", "game.nes"], cwd=folder,
                       check=True)  # fmt: skip
        assert (folder / "game.nes").read_bytes() == build(game)


def test_the_smoke_test_without_buttons_checks_a_map_at_its_start():
    report = demo_level(2).smoke_test()
    assert report.ok and len(report.scenes) == 5, repr(report)
