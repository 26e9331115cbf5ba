"""Notebook 09: the PPU's address latch, the +1/+32 increment and what fits in vblank."""

from __future__ import annotations

from romulus_nb.exercises._core import as_int, exercise
from romulus_nb.exercises.frames import DOTS_PER_CPU_CYCLE, DOTS_PER_LINE, VBLANK_LINES

#: OAM DMA stalls the CPU for 513 cycles (514 on an odd cycle): NESdev Wiki "PPU registers".
OAM_DMA_CYCLES = 513
#: An unrolled copy: LDA absolute (4 cycles) then STA $2007 (4 cycles) per byte.
CYCLES_PER_BYTE = 8


@exercise(
    "09",
    "Code writes $3F to $2006, then the NMI handler reads $2002 and writes $10 and $00 to "
    "$2006. Which PPU address is set now?",
    "PPUADDR is written twice, high byte then low byte, through one toggle",
)
def address_latch(answer):
    address = as_int(answer, "the address")
    if address == 0x1000:
        return True, "$1000: reading $2002 reset the latch, so $10 was the high byte", ""
    if address == 0x3F10:
        return (
            False,
            "$3F10 would be right if the latch had kept the first write",
            ("reading PPUSTATUS ($2002) resets the write toggle: the next $2006 write is high"),
        )
    if address == 0x0010:
        return False, "$0010 takes $10 as the low byte", "PPUADDR takes the high byte first"
    return False, f"${address:04X}", "after the $2002 read, $10 then $00 go to PPUADDR"


@exercise(
    "09",
    "With PPUCTRL = $04, code sets PPUADDR to $2000 and writes 3 bytes to $2007. Which address "
    "would the next write go to?",
    "bit 2 of PPUCTRL is the increment: 0 adds 1, 1 adds 32",
)
def column_increment(answer):
    address = as_int(answer, "the address")
    if address == 0x2060:
        return True, "$2060: PPUCTRL bit 2 set, each PPUDATA write steps 32 (one row down)", ""
    if address == 0x2003:
        return False, "$2003 steps by 1", "PPUCTRL bit 2 ($04) makes PPUDATA step 32: down a column"
    return False, f"${address:04X}", "three writes, each adding 32 to the address"


@exercise(
    "09",
    "After OAM DMA, how many bytes can an unrolled LDA abs / STA $2007 copy write in one vblank?",
    "LDA absolute and STA absolute take 4 cycles each",
)
def vblank_bytes(answer):
    count = as_int(answer, "the byte count")
    vblank = VBLANK_LINES * DOTS_PER_LINE // DOTS_PER_CPU_CYCLE
    expected = (vblank - OAM_DMA_CYCLES) // CYCLES_PER_BYTE
    if abs(count - expected) <= 5:
        return True, f"about {expected} bytes: ({vblank} - {OAM_DMA_CYCLES}) / 8", ""
    if abs(count - vblank // CYCLES_PER_BYTE) <= 5:
        return False, f"{count} forgets the OAM DMA", "the DMA takes 513 cycles of vblank first"
    return False, f"{count} bytes", "vblank cycles, minus 513 for OAM DMA, divided by 8"
