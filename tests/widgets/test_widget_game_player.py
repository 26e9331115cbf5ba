"""GamePlayer in the kernel: what is held is what the ROM reads, a played session replays
exactly in the smoke test, and bad messages from a page are refused without harm.

Expected pictures come from the design (the scene renders), not from the player itself."""

from __future__ import annotations

import time

import numpy as np
import pytest

from romulus_nb import demo_game
from romulus_nb.emu.live import LiveNES, script_text
from romulus_nb.emu.smoke import smoke_test
from romulus_nb.errors import InvalidValueError
from romulus_nb.widgets.game_player import DEFAULT_KEYMAP, GamePlayer, check_keymap


@pytest.fixture(scope="module")
def game():
    return demo_game()


@pytest.fixture(scope="module")
def rom(game):
    return game.build()


def test_the_player_shows_the_title_then_start_shows_the_next_scene(game, rom):
    player = GamePlayer(rom, autoplay=False)
    player.step(40)
    title = game.scenes[0]
    assert bytes(player.state().nametables[0]) == title.nametable_bytes()
    assert np.array_equal(
        np.frombuffer(player.frame, np.uint8).reshape(240, 256), title.render().indices
    )
    player.hold("start")  # Enter in the browser
    player.step(1)
    player.hold(0)
    player.step(40)
    level = game.scene("Level")  # the camera at its left: screen 0 in $2000
    assert bytes(player.state().nametables[0]) == level.screen_nametable_bytes(0, 0)
    assert player.recording() == "41:start"  # held in frame 40: read at the vblank before 41


def test_a_played_session_replays_exactly_in_the_smoke_test(rom):
    live = LiveNES(rom)
    for buttons, frames in [(0, 35), ("start", 2), (0, 30), ("right+a", 12), ("select", 1), (0, 9)]:
        live.hold(buttons)
        live.step(frames)
    assert live.recording() == "36-37:start,68-79:a+right,80:select"
    replay = smoke_test(rom, frames=live.frame, buttons=live.recording(), film=False)
    assert replay.frames == live.frame == 89
    assert replay.state.digest() == live.state().digest()


def test_reset_powers_the_console_on_again_with_an_empty_recording(rom):
    live = LiveNES(rom)
    live.hold("start")
    live.step(50)
    live.reset()
    assert live.frame == 0 and live.recording() == ""
    assert live.held == 0x08  # what is held stays held across a reset, as on a real pad
    fresh = LiveNES(rom)
    live.hold(0)
    assert np.array_equal(live.step(30), fresh.step(30))


@pytest.mark.parametrize(
    "script, text",
    [
        ({}, ""),
        ({0: 1}, "0:a"),
        ({3: 0x80, 4: 0x80, 5: 0x80}, "3-5:right"),
        ({3: 0x80, 4: 0x81, 6: 0x81}, "3:right,4:a+right,6:a+right"),
        ({10: 0x0C}, "10:select+start"),
    ],
)
def test_a_recording_is_written_as_the_shortest_button_script(script, text):
    assert script_text(script) == text


def test_play_runs_on_its_own_clock_and_pause_stops_it(rom):
    player = GamePlayer(rom, autoplay=False)
    player.play()
    deadline = time.monotonic() + 10
    while player.frame_count < 5 and time.monotonic() < deadline:
        time.sleep(0.02)
    player.pause()
    stopped_at = player.frame_count
    assert stopped_at >= 5 and not player.running
    time.sleep(0.1)
    assert player.frame_count == stopped_at == player.frame_number
    assert player.state().frame == stopped_at
    player.close()


def test_the_ready_message_starts_the_clock_only_with_autoplay(rom):
    player = GamePlayer(rom, autoplay=False)
    player.handle_message({"op": "ready"})
    assert not player.running
    playing = GamePlayer(rom)
    playing.handle_message({"op": "ready"})
    assert playing.running
    playing.handle_message({"op": "pause"})
    assert not playing.running and playing.error == ""
    playing.close()


@pytest.mark.parametrize(
    "message, error",
    [
        ({"op": "buttons", "mask": 256}, "'mask': 256 is out of range; use 0-255"),
        ({"op": "buttons", "mask": True}, "'mask': True is not a whole number"),
        ({"op": "buttons"}, "'mask' is missing"),
        ({"op": ["buttons"]}, "message op ['buttons']: not one of"),
        ({"op": "fly"}, "message op 'fly': not one of buttons, pause, play, ready"),
        (["op"], "expected an object with an 'op'"),
        ({"op": "shown", "n": -1}, "'n': -1 is out of range"),
    ],
)
def test_a_bad_message_is_refused_with_a_reason_and_changes_nothing(rom, message, error):
    player = GamePlayer(rom, autoplay=False)
    player.hold("up")
    player.handle_message(message)
    assert error in player.error
    assert player._live.held == 0x10 and player.frame_count == 0
    player.handle_message({"op": "buttons", "mask": 0x81})
    assert player.error == "" and player._live.held == 0x81


def test_the_step_message_steps_one_frame_and_shows_its_ppu_state(rom):
    player = GamePlayer(rom, autoplay=False)
    for _ in range(31):
        player.handle_message({"op": "step"})
    assert player.frame_count == 31 == player.frame_number
    # Paused: the registers and memories of that frame are in the traits the page draws.
    assert player.registers["ppumask"] & 0x18  # rendering on by frame 31
    assert len(player.nametables_image) == 4 * 256 * 240 and len(player.palette_ram) == 32


def test_keymap_values_must_be_joypad_buttons():
    assert check_keymap(DEFAULT_KEYMAP)["x"] == "a" and DEFAULT_KEYMAP["Enter"] == "start"
    with pytest.raises(InvalidValueError, match="not a button; use one of a, b, select"):
        check_keymap({"x": "jump"})
    with pytest.raises(InvalidValueError, match="keymap"):
        check_keymap({})


def test_the_player_text_and_static_picture_are_deterministic(rom):
    first, second = GamePlayer(rom, autoplay=False), GamePlayer(rom, autoplay=False)
    assert repr(first) == repr(second) == "GamePlayer('ROM': frame 0, paused)"
    assert first._static_html() == second._static_html()
    with pytest.raises(InvalidValueError, match="scale"):
        GamePlayer(rom, scale=9)
