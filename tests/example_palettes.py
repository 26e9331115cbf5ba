"""A palette set for tests where every colour tells where it came from.

Background palette ``p`` holds $0F, $p1, $p2, $p3 and sprite palette ``p`` holds $0F, $p4, $p5,
$p6 (high digit the palette, low digit the entry), so a rendered colour index or a byte of
palette RAM names its palette and entry at a glance.
"""

from romulus_nb.nes.palettes import PaletteSet


def example_palettes() -> PaletteSet:
    """A fresh `PaletteSet` (the caller may edit it), backdrop $0F."""
    return PaletteSet(
        [
            [0x0F, 0x01, 0x02, 0x03],
            [0x0F, 0x11, 0x12, 0x13],
            [0x0F, 0x21, 0x22, 0x23],
            [0x0F, 0x31, 0x32, 0x33],
            [0x0F, 0x04, 0x05, 0x06],
            [0x0F, 0x14, 0x15, 0x16],
            [0x0F, 0x24, 0x25, 0x26],
            [0x0F, 0x34, 0x35, 0x36],
        ]
    )
