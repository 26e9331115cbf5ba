"""Notebook 03: nametable addresses, attribute bytes and their addresses."""

from __future__ import annotations

from romulus_nb.exercises._core import as_int, exercise

BLOCKS = (1, 2, 3, 0)  # palettes of the top-left, top-right, bottom-left, bottom-right blocks
TILE = (14, 19)  # (tile_x, tile_y) for the attribute address exercise
NAME_TILE = (5, 10)


def attribute_byte(tl: int, tr: int, bl: int, br: int) -> int:
    """NESdev Wiki "PPU attribute tables": bits 1-0 top-left ... bits 7-6 bottom-right."""
    return tl | tr << 2 | bl << 4 | br << 6


def attribute_location(tile_x: int, tile_y: int) -> tuple[int, int]:
    """(PPU address of the attribute byte, bit shift of the tile's two bits) in nametable $2000."""
    address = 0x23C0 + (tile_y // 4) * 8 + tile_x // 4
    shift = (tile_y % 4 // 2) * 4 + (tile_x % 4 // 2) * 2
    return address, shift


@exercise(
    "03",
    "Blocks with palettes top-left 1, top-right 2, bottom-left 3, bottom-right 0: their byte?",
    "write each palette as two bits and put them side by side, bottom-right first",
)
def attribute_value(answer):
    value = as_int(answer, "the attribute byte")
    expected = attribute_byte(*BLOCKS)
    if value == expected:
        return True, f"${value:02X} = %{value:08b}", ""
    tl, tr, bl, br = BLOCKS
    if value == attribute_byte(br, bl, tr, tl):
        return (
            False,
            f"${value:02X}: the blocks are in reverse order",
            ("the top-left block takes bits 1-0 (the lowest), the bottom-right bits 7-6"),
        )
    if value == attribute_byte(tl, bl, tr, br):
        return (
            False,
            f"${value:02X}: top-right and bottom-left are swapped",
            ("the order is top-left, top-right, bottom-left, bottom-right (reading order)"),
        )
    return False, f"${value:02X} = %{value:08b}", "two bits per block: value << (2 × position)"


@exercise(
    "03",
    f"Tile {TILE} of nametable $2000: the PPU address of its attribute byte, and the shift of "
    "its two bits?",
    "the attribute table starts at $23C0 and has 8 bytes per row of 32x32-pixel areas",
)
def attribute_address(address, shift):
    address, shift = as_int(address, "the address"), as_int(shift, "the shift")
    right_address, right_shift = attribute_location(*TILE)
    tile_x, tile_y = TILE
    if (address, shift) == (right_address, right_shift):
        return True, f"${address:04X}, bits {shift + 1}-{shift}", ""
    if address != right_address:
        if address == 0x23C0 + (tile_y // 2) * 8 + tile_x // 2:
            return (
                False,
                f"${address:04X} counts 16x16 blocks",
                ("one attribute byte covers 4x4 tiles (32x32 px): divide the tile numbers by 4"),
            )
        return False, f"${address:04X} is not the byte", "$23C0 + (tile_y // 4) × 8 + tile_x // 4"
    return (
        False,
        f"the address is right, but a shift of {shift} picks another block",
        ("the block inside the 4x4 area: (tile_y % 4 // 2) × 4 + (tile_x % 4 // 2) × 2"),
    )


@exercise(
    "03",
    f"At which PPU address is the tile number of tile (tile_x, tile_y) = {NAME_TILE} stored?",
    "the nametable is stored row by row",
)
def nametable_address(answer):
    address = as_int(answer, "the address")
    tile_x, tile_y = NAME_TILE
    expected = 0x2000 + tile_y * 32 + tile_x
    if address == expected:
        return True, f"${address:04X}", ""
    if address == 0x2000 + tile_x * 32 + tile_y:
        return (
            False,
            f"${address:04X} swaps x and y",
            "rows come first: $2000 + tile_y × 32 + tile_x",
        )
    return False, f"${address:04X}", "32 tiles per row, starting at $2000"
