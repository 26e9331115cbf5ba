"""GamePlayer in the kernel: what is held is what the ROM reads, a played session replays
exactly in the smoke test, and bad messages from a page are refused without harm.

Expected pictures come from the design (the scene renders), not from the player itself."""

from __future__ import annotations

import numpy as np
import pytest

from romulus_nb import demo_game
from romulus_nb.emu.live import LiveNES, script_text
from romulus_nb.emu.smoke import smoke_test
from romulus_nb.errors import InvalidValueError
from romulus_nb.widgets.game_player import DEFAULT_KEYMAP, GamePlayer, check_keymap, picture_crc


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


class FakePage:
    """What the page does while it runs the clock, played by a second LiveNES (an independent
    emulator of the same ROM): button changes stamped with the frame they hold from, and
    heartbeats with the frame number and the CRC-32 of the picture."""

    def __init__(self, player, rom):
        self.player, self.live = player, LiveNES(rom)
        player.handle_message({"op": "ready", "view": 7})
        self.sent: list[dict] = []

    def message(self, **content):
        content = {"epoch": self.player.epoch, "view": 7, **content}
        self.player.handle_message(content)

    def press(self, mask: int) -> None:
        self.live.hold(mask)
        self.message(op="buttons", frame=self.live.frame + 1, mask=mask)

    def run(self, frames: int) -> None:
        for _ in range(frames):
            self.live.step(1)
            if self.live.frame % 15 == 0:
                self.beat()

    def beat(self, crc: int | None = None) -> None:
        crc = picture_crc(self.live.picture()) if crc is None else crc
        self.message(op="beat", frame=self.live.frame, crc=crc, fps=60.0)


def test_while_the_page_runs_the_kernel_replays_its_buttons_to_the_frame_it_reports(game, rom):
    player = GamePlayer(rom)
    page = FakePage(player, rom)
    assert player.running and player.frame_count == 0
    page.run(40)
    page.press(0x08)  # Start, from the page's next frame
    page.run(1)
    page.press(0)
    page.run(79)
    assert player.frame_count == 120 == page.live.frame  # 120: a heartbeat frame
    assert player.recording() == page.live.recording() == "41:start"
    assert player.state().digest() == page.live.state().digest()
    assert player.diverged == "" and player.error == "" and player.fps == 60.0
    level = game.scene("Level")
    assert bytes(player.state().nametables[0]) == level.screen_nametable_bytes(0, 0)


def test_a_heartbeat_whose_picture_differs_says_the_emulators_diverged(rom, caplog):
    player = GamePlayer(rom)
    page = FakePage(player, rom)
    page.live.step(15)
    page.beat(crc=12345)
    assert player.diverged.startswith("diverged at frame 15: the page's picture (CRC-32 00003039)")
    assert "diverged at frame 15" in caplog.text


def test_the_page_pausing_leaves_the_kernel_on_its_frame_with_the_ppu_state_shown(rom):
    player = GamePlayer(rom)
    page = FakePage(player, rom)
    page.run(33)
    page.message(op="pause", frame=33, crc=picture_crc(page.live.picture()))
    assert not player.running and player.frame_count == 33 == player.frame_number
    assert player.frame == page.live.picture().tobytes() and player.diverged == ""
    assert player.registers["ppumask"] & 0x18  # rendering on by frame 33


def test_after_python_takes_the_clock_the_pages_late_messages_are_ignored(rom):
    player = GamePlayer(rom)
    sent: list[dict] = []
    player.send = lambda content, buffers=None: sent.append(content)
    page = FakePage(player, rom)
    page.run(30)
    late_epoch = player.epoch
    player.step(2)  # pauses: the kernel owns the clock, on frame 32, and tells the page
    assert sent[-1] == {"op": "sync", "epoch": late_epoch + 2, "frame": 32, "since": 30,
                        "script": [], "view": 7}  # fmt: skip
    player.handle_message({"op": "beat", "epoch": late_epoch, "view": 7, "frame": 45, "crc": 0})
    assert player.frame_count == 32 and player.diverged == ""


def test_a_sync_sends_the_recording_as_runs_of_one_mask(rom):
    player = GamePlayer(rom, autoplay=False)
    sent: list[dict] = []
    player.send = lambda content, buffers=None: sent.append(content)
    player.step(3)
    player.hold("right")
    player.step(2)
    player.hold("right+a")
    player.step(1)
    assert sent[-1]["frame"] == 6 and sent[-1]["script"] == [[4, 5, 0x80], [6, 6, 0x81]]


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
        ({"op": "fly"}, "message op 'fly': not one of beat, buttons, pause, play, ready"),
        (["op"], "expected an object with an 'op'"),
        ({"op": "beat", "epoch": 0, "frame": 1, "crc": -1}, "'crc': -1 is out of range"),
        ({"op": "beat", "epoch": 1, "frame": -5, "crc": 0}, "'frame': -5 is out of range"),
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
