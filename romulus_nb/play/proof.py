"""The player's ROM against its Python rules: pictures, RAM variables and CPU time, per frame.

`check_play` runs a game's ROM on our emulator with a joypad script and, at every sampled
frame, compares

- the picture with `romulus_nb.play.picture.play_frame` of the simulated scene, camera and
  player (`romulus_nb.play.simulate`), pixel for pixel;
- the runtime's player variables in RAM (``rom/runtime/player.s``; addresses read from the
  assembled program's symbols, `RAM_VARIABLES`) and the camera with the simulation's state.

Two timing facts of our emulator, measured against cynes (``tests/play``):

- The picture after ``n`` frames is the frame drawn last; `PPUState` holds the OAM as it is
  *now*, after the vblank's OAM DMA, so its sprites are the next frame's. We draw the frame
  with the OAM latched when that frame began (a frame listener keeps a copy), which is what
  the PPU drew with and what cynes shows.
- The main loop that runs after the NMI at the start of vblank ``k`` computes what frame
  ``k + 1`` of the simulation shows; its RAM is read at the next vblank.

`busy_cycles` measures the CPU time of each frame: from the NMI to the main loop's next call of
``wait_nmi`` (the NMI's uploads and OAM DMA included), against the 29,780 cycles of an NTSC
frame (https://www.nesdev.org/wiki/Cycle_reference_chart).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from romulus_nb.emu.machine import NES
from romulus_nb.emu.rules import hardware_warnings
from romulus_nb.nes.hardware import MASK_RENDERING
from romulus_nb.play.physics import PlayerState
from romulus_nb.play.picture import play_frame
from romulus_nb.play.report import FramesVerdict
from romulus_nb.play.simulate import simulate
from romulus_nb.render import LINE_MASK
from romulus_nb.rom.build import build_game

#: CPU cycles of one NTSC frame (341 x 262 dots / 3, rounded down).
FRAME_CYCLES = 29780
#: `PlayerState` field -> the runtime's RAM variables (low byte first), see player.s.
RAM_VARIABLES = {
    "x": ("px_lo", "px_hi"),
    "y": ("py_lo", "py_hi"),
    "x_sub": ("px_sub",),
    "y_sub": ("py_sub",),
    "vx": ("vx_lo", "vx_hi"),
    "vy": ("vy_lo", "vy_hi"),
    "on_ground": ("on_ground",),
    "facing": ("facing",),
    "animation": ("animation",),
    "anim_frame": ("anim_frame",),
    "anim_timer": ("anim_timer",),
}
_SIGNED = {"y", "vx", "vy"}
_JSR = 0x20


def ram_player(memory, symbols: dict[str, int]) -> PlayerState:
    """The `PlayerState` the runtime holds in RAM (``memory``: the CPU's address space)."""
    values = {}
    for name, labels in RAM_VARIABLES.items():
        value = sum(memory[symbols[label]] << (8 * i) for i, label in enumerate(labels))
        if name in _SIGNED and value & 0x8000:
            value -= 0x10000
        values[name] = bool(value) if name == "on_ground" else value
    return PlayerState(**values)


def ram_camera(memory, symbols: dict[str, int]) -> tuple[int, int]:
    """The runtime's camera ``(cam_x, cam_y)`` (scroll.s's interface, 16 bits each)."""
    x, y = symbols["cam_x"], symbols["cam_y"]
    return memory[x] | memory[x + 1] << 8, memory[y] | memory[y + 1] << 8


@dataclass(frozen=True)
class PlayCheck:
    """One sampled frame: pixels that differ from the simulation, and the first RAM variable
    that does (None: all equal)."""

    frame: int
    scene: int | None
    camera: tuple[int, int]
    differing_pixels: int
    ram_mismatch: str | None

    @property
    def ok(self) -> bool:
        return self.differing_pixels == 0 and self.ram_mismatch is None


@dataclass(frozen=True)
class PlayReport(FramesVerdict):
    """`check_play`'s answer: the sampled frames, the worst frame's CPU cycles, the smoke
    test's hardware warnings."""

    game_name: str
    frames: tuple[PlayCheck, ...]
    worst_cycles: int
    worst_frame: int
    warnings: tuple

    def __repr__(self) -> str:
        return self._text(
            "checked",
            f"worst frame: {self.worst_cycles} of {FRAME_CYCLES} CPU cycles "
            f"(frame {self.worst_frame})",
            lambda f: (
                f"  frame {f.frame}: scene {f.scene} camera {f.camera}: "
                f"{f.differing_pixels} pixels differ; RAM: {f.ram_mismatch or 'equal'}"
            ),
        )


def latch_oam(nes: NES) -> dict[int, np.ndarray]:
    """Frame -> the OAM as that frame began (what the PPU draws its sprites from)."""
    ppu = nes.ppu
    latched = {ppu.frame: np.frombuffer(bytes(ppu.oam), np.uint8)}
    ppu.frame_listeners.append(
        lambda frame: latched.__setitem__(frame, np.frombuffer(bytes(ppu.oam), np.uint8))
    )
    return latched


def drawn_picture(state, frame: int, latched: dict[int, np.ndarray]) -> np.ndarray:
    """``(240, 256) uint8``: the frame drawn last (``state`` taken in ``frame``), its sprites
    from the OAM it began with."""
    oam = latched.get(frame - 1, state.oam)
    return dataclasses.replace(state, oam=oam).render().indices


def busy_cycles(nes: NES, wait_nmi: int) -> dict[int, int]:
    """Frame -> CPU cycles from its NMI to the main loop's next ``jsr wait_nmi``."""
    busy: dict[int, int] = {}
    began: list[int] = []
    nes.ppu.vblank_listeners.append(lambda _frame: began.append(nes.cycles))
    ppu = nes.ppu
    inner = [nes.cpu.instruct[_JSR]]

    def jsr(cpu) -> None:
        target = cpu.memory[cpu.pc] | cpu.memory[(cpu.pc + 1) & 0xFFFF] << 8
        if target == wait_nmi and began and ppu.rendering:  # not while a scene loads
            frame = nes.ppu.frame
            busy[frame] = max(busy.get(frame, 0), cpu.processorCycles - began[-1])
        inner[0](cpu)
        if cpu.instruct[_JSR] is not jsr:  # the machine's first-use hook stepped out: stay
            inner[0], cpu.instruct[_JSR] = cpu.instruct[_JSR], jsr

    nes.cpu.instruct[_JSR] = jsr
    return busy


def check_play(game, buttons=None, frames: int = 600, *, every: int = 1) -> PlayReport:
    """Run ``game``'s ROM with ``buttons`` and compare every ``every``-th frame's picture and
    the runtime's RAM with the simulation."""
    built = build_game(game)
    symbols = built.symbols
    views = simulate(game, buttons, frames + 1)
    nes = NES(built.rom, buttons=buttons)
    latched = latch_oam(nes)
    busy = busy_cycles(nes, symbols["wait_nmi"])
    rams: dict[int, tuple[PlayerState, tuple[int, int]]] = {}
    memory = nes.cpu.memory
    nes.ppu.vblank_listeners.insert(
        0, lambda k: rams.__setitem__(k, (ram_player(memory, symbols), ram_camera(memory, symbols)))
    )
    checks = []
    for n in range(1, frames + 1):
        if not nes.run_frames(1):
            break
        view = views[n]
        if n % every and n != frames or view.scene is None:
            continue
        state = nes.state()
        if views[n + 1].scene is None or not (state.lines[:, LINE_MASK] & MASK_RENDERING).all():
            # A scene switch: our PPUState holds the palette after the vblank's upload, the
            # next scene's (the scroll runtime's open timing case), and blank frames.
            continue
        picture = drawn_picture(state, nes.ppu.frame, latched)
        if view.player is None:  # no player: the scene's sprites stay on the screen
            expected = game.scenes[view.scene].render(camera=view.camera).indices
        else:
            expected = play_frame(game, view.scene, view.camera, view.player).indices
        mismatch = None
        after = views[n + 1]  # what the main loop before this vblank computed
        if after.player is not None and n in rams:
            state, camera = rams[n]
            wrong = [f.name for f in dataclasses.fields(PlayerState)
                     if getattr(state, f.name) != getattr(after.player, f.name)]  # fmt: skip
            if camera != after.camera:
                wrong.append("camera")
            mismatch = ", ".join(wrong) or None
        checks.append(PlayCheck(n, view.scene, view.camera, int((expected != picture).sum()),
                                mismatch))  # fmt: skip
    worst_frame = max(busy, key=busy.__getitem__, default=-1)
    return PlayReport(game.name, tuple(checks), busy.get(worst_frame, 0), worst_frame,
                      tuple(hardware_warnings(nes)))  # fmt: skip
