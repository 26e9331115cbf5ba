"""`GamePlayer`: play a game's ROM in the notebook, at 60 frames a second, with the keyboard.

The emulator runs in the kernel (`romulus_nb.emu.live.LiveNES`: the smoke test's py65 + PPU
model), on a thread of its own that steps one frame every 1/60 s and sends the picture to the
browser as 61,440 bytes of colour indices (one a pixel; the browser colours them through the
master palette). The browser sends which buttons are held. It never gets more than `WINDOW`
frames ahead of what the browser has drawn, so a slow page drops frames instead of queueing them.

Everything the emulator touches is behind one lock: a cell that asks for ``player.state()`` or
``player.recording()`` while it runs gets a consistent picture of one frame boundary.

Keys (remappable with ``keymap``): arrows = d-pad, X = A, Z = B, Enter = Start, Shift = Select.
"""

from __future__ import annotations

import html
import threading
import time

import anywidget
import numpy as np
import traitlets

from romulus_nb.display import img_tag
from romulus_nb.emu.bus import BUTTONS
from romulus_nb.emu.live import LiveNES
from romulus_nb.errors import InvalidValueError, RomulusError
from romulus_nb.game import Game
from romulus_nb.nes.colors import DEFAULT_PALETTE
from romulus_nb.widgets._base import FRAME_BYTES, StaticFallback, asset, binary, indices_to_bytes
from romulus_nb.widgets._messages import get_int
from romulus_nb.widgets.ppu_viewer import _nametables, ppu_arrays

FRAME_SECONDS = 1 / 60
#: Frames sent but not yet drawn by the browser, at most.
WINDOW = 3
DEFAULT_KEYMAP = {
    "ArrowUp": "up",
    "ArrowDown": "down",
    "ArrowLeft": "left",
    "ArrowRight": "right",
    "x": "a",
    "z": "b",
    "Enter": "start",
    "Shift": "select",
}


