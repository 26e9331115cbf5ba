"""Hardware rules that a lax emulator forgives and a real NES does not, as smoke-test warnings.

Each warning names the rule, how often it was broken, and where first (frame, scanline, PC):
PPU writes during the warm-up, VRAM/OAM writes while the PPU draws (and vblank uploads that run
past vblank), RAM read before it was written, nametable or palette entries on screen that were
never written (power-on garbage on hardware), and a reset without CLD or without setting S.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from romulus_nb.emu.machine import NES
from romulus_nb.emu.ppu import WARMUP_CYCLES
from romulus_nb.nes.hardware import (
    ATTR_PALETTE,
    ATTRIBUTE_OFFSET,
    MASK_BG,
    MASK_RENDERING,
    MASK_SPRITES,
    NAMETABLE_BASE,
    NAMETABLE_BYTES,
    NAMETABLE_STRIDE,
    PALETTE_BASE,
    REGISTER_NAMES,
    V_NAMETABLE,
)


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


def hardware_warnings(nes: NES) -> list[HardwareWarning]:
    """The mistakes that work in a lax emulator and fail on a real NES, one entry per kind."""
    grouped: dict[str, list] = defaultdict(list)
    for event in nes.ppu.events:
        grouped[event[0]].append(event)
    out = []
    if "warmup" in grouped:
        events = grouped["warmup"]
        _, frame, line, address, pc = events[0]
        registers = sorted({REGISTER_NAMES[e[3]] for e in events})
        out.append(HardwareWarning(
            "warmup",
            f"{len(events)} write(s) to {'/'.join(registers)} during the PPU's warm-up, first "
            f"{REGISTER_NAMES[address]} at PC ${pc:04X}: the PPU ignores PPUCTRL, PPUMASK, "
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
                f"{len(events)} VRAM/OAM write(s) {text}; first {REGISTER_NAMES[address]} in "
                f"frame {frame}, scanline {line}, PC ${pc:04X}: the PPU is drawing then, so the "
                "write lands in the wrong place; write during vblank or with rendering off",
                len(events), frame, line, pc,
            ))  # fmt: skip
    unwritten = _unwritten_visible_nametable(nes.ppu)
    if unwritten:
        base, count = unwritten
        out.append(HardwareWarning(
            "uninitialized-vram",
            f"the background shows nametable ${base:04X}, but {count} of its 1024 bytes were "
            "never written: nametable RAM holds random values at power-on, clear it before "
            "turning rendering on",
            count,
        ))  # fmt: skip
    unset = _unwritten_palette_entries(nes.ppu)
    if unset:
        names = ", ".join(f"${PALETTE_BASE + i:04X}" for i in unset[:8])
        names += ", ..." if len(unset) > 8 else ""
        out.append(HardwareWarning(
            "uninitialized-palette",
            f"the picture uses {len(unset)} palette entr{'y' if len(unset) == 1 else 'ies'} "
            f"never written ({names}): palette RAM holds random colours at power-on",
            len(unset),
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
            # NESdev Wiki "CPU power up state": P=$34 at power-on; a reset leaves D unchanged.
            "the reset code never executes CLD: the 2A03 ignores decimal mode and powers up with "
            "D clear (P=$34), but a reset keeps the D the program left, and 6502 code shared "
            "with other machines (and some clones) needs it clear",
        ))  # fmt: skip
    if "stack" in seen and seen.get("txs", 1 << 30) > seen["stack"]:
        out.append(HardwareWarning(
            "no-stack",
            # The same page: S=$FD at power-on; a reset decrements S by 3.
            "the stack was used (JSR/PHA/PHP or an NMI) before the reset code set the stack "
            "pointer with LDX #$FF / TXS: S is $FD at power-on, but a reset moves it down by 3 "
            "from wherever the program left it, so only code that sets S knows where its stack is",
        ))  # fmt: skip
    return out


def _unwritten_visible_nametable(ppu) -> tuple[int, int] | None:
    """``(address, bytes never written)`` of the nametable the background starts from."""
    if not ppu.mask & MASK_BG:
        return None
    select = (ppu.t & V_NAMETABLE) >> 10
    page = ppu.pages[select]
    count = NAMETABLE_BYTES - sum(ppu.vram_written[page * 1024 : page * 1024 + 1024])
    return (NAMETABLE_BASE + NAMETABLE_STRIDE * select, count) if count else None


def _unwritten_palette_entries(ppu) -> list[int]:
    """Palette RAM indices the current picture uses but the CPU never wrote."""
    if not ppu.mask & MASK_RENDERING:
        return []
    used = {0}
    if ppu.mask & MASK_BG:
        page = ppu.pages[(ppu.t & V_NAMETABLE) >> 10]
        attributes = ppu.vram[page * 1024 + ATTRIBUTE_OFFSET : page * 1024 + 1024]
        for byte in set(attributes):
            for shift in (0, 2, 4, 6):
                used.update(4 * ((byte >> shift) & 3) + c for c in (1, 2, 3))
    if ppu.mask & MASK_SPRITES:
        for n in range(64):
            if ppu.oam[4 * n] < 0xEF:
                used.update(16 + 4 * (ppu.oam[4 * n + 2] & ATTR_PALETTE) + c for c in (1, 2, 3))
    return sorted(i for i in used if not ppu.palette_written[i])
