"""Fixtures for the emulator tests: ROMs assembled by ca65/ld65, and cynes as the reference.

ROM sources live in ``tests/emu/roms`` and are assembled into a temporary directory; no .nes
file is committed. ca65, ld65 and cynes are required: a missing tool fails the test.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from cynes import NES as CynesNES

ROMS = Path(__file__).parent / "roms"

#: cynes' joypad byte: bit 7 A, 6 B, 5 Select, 4 Start, 3 Up, 2 Down, 1 Left, 0 Right.
CYNES_BITS = {"a": 0x80, "b": 0x40, "select": 0x20, "start": 0x10, "up": 0x08, "down": 0x04,
              "left": 0x02, "right": 0x01}  # fmt: skip


def assemble(source: Path, out_dir: Path, defines: dict | None = None, name: str | None = None):
    """ca65 + ld65 ``source`` with ``-D NAME=VALUE`` defines into ``out_dir``; the .nes path."""
    ca65, ld65 = shutil.which("ca65"), shutil.which("ld65")
    assert ca65 and ld65, "ca65/ld65 (Debian package cc65) are required by these tests"
    stem = name or source.stem
    obj, rom = out_dir / f"{stem}.o", out_dir / f"{stem}.nes"
    args = [ca65, "-I", str(ROMS), str(source), "-o", str(obj)]
    for key, value in (defines or {}).items():
        args += ["-D", f"{key}={value}"]
    subprocess.run(args, check=True, capture_output=True, text=True)
    subprocess.run([ld65, "-C", str(ROMS / "nrom.cfg"), str(obj), "-o", str(rom)], check=True,
                   capture_output=True, text=True)  # fmt: skip
    return rom


@pytest.fixture(scope="session")
def rom_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("emu_roms")


@pytest.fixture(scope="session")
def build_rom(rom_dir):
    """``build_rom("basic", FLAG=1)`` -> path of the assembled ROM (cached per variant)."""
    cache: dict = {}

    def build(stem: str, **defines) -> Path:
        key = (stem, tuple(sorted(defines.items())))
        if key not in cache:
            name = stem + "".join(f"_{k}{v}" for k, v in sorted(defines.items()))
            cache[key] = assemble(ROMS / f"{stem}.s", rom_dir, defines, name)
        return cache[key]

    return build


@pytest.fixture(scope="session")
def cynes_palette(build_rom) -> np.ndarray:
    """cynes' RGB for each colour index, ``(64, 3) int``, learned by running palette.s.

    palette.s shows colour N as the backdrop and N in binary as six tiles; reading both from
    cynes' frames gives N -> RGB with nothing taken from our code.
    """
    nes = CynesNES(str(build_rom("palette")))
    palette: dict[int, np.ndarray] = {}
    for _ in range(160):
        frame = nes.step(1).astype(int)
        bits = []
        for digit in range(6):
            x = 16 + 8 * digit
            left, right = frame[20, x + 1].sum(), frame[20, x + 6].sum()
            if left == right:
                break
            bits.append("1" if left > right else "0")
        if len(bits) == 6:
            palette.setdefault(int("".join(bits), 2), frame[100, 100])
        if len(palette) == 64:
            break
    assert len(palette) == 64, f"learned only {len(palette)} colours from cynes"
    return np.array([palette[i] for i in range(64)])


def cynes_at_power_on(rom: Path) -> CynesNES:
    """A cynes machine whose next ``step(1)`` draws frame 0, the first after power-on.

    cynes 0.1.2 leaves its PPU's frame-ready flag uninitialised (``_frameReady`` in
    src/ppu.hpp is set by neither the constructor nor ``power()``): when the heap happens to
    hold a nonzero byte there, the first step returns at once, having run nothing, and every
    later frame comes one step late. Such an empty step changes that flag alone in the saved
    state; a real one changes much more, and the power-on state is loaded back.
    """
    nes = CynesNES(str(rom))
    power_on = nes.save()
    nes.step(1)
    if np.count_nonzero(nes.save() != power_on) > 1:
        nes.load(power_on)
    return nes


def cynes_frame(rom: Path, frames: int, buttons: dict[int, str] | None = None) -> np.ndarray:
    """cynes' ``(240, 256, 3)`` frame after ``frames`` frames, with a joypad script."""
    nes = cynes_at_power_on(rom)
    frame = None
    for number in range(frames):
        names = (buttons or {}).get(number, "")
        nes.controller = sum(CYNES_BITS[b] for b in names.split("+") if b)
        frame = nes.step(1)
    return np.array(frame, copy=True)  # step() returns a view of cynes' buffer: copy it


def differing_pixels(indices: np.ndarray, rgb: np.ndarray, palette: np.ndarray) -> int:
    """Pixels where our colour index, seen through cynes' palette, is not cynes' pixel.

    Indices that cynes draws alike (the blacks, $20/$30) compare equal, as they must.
    """
    ours = palette[np.asarray(indices, np.intp) & 0x3F]
    return int(np.any(ours != rgb.astype(int), axis=-1).sum())


_PROGRAM = """.include "common.inc"
.segment "CODE"
reset:
{body}
    brk                         ; the end: the smoke machine stops here
nmi:
{nmi}
irq:
{irq}
.segment "VECTORS"
    .word nmi, reset, irq
.segment "CHARS"
    .res $2000, 0
"""


@pytest.fixture(scope="session")
def program(rom_dir):
    """``program(body, nmi="rti", irq="rti")`` -> ROM path: reset runs ``body`` then BRK."""
    count = [0]

    def make(body: str, nmi: str = "    rti", irq: str = "    rti") -> Path:
        count[0] += 1
        source = rom_dir / f"program{count[0]}.s"
        source.write_text(_PROGRAM.format(body=body, nmi=nmi, irq=irq))
        return assemble(source, rom_dir)

    return make


@pytest.fixture(scope="session")
def cc65_hello(rom_dir) -> Path:
    """cc65's own sample program hello.c compiled for the NES (``cl65 -t nes``): a ROM built
    by somebody else's C runtime, not ours."""
    cl65 = shutil.which("cl65")
    sample = Path("/usr/share/cc65/samples/hello.c")
    assert cl65 and sample.exists(), "cl65 and cc65's samples (Debian package cc65) are required"
    rom = rom_dir / "cc65_hello.nes"
    subprocess.run([cl65, "-t", "nes", "-O", str(sample), "-o", str(rom)], check=True,
                   capture_output=True, cwd=rom_dir)  # fmt: skip
    return rom
