"""Notebook 10: the camera as PPUSCROLL plus the nametable bits, and mirroring."""

from __future__ import annotations

from romulus_nb.exercises._core import as_int, exercise

CAMERA_X = 300


@exercise(
    "10",
    f"The camera is at x = {CAMERA_X} in a level two screens wide. What is PPUCTRL's nametable "
    "X bit, and what is written to PPUSCROLL for X?",
    "a screen is 256 pixels wide",
)
def camera_registers(ctrl_bits, scroll_x):
    ctrl_bits, scroll_x = as_int(ctrl_bits, "the PPUCTRL bits"), as_int(scroll_x, "PPUSCROLL X")
    if (ctrl_bits, scroll_x) == (CAMERA_X // 256, CAMERA_X % 256):
        return True, "bit 0 of PPUCTRL = 1 (start in the right nametable), PPUSCROLL X = 44", ""
    if scroll_x == CAMERA_X % 256:
        return (
            False,
            "PPUSCROLL is right, the nametable bit is not",
            ("X from 256 to 511 is the nametable to the right: set PPUCTRL bit 0"),
        )
    return (
        False,
        f"({ctrl_bits}, {scroll_x})",
        ("PPUSCROLL holds X modulo 256; the 256s go in bit 0 of PPUCTRL"),
    )


@exercise(
    "10",
    "A level scrolls left and right. Which mirroring does its cartridge need?",
    "the mirroring is named after how the copies are arranged, not after the scrolling",
)
def level_mirroring(answer):
    if not isinstance(answer, str):
        raise TypeError("answer 'vertical' or 'horizontal'")
    word = answer.strip().lower()
    if word == "vertical":
        return (
            True,
            "vertical mirroring: $2000 and $2400 are two different screens side by side",
            "",
        )
    if word == "horizontal":
        return (
            False,
            "horizontal mirroring puts the two screens one above the other",
            ("a level that scrolls sideways needs $2000 and $2400 to differ"),
        )
    return False, f"{answer!r}", "answer 'vertical' or 'horizontal'"
