"""Notebook 12: what ca65 assembles two instructions into, and where ld65 places a procedure."""

from __future__ import annotations

from romulus_nb.exercises._core import as_bytes, as_int, exercise, hexes

#: NESdev Wiki "6502 instructions": LDA immediate is $A9 (2 bytes), STA absolute $8D (3 bytes,
#: the address low byte first).
LDA_IMMEDIATE, LDA_ZERO_PAGE, LDA_ABSOLUTE, STA_ABSOLUTE = 0xA9, 0xA5, 0xAD, 0x8D


@exercise(
    "12",
    "The bytes ca65 assembles LDA #$3F / STA $2006 into (the first PPUADDR write of load_palette)?",
    "print(linked.listing_text()) shows ca65's bytes next to each line",
)
def lda_sta_bytes(answer):
    data = as_bytes(answer, "a byte")
    right = bytes([LDA_IMMEDIATE, 0x3F, STA_ABSOLUTE, 0x06, 0x20])
    if data == right:
        return True, f"{hexes(data)}: LDA #imm is 2 bytes, STA abs 3 (low byte first)", ""
    if data[:1] == bytes([LDA_ZERO_PAGE]) or data[:1] == bytes([LDA_ABSOLUTE]):
        return (
            False,
            f"starts {hexes(data[:1])}",
            "'#' means immediate: load the number $3F itself, LDA #imm is $A9 (zero page is "
            "$A5, absolute $AD)",
        )
    if data == bytes([LDA_IMMEDIATE, 0x3F, STA_ABSOLUTE, 0x20, 0x06]):
        return False, hexes(data), "the 6502 stores addresses low byte first: $2006 is 06 20"
    if data == right[2:]:
        return False, hexes(data), "both instructions: LDA #$3F (2 bytes) comes before STA"
    return (
        False,
        hexes(data),
        "5 bytes: $A9 and its operand, then STA absolute ($8D) and the 2-byte address",
    )


#: main.s's main: JSR clear_oam (absolute, 3 bytes), INC frame (a zero-page import, 2 bytes),
#: JMP (absolute, 3 bytes); CODE starts at $8000 in ld65's nes target, main.s first.
CODE_START = 0x8000
MAIN_SIZE = 3 + 2 + 3


@exercise(
    "12",
    "In the two-file link (main.s first, then util.s), at which address does ld65 put "
    "clear_oam? Work it out from the instruction sizes before looking at linked.exports.",
    "CODE starts at $8000; JSR and JMP absolute are 3 bytes, a zero-page INC 2",
)
def clear_oam_address(answer):
    address = as_int(answer, "the address")
    right = CODE_START + MAIN_SIZE
    if address == right:
        return True, f"${address:04X}: main's 8 bytes at $8000, then util.s's CODE", ""
    if address == right + 1:
        return (
            False,
            f"${address:04X} counts INC frame as 3 bytes",
            "frame is imported with .importzp: ca65 uses the zero-page INC, 2 bytes",
        )
    if address == CODE_START:
        return (
            False,
            "$8000 is where main starts",
            "main.s comes first in link(): its CODE is placed first, util.s's after it",
        )
    if address in (right - 2, right - 1):
        return (
            False,
            f"${address:04X}",
            "JSR and JMP take a 2-byte address: 3 bytes each, plus the opcode of INC and its "
            "operand",
        )
    return (
        False,
        f"${address:04X}",
        "add the sizes of main's three instructions to $8000, where ld65 starts CODE",
    )
