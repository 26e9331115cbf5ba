"""The smoke test: run a ROM for a bounded number of frames and say what it did.

`smoke_test` answers "does it boot, does it draw, does it settle, and does it break a rule that
a lax emulator forgives but a real NES does not?". It never hangs (the budget is a number of
frames) and never raises for a misbehaving ROM: a crash is a verdict, with the last PC and a
disassembly around it. Only input that is not a runnable iNES file raises `RomFormatError`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from romulus_nb.emu.buttons import ButtonSpec
from romulus_nb.emu.listing import disassembly_window
from romulus_nb.emu.machine import NES
from romulus_nb.emu.ppu import WARMUP_CYCLES
from romulus_nb.emu.state import _REGISTER_NAMES, PPUState
from romulus_nb.errors import InvalidValueError
from romulus_nb.render import Frame

#: Verdicts: the first three mean the ROM boots and draws.
GOOD_VERDICTS = ("idle", "busy")
VERDICTS = ("idle", "busy", "no-rendering", "brk", "illegal", "garbage")
FILM_EVERY = 32  # PPUDATA writes between two pictures of the frame-by-frame view


@dataclass(frozen=True)
class HardwareWarning:
    """A hardware rule broken, seen ``count`` times; ``frame``/``scanline``/``pc`` of the first."""

    kind: str
    message: str
    count: int = 1
    frame: int | None = None
    scanline: int | None = None
    pc: int | None = None

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, eq=False)
class SmokeResult:
    """What `smoke_test` saw.

    Attributes
    ----------
    verdict : str
        One of `VERDICTS`: ``"idle"`` (booted, drew, settled into an idle main loop),
        ``"busy"`` (drew, but the main loop never idled), ``"no-rendering"``, ``"brk"``,
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

    @property
    def ok(self) -> bool:
        """True when the ROM booted and enabled rendering without crashing."""
        return self.verdict in GOOD_VERDICTS

    def warning_kinds(self) -> list[str]:
        return [w.kind for w in self.warnings]

    def film_gif(self, scale: int = 1) -> bytes:
        """The frame-by-frame view as an animated GIF (deterministic bytes)."""
        from romulus_nb.emu.report import film_gif

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
        from romulus_nb.emu.report import smoke_html

        return smoke_html(self)


