"""Notebooks 00 and 01: colour numbers, the backdrop, palette RAM and its mirrors."""

from __future__ import annotations

from romulus_nb.exercises._core import as_int, exercise

# NESdev Wiki "PPU palettes": a colour is $<brightness 0-3><hue 0-F>.


@exercise(
    "01",
    "What is the colour number of the red with brightness 2 (hue 6)?",
    "a colour number is two hex digits: brightness then hue",
)
def colour_number(answer):
    n = as_int(answer, "the colour number")
    if n == 0x26:
        return True, "$26: brightness 2, hue 6 (red)", ""
    if n == 0x62:
        return (
            False,
            f"${n:02X} is not a colour (they end at $3F)",
            ("the HIGH digit is the brightness (0-3), the LOW digit the hue: $<brightness><hue>"),
        )
    if n & 0x0F == 6:
        return (
            False,
            f"${n:02X} is a red of brightness {n >> 4}",
            ("brightness counts from 0: $06 is the darkest red, then $16, $26, $36"),
        )
    return (
        False,
        f"${n:02X} is hue {n & 0x0F}, brightness {n >> 4}",
        ("hue 6 is red; write the brightness digit first"),
    )


@exercise(
    "01",
    "A ROM writes a colour to PPU address $3F14. Which byte of palette RAM (0-31) changes?",
    "look at the mirrors table: only $3F10/$14/$18/$1C are mirrors",
)
def palette_mirror(answer):
    index = as_int(answer, "the palette RAM index")
    if index == 0x04:
        return True, "$3F14 is a mirror of $3F04: byte 4 of palette RAM changes", ""
    if index == 0x14:
        return (
            False,
            "byte 20 ($14) is not a byte of its own",
            (
                "$3F10, $3F14, $3F18 and $3F1C are mirrors of $3F00, $3F04, $3F08 and $3F0C: "
                "a write to one lands on the other"
            ),
        )
    return (
        False,
        f"byte {index} is not where $3F14 lands",
        ("palette RAM is 32 bytes at $3F00; start from $3F14 - $3F00 = $14, then apply the mirror"),
    )


@exercise(
    "00",
    "Make the Meadow's sky pale blue ($31): which palette entry draws the sky?",
    "meadow.set_palette_color(palette, entry, colour) changes one palette entry",
)
def sky_colour(scene):
    backdrop = int(scene.palettes.array[0, 0])
    if backdrop == 0x31:
        return True, "the backdrop ($3F00, entry 0) is $31: the sky is pale blue", ""
    if 0x31 in scene.palettes.array[:, 1:]:
        return (
            False,
            "$31 is in the scene, but not as entry 0",
            ("the sky is the backdrop: entry 0 of palette 0 (set_palette_color(0, 0, 0x31))"),
        )
    return False, f"the backdrop is ${backdrop:02X}", "set entry 0 of palette 0 to $31"


@exercise(
    "00",
    "How many bytes long is the demo's .nes file (one 16 KiB PRG bank, one 8 KiB CHR bank)?",
    "1 KiB is 1024 bytes",
)
def rom_size(answer):
    size = as_int(answer, "the file size")
    expected = 16 + 16 * 1024 + 8 * 1024
    if size == expected:
        return True, f"{expected} bytes: 16 of header, 16 KiB of PRG-ROM, 8 KiB of CHR-ROM", ""
    if size == expected - 16:
        return False, f"{size} bytes is the ROM data alone", "the file starts with a 16-byte header"
    return (
        False,
        f"{size} bytes",
        "add the header (16), the PRG-ROM (16 KiB) and the CHR-ROM (8 KiB)",
    )
