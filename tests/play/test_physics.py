"""The player's rules in Python (`romulus_nb.play.physics`): what a player feels, in numbers
worked out by hand from the rules and the Super Mario Bros. defaults (1/256 pixel units)."""

import pytest

from romulus_nb.cli import main
from romulus_nb.emu.buttons import button_mask
from romulus_nb.play.physics import CAMERA_STEP, Level, follow, frame_oam, player_oam, step
from romulus_nb.player import Physics
from tests.play.player_games import flat_game, player_game, text_level, tower_game, tower_level

RIGHT, LEFT, A = button_mask("right"), button_mask("left"), button_mask("a")
DOWN, UP = button_mask("down"), button_mask("up")
GROUND_Y = 13 * 16 - 16  # the box standing on row 13


def run(game, inputs, scene: int = 1, state=None):
    """The states after each frame of ``inputs`` (joypad masks), from the start."""
    level = Level(game, scene)
    state, previous, out = state or level.start(), 0, []
    for held in inputs:
        state = step(state, held, held & ~previous, level)
        previous = held
        out.append(state)
    return out


def test_holding_right_accelerates_by_the_acceleration_up_to_the_top_speed_and_no_further():
    states = run(flat_game(4), [RIGHT] * 60)
    assert [s.vx for s in states[:3]] == [10, 20, 30]
    assert states[39].vx == 400 and states[59].vx == 400  # 40 frames of 10 reach 400
    # x in subpixels is the running sum of the speeds
    total = sum(min(10 * (k + 1), 400) for k in range(60))
    s = states[59]
    assert (s.x - 32) * 256 + s.x_sub == total
    assert all(s.facing == 0 and s.on_ground for s in states)


def test_releasing_slows_by_the_friction_to_a_stop_and_left_faces_left():
    states = run(flat_game(4), [RIGHT] * 40 + [0] * 40 + [LEFT])
    assert [s.vx for s in states[40:43]] == [387, 374, 361]
    assert states[40 + 29].vx == 10 and states[40 + 30].vx == 0  # 400 = 30 * 13 + 10
    assert states[-1].vx == -10 and states[-1].facing == 1


def jump_height(frames_held: int) -> int:
    game = flat_game()
    states = run(game, [0] + [A] * frames_held + [0] * 80)  # one frame to find the ground
    return GROUND_Y - min(s.y for s in states)


def test_a_jumps_and_holding_a_longer_jumps_higher_and_lands_back_on_the_ground():
    tap, held = jump_height(1), jump_height(40)
    # Tapped: -1024 + 32 (A still held that frame) = -992, then +112 a frame while rising:
    # 992 + 880 + ... + 96 = 4896 subpixels = 19.1 pixels up, so the top pixel row is 20 up.
    assert tap == 20
    # Held: +32 a frame: sum(1024 - 32k, k = 1..31) = 15872 subpixels = 62 pixels exactly.
    assert held == 62
    states = run(flat_game(), [0] + [A] * 40 + [0] * 80)
    assert states[-1].y == GROUND_Y and states[-1].on_ground and states[-1].vy == 0
    assert {s.animation for s in states} == {2, 0}  # jump in the air, idle back down


def test_a_wall_stops_the_player_against_it_and_a_ceiling_stops_a_jump():
    # rows 10-12 of column 6 hold a wall: the 16-wide box stops at x = 6 * 16 - 16
    cells = text_level(["......#", "......#", "......#", "#" * 32, "#" * 32])
    states = run(player_game(cells, start=(32, GROUND_Y)), [RIGHT] * 120)
    pushed = [s for s in states if s.x == 6 * 16 - 16]
    assert max(s.x for s in states) == 6 * 16 - 16 and states[-1].x == 6 * 16 - 16
    assert any(s.vx == 0 and s.x_sub == 0 for s in pushed)  # stopped against it, then pushes
    ceiling = text_level(["..#####", ".......", ".......", "#" * 32, "#" * 32])
    states = run(player_game(ceiling, start=(40, GROUND_Y)), [0] + [A] * 60)
    tops = [s.y for s in states]
    assert min(tops) == 11 * 16  # the head stops under row 10's blocks (y = 176)


@pytest.mark.parametrize("speed", [1024, 2047])
def test_no_tunnelling_at_top_speed_through_a_one_metatile_wall_or_floor(speed):
    physics = Physics(top_speed=speed, acceleration=speed, max_fall=speed, gravity=speed)
    cells = text_level(["..........#....", "..........#....", "#" * 32])
    game = player_game(cells, start=(0, 11 * 16), physics=physics)
    states = run(game, [RIGHT] * 40)
    assert all(s.x <= 10 * 16 - 16 for s in states) and states[-1].x == 10 * 16 - 16
    thin = text_level(["#" * 32, "." * 32, "." * 32])  # a floor one metatile thick at row 12
    game = player_game(thin, start=(64, 0), physics=physics)
    states = run(game, [0] * 60)
    assert states[-1].y == 12 * 16 - 16 and states[-1].on_ground


@pytest.mark.parametrize("speed", [1024, 2047])
def test_on_a_tower_y_is_map_wide_and_a_fall_at_top_speed_lands_on_a_floor_three_screens_down(
    speed,
):
    physics = Physics(top_speed=speed, acceleration=speed, max_fall=speed, gravity=speed)
    floor = ["#" * 16] + ["." * 16] * 4  # a floor one metatile thick at row 40 of 45
    game = player_game(tower_level(floor, 3), start=(64, 0), physics=physics)
    states = run(game, [0] * 200)
    assert max(s.y for s in states) == 40 * 16 - 16 and states[-1].on_ground
    # a wall on rows 37-39 of column 6 stops the player walking right along that floor
    wall = ["......#........."] * 3 + floor
    states = run(player_game(tower_level(wall, 3), start=(16, 40 * 16 - 16)), [RIGHT] * 90)
    assert states[-1].x == 6 * 16 - 16 and states[-1].y == 40 * 16 - 16


