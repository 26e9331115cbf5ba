"""`GamePlayer`: play a game's ROM in the notebook, at 60 frames a second, with the keyboard.

The game runs in the browser, on ``nes_core.js``: our emulator (`romulus_nb.emu`: py65's 6502,
the bus, the PPU model, the line-by-line picture) ported to JavaScript and proven to draw every
frame the Python emulator draws. The ROM goes to the page once (``prg_rom``, ``chr_rom``); the
page then sends the kernel only small messages, and the kernel follows it exactly.

Who owns the clock:

- **Running** (``running`` true, a page attached): the page does. It runs frames on
  requestAnimationFrame at 60.0988 per second and sends each change of the buttons held as
  ``(frame, mask)`` and, every 15 frames, a heartbeat: its frame number and the CRC-32 of its
  last picture. The kernel keeps the authoritative recording and its `LiveNES` replays it,
  lazily, up to the page's frame: on every heartbeat, on ``state()``, ``recording()`` and pause.
  On a heartbeat it compares the page's picture with its own: a difference sets ``diverged``
  (shown in red under the picture) and is logged. ``state()`` is the PPU state at the last frame
  the page reported.
- **Paused**, or with no page at all (plain Python, tests): the kernel does. ``step()``,
  ``hold()``, ``reset()`` run the kernel's emulator alone, then tell the page which frame to stand
  on (``sync``: it rewinds to a kept snapshot, or replays the recording). Paused, the widget shows
  the PPU state the kernel computed at exactly that frame.

``epoch`` counts the times the kernel took the clock back: a page's message from an older epoch
(sent before it heard of the pause, step or reset) is ignored. Without a kernel the page shows the
still picture in ``frame``.

Keys (remappable with ``keymap``): arrows = d-pad, X = A, Z = B, Enter = Start, Shift = Select.
"""

from __future__ import annotations

import html
import logging
import threading
import zlib

import anywidget
import numpy as np
import traitlets

from romulus_nb.display import img_tag
from romulus_nb.emu.bus import BUTTONS
from romulus_nb.emu.live import MAX_FRAMES, LiveNES, script_runs
from romulus_nb.errors import InvalidValueError, RomulusError
from romulus_nb.game import Game
from romulus_nb.nes.colors import DEFAULT_PALETTE
from romulus_nb.widgets._base import FRAME_BYTES, StaticFallback, asset, binary, indices_to_bytes
from romulus_nb.widgets._messages import get_int
from romulus_nb.widgets.ppu_viewer import _nametables, ppu_arrays

log = logging.getLogger(__name__)

#: The most frames one message may move the kernel on (a minute): a page cannot make it replay
#: an hour in one go.
MAX_FOLLOW = 3600
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


def picture_crc(indices: np.ndarray) -> int:
    """CRC-32 (zlib's, as ``crc32`` in nes_core.js) of a ``(240, 256) uint8`` picture."""
    return zlib.crc32(np.ascontiguousarray(indices, np.uint8).tobytes())


