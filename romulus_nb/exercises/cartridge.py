"""Notebook 06: the iNES header and instruction bytes, by hand."""

from __future__ import annotations

from romulus_nb.exercises._core import as_bytes, exercise, hexes


def ines_header(prg_banks: int, chr_banks: int, vertical: bool) -> bytes:
    """NESdev Wiki "iNES": "NES" $1A, PRG in 16 KiB units, CHR in 8 KiB units, flags 6 bit 0 =
    vertical mirroring (mapper 0: the mapper nibbles stay 0), bytes 7-15 zero."""
    return b"NES\x1a" + bytes([prg_banks, chr_banks, 1 if vertical else 0]) + bytes(9)


@exercise(
    "06",
    "Write the 16-byte iNES header of a mapper-0 cartridge with 32 KiB of PRG-ROM, 8 KiB of "
    "CHR-ROM and vertical mirroring.",
    "print(rom[:16].hex(' ')) shows the demo's header",
)
def header(answer):
    data = as_bytes(answer, "a header byte")
    expected = ines_header(2, 1, True)
    if data == expected:
        return True, hexes(data), ""
    if len(data) != 16:
        return False, f"{len(data)} bytes", "the header is exactly 16 bytes"
    if data[:4] != expected[:4]:
        return False, f"starts {hexes(data[:4])}", "the first 4 bytes are 'N' 'E' 'S' $1A"
    if data[4] != 2:
        return False, f"byte 4 is {data[4]}", "PRG-ROM size counts 16 KiB banks: 32 KiB is 2"
    if data[5] != 1:
        return False, f"byte 5 is {data[5]}", "CHR-ROM size counts 8 KiB banks"
    if data[6] != 1:
        return (
            False,
            f"byte 6 is ${data[6]:02X}",
            (
                "bit 0 of byte 6 is the mirroring: 1 = vertical; the mapper number's low nibble "
                "is bits 7-4 (0 for mapper 0)"
            ),
        )
    return (
        False,
        hexes(data),
        ("bytes 7-15 are 0 here: 8 (PRG-RAM size), 9 (TV system) and 10 are not needed by NROM"),
    )


@exercise(
    "06",
    "The bytes of the instruction STA $2006?",
    "look at the listing of LDA #$3F / STA $2006 above",
)
def sta_bytes(answer):
    data = as_bytes(answer, "a byte")
    if data == bytes([0x8D, 0x06, 0x20]):
        return True, "8D 06 20: STA absolute, then the address low byte first", ""
    if data == bytes([0x8D, 0x20, 0x06]):
        return False, "8D 20 06", "the 6502 stores addresses low byte first (little-endian)"
    if data[:1] == b"\x85":
        return False, hexes(data), "$85 is STA zero page (one-byte address); $2006 needs absolute"
    return False, hexes(data), "STA absolute is opcode $8D, followed by the 2-byte address"
