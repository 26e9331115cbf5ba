"""Notebook 04: an OAM entry by hand, and sprite flicker that is fair to every sprite."""

from __future__ import annotations

from romulus_nb.exercises._core import as_bytes, exercise, hexes
from romulus_nb.nes.hardware import SPRITES_PER_LINE

SPRITE = dict(x=100, y=50, tile=0x12, palette=2, flip_h=True)
CROWD = 9  # sprites on one line: one more than the PPU draws


def oam_entry(x: int, y: int, tile: int, palette: int, flip_h: bool) -> bytes:
    """NESdev Wiki "PPU OAM": Y - 1, tile, attributes (palette, bit 6 flip H), X."""
    return bytes([y - 1, tile, palette | (0x40 if flip_h else 0), x])


@exercise(
    "04",
    "The 4 OAM bytes of a sprite whose top-left pixel is (100, 50), tile $12, sprite palette 2, "
    "flipped horizontally?",
    "look at the table of the meadow's sprites above",
)
def oam_bytes(answer):
    data = as_bytes(answer, "an OAM byte")
    expected = oam_entry(**SPRITE)
    if data == expected:
        return True, hexes(data), ""
    if len(data) != 4:
        return False, f"{len(data)} bytes", "an OAM entry is 4 bytes: Y, tile, attributes, X"
    if data[0] == SPRITE["y"]:
        return (
            False,
            f"{hexes(data)}: Y is {data[0]}",
            ("the PPU draws a sprite one line below its Y byte: store Y - 1"),
        )
    if data[0] == SPRITE["x"]:
        return False, f"{hexes(data)}: X comes first", "the order is Y, tile, attributes, X"
    if data[2] != expected[2]:
        return (
            False,
            f"{hexes(data)}: attributes ${data[2]:02X}",
            ("bits 1-0 are the palette (2), bit 6 ($40) flips horizontally, bit 7 vertically"),
        )
    return False, hexes(data), "Y - 1, tile, attributes, X"


@exercise(
    "04",
    f"{CROWD} sprites share one line. Give OAM orders (a list of lists of 0-{CROWD - 1}), one per "
    "frame, repeated in a cycle, so that every sprite shows at least half the time.",
    "the 9th sprite in OAM order is the one the PPU drops",
)
def fair_flicker(orders):
    orders = [list(order) for order in orders]
    if not orders:
        return False, "no frames", "give one OAM order per frame, repeated in a cycle"
    for k, order in enumerate(orders):
        if sorted(order) != list(range(CROWD)):
            return (
                False,
                f"frame {k}'s order {order} is not each of 0-{CROWD - 1} once",
                ("every frame puts all 9 sprites in OAM, in some order"),
            )
    shown = [0] * CROWD
    for order in orders:
        for sprite in order[:SPRITES_PER_LINE]:
            shown[sprite] += 1
    never = [s for s in range(CROWD) if shown[s] == 0]
    if never:
        return (
            False,
            f"sprite(s) {never} are never drawn",
            ("the PPU draws the first 8 in OAM order: change the order from frame to frame"),
        )
    starved = [s for s in range(CROWD) if 2 * shown[s] < len(orders)]
    if starved:
        return (
            False,
            f"sprite(s) {starved} show in fewer than half the frames",
            ("rotate the order by one each frame, or reverse it every other frame"),
        )
    return True, f"over {len(orders)} frames every sprite shows at least half the time", ""