def test_below_the_bottom_of_a_tower_the_player_starts_again():
    holed = tower_level(["#####....#######"] * 2, 2)  # rows 28-29, a hole in columns 5-8
    game = player_game(holed, start=(16, 28 * 16 - 16))
    states = run(game, [RIGHT] * 200)
    assert max(s.y for s in states) >= 2 * 240 - 16  # fell past the map's bottom edge ...
    restarted = [i for i in range(1, 200) if states[i].y < states[i - 1].y]
    assert restarted and (states[restarted[0]].x, states[restarted[0]].y) == (16, 28 * 16 - 16)


@pytest.mark.parametrize(
    ("camera_y", "entry"),
    [
        (0, [179, 0x42, 2, 200]),  # OAM byte 0 holds the screen line - 1
        (100, [79, 0x42, 2, 200]),
        (179, [0, 0x42, 2, 200]),  # line 1, the first a sprite can show on
        (180, [0xFF] * 4),  # line 0 and above: hidden
        (240, [0xFF] * 4),
    ],
)
def test_on_a_tower_scene_sprites_sit_at_map_positions_and_hide_above_the_screen(camera_y, entry):
    game = tower_game(screens=2)  # its sprite 1: Sprite(200, 180, tile $42, palette 2)
    oam = frame_oam(game, 1, None, (0, camera_y))
    assert list(oam[4:8]) == entry


def test_on_a_tower_the_players_sprites_move_up_the_screen_by_the_camera_y():
    game = tower_game(screens=2)
    state = Level(game, 1).start()  # standing on the floor at map y 432, facing right
    index = game.player.animations["idle"].frames[0][0]
    parts = game.player_metasprites()[index].parts
    for camera_y in (210, 240):
        lines = [entry[0] + 1 for entry in player_oam(game, state, (0, camera_y))]
        assert lines == [432 - camera_y + part.dy for part in parts]
    # with the camera at the tower's top, the player is 432 lines down: off the screen
    assert set(player_oam(game, state, (0, 0))) == {bytes([0xFF] * 4)}


def test_walking_off_a_ledge_falls_and_off_the_map_starts_again():
    cells = text_level(["####......######", "####......######"])
    game = player_game(cells, start=(16, GROUND_Y))
    states = run(game, [RIGHT] * 200)
    assert any(not s.on_ground and s.y > GROUND_Y for s in states)
    restarted = [i for i in range(1, 200) if states[i].x < states[i - 1].x]
    assert restarted and states[restarted[0]].x == 16 and states[restarted[0]].y == GROUND_Y


CAMERA_RUNS = {
    # a map across, Right held: the camera follows x with dead_zone, up to 3 * 256 - 256
    "across": (lambda: flat_game(3), [RIGHT] * 600, 0, (512, 0)),
    # a tower of 3 screens walked down then up (top-down): it follows y with dead_zone_y, to
    # 3 * 240 - 240 and back to 0
    "down": (
        lambda: player_game(tower_level(["#" * 16], 3), start=(120, 40), movement="topdown"),
        [DOWN] * 700 + [UP] * 800,
        1,
        (0, 0),
    ),
}


@pytest.mark.parametrize("axis", CAMERA_RUNS)
def test_the_camera_follows_outside_the_dead_zone_at_most_8_pixels_a_frame_and_stops_at_edges(
    axis,
):
    make, inputs, coordinate, end = CAMERA_RUNS[axis]
    game = make()
    level = Level(game, 1)
    low, high = game.player.dead_zone_y if coordinate else game.player.dead_zone
    last = (level.height - 240) if coordinate else (level.width - 256)
    states = run(game, inputs)
    camera, seen = (0, 0), set()
    for s in states:
        new = follow(camera, s, level)
        assert abs(new[coordinate] - camera[coordinate]) <= CAMERA_STEP
        assert new[1 - coordinate] == 0  # only the map's axis moves
        camera = new
        seen.add(camera[coordinate])
        position = (s.x, s.y)[coordinate]
        assert low <= position - camera[coordinate] <= high or camera[coordinate] in (0, last)
    assert camera == end and {0, last} <= seen
    if coordinate:  # down to the floor (row 44), then up past the map's top
        assert max(s.y for s in states) == 44 * 16 - 16 and states[-1].y < 0


def test_topdown_walks_8_ways_at_the_walk_speed_and_solid_metatiles_block():
    cells = text_level(["......#......"] * 15)
    game = player_game(cells, start=(16, 100), movement="topdown")
    down_right = button_mask("down+right")
    states = run(game, [down_right] * 10)
    assert (states[-1].x, states[-1].y) == (26, 110) and states[-1].animation == 1
    states = run(game, [RIGHT] * 200)
    assert states[-1].x == 6 * 16 - 16 and states[-1].vy == 0 and not states[-1].on_ground


def test_romulus_smoke_on_a_game_with_a_script_prints_the_play_check_and_the_worst_frame(
    tmp_path, capsys
):
    path = tmp_path / "g.json"
    flat_game().save(path)
    assert main(["smoke", str(path), "--buttons", "5:start,20-60:right,30:a", "--frames",
                 "90"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "PlayReport('Romulus demo': PASS" in out and "of 29780 CPU cycles" in out