class GamePlayer(StaticFallback, anywidget.AnyWidget):
    """Play ``game`` (a `Game`, built here) or a ROM (bytes or a path) in the notebook.

    It starts as soon as it is shown; a click or a key gives it the keyboard. ``pause()``,
    ``play()``, ``step()`` and ``reset()`` do what the buttons under the picture do.
    ``state()`` is the PPU state now, ``recording()`` the button script of what was played:
    ``smoke_test(rom, frames=player.frame, buttons=player.recording())`` replays it exactly.
    """

    _esm = asset("game_player", "js")
    _css = asset("game_player", "css")

    master_rgb = binary(64 * 3)
    title = traitlets.Unicode("").tag(sync=True)
    #: The picture now (while running, frames stream as messages; this holds the last one shown
    #: when paused, and the first one before the browser asks to start).
    frame = binary(FRAME_BYTES)
    frame_number = traitlets.Int(0).tag(sync=True)
    running = traitlets.Bool(False).tag(sync=True)
    autoplay = traitlets.Bool(True).tag(sync=True)
    scale = traitlets.Int(2).tag(sync=True)
    keymap = traitlets.Dict().tag(sync=True)
    button_names = traitlets.List(traitlets.Unicode()).tag(sync=True)
    #: Paused: the four nametables (480, 512), palette RAM, OAM and the scroll (camera).
    nametables_image = binary(4 * FRAME_BYTES)
    palette_ram = binary(32)
    oam = binary(256)
    registers = traitlets.Dict().tag(sync=True)
    halted = traitlets.Unicode("").tag(sync=True)
    error = traitlets.Unicode("").tag(sync=True)

    _ops = {
        "ready": "_op_ready",
        "buttons": "_op_buttons",
        "pause": "_op_pause",
        "play": "_op_play",
        "step": "_op_step",
        "reset": "_op_reset",
        "shown": "_op_shown",
    }

    def __init__(self, game_or_rom, *, autoplay: bool = True, scale: int = 2, keymap=None):
        if isinstance(game_or_rom, Game):
            rom, title = game_or_rom.build(), game_or_rom.name
        else:
            rom, title = game_or_rom, "ROM"
        if not isinstance(scale, int) or isinstance(scale, bool) or not 1 <= scale <= 4:
            raise InvalidValueError(f"scale: {scale!r}; use a whole number from 1 to 4")
        self._live = LiveNES(rom)
        self._lock = threading.RLock()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._sent = self._shown = 0
        self._stepped_at: list[float] = []
        super().__init__(
            title=title,
            autoplay=autoplay,
            scale=scale,
            keymap=check_keymap(DEFAULT_KEYMAP if keymap is None else keymap),
            button_names=list(BUTTONS),
        )
        self.master_rgb = DEFAULT_PALETTE.rgb.tobytes()
        self._show_still()
        self.on_msg(_on_message)

    # --- Python API ---------------------------------------------------------------------------
    @property
    def frame_count(self) -> int:
        """Frames run since power-on (or the last reset)."""
        return self._live.frame

    def play(self) -> None:
        """Run at 60 frames a second (what the browser's Play button does)."""
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._stop.clear()
            self._sent = self._shown = 0
            self.running = True
            self._thread = threading.Thread(target=self._run, name="GamePlayer", daemon=True)
            self._thread.start()

    def pause(self) -> None:
        """Stop the clock; the PPU state of the current frame shows under the picture."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=2)
        self._thread = None
        self.running = False
        with self._lock:
            self._show_still()

    def step(self, frames: int = 1) -> None:
        """Pause, then run ``frames`` frames with the buttons held now."""
        self.pause()
        with self._lock:
            self._live.step(frames)
            self._show_still()

    def reset(self) -> None:
        """Power-cycle the console: frame 0, nothing held, a new recording."""
        with self._lock:
            self._live.reset()
            self._show_still()

    def hold(self, buttons) -> None:
        """Hold ``buttons`` ("right+a", a mask 0-255, or 0 to let go), as the keyboard does."""
        with self._lock:
            self._live.hold(buttons)

    def state(self):
        """The `PPUState` of the frame shown now (frame number, memories, OAM, scroll, ...)."""
        with self._lock:
            return self._live.state()

    def recording(self) -> str:
        """What was held so far, as a button script for ``smoke_test(..., buttons=...)``."""
        with self._lock:
            return self._live.recording()

    @property
    def fps(self) -> float:
        """Frames the kernel ran in the last second (the browser shows what it drew)."""
        now = time.monotonic()
        return float(sum(1 for t in self._stepped_at if now - t <= 1.0))

    def close(self) -> None:
        stop = getattr(self, "_stop", None)  # None when __init__ refused its arguments
        if stop is not None:
            stop.set()
        super().close()

    # --- the clock ----------------------------------------------------------------------------
    def _run(self) -> None:
        deadline = time.monotonic()
        while not self._stop.is_set():
            with self._lock:
                try:
                    indices = self._live.step(1)
                except RomulusError as exc:  # the hour-long session limit
                    self.error = str(exc)
                    break
                number, held = self._live.frame, self._live.held
                halted = self._live.halted
            now = time.monotonic()
            self._stepped_at = [t for t in self._stepped_at if now - t <= 1.0] + [now]
            if self._sent - self._shown < WINDOW:
                self._sent = number
                self.send({"op": "frame", "n": number, "held": held}, [indices_to_bytes(indices)])
            if halted:
                self.halted = f"the CPU stopped ({halted}) in frame {number}"
                break
            deadline += FRAME_SECONDS
            delay = deadline - time.monotonic()
            if delay > 0:
                self._stop.wait(delay)
            elif delay < -0.25:  # far behind (the machine was busy): do not race to catch up
                deadline = time.monotonic()
        self.running = False

    def _show_still(self) -> None:
        """Put the current frame and its PPU state into the traits (paused, or not started)."""
        state = self._live.state()
        arrays = ppu_arrays(state)
        with self.hold_sync():
            self.frame = indices_to_bytes(self._live.picture())
            self.frame_number = self._live.frame
            self.nametables_image = indices_to_bytes(_nametables(arrays))
            self.palette_ram = np.asarray(arrays.palette_ram, np.uint8).tobytes()
            self.oam = np.asarray(arrays.oam, np.uint8).tobytes()
            self.registers = {
                "ppuctrl": int(arrays.ppuctrl),
                "ppumask": int(arrays.ppumask),
                "scroll_x": int(arrays.scroll_x),
                "scroll_y": int(arrays.scroll_y),
            }

    # --- messages from the browser --------------------------------------------------------------
    def handle_message(self, content) -> None:
        """Apply one message from the front end, or refuse it (``error`` says why)."""
        try:
            if not isinstance(content, dict):
                raise InvalidValueError(f"message {content!r}: expected an object with an 'op'")
            op = content.get("op")
            if not isinstance(op, str) or op not in self._ops:
                allowed = ", ".join(sorted(self._ops))
                raise InvalidValueError(f"message op {op!r}: not one of {allowed}")
            getattr(self, self._ops[op])(content)
        except RomulusError as exc:
            self.error = str(exc)
        else:
            if content.get("op") != "shown":
                self.error = ""

    def _op_ready(self, content: dict) -> None:
        if self.autoplay and not self.running and not self.halted:
            self.play()

    def _op_buttons(self, content: dict) -> None:
        self.hold(get_int(content, "mask", 0, 0xFF))

    def _op_pause(self, content: dict) -> None:
        self.pause()

    def _op_play(self, content: dict) -> None:
        self.play()

    def _op_step(self, content: dict) -> None:
        self.step(1)

    def _op_reset(self, content: dict) -> None:
        was_running = self.running
        self.pause()
        self.reset()
        self.halted = ""
        if was_running:
            self.play()

    def _op_shown(self, content: dict) -> None:
        self._shown = max(self._shown, get_int(content, "n", 0, 2**31 - 1))

    # --- pictures without a kernel --------------------------------------------------------------
    def _static_html(self) -> str:
        with self._lock:
            rgb = DEFAULT_PALETTE.lookup(self._live.picture())
        return (
            f"<div class='romulus-static'><b>{html.escape(repr(self))}</b><br>"
            f"{img_tag(rgb, self.scale, 'frame')}</div>"
        )

    def __repr__(self) -> str:
        status = "running" if self.running else "paused"
        return f"GamePlayer({self.title!r}: frame {self._live.frame}, {status})"


def check_keymap(keymap) -> dict:
    """``{key: button}`` with each button one of the joypad's eight (key names as the browser's
    ``KeyboardEvent.key`` gives them: "ArrowLeft", "x", "Enter", "Shift", ...)."""
    if not isinstance(keymap, dict) or not keymap:
        raise InvalidValueError("keymap: give a dict of key -> button, e.g. {'x': 'a'}")
    out = {}
    for key, button in keymap.items():
        if not isinstance(key, str) or not 1 <= len(key) <= 20:
            raise InvalidValueError(f"keymap key {key!r}: a key name such as 'x' or 'ArrowLeft'")
        if button not in BUTTONS:
            raise InvalidValueError(
                f"keymap[{key!r}] = {button!r}: not a button; use one of {', '.join(BUTTONS)}"
            )
        out[key] = button
    return out


def _on_message(widget: GamePlayer, content, buffers) -> None:
    widget.handle_message(content)
