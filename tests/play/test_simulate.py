"""`romulus_nb.play.simulate`: the runtime's frame timeline and camera rules in Python."""

import pytest

from romulus_nb.errors import InvalidValueError
from romulus_nb.play import simulate
from tests.scroll_games import map_game

# The timeline the runtime (rom/runtime/scroll.s) documents: a map loads for 8 frames after the
# NMI of frame 2, the main loop handles input from frame 11, and frame j + 2 shows frame j's
# input. So holding Right from power-on moves the camera by `speed` from frame 13 on.
FIRST_SHOWN = 13  # +1: the picture is the frame drawn last


@pytest.mark.parametrize("speed", [1, 3, 8])
def test_holding_right_moves_the_camera_by_the_speed_each_frame_from_the_first_shown_frame(
    speed,
):
    views = simulate(map_game(1, 4, speed=speed), "0-999:right", 60)
    assert all(v.scene is None for v in views[:FIRST_SHOWN])
    assert views[FIRST_SHOWN].camera == (0, 0) and views[FIRST_SHOWN].scene == 0
    for n in range(FIRST_SHOWN + 1, 61):
        assert views[n].camera == (min(speed * (n - FIRST_SHOWN), 768), 0)


def test_the_camera_stops_at_both_edges_of_the_map():
    views = simulate(map_game(2, 2, speed=8), "0-80:right,81-200:left", 200)
    xs = [v.camera[0] for v in views[FIRST_SHOWN:]]
    assert max(xs) == 256 and xs.count(256) > 10  # 2 screens: the right edge is x = 256
    assert xs[-1] == 0 and min(xs) == 0


def test_on_a_tower_down_and_up_move_the_camera_and_it_stops_at_both_ends():
    views = simulate(map_game(6, 3, speed=8, vertical=True), "0-80:down+right,81-200:up", 200)
    ys = [v.camera[1] for v in views[FIRST_SHOWN:]]
    assert views[FIRST_SHOWN + 1].camera == (0, 8)  # Right does nothing on a tower
    assert max(ys) == 480 and ys.count(480) > 5  # 3 screens of 240 lines: the bottom is y = 480
    assert ys[-1] == 0 and {v.camera[0] for v in views} == {0}


def test_right_and_left_together_do_not_move_the_camera_away_from_an_edge():
    views = simulate(map_game(3, 3, speed=4), "0-40:right,41-60:right+left", 60)
    assert views[60].camera == views[43].camera == (4 * 29, 0)  # from the first shown frame


def test_start_changes_scene_after_blank_frames_and_presses_during_a_load_are_lost():
    game = map_game(4, 2, extra_scene=True)
    views = simulate(game, "20:start,22:start,40:select", 70)
    assert views[21].scene == 0 and views[22].scene is None
    assert views[23].scene is None and views[24].scene == 1  # a one-screen load: 1 frame
    assert views[41].scene == 1 and all(v.scene is None for v in views[42:51])
    assert views[51].scene == 0 and views[51].camera == (0, 0)  # a map reloads at x = 0


def test_a_bad_frame_count_is_refused():
    with pytest.raises(InvalidValueError, match="frames"):
        simulate(map_game(5, 2), None, -1)
