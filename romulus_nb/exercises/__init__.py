"""Exercises for the tutorial notebooks: a question, your answer, a check that says why.

>>> from romulus_nb.exercises import tiles
>>> print(tiles.chr_offset.check(0x1410))
right (chr_offset): $1410: table 1 starts at $1000, each tile is 16 bytes
>>> print(tiles.chr_offset.check(...))
not yet (chr_offset): replace the ... with your answer, then run the cell again
  hint: tile n of table t starts at t × $1000 + n × 16

This is a top layer (it uses the model, the assembler and the smoke test), like the widgets.
"""

from romulus_nb.exercises import (
    cartridge,
    colours,
    database,
    editors,
    frames,
    linking,
    moving,
    nametables,
    pictures,
    scrolling,
    sprites,
    tiles,
    timing,
)
from romulus_nb.exercises._core import Exercise, Verdict

__all__ = ["EXERCISES", "Exercise", "Verdict", "by_notebook"]

EXERCISES: tuple[Exercise, ...] = tuple(
    item
    for module in (
        colours,
        tiles,
        nametables,
        sprites,
        editors,
        cartridge,
        frames,
        pictures,
        timing,
        scrolling,
        moving,
        linking,
        database,
    )
    for item in vars(module).values()
    if isinstance(item, Exercise)
)


def by_notebook(number: str) -> list[Exercise]:
    """The exercises of notebook ``number`` ("00" ... ), in the order they are defined."""
    return [e for e in EXERCISES if e.notebook == number]
