"""The smoke test: run a ROM for a bounded number of frames and say what it did.

`smoke_test` answers "does it boot, does it draw, does it settle, and does it break a rule that
a lax emulator forgives but a real NES does not?". It never hangs (the budget is a number of
frames) and never raises for a misbehaving ROM: a crash is a verdict, with the last PC and a
disassembly around it. Only input that is not a runnable iNES file raises `RomFormatError`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from romulus_nb.emu.buttons import MAX_FRAMES, ButtonSpec
from romulus_nb.emu.listing import disassembly_window
from romulus_nb.emu.machine import NES
from romulus_nb.emu.report import film_gif, game_smoke_html, smoke_html
from romulus_nb.emu.rules import HardwareWarning, hardware_warnings
from romulus_nb.emu.state import PPUState
from romulus_nb.emu.vblank import watch_frames, worst_nmi
from romulus_nb.errors import InvalidValueError
from romulus_nb.nes.hardware import MASK_RENDERING, PPUMASK
from romulus_nb.render import MASK_BACKGROUND_ONLY, Frame, render_vram
from romulus_nb.rom.build import build
from romulus_nb.services import service

#: Verdicts that mean the ROM boots and draws; the others are failures.
GOOD_VERDICTS = ("idle", "busy")
VERDICTS = ("idle", "busy", "no-rendering", "stuck-in-nmi", "brk", "illegal", "garbage")
FILM_EVERY = 32  # PPUDATA writes between two pictures of the frame-by-frame view


@dataclass(frozen=True, eq=False)
class SmokeResult:
    """What `smoke_test` saw.

    Attributes
    ----------
    verdict : str
        One of `VERDICTS`: ``"idle"`` (booted, drew, settled into an idle main loop),
        ``"busy"`` (drew, but the main loop never idled), ``"no-rendering"``,
        ``"stuck-in-nmi"`` (an NMI handler that never returns), ``"brk"``,
        ``"illegal"`` (an opcode the 6502 does not define) or ``"garbage"`` (the PC left code:
        registers, open bus or RAM never written).
    message : str
        The verdict as a sentence.
    frames, cycles, instructions : int
        Frames completed, CPU cycles and instructions run (skipped idle iterations counted).
    render_frame, idle_frame : int or None
        Frame in which rendering was first enabled, and in which the main loop first idled.
    last_pc : int
        Where the CPU stopped (the faulting instruction for a crash).
    disassembly : tuple of str
        Code around ``last_pc``, ``=>`` marking it.
    state : PPUState
    frame : Frame
        ``state.render()``: the picture the PPU shows, drawn by our renderer.
    warnings : tuple of HardwareWarning
    film : tuple
        ``(frame, scanline, Frame)`` pictures of nametable $2000 filling up, for `film_gif`.
    worst_nmi : tuple
        ``(cycles, frame)``: the most CPU cycles from the start of vblank to the NMI's last PPU
        write, in a frame rendered on both sides of its vblank (`romulus_nb.emu.vblank`);
        ``(0, -1)`` when not measured.
    """

    verdict: str
    message: str
    frames: int
    cycles: int
    instructions: int
    render_frame: int | None
    idle_frame: int | None
    last_pc: int
    disassembly: tuple[str, ...]
    state: PPUState
    frame: Frame
    warnings: tuple[HardwareWarning, ...]
    film: tuple = ()
    worst_nmi: tuple[int, int] = (0, -1)

    @property
    def ok(self) -> bool:
        """True when the ROM booted and enabled rendering without crashing."""
        return self.verdict in GOOD_VERDICTS

    def warning_kinds(self) -> list[str]:
        return [w.kind for w in self.warnings]

    def film_gif(self, scale: int = 1) -> bytes:
        """The frame-by-frame view as an animated GIF (deterministic bytes)."""
        return film_gif(self, scale)

    def __repr__(self) -> str:
        lines = [
            f"SmokeResult({self.verdict}: {self.message})",
            f"  {self.frames} frames, {self.cycles} cycles, {self.instructions} instructions",
            f"  frame digest {self.frame.digest()}, state digest {self.state.digest()}",
        ]
        lines += [f"  warning [{w.kind}]: {w.message}" for w in self.warnings]
        if not self.ok:
            lines += ["  " + line for line in self.disassembly]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return smoke_html(self)


def smoke_test(
    rom,
    frames: int = 120,
    buttons: ButtonSpec = None,
    *,
    skip_idle: bool = True,
    film: bool = True,
    warmup: bool = True,
) -> SmokeResult:
    """Run ``rom`` for ``frames`` frames on py65 with the PPU model and report.

    Parameters
    ----------
    rom : bytes, str or Path
        An iNES mapper-0 image or its path.
    frames : int
        Budget, 1-36000 frames (36000 is ten minutes of NTSC time).
    buttons : dict, list or str, optional
        Joypad 1 script, e.g. ``{30: "start"}`` or ``"30:start,60-90:right"``.
    skip_idle : bool
        Fast-forward idle loops; the result is the same either way, only faster.
    film : bool
        Keep pictures of the nametable filling up (`SmokeResult.film_gif`).
    warmup : bool
        Ignore early PPU writes as the hardware does (default); False shows what an emulator
        without the warm-up draws. The "warmup" warning is given either way.

    Raises
    ------
    RomFormatError
        ``rom`` is not an iNES file, not mapper 0, or its sizes do not match its header.
    """
    if not isinstance(frames, int) or not 1 <= frames <= MAX_FRAMES:
        raise InvalidValueError(f"frames: {frames!r}; use a whole number from 1 to {MAX_FRAMES}")
    nes = NES(rom, buttons=buttons, skip_idle=skip_idle, warmup=warmup)
    if film:
        nes.ppu.film_every = FILM_EVERY
    starts = watch_frames(nes)
    nes.run_frames(frames)
    return result_of(nes, film=film, starts=starts)


def result_of(nes: NES, *, film: bool = False, starts=None) -> SmokeResult:
    """Judge a machine that has run: verdict, warnings, state and picture (and the worst NMI,
    given the frame starts `romulus_nb.emu.vblank.watch_frames` recorded)."""
    state = nes.state()
    ppu, halt = nes.ppu, nes.halt
    last_pc = halt.pc if halt else nes.cpu.pc
    if halt is not None:
        verdict = halt.kind
        what, why = {
            "brk": ("executed BRK", "usually a jump into zero-filled memory"),
            "illegal": (f"hit illegal opcode ${halt.opcode:02X}", "not a 6502 instruction"),
            "garbage": ("jumped into garbage", "the PC left PRG-ROM and written RAM"),
        }[halt.kind]
        message = f"{what} at ${halt.pc:04X} in frame {ppu.frame} (cycle {nes.cycles}): {why}"
    elif ppu.first_render_frame is None:
        verdict = "no-rendering"
        message = (
            f"never enabled rendering (PPUMASK bits 3-4) in {ppu.frame} frames; "
            f"the CPU was at ${last_pc:04X}"
        )
        if any(e[0] == "warmup" and e[3] == PPUMASK for e in ppu.events):
            message += " (it wrote PPUMASK during the PPU's warm-up, which ignores it)"
    elif nes.nmi_stuck_since() is not None:
        verdict = "stuck-in-nmi"
        message = (
            f"stuck in the NMI handler since frame {nes.nmi_stuck_since()}: it never returned "
            f"(no RTI), so the main loop stopped running; the CPU was at ${last_pc:04X}"
        )
    elif nes.idle_frame is not None:
        verdict = "idle"
        message = (
            f"booted; rendering enabled in frame {ppu.first_render_frame}; "
            f"idle main loop from frame {nes.idle_frame}"
        )
    else:
        verdict = "busy"
        message = (
            f"booted; rendering enabled in frame {ppu.first_render_frame}; "
            "the main loop never waited in an idle loop"
        )
    window = tuple(disassembly_window(nes.bus.peek, last_pc))
    pictures = _film(nes, state) if film else ()
    return SmokeResult(
        verdict=verdict,
        message=message,
        frames=ppu.frame,
        cycles=nes.cycles,
        instructions=nes.instructions,
        render_frame=ppu.first_render_frame,
        idle_frame=nes.idle_frame,
        last_pc=last_pc,
        disassembly=window,
        state=state,
        frame=state.render(),
        warnings=tuple(hardware_warnings(nes)),
        film=pictures,
        worst_nmi=worst_nmi(nes, starts) if starts is not None else (0, -1),
    )


# -- the frame-by-frame view ----------------------------------------------------------------


def _film(nes: NES, state: PPUState) -> tuple:
    """Pictures of nametable $2000 as the PPUDATA writes fill it, ending with the final frame."""
    ppu = nes.ppu
    chr_bank = state.chr_bank
    pictures = []
    for frame, line, vram, palette in ppu.film[-47:]:
        pages = np.frombuffer(vram, np.uint8).reshape(4, 1024)[list(ppu.pages)]
        palette_ram = np.frombuffer(palette, np.uint8)
        picture = render_vram(
            chr_bank=chr_bank, nametables=pages, palette_ram=palette_ram, oam=state.oam,
            ppuctrl=state.ppuctrl, ppumask=MASK_BACKGROUND_ONLY,
        )  # fmt: skip
        pictures.append((frame, line, picture))
    pictures.append((state.frame, 0, state.render()))
    return tuple(pictures)


# -- our own games: every scene, reached through the joypad, must equal its design --------------


@dataclass(frozen=True, eq=False)
class SceneCheck:
    """One scene of a game as the ROM shows it, against its design.

    Attributes
    ----------
    index : int
    name : str
    differing_pixels : int
        Pixels whose colour index differs between ``expected`` and ``actual``.
    expected, actual : Frame
        The design (`romulus_nb.render.render_scene`) and the emulated ROM's frame.
    frame : int
        The frame in which the ROM's picture settled.
    """

    index: int
    name: str
    differing_pixels: int
    expected: Frame
    actual: Frame
    frame: int

    @property
    def ok(self) -> bool:
        return self.differing_pixels == 0

    def difference(self):
        """``(240, 256) bool``: True where the pixels differ."""
        return self.expected.indices != self.actual.indices

    def where(self) -> str:
        """The differing pixels in words: how many, the first, and the box around them."""
        if self.ok:
            return "identical"
        ys, xs = np.nonzero(self.difference())
        return (
            f"{self.differing_pixels} pixels differ, first at (x={xs[0]}, y={ys[0]}), "
            f"all within x {xs.min()}-{xs.max()}, y {ys.min()}-{ys.max()}"
        )

    def difference_rgb(self):
        """Design, ROM and the differing pixels in magenta, side by side: ``(240, 776, 3)``."""
        expected, actual = self.expected.rgb(), self.actual.rgb()
        marked = expected // 3
        marked[self.difference()] = (255, 0, 255)
        gap = np.full((240, 4, 3), 255, np.uint8)
        return np.concatenate([expected, gap, actual, gap, marked], axis=1)


@dataclass(frozen=True, eq=False)
class GameSmokeReport:
    """`smoke_game`'s answer: one `SceneCheck` per scene and the smoke test of the whole run."""

    game_name: str
    scenes: tuple[SceneCheck, ...]
    smoke: SmokeResult

    @property
    def ok(self) -> bool:
        """The ROM boots and every scene matches its design pixel for pixel."""
        return self.smoke.ok and bool(self.scenes) and all(s.ok for s in self.scenes)

    def __repr__(self) -> str:
        lines = [f"GameSmokeReport({self.game_name!r}: {'PASS' if self.ok else 'FAIL'})"]
        for s in self.scenes:
            lines.append(f"  scene {s.index} {s.name!r}: {s.where()} (settled in frame {s.frame})")
        lines.append(f"  smoke: {self.smoke.verdict}: {self.smoke.message}")
        lines += [f"  warning [{w.kind}]: {w.message}" for w in self.smoke.warnings]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return game_smoke_html(self)


