"""Notebook 02: a tile's two bit planes and where a tile lives in CHR data."""

from __future__ import annotations

from romulus_nb.exercises._core import as_int, exercise

ROW = "01233210"  # one row of 8 pixels, colour numbers 0-3


def plane_bytes(row: str) -> tuple[int, int]:
    """The low-plane and high-plane bytes of a row: bit 7 is the leftmost pixel
    (NESdev Wiki "PPU pattern tables")."""
    low = high = 0
    for position, digit in enumerate(row):
        value = int(digit)
        low |= (value & 1) << (7 - position)
        high |= (value >> 1) << (7 - position)
    return low, high


def _bit_reversed(byte: int) -> int:
    return int(f"{byte:08b}"[::-1], 2)


@exercise(
    "02",
    f"Encode the row {ROW}: give its low-plane byte and its high-plane byte.",
    "3 is binary 11, 2 is 10, 1 is 01",
)
def tile_planes(low, high):
    low, high = as_int(low, "the low byte"), as_int(high, "the high byte")
    right_low, right_high = plane_bytes(ROW)
    if (low, high) == (right_low, right_high):
        return True, f"low plane ${low:02X}, high plane ${high:02X}", ""
    if (low, high) == (right_high, right_low):
        return (
            False,
            "the two bytes are swapped",
            ("the LOW plane holds bit 0 of each pixel (1 and 3 are odd), the high plane bit 1"),
        )
    if (low, high) == (_bit_reversed(right_low), _bit_reversed(right_high)):
        return False, "the bits are in reverse order", "the leftmost pixel is bit 7 of each byte"
    return (
        False,
        f"${low:02X} ${high:02X}",
        (f"write each pixel of {ROW} in binary; the low bits make one byte, left to right"),
    )


@exercise(
    "02",
    "At which byte of the 8 KiB CHR data does tile $41 of pattern table 1 start?",
    "tile n of table t starts at t × $1000 + n × 16",
)
def chr_offset(answer):
    offset = as_int(answer, "the byte offset")
    expected = 0x1000 + 0x41 * 16
    if offset == expected:
        return True, f"${offset:04X}: table 1 starts at $1000, each tile is 16 bytes", ""
    if offset == 0x41 * 16:
        return False, f"${offset:04X} is tile $41 of table 0", "pattern table 1 starts at $1000"
    if offset in (0x1000 + 0x41, 0x1000 + 0x41 * 8):
        return False, f"${offset:04X}", "each tile takes 16 bytes: 8 of low plane, 8 of high"
    return False, f"${offset:04X}", "table × $1000 + tile × 16"
