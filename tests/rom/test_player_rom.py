"""The player's rules in 6502 (``rom/runtime/player.s``) against the same rules in Python
(`romulus_nb.play.simulate`): every checked frame's picture pixel for pixel, the RAM variables
frame by frame, and the CPU time of the worst frame; then against cynes."""

import numpy as np
import pytest
from cynes import NES as CynesNES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from romulus_nb.cli import main
from romulus_nb.demo import demo_level
from romulus_nb.emu.buttons import parse_buttons
from romulus_nb.emu.machine import NES
from romulus_nb.nes.colors import DEFAULT_PALETTE
from romulus_nb.play import simulate
from romulus_nb.play.physics import Level
from romulus_nb.play.picture import play_frame
from romulus_nb.play.proof import FRAME_CYCLES, check_play, drawn_picture, latch_oam
from romulus_nb.rom.build import build
from tests.emu.conftest import differing_pixels
from tests.play.player_games import (
    TOWER_CLIMB,
    TOWER_CLIMB_EXIT,
    player_game,
    text_level,
    tower_game,
)
from tests.rom.test_scroll_cynes import cynes_mask

# Floor with a gap, a step, a wall, a floating platform and a ceiling over two screens.
OBSTACLES = [
    "................................",
    "..........########..............",
    "................................",
    "................................",
    "...................#............",
    "..............#....#.....####...",
    "#########..#########..##########",
    "#########..#########..##########",
]
DEMO_RUN = (
    "10:start,40-200:right,60:a,61-75:a,120:a,210-300:left,250:a,320-700:right,400-420:a,"
    "500:a,600-640:a,700-760:left+a"
)


def obstacle_game(movement: str = "platform"):
    return player_game(text_level(OBSTACLES, 2), start=(16, 13 * 16 - 16 - 32), movement=movement)


def tower(movement: str = "platform"):
    """The 2-screen tower (a map down) of `tests.play.player_games.tower_game`."""
    return tower_game(movement, screens=2)


MOVEMENT = st.sampled_from(["platform", "topdown"])
#: The levels the random scripts play: across (obstacles) and down (the tower).
LEVELS = {"across": obstacle_game, "down": tower}


def test_the_demo_level_played_in_the_rom_is_the_simulation_frame_for_frame():
    report = check_play(demo_level(), DEMO_RUN, 780)
    assert report.ok, report
    assert len(report.frames) > 700
    assert 0 < report.worst_cycles < FRAME_CYCLES
    assert f"of {FRAME_CYCLES} CPU cycles" in repr(report)


# Title -> level (jump over the block, into the door) -> the top-down room (walk left through its
# door) -> back in the level, and Start to the room again.
ROUND_TRIP = (
    "10:start,30-104:right,60-75:a,94-114:a,160-200:left,210-215:up,260-330:right,340:a,400:start"
)


def test_the_playable_demo_goes_through_the_door_to_the_topdown_room_and_back_as_simulated():
    game = demo_level()
    views = simulate(game, ROUND_TRIP, 420)
    names = [game.scenes[v.scene].name for v in views if v.scene is not None]
    visits = [n for i, n in enumerate(names) if i == 0 or names[i - 1] != n]
    assert visits == ["Title", "Level", "Room", "Level", "Room"]
    back = next(v for v in views[150:] if v.scene == 1)
    assert (back.player.x, back.player.y) == (160, 192)  # the exit's arrival point
    room = [v.player for v in views if v.scene == 2]
    assert {p.animation for p in room} == {0, 1} and not any(p.on_ground for p in room)
    report = check_play(game, ROUND_TRIP, 420)
    assert report.ok, report
    assert len(report.frames) > 350


SEGMENT = st.tuples(
    st.integers(1, 40),
    st.sampled_from(
        [
            "",
            "right",
            "left",
            "a",
            "right+a",
            "left+a",
            "right+left",
            "b",
            "down",
            "up+left",
            "down+right",
        ]
    ),  # fmt: skip
)


def script_of(segments) -> str:
    """Enter the level with Start at frame 5, then the segments one after another."""
    parts, frame = ["5:start"], 20
    for length, buttons in segments:
        if buttons:
            parts.append(f"{frame}-{frame + length - 1}:{buttons}")
        frame += length
    return ",".join(parts)