class GamePlayer(StaticFallback, anywidget.AnyWidget):
    """Play ``game`` (a `Game`, built here) or a ROM (bytes or a path) in the notebook.

    It starts as soon as it is shown; a click or a key gives it the keyboard. ``pause()``,
    ``play()``, ``step()`` and ``reset()`` do what the buttons under the picture do.
    ``state()`` is the PPU state of the frame the player stands on, ``recording()`` the button
    script of what was played: ``smoke_test(rom, frames=player.frame_count,
    buttons=player.recording())`` replays it exactly.
    """

    _esm = asset("game_player", "js", "nes_core")
    _css = asset("game_player", "css")

    master_rgb = binary(64 * 3)
    title = traitlets.Unicode("").tag(sync=True)
    #: The ROM, sent once: PRG-ROM (16 or 32 KiB), CHR-ROM (8 KiB, or empty for CHR-RAM).
    prg_rom = binary()
    chr_rom = binary()
    mirroring = traitlets.Unicode("horizontal").tag(sync=True)
    #: The still picture (paused, or shown without a kernel) and its frame number.
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
    #: Set when the page's picture differs from the kernel's at a heartbeat: the two emulators
    #: disagree (a bug in nes_core.js or in the Python model).
    diverged = traitlets.Unicode("").tag(sync=True)

    _ops = {
        "ready": "_op_ready",
        "buttons": "_op_buttons",
        "beat": "_op_beat",
        "pause": "_op_pause",
        "play": "_op_play",
        "step": "_op_step",
        "reset": "_op_reset",
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
        self._epoch = 0
        self._leader = None  # the page view that runs the clock
        #: Button changes from the page not yet replayed: script frame -> mask held from then.
        self._changes: dict[int, int] = {}
        self._page_frame = 0  # the last frame the page reported
        self._page_fps = 0.0
        cartridge = self._live.cartridge
        super().__init__(
            title=title,
            autoplay=autoplay,
            scale=scale,
            keymap=check_keymap(DEFAULT_KEYMAP if keymap is None else keymap),
            button_names=list(BUTTONS),
            prg_rom=cartridge.prg,
            chr_rom=cartridge.chr,
            mirroring=cartridge.mirroring,
        )
        self.master_rgb = DEFAULT_PALETTE.rgb.tobytes()
        self._show_still()
        self.on_msg(_on_message)

    # --- Python API ---------------------------------------------------------------------------
    @property
    def frame_count(self) -> int:
        """Frames run since power-on (or the last reset), up to the page's last report."""
        with self._lock:
            self._follow(self._page_frame)
            return self._live.frame

    @property
    def epoch(self) -> int:
        """How many times the kernel took the clock back from the page (pause, step, reset)."""
        return self._epoch

    def play(self) -> None:
        """Run at 60 frames a second in the page (what its Play button does)."""
        if not self.halted:
            self.running = True

    def pause(self) -> None:
        """Stop the clock; the PPU state of the current frame shows under the picture."""
        with self._lock:
            self._follow(self._page_frame)
            if self.running:
                self.running = False
                self._take_clock()
            self._show_still()

    def step(self, frames: int = 1) -> None:
        """Pause, then run ``frames`` frames with the buttons held now."""
        with self._lock:
            self.pause()
            since = self._live.frame
            self._live.step(frames)
            self._take_clock(since)
            self._show_still()

    def reset(self) -> None:
        """Power-cycle the console: frame 0, nothing held, a new recording."""
        with self._lock:
            self._live.reset()
            self._changes.clear()
            self._page_frame = 0
            self.halted = self.diverged = ""
            self._take_clock(since=0)
            self._show_still()

    def hold(self, buttons) -> None:
        """Hold ``buttons`` ("right+a", a mask 0-255, or 0 to let go), as the keyboard does
        (while the page runs the clock, the page holds them from its next frame)."""
        with self._lock:
            mask = self._live.hold(buttons)
            if self.running:
                self.send({"op": "hold", "mask": mask, "view": self._leader})

    def state(self):
        """The `PPUState` of the frame the player stands on (frame number, memories, OAM,
        scroll, ...): while running, the last frame the page reported."""
        with self._lock:
            self._follow(self._page_frame)
            return self._live.state()

    def recording(self) -> str:
        """What was held so far, as a button script for ``smoke_test(..., buttons=...)``."""
        with self._lock:
            self._follow(self._page_frame)
            return self._live.recording()

    @property
    def fps(self) -> float:
        """Frames the page drew in its last second, as it reported."""
        return self._page_fps

    # --- following the page ---------------------------------------------------------------------
    def _follow(self, frame: int) -> None:
        """Replay the page's button changes up to ``frame`` on the kernel's emulator."""
        live = self._live
        while live.frame < frame and not live.halted:
            coming = live.frame + 1
            for at in [f for f in self._changes if f <= coming]:
                live.hold(self._changes.pop(at))
            later = [f for f in self._changes if f > coming]
            # The buttons stay as they are up to the next change: run that stretch at once.
            stretch = min([frame + 1, *later]) - coming
            live.step(min(stretch, 600))
        if live.halted:
            self.halted = f"the CPU stopped ({live.halted}) in frame {live.frame}"
            self.running = False

    def _take_clock(self, since: int | None = None) -> None:
        """The kernel owns the clock: a new epoch, and the page stands on the kernel's frame.
        ``since``: the last frame the page may have run as the kernel did (default: this one);
        what it ran after it was another session (a step with other buttons, or a reset)."""
        self._epoch += 1
        self._changes.clear()
        self._page_frame = self._live.frame
        self.send(
            {
                "op": "sync",
                "epoch": self._epoch,
                "frame": self._live.frame,
                "since": self._live.frame if since is None else since,
                "script": script_runs(self._live.script()),
                "view": self._leader,
            }
        )

    def _check_picture(self, frame: int, crc: int) -> None:
        mine = picture_crc(self._live.picture())
        if crc != mine and not self.diverged:
            self.diverged = (
                f"diverged at frame {frame}: the page's picture (CRC-32 {crc:08x}) is not the "
                f"kernel's ({mine:08x}); the two emulators disagree"
            )
            log.error("GamePlayer %s", self.diverged)

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
            with self._lock:
                getattr(self, self._ops[op])(content)
        except RomulusError as exc:
            self.error = str(exc)
        else:
            if content.get("op") != "beat":
                self.error = ""

    def _from_page(self, content: dict) -> int | None:
        """The frame a running page reports, or None for a message from an older epoch or
        another view (sent before it heard that the kernel took the clock)."""
        if "epoch" not in content:
            return None
        epoch = get_int(content, "epoch", 0, 2**31 - 1)
        frame = get_int(content, "frame", 0, MAX_FRAMES)
        if epoch != self._epoch or content.get("view") != self._leader or not self.running:
            return None
        if frame > self._live.frame + MAX_FOLLOW:
            raise InvalidValueError(
                f"'frame': {frame} is more than {MAX_FOLLOW} frames past the kernel's "
                f"{self._live.frame}; a page reports every 15 frames"
            )
        return frame

    def _op_ready(self, content: dict) -> None:
        self._leader = content.get("view")
        self._take_clock()
        if self.autoplay and not self.running and not self.halted:
            self.play()

    def _op_buttons(self, content: dict) -> None:
        mask = get_int(content, "mask", 0, 0xFF)
        frame = self._from_page(content)
        if frame is None:
            if "epoch" not in content:  # paused: what the next step holds
                self.hold(mask)
            return
        if frame <= self._live.frame:
            raise InvalidValueError(
                f"'frame': {frame}; buttons change from a frame still to come (after "
                f"{self._live.frame})"
            )
        self._changes[frame] = mask
        self._page_frame = max(self._page_frame, frame - 1)

    def _op_beat(self, content: dict) -> None:
        crc = get_int(content, "crc", 0, 2**32 - 1)
        frame = self._from_page(content)
        if frame is None:
            return
        fps = content.get("fps", 0)
        self._page_fps = float(fps) if isinstance(fps, (int, float)) and 0 <= fps < 1000 else 0.0
        self._page_frame = max(self._page_frame, frame)
        self._follow(frame)
        if self._live.frame == frame:
            self._check_picture(frame, crc)

    def _op_pause(self, content: dict) -> None:
        frame = self._from_page(content)
        if frame is not None:  # the page's own Pause: it stands on the frame it reports
            self._page_frame = max(self._page_frame, frame)
            self._follow(frame)
            if self._live.frame == frame:
                self._check_picture(frame, get_int(content, "crc", 0, 2**32 - 1))
            self.running = False
            self._show_still()
        else:
            self.pause()

    def _op_play(self, content: dict) -> None:
        self.play()

    def _op_step(self, content: dict) -> None:
        self.step(1)

    def _op_reset(self, content: dict) -> None:
        was_running = self.running
        self.pause()
        self.reset()
        if was_running:
            self.play()

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