def smoke_test(
    rom,
    frames: int = 120,
    buttons: ButtonSpec = None,
    *,
    skip_idle: bool = True,
    film: bool = True,
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

    Raises
    ------
    RomFormatError
        ``rom`` is not an iNES file, not mapper 0, or its sizes do not match its header.
    """
    if not isinstance(frames, int) or not 1 <= frames <= 36000:
        raise InvalidValueError(f"frames: {frames!r}; use a whole number from 1 to 36000")
    nes = NES(rom, buttons=buttons, skip_idle=skip_idle)
    if film:
        nes.ppu.film_every = FILM_EVERY
    nes.run_frames(frames)
    return result_of(nes, film=film)


def result_of(nes: NES, *, film: bool = False) -> SmokeResult:
    """Judge a machine that has run: verdict, warnings, state and picture."""
    state = PPUState.capture(nes.ppu, nes.cycles)
    ppu, halt = nes.ppu, nes.halt
    last_pc = halt.pc if halt else nes.cpu.pc
    if halt is not None:
        verdict = halt.kind
        what = {
            "brk": "executed BRK (opcode $00), usually a jump into zero-filled memory",
            "illegal": f"hit illegal opcode ${halt.opcode:02X}",
            "garbage": "jumped into garbage: the PC left PRG-ROM and written RAM",
        }[halt.kind]
        message = f"{what} at ${halt.pc:04X} in frame {ppu.frame} (cycle {nes.cycles})"
    elif ppu.first_render_frame is None:
        verdict = "no-rendering"
        message = (
            f"never enabled rendering (PPUMASK bits 3-4) in {ppu.frame} frames; "
            f"the CPU was at ${last_pc:04X}"
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
    )


# -- hardware-rule warnings -----------------------------------------------------------------


def hardware_warnings(nes: NES) -> list[HardwareWarning]:
    """The mistakes that work in a lax emulator and fail on a real NES, one entry per kind."""
    grouped: dict[str, list] = defaultdict(list)
    for event in nes.ppu.events:
        grouped[event[0]].append(event)
    out = []
    if "warmup" in grouped:
        events = grouped["warmup"]
        _, frame, line, address, pc = events[0]
        registers = sorted({_REGISTER_NAMES[e[3]] for e in events})
        out.append(HardwareWarning(
            "warmup",
            f"{len(events)} write(s) to {'/'.join(registers)} during the PPU's warm-up, first "
            f"{_REGISTER_NAMES[address]} at PC ${pc:04X}: the PPU ignores PPUCTRL, PPUMASK, "
            f"PPUSCROLL and PPUADDR for {WARMUP_CYCLES} CPU cycles after power-on; "
            "wait for two vblanks before setting them",
            len(events), frame, line, pc,
        ))  # fmt: skip
    for kind, text in (
        ("rendering", "while rendering was on, outside vblank"),
        ("overrun", "after vblank ended, in uploads that began in vblank (the upload overran "
                    "vblank)"),
    ):  # fmt: skip
        if kind in grouped:
            events = grouped[kind]
            _, frame, line, address, pc = events[0]
            out.append(HardwareWarning(
                kind,
                f"{len(events)} VRAM/OAM write(s) {text}; first {_REGISTER_NAMES[address]} in "
                f"frame {frame}, scanline {line}, PC ${pc:04X}: the PPU is drawing then, so the "
                "write lands in the wrong place; write during vblank or with rendering off",
                len(events), frame, line, pc,
            ))  # fmt: skip
    unread = nes.bus.uninitialized_reads
    if unread:
        addr, pc = next(iter(unread.items()))
        addrs = ", ".join(f"${a:04X}" for a in sorted(unread)[:8])
        more = ", ..." if len(unread) > 8 else ""
        out.append(HardwareWarning(
            "uninitialized",
            f"{len(unread)} RAM byte(s) read before anything was written there ({addrs}{more}); "
            f"first ${addr:04X} at PC ${pc:04X}: RAM holds random values at power-on, "
            "clear it in the reset code",
            len(unread), None, None, pc,
        ))  # fmt: skip
    seen = nes.first_seen
    if "cld" not in seen and nes.instructions > 0:
        out.append(HardwareWarning(
            "no-cld",
            "the reset code never executes CLD: the 2A03 ignores decimal mode, but the flag is "
            "random at power-on and 6502 code shared with other machines (and some clones) "
            "need it clear",
        ))  # fmt: skip
    if "stack" in seen and seen.get("txs", 1 << 30) > seen["stack"]:
        out.append(HardwareWarning(
            "no-stack",
            "the stack was used (JSR/PHA/PHP or an NMI) before the reset code set the stack "
            "pointer with LDX #$FF / TXS: S is not guaranteed at power-on",
        ))  # fmt: skip
    return out


# -- the frame-by-frame view ----------------------------------------------------------------


def _film(nes: NES, state: PPUState) -> tuple:
    """Pictures of nametable $2000 as the PPUDATA writes fill it, ending with the final frame."""
    import numpy as np

    from romulus_nb.render import render_vram

    ppu = nes.ppu
    chr_bank = state.chr_bank
    pictures = []
    for frame, line, vram, palette in ppu.film[-47:]:
        pages = np.frombuffer(vram, np.uint8).reshape(4, 1024)[list(ppu.pages)]
        palette_ram = np.frombuffer(palette, np.uint8)
        picture = render_vram(
            chr_bank=chr_bank, nametables=pages, palette_ram=palette_ram, oam=state.oam,
            ppuctrl=state.ppuctrl, ppumask=0x0A,
        )  # fmt: skip
        pictures.append((frame, line, picture))
    pictures.append((state.frame, 0, state.render()))
    return tuple(pictures)
