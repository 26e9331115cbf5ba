"""The scrolling ROM against its Python simulation: sampled frames, pixel for pixel, and the
vblank time the NMI uses.

`check_rom` runs the game's ROM on our emulator with a joypad script, and at every sampled
frame compares the picture with ``scene.render(camera=...)`` of the scene and camera that
`romulus_nb.play.simulate` says are on screen. `nmi_cycles` measures, frame by frame, how many
CPU cycles after the start of vblank the NMI made its last PPU write (`romulus_nb.emu.vblank`):
the uploads must end inside vblank (~2273 cycles on NTSC).
"""

from __future__ import annotations

from dataclasses import dataclass

from romulus_nb.emu.machine import NES
from romulus_nb.emu.rules import hardware_warnings
from romulus_nb.emu.vblank import VBLANK_CYCLES, nmi_spans, watch_frames, worst_nmi
from romulus_nb.nes.hardware import MASK_RENDERING
from romulus_nb.play.proof import check_play
from romulus_nb.play.report import FramesVerdict
from romulus_nb.play.simulate import simulate
from romulus_nb.render import LINE_MASK
from romulus_nb.rom.build import build
from romulus_nb.rom.player_data import plays

__all__ = ["VBLANK_CYCLES", "FrameCheck", "ScrollReport", "check_rom", "nmi_cycles"]


@dataclass(frozen=True)
class FrameCheck:
    """One sampled frame: what the simulation expects and how many pixels differ."""

    frame: int
    scene: int | None
    camera: tuple[int, int]
    differing_pixels: int

    @property
    def ok(self) -> bool:
        return self.differing_pixels == 0


@dataclass(frozen=True)
class ScrollReport(FramesVerdict):
    """`check_rom`'s answer.

    Attributes
    ----------
    frames : tuple of FrameCheck
    worst_nmi_cycles : int
        The most CPU cycles from the start of vblank to the NMI's last PPU write, in any frame.
    worst_nmi_frame : int
    warnings : tuple of HardwareWarning
        The smoke test's hardware rules (a vblank overrun would show here).
    """

    game_name: str
    frames: tuple[FrameCheck, ...]
    worst_nmi_cycles: int
    worst_nmi_frame: int
    warnings: tuple

    def __repr__(self) -> str:
        return self._text(
            "sampled",
            f"worst NMI: {self.worst_nmi_cycles} of {VBLANK_CYCLES} vblank cycles "
            f"(frame {self.worst_nmi_frame})",
            lambda f: (
                f"  frame {f.frame}: scene {f.scene} camera {f.camera}: "
                f"{f.differing_pixels} pixels differ"
            ),
        )


def check_rom(game, buttons=None, frames: int = 600, *, every: int = 1, rom: bytes | None = None,
              skip_idle: bool = True) -> ScrollReport:  # fmt: skip
    """Run ``game``'s ROM with ``buttons`` and compare every ``every``-th frame (1 ..
    ``frames``) with the simulated scene and camera (a game with a player: `check_play`)."""
    if rom is None and any(plays(game, i) for i in range(len(game.scenes))):
        return check_play(game, buttons, frames, every=every)
    rom = build(game) if rom is None else rom
    views = simulate(game, buttons, frames)
    nes = NES(rom, buttons=buttons, skip_idle=skip_idle)
    starts = watch_frames(nes)
    checks = []
    for n in range(1, frames + 1):
        if not nes.run_frames(1):
            break
        if n % every and n != frames:
            continue
        view = views[n]
        state = nes.state()
        picture = state.render().indices
        if view.scene is None:
            # Loading: rendering goes off (the frame the press is read in may be cut mid-way);
            # a frame drawn whole is a picture where none should be.
            drawn = state.lines[:, LINE_MASK] & MASK_RENDERING
            differing = int(picture.size) if drawn.all() else 0
        else:
            expected = game.scenes[view.scene].render(camera=view.camera).indices
            differing = int((expected != picture).sum())
        checks.append(FrameCheck(n, view.scene, view.camera, differing))
    worst, worst_frame = worst_nmi(nes, starts)
    return ScrollReport(game.name, tuple(checks), worst, worst_frame,
                        tuple(hardware_warnings(nes)))  # fmt: skip


def nmi_cycles(game, buttons=None, frames: int = 600, rom: bytes | None = None) -> dict[int, int]:
    """Run ``game``'s ROM and return `nmi_spans`: frame -> NMI cycles after vblank began."""
    rom = build(game) if rom is None else rom
    nes = NES(rom, buttons=buttons)
    starts = watch_frames(nes)
    nes.run_frames(frames)
    return nmi_spans(nes, starts)
