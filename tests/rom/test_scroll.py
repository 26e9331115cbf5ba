"""The scrolling runtime: the ROM of a game with maps shows, frame after frame, exactly the
camera view that the Python simulation of its rules predicts, within vblank, within budget."""

import shutil
import subprocess

import numpy as np
import pytest

from romulus_nb.cli import main
from romulus_nb.demo import demo_game, demo_level
from romulus_nb.emu.machine import NES
from romulus_nb.errors import BuildError
from romulus_nb.play.check import VBLANK_CYCLES, check_rom
from romulus_nb.rom.build import build, build_game
from romulus_nb.rom.export_ca65 import export_ca65
from tests.demo_games import one_screen_demo
from tests.scroll_games import map_game

CASES = {
    "2 screens at 1 px, to the right end and back": (
        lambda: map_game(1, 2, speed=1), "0-270:right,271-290:right+left,291-560:left", 560),
    "4 screens at 7 px, Start and Select on the way": (
        lambda: map_game(2, 4, speed=7, extra_scene=True),
        "0-60:right,61-80:left,90:start,110:select,130-260:right,270-400:left", 400),
    "8 screens RLE at 8 px, to the right end and back": (
        lambda: map_game(3, 8, speed=8, runs=True), "0-240:right,250-480:left", 480),
    "tower of 2 screens at 1 px, to the bottom and back up": (
        lambda: map_game(21, 2, speed=1, vertical=True),
        "0-250:down,251-270:down+up,271-520:up", 520),
    "tower of 4 screens at 7 px, Start and Select on the way": (
        lambda: map_game(22, 4, speed=7, extra_scene=True, vertical=True),
        "0-60:down,61-80:up,90:start,110:select,130-260:down,270-400:up", 400),
    "tower of 8 screens RLE at 8 px, to the bottom and back up": (
        lambda: map_game(23, 8, speed=8, runs=True, vertical=True), "0-220:down,230-450:up",
        450),
}  # fmt: skip


@pytest.mark.parametrize("make_game, script, frames", CASES.values(), ids=CASES.keys())
def test_the_rom_shows_the_simulated_camera_view_pixel_for_pixel(make_game, script, frames):
    game = make_game()
    report = check_rom(game, script, frames, every=3)
    assert report.ok, repr(report)
    assert 0 < report.worst_nmi_cycles < VBLANK_CYCLES


def test_a_scene_switch_turns_rendering_off_only_in_vblank():
    game = map_game(2, 4, speed=7, extra_scene=True)
    nes = NES(build(game), buttons="20:start,40:select,60:start,80:select")
    nes.run_frames(100)
    offs = [w for w in nes.state().writes if w.register == "PPUMASK" and not w.value & 0x18]
    assert len(offs) == 2 + 4  # reset, loading scene 0, then each switch
    assert all(241 <= w.scanline <= 260 for w in offs[1:]), offs


def test_the_demo_level_scrolls_to_its_right_end_and_back_with_every_upload_in_vblank():
    game = demo_level(4)
    game.scenes[1].play = None  # no player: the d-pad moves the camera
    game.scenes[1].scroll_speed = 6
    report = check_rom(game, "10:start,30-170:right,175-320:left", 330, every=4)
    assert report.ok, repr(report)
    cameras = [f.camera[0] for f in report.frames if f.scene == 1]
    assert max(cameras) == 768 and cameras[-1] == 0
    assert not report.warnings  # no VRAM write while rendering, no vblank overrun


@pytest.mark.parametrize("vertical, buttons", [(False, "0-100:right"), (True, "0-100:down")])
def test_game_smoke_test_with_buttons_checks_the_scrolling_frames(vertical, buttons):
    report = map_game(4, 2, vertical=vertical).smoke_test(buttons=buttons, frames=120, every=10)
    assert report.ok and len(report.frames) == 12
    assert "worst NMI" in repr(report)


@pytest.mark.parametrize("vertical, script", [(False, "0-150:right"), (True, "0-150:down")])
def test_romulus_smoke_prints_the_worst_nmi_against_the_vblank_cycles(
    vertical, script, tmp_path, capsys
):
    path = tmp_path / "g.nes"
    path.write_bytes(build(map_game(16, 3, speed=8, vertical=vertical)))
    assert main(["smoke", str(path), "--buttons", script, "--frames", "160"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "worst NMI" in x)
    cycles = int(line.split()[2])
    # More than the OAM DMA alone (513 cycles), less than NTSC vblank (20 x 341 / 3 = 2273).
    assert 513 < cycles < 2273 and "of 2273 vblank cycles" in line


def test_a_game_of_one_screen_scenes_keeps_the_slideshow_runtime():
    built = build_game(one_screen_demo())
    assert not built.scrolling and "stream_strip" not in built.source
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


def test_a_game_whose_maps_scroll_both_ways_is_refused_with_what_to_do():
    game = map_game(8, 2)
    game.add_scene("tower", screens=(1, 2))
    with pytest.raises(BuildError, match=r"\['tower'\] vertically.*one mirroring"):
        build(game)
    errors = [f.rule for f in game.check().findings if f.level == "error"]
    assert errors == ["mirroring"]  # said once, with what to do


# iNES flags 6 bit 0 (https://www.nesdev.org/wiki/INES): 1 vertical mirroring (the nametables
# side by side, for horizontal scrolling), 0 horizontal (stacked, for vertical scrolling).
@pytest.mark.parametrize("vertical, bit", [(False, 1), (True, 0)])
def test_the_cartridge_mirroring_follows_the_way_its_maps_scroll(vertical, bit):
    assert build(map_game(10, 2, vertical=vertical))[6] & 1 == bit
    assert build(demo_game())[6] & 1 == 1  # one-screen games keep their bytes


def test_a_vertical_map_is_stored_row_after_row():
    game = map_game(11, 2, vertical=True)
    built = build_game(game)
    assert "rows of 16" in built.layout.source
    rows = game.scenes[0].metatiles  # (30, 16)
    first = ",".join(f"${v:02X}" for v in rows[0])
    assert first in built.layout.source


def test_romulus_build_reports_prg_bytes_per_screen(tmp_path, capsys):
    path = tmp_path / "g.json"
    demo_level(4).save(path)
    assert main(["build", str(path), "-o", str(tmp_path / "g.nes")]) == 0
    out = capsys.readouterr().out
    assert "scene 1 'Level': 4x1 screens" in out and "per screen" in out


def test_the_ca65_export_of_a_scrolling_game_builds_the_same_bytes_with_ld65(tmp_path):
    assert shutil.which("ca65") and shutil.which("ld65"), "cc65 is required by this test"
    games = (demo_level(4), map_game(9, 8, runs=True, extra_scene=True),
             map_game(19, 3, extra_scene=True, vertical=True))  # fmt: skip
    for game in games:
        folder = tmp_path / game.name.replace(" ", "_")
        export_ca65(game, folder)
        subprocess.run(["ca65", "game.s", "-o", "game.o"], cwd=folder, check=True)
        subprocess.run(["ld65", "-C", "nrom.cfg", "game.o", "-o", "game.nes"], cwd=folder,
                       check=True)  # fmt: skip
        assert (folder / "game.nes").read_bytes() == build(game)


def test_the_smoke_test_without_buttons_checks_a_map_at_its_start():
    report = demo_level(2).smoke_test()
    assert report.ok and len(report.scenes) == 5, repr(report)
