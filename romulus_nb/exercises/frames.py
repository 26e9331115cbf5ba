"""Notebook 07: a broken ROM made right, and the vblank budget in CPU cycles."""

from __future__ import annotations

from romulus_nb.emu.smoke import smoke_test
from romulus_nb.errors import RomulusError
from romulus_nb.exercises._core import as_int, exercise
from romulus_nb.rom.asm import assemble
from romulus_nb.rom.ines import build_ines

#: NTSC (NESdev Wiki "Cycle reference chart"): vblank is scanlines 241-260, 20 lines of 341 PPU
#: dots, and the CPU runs one cycle per 3 dots.
VBLANK_LINES, DOTS_PER_LINE, DOTS_PER_CPU_CYCLE = 20, 341, 3


def program_rom(source: str) -> bytes:
    """A single-file program with CODE at $C000 and VECTORS at $FFFA as a mapper-0 ROM."""
    program = assemble(source)
    prg = program.image(start=0xC000, end=0x10000, segments=["CODE", "VECTORS"])
    return build_ines(prg, bytes(8192))


@exercise(
    "07",
    "Fix BROKEN until the smoke test gives a good verdict and no warnings.",
    "take the warnings one at a time: each says the rule and the fix",
)
def fix_the_rom(source, frames: int = 10):
    if not isinstance(source, str):
        raise TypeError("give the program's source text")
    try:
        rom = program_rom(source)
    except RomulusError as error:
        return False, f"it does not assemble: {error}", "fix the line the error names"
    result = smoke_test(rom, frames=frames)
    if not result.ok:
        return (
            False,
            f"verdict {result.verdict}: {result.message}",
            ("the PPU needs two vblanks before it takes writes: wait on bit 7 of $2002 twice"),
        )
    if result.warnings:
        first = result.warnings[0]
        kinds = ", ".join(w.kind for w in result.warnings)
        return False, f"{len(result.warnings)} warning(s) left: {kinds}", first.message
    return True, f"verdict {result.verdict}, no warnings", ""


@exercise(
    "07",
    "How many CPU cycles does vblank last on an NTSC NES?",
    "20 scanlines, 341 PPU dots each, 3 dots per CPU cycle",
)
def vblank_cycles(answer):
    cycles = float(answer) if isinstance(answer, float) else as_int(answer, "the cycle count")
    exact = VBLANK_LINES * DOTS_PER_LINE / DOTS_PER_CPU_CYCLE
    if abs(cycles - exact) < 1:
        return True, f"about {exact:.0f} CPU cycles (20 × 341 / 3)", ""
    if abs(cycles - VBLANK_LINES * DOTS_PER_LINE) < 1:
        return False, f"{cycles:g} is PPU dots", "the CPU runs one cycle for every 3 PPU dots"
    return False, f"{cycles:g} cycles", "vblank is 20 scanlines of 341 PPU dots"