def smoke_game(
    game, rom: bytes | None = None, *, advance: str = "start", max_frames: int = 120
) -> GameSmokeReport:
    """Run ``game``'s ROM, step through its scenes with the joypad, compare each to its design.

    The romulus_nb runtime shows scene 0 after reset and the next scene when Start is pressed.
    For each scene we wait until the picture settles (rendering on, PPU memories unchanged
    over two frames), render the PPU state and compare it with the design, colour index for
    colour index.

    Parameters
    ----------
    game : Game
    rom : bytes, optional
        The iNES image; built with `romulus_nb.rom.build.build` when omitted.
    advance : str
        The button that shows the next scene.
    max_frames : int
        Frames to wait for each scene to settle.
    """
    if rom is None:
        rom = build(game)
    nes = NES(rom)
    checks = []
    for index, scene in enumerate(game.scenes):
        if index:
            nes.press(advance)
        settled = _settle(nes, max_frames)
        state = nes.state()
        actual = state.render()
        expected = service("start_frame")(game, index)  # with the player where it plays
        differing = int((expected.indices != actual.indices).sum())
        checks.append(SceneCheck(index, scene.name, differing, expected, actual, settled))
        if nes.halt is not None:
            break
    return GameSmokeReport(game.name, tuple(checks), result_of(nes))


def _settle(nes: NES, max_frames: int) -> int:
    """Run frames until rendering is on and the PPU memories stay the same for two frames."""
    ppu = nes.ppu
    previous, same = None, 0
    start = ppu.frame
    while ppu.frame - start < max_frames and nes.run_frames(1):
        key = (bytes(ppu.vram), bytes(ppu.palette), bytes(ppu.oam), ppu.ctrl, ppu.mask, ppu.t,
               ppu.x)  # fmt: skip
        same = same + 1 if key == previous and ppu.mask & MASK_RENDERING else 0
        previous = key
        if same >= 2:
            break
    return ppu.frame
