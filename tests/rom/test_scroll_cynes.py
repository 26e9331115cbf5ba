"""Proof in a real emulator: a scrolling ROM draws in cynes exactly what our emulator, and the
Python simulation of the runtime, say it draws, frame after frame, while the d-pad scrolls the
map both ways and to both ends: ``romulus smoke --frames N --buttons S`` is cynes' frame N
under S (the buttons of frame k held while frame k is stepped, k from 0).

The two count alike: cynes' step k ends where the vblank after frame k begins and returns
frame k as drawn; our picture after n frames is frame n - 1 as drawn (from the memories as its
visible lines ended); both read script frame k at the vblank before frame k. cynes is started
with `cynes_at_power_on` (its first step is sometimes empty, see there). The games start on a
one-screen title and enter the map with Start, as the demo does.
"""

import numpy as np
import pytest

from romulus_nb.cli import main
from romulus_nb.demo import demo_level
from romulus_nb.emu.bus import BUTTONS
from romulus_nb.emu.buttons import parse_buttons
from romulus_nb.emu.machine import NES
from romulus_nb.nes.hardware import MASK_RENDERING
from romulus_nb.play import simulate
from romulus_nb.render import LINE_MASK
from romulus_nb.rom.build import build
from tests.emu.conftest import CYNES_BITS, cynes_at_power_on, differing_pixels
from tests.scroll_games import map_game


def cynes_mask(mask: int) -> int:
    """Our joypad byte (bit 0 A ... bit 7 Right) as cynes' (bit 7 A ... bit 0 Right)."""
    return sum(CYNES_BITS[name] for bit, name in enumerate(BUTTONS) if mask >> bit & 1)


def titled(game):
    """``game`` with a one-screen title scene first: the map is entered with Start."""
    game.add_scene("title", game.scenes[-1] if len(game.scenes) > 1 else None, index=0)
    return game


def fast_demo_level():
    game = demo_level(4)
    game.scenes[1].play = None  # no player: the d-pad moves the camera
    game.scenes[1].scroll_speed = 8
    return game


CASES = {
    "demo level at 8 px, right to the end and back": (
        fast_demo_level, "10:start,30-130:right,140-240:left", 250),
    "2 screens at 3 px, right then left": (
        lambda: titled(map_game(11, 2, speed=3)), "0-119:right,8:start,120-239:left", 240),
    "8 screens RLE at 8 px, to both ends": (
        lambda: titled(map_game(12, 8, speed=8, runs=True, extra_scene=True)),
        "8:start,0-249:right,250-265:right+left,266-499:left", 500),
    "tower of 3 screens at 5 px, down then up": (
        lambda: titled(map_game(14, 3, speed=5, vertical=True)),
        "0-129:down,8:start,130-139:down+up,140-269:up", 270),
    "tower of 8 screens RLE at 8 px, to both ends": (
        lambda: titled(map_game(15, 8, speed=8, runs=True, extra_scene=True, vertical=True)),
        "8:start,0-229:down,230-239:down+up,240-459:up", 460),
}  # fmt: skip


@pytest.mark.parametrize("make_game, script, frames", CASES.values(), ids=CASES.keys())
def test_every_frame_in_cynes_is_our_frame_and_the_simulated_camera_view(
    make_game, script, frames, tmp_path, cynes_palette
):
    game = make_game()
    path = tmp_path / "game.nes"
    path.write_bytes(build(game))
    views = simulate(game, script, frames)
    level = next(i for i, s in enumerate(game.scenes) if s.screens != (1, 1))
    w, h = game.scenes[level].screens
    axis = int(h > 1)
    xs = [v.camera[axis] for v in views if v.scene == level]
    end = (256 * (w - 1), 240 * (h - 1))[axis]
    assert end in xs and 0 in xs[xs.index(end) :], "the script reaches both ends"
    buttons = parse_buttons(script)
    theirs, ours = cynes_at_power_on(path), NES(path.read_bytes(), buttons=script)
    compared, was_on = 0, False
    for n in range(1, frames + 1):
        theirs.controller = cynes_mask(buttons.get(n - 1, 0))
        picture = np.array(theirs.step(1), copy=True)
        ours.run_frames(1)
        state, view = ours.state(), views[n]
        # The picture is the frame drawn last, line by line: whole when every line rendered.
        drawn = bool((state.lines[:, LINE_MASK] & MASK_RENDERING).all())
        assert drawn == (view.scene is not None), f"frame {n}: {view}"
        shown, was_on = drawn and was_on, drawn
        if not shown:
            continue  # rendering off (power-on, a scene loading), or the first frame back
        actual = state.render().indices
        assert differing_pixels(actual, picture, cynes_palette) == 0, f"cynes frame {n}"
        expected = game.scenes[view.scene].render(camera=view.camera).indices
        assert np.array_equal(expected, actual), f"simulated frame {n}: {view}"
        compared += 1
    assert compared > frames * 0.9


# 101 and 121: the frames drawn while Start (100) and Select (120) blank the picture, whose
# palette is uploaded in the vblank after them: they show the old scene, as cynes draws it.
@pytest.mark.parametrize("frames", [60, 101, 102, 121, 150, 151, 230])
def test_romulus_smoke_frames_n_with_a_script_is_cynes_frame_n_under_that_script(
    frames, tmp_path, cynes_palette
):
    path = tmp_path / "game.nes"
    path.write_bytes(build(titled(map_game(13, 2, speed=5, extra_scene=True))))
    script = "6:start,0-99:right,100:start,120:select,145-159:left,160-229:right"
    png = tmp_path / "f.png"
    code = main(["smoke", str(path), "--buttons", script, "--frames", str(frames), "-o",
                 str(png)])  # fmt: skip
    assert code == 0
    from PIL import Image

    ours = np.asarray(Image.open(png).convert("RGB")).astype(int)
    theirs = cynes_at_power_on(path)
    buttons = parse_buttons(script)
    for k in range(frames):
        theirs.controller = cynes_mask(buttons.get(k, 0))
        picture = np.array(theirs.step(1), copy=True)
    # Our PNG is in our RGB palette: compare through the indices each palette gives.
    from romulus_nb.nes.colors import DEFAULT_PALETTE

    lookup = {tuple(DEFAULT_PALETTE.lookup(np.array([i], np.uint8))[0]): i for i in range(64)}
    indices = np.array([[lookup[tuple(p)] for p in row] for row in ours], np.uint8)
    assert differing_pixels(indices, picture, cynes_palette) == 0
