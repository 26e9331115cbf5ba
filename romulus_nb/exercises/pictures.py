"""Notebook 08: how many colours a background can have, and which palette draws a block."""

from __future__ import annotations

from romulus_nb.exercises._core import as_int, exercise

#: Four background palettes; entry 0 is the shared backdrop.
PALETTES = (
    (0x0F, 0x01, 0x11, 0x21),
    (0x0F, 0x16, 0x06, 0x30),
    (0x0F, 0x16, 0x27, 0x37),
    (0x0F, 0x19, 0x29, 0x39),
)
BLOCK_COLOURS = {0x0F, 0x16, 0x27}


@exercise(
    "08",
    "At most how many different colours can the background of one screen show?",
    "each palette has 4 entries, and entry 0 is shared",
)
def background_colours(answer):
    count = as_int(answer, "the colour count")
    if count == 13:
        return True, "13: 4 palettes × 3 colours + the shared backdrop", ""
    if count == 16:
        return (
            False,
            "16 counts the backdrop four times",
            ("entry 0 of every background palette draws the same backdrop colour"),
        )
    if count == 25:
        return False, "25 is the whole screen with sprites", "count the background palettes only"
    return False, f"{count}", "4 background palettes of 3 colours each, plus one backdrop"


@exercise(
    "08",
    "A 16x16 block shows $0F (the backdrop), $16 and $27. Which of PALETTES (0-3) can draw it?",
    "look for the palette that has all three",
)
def block_palette(answer):
    number = as_int(answer, "the palette number")
    fits = [p for p, colours in enumerate(PALETTES) if BLOCK_COLOURS <= set(colours)]
    if number in fits:
        return True, f"palette {number} holds $0F, $16 and $27", ""
    if not 0 <= number <= 3:
        return False, f"{number} is not a background palette", "background palettes are 0-3"
    missing = sorted(BLOCK_COLOURS - set(PALETTES[number]))
    return (
        False,
        f"palette {number} lacks " + ", ".join(f"${c:02X}" for c in missing),
        ("a block is drawn by one palette: it must hold every colour of the block"),
    )