@pytest.mark.parametrize("level", LEVELS)
@settings(max_examples=6, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(movement=MOVEMENT, segments=st.lists(SEGMENT, min_size=1, max_size=8))
def test_random_button_scripts_never_make_the_rom_and_the_simulation_diverge(
    level, movement, segments
):
    report = check_play(LEVELS[level](movement), script_of(segments), 200, every=2)
    assert report.ok, report


@pytest.mark.parametrize("level", LEVELS)
@settings(max_examples=60, deadline=None)
@given(movement=MOVEMENT, segments=st.lists(SEGMENT, min_size=1, max_size=20))
def test_random_button_scripts_never_leave_the_player_inside_a_solid_metatile(
    level, movement, segments
):
    game = LEVELS[level](movement)
    level = Level(game, 1)
    w, h = game.player.width, game.player.height
    for view in simulate(game, script_of(segments), 500):
        if view.player is None:
            continue
        s = view.player
        corners = [(s.x, s.y), (s.x + w - 1, s.y), (s.x, s.y + h - 1), (s.x + w - 1, s.y + h - 1)]
        assert not any(level.solid_at(x, y) for x, y in corners), view


def test_the_tower_climbed_in_the_rom_is_the_simulation_frame_for_frame():
    # A map down: the camera follows y both ways (down to the start, up the climb), the
    # player lands on platforms across the screens' boundary, and the exit at the top loads
    # the tower again with the player on its floor.
    game, frames = tower(), TOWER_CLIMB_EXIT + 60
    views = simulate(game, TOWER_CLIMB, frames)
    playing = [v for v in views if v.player is not None]
    assert {v.camera[0] for v in playing} == {0}
    assert {0, 240} <= {v.camera[1] for v in playing}  # both ends of the 2-screen tower
    assert min(v.player.y for v in playing) < 24 and views[TOWER_CLIMB_EXIT].scene is None
    assert views[-1].player.y == game.scenes[1].play.start[1]  # back on the floor
    report = check_play(game, TOWER_CLIMB, frames)
    assert report.ok, report
    assert len(report.frames) > TOWER_CLIMB_EXIT
    assert 0 < report.worst_cycles < FRAME_CYCLES


CYNES_RUNS = {
    "across": (demo_level, DEMO_RUN, 330),
    "down": (tower, TOWER_CLIMB, 400),
}


@pytest.mark.parametrize("run", CYNES_RUNS)
def test_every_frame_in_cynes_is_our_drawn_frame_and_the_simulated_one(
    run, tmp_path, cynes_palette
):
    make, script, frames = CYNES_RUNS[run]
    game = make()
    path = tmp_path / "game.nes"
    path.write_bytes(build(game))
    views = simulate(game, script, frames + 1)
    buttons = parse_buttons(script)
    theirs, ours = CynesNES(str(path)), NES(path.read_bytes(), buttons=script)
    latched = latch_oam(ours)
    compared = 0
    for n in range(1, frames + 1):
        theirs.controller = cynes_mask(buttons.get(n - 1, 0))
        picture = np.array(theirs.step(1), copy=True)
        ours.run_frames(1)
        view = views[n]
        if view.player is None or views[n + 1].scene is None:
            continue  # the title and the scene switch (the scroll runtime's timing cases)
        drawn = drawn_picture(ours.state(), ours.ppu.frame, latched)
        assert differing_pixels(drawn, picture, cynes_palette) == 0, f"cynes frame {n}"
        expected = play_frame(game, view.scene, view.camera, view.player).indices
        assert np.array_equal(drawn, expected), f"simulated frame {n}: {view}"
        compared += 1
    assert compared > frames - 30


@pytest.mark.parametrize("frames", [40, 236])
def test_romulus_smoke_with_a_script_is_cynes_frame_n_while_the_player_stands(
    frames, tmp_path, cynes_palette
):
    # The smoke picture draws the OAM as it is after the frame's vblank (the next frame's
    # sprites): equal to cynes' frame when the player did not move in the last frame.
    path, png = tmp_path / "game.nes", tmp_path / "f.png"
    path.write_bytes(build(demo_level()))
    script = "10:start,60-120:right,140-170:left"
    assert main(["smoke", str(path), "--buttons", script, "--frames", str(frames),
                 "-o", str(png)]) == 0  # fmt: skip
    lookup = {tuple(DEFAULT_PALETTE.lookup(np.array([i], np.uint8))[0]): i for i in range(64)}
    ours = np.asarray(Image.open(png).convert("RGB"))
    indices = np.array([[lookup[tuple(p)] for p in row] for row in ours], np.uint8)
    theirs, buttons = CynesNES(str(path)), parse_buttons(script)
    for k in range(frames):
        theirs.controller = cynes_mask(buttons.get(k, 0))
        picture = np.array(theirs.step(1), copy=True)
    assert differing_pixels(indices, picture, cynes_palette) == 0
