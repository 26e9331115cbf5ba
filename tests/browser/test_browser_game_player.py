"""GamePlayer in a real browser: JupyterLab on loopback, Debian's chromium driven by Playwright.

The game runs in the page (nes_core.js); real key presses go to the widget, and the test then
asks the KERNEL what the console did: the kernel replays the page's button changes on its own
emulator, so the keys are proven to reach the ROM through the page, the websocket and both
emulators, and every heartbeat proves the two pictures equal (``diverged`` stays empty). The
expected nametables are the design's own bytes (the scene the runtime must upload), and the
hero's position is read from the runtime's RAM variables (`romulus_nb.play.proof.ram_player`)."""

from __future__ import annotations

import time

import pytest
from lab_harness import kernel, notebook_page, wait_for_kernel, widget_errors

NOTEBOOK = [
    "import json\n"
    "from romulus_nb.demo import demo_game\n"
    "from romulus_nb.widgets import GamePlayer\n"
    "game = demo_game()\n"
    "player = GamePlayer(game)\n"
    "player",
    "from romulus_nb.play.proof import ram_player\n"
    "from romulus_nb.rom.build import build_game\n"
    "symbols = build_game(game).symbols\n"
    "def hero_x():\n"
    "    player.state()  # the kernel replays up to the page's frame\n"
    "    bus = player._live.machine.bus\n"
    "    return ram_player([bus.peek(a) for a in range(0x800)], symbols).x",
]
SHOWING = (  # $2000 holds the scene's first screen: the camera starts at the map's left
    "print(json.dumps(bytes(player.state().nametables[0])"
    " == game.scene({!r}).screen_nametable_bytes(0, 0)))"
)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    with notebook_page(root, "play.ipynb", NOTEBOOK, [".romulus-play canvas"]) as (page, _):
        yield page


def frames_drawn(page) -> int:
    return int(page.locator(".romulus-play").get_attribute("data-frames-drawn") or 0)


def test_the_player_runs_as_soon_as_it_is_shown(page):
    deadline = time.monotonic() + 30
    while frames_drawn(page) < 60 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert frames_drawn(page) >= 60, "the page drew fewer than 60 frames in 30 s"
    assert widget_errors(page) == []
    assert wait_for_kernel(page, SHOWING.format("Title"), True) is True
    assert kernel(page, "print(json.dumps(player.diverged))") == ""


def test_enter_is_start_and_takes_the_game_to_the_next_scene(page):
    page.locator(".romulus-play-screen").click()  # the keyboard goes to the player
    page.keyboard.down("Enter")
    time.sleep(0.2)
    page.keyboard.up("Enter")
    assert wait_for_kernel(page, SHOWING.format("Level"), True) is True
    assert "start" in kernel(page, "print(json.dumps(player.recording()))")


def test_a_held_arrow_key_is_held_on_the_joypad_until_released(page):
    page.locator(".romulus-play-screen").click()
    page.keyboard.down("ArrowRight")
    assert wait_for_kernel(page, "print(json.dumps(player._live.held))", 0x80) == 0x80
    page.keyboard.up("ArrowRight")
    assert wait_for_kernel(page, "print(json.dumps(player._live.held))", 0) == 0
    assert "right" in kernel(page, "print(json.dumps(player.recording()))")


def test_the_hero_runs_left_in_the_kernels_state_while_the_key_is_held(page):
    start = kernel(page, "print(json.dumps(hero_x()))")  # right of the level's start, x 32
    assert start >= 32
    page.locator(".romulus-play-screen").click()
    page.keyboard.down("ArrowLeft")
    time.sleep(0.6)
    page.keyboard.up("ArrowLeft")
    assert wait_for_kernel(page, f"print(json.dumps(hero_x() < {start}))", True) is True
    assert kernel(page, "print(json.dumps(player.diverged))") == ""


def test_pause_shows_the_ppu_state_and_step_advances_one_frame(page):
    page.locator(".romulus-play-toggle").click()
    assert wait_for_kernel(page, "print(json.dumps(player.running))", False) is False
    page.wait_for_selector(".romulus-play-inspector:not([hidden])", timeout=10_000)
    before = kernel(page, "print(json.dumps(player.frame_count))")
    page.locator(".romulus-play-step").click()
    assert wait_for_kernel(page, "print(json.dumps(player.frame_count))", before + 1) == before + 1
    assert "visible entries" in page.locator(".romulus-play-inspector").inner_text()
    page.locator(".romulus-play-toggle").click()
    assert wait_for_kernel(page, "print(json.dumps(player.running))", True) is True


def test_a_pause_and_steps_from_python_rewind_the_page_and_play_goes_on_agreeing(page):
    kernel(page, "player.pause()\nplayer.hold('left')\nplayer.step(3)\nplayer.hold(0)\nprint(1)")
    frame = kernel(page, "print(json.dumps(player.frame_count))")
    label = page.locator(".romulus-play-frame")
    page.wait_for_function(
        f"() => document.querySelector('.romulus-play-frame').textContent === 'frame {frame}'",
        timeout=10_000,
    )
    assert label.inner_text() == f"frame {frame}"
    kernel(page, "player.play()\nprint(1)")
    after = frame + 60  # four heartbeats compared with the kernel's pictures
    assert wait_for_kernel(page, f"print(json.dumps(player.frame_count > {after}))", True)
    assert kernel(page, "print(json.dumps(player.diverged))") == ""
    assert f"{frame - 2}-{frame}:left" in kernel(page, "print(json.dumps(player.recording()))")
