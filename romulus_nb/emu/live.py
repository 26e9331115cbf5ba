"""A ROM played live, one frame at a time, with the joypad held as a person holds it.

`LiveNES` is what the notebook's GamePlayer runs: the same `NES` machine as the smoke test, with
the same options, stepped a frame at a time with whatever buttons are held now. Everything held
is recorded as a button script, so `smoke_test(rom, frames=live.frame, buttons=live.recording())`
replays a played session exactly (same frames, same PPU state): a bug found by playing becomes a
test. What is held while frame k runs is script frame k + 1: the NMI at the end of frame k reads
it, and its effect shows in frame k + 1, as with a script.
"""

from __future__ import annotations

import numpy as np

from romulus_nb.emu.bus import BUTTONS
from romulus_nb.emu.buttons import button_mask
from romulus_nb.emu.cartridge import load_cartridge
from romulus_nb.emu.machine import NES
from romulus_nb.emu.state import PPUState
from romulus_nb.errors import InvalidValueError

#: The longest session kept in a recording: an hour of NTSC frames.
MAX_FRAMES = 60 * 60 * 60


class LiveNES:
    """Power ``rom`` on and play it: ``step()`` runs one frame with the buttons now held.

    Parameters
    ----------
    rom : bytes, str or Path
        An iNES mapper-0 image or its path (checked once, here).
    """

    def __init__(self, rom):
        self._cartridge = load_cartridge(rom)
        self._rom = rom
        self.held = 0
        self.reset()

    # --- playing ------------------------------------------------------------------------------
    def reset(self) -> None:
        """Power-cycle: frame 0, nothing held, an empty recording."""
        self._nes = NES(self._cartridge)
        self._script: dict[int, int] = {}
        self._last: np.ndarray | None = None
        self._drawn_from: tuple | None = None

    def hold(self, buttons) -> int:
        """Hold ``buttons`` (a mask 0-255, a name like ``"a+right"``, or names) from the next
        frame stepped on; returns the mask."""
        self.held = button_mask(buttons)
        return self.held

    def step(self, frames: int = 1) -> np.ndarray:
        """Run ``frames`` frames with the buttons held now; the last picture as ``(240, 256)
        uint8`` colour indices."""
        if not isinstance(frames, int) or isinstance(frames, bool) or not 1 <= frames <= 600:
            raise InvalidValueError(f"frames: {frames!r}; step 1-600 frames at a time")
        nes = self._nes
        for _ in range(frames):
            if nes.frame >= MAX_FRAMES:
                raise InvalidValueError(f"a session is at most {MAX_FRAMES} frames (an hour)")
            # What is held now is script frame k + 1: the NMI at the end of this frame reads
            # it, as the machine does for a script (its effect shows in the next frame).
            coming = nes.frame + 1
            if self.held:
                self._script[coming] = self.held
            else:
                self._script.pop(coming, None)
            nes.script[coming] = self.held
            nes.run_frames(1)
        return self.picture()

    # --- what Python sees -----------------------------------------------------------------------
    @property
    def frame(self) -> int:
        """Frames run since power-on."""
        return self._nes.frame

    @property
    def halted(self) -> str | None:
        """Why the CPU stopped (``"brk"``, ``"illegal"``, ``"garbage"``), or None."""
        halt = self._nes.halt
        return None if halt is None else halt.kind

    @property
    def machine(self) -> NES:
        return self._nes

    @property
    def cartridge(self):
        """The `romulus_nb.emu.cartridge.Cartridge` (PRG, CHR, mirroring) being played."""
        return self._cartridge

    def script(self) -> dict[int, int]:
        """What was held, ``{script frame: mask}`` (frames with nothing held left out)."""
        return dict(self._script)

    def state(self) -> PPUState:
        """The PPU state now (frame number, memories, registers, scroll, write log)."""
        return self._nes.state()

    def picture(self) -> np.ndarray:
        """The frame the PPU shows now, ``(240, 256) uint8`` colour indices. Drawn again only
        when what the picture is made of changed (most frames of a still screen do not)."""
        ppu = self._nes.ppu
        made_of = (ppu.picture_memories(), ppu.memories(), repr(ppu.picture_segments()),
                   ppu.ctrl, ppu.mask, ppu.scroll())  # fmt: skip
        if self._last is None or made_of != self._drawn_from:
            state = PPUState.capture(ppu, self._nes.cycles, writes=False)
            self._last, self._drawn_from = state.render().indices, made_of
        return self._last

    def recording(self) -> str:
        """What was held, as a button script (``"0-41:right,42-50:right+a"``) for
        `romulus_nb.emu.smoke.smoke_test` or ``romulus smoke --buttons``."""
        return script_text(self._script)


def script_runs(script: dict[int, int]) -> list[list[int]]:
    """``{frame: mask}`` as ``[[first, last, mask], ...]``: runs of consecutive frames holding
    one mask, in order."""
    runs: list[list[int]] = []
    for frame in sorted(script):
        if runs and runs[-1][1] == frame - 1 and runs[-1][2] == script[frame]:
            runs[-1][1] = frame
        else:
            runs.append([frame, frame, script[frame]])
    return runs


def script_text(script: dict[int, int]) -> str:
    """``{frame: mask}`` as the shortest ``FIRST-LAST:BUTTONS`` text, runs of one mask merged."""
    return ",".join(
        f"{first}{'' if first == last else f'-{last}'}:{_names(mask)}"
        for first, last, mask in script_runs(script)
    )


def _names(mask: int) -> str:
    return "+".join(name for bit, name in enumerate(BUTTONS) if mask >> bit & 1)
