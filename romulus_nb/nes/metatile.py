"""Metatiles: the 16x16 building blocks of scrolling levels, and the codec between a metatile map
and the nametable + attribute bytes it stands for.

A metatile is 2x2 tiles and one background palette, so it covers exactly one 16x16 attribute
block (https://www.nesdev.org/wiki/PPU_attribute_tables): a map of ``(15*h, 16*w)`` metatiles
gives a nametable of ``(30*h, 32*w)`` tiles and ``(15*h, 16*w)`` block palettes, with no
palette conflict possible. Level editors (NEXXT, NESmaker) and most commercial engines store
levels this way: one byte per 16x16 block instead of four tiles plus attribute bits.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from romulus_nb.errors import InvalidValueError, LimitError

#: A game's metatile table holds at most this many (a map cell is one byte).
MAX_METATILES = 256
#: Flag bits of a metatile; bits 1-7 are free for later rules (hurts, ladder, ...).
FLAG_SOLID = 0x01
FLAG_NAMES = {"solid": FLAG_SOLID}


@dataclass(frozen=True, init=False)
class Metatile:
    """2x2 background tiles drawn with one background palette, plus behaviour flags.

    Parameters
    ----------
    tiles : 4 ints 0-255
        Top-left, top-right, bottom-left, bottom-right tile numbers.
    palette : int
        Background palette 0-3.
    solid : bool
        Whether the player stands on / is stopped by it (flag bit 0).
    flags : int
        The whole flag byte (0-255); ``solid=True`` sets bit 0 in it.
    name : str
        For people: shown by ``romulus info`` and the editors.
    """

    tiles: tuple[int, int, int, int]
    palette: int
    flags: int
    name: str

    def __init__(self, tiles, palette: int = 0, *, solid: bool = False, flags: int = 0,
                 name: str = ""):  # fmt: skip
        try:
            values = tuple(int(t) for t in tiles)
        except (TypeError, ValueError):
            raise InvalidValueError(f"metatile tiles: {tiles!r} is not 4 tile numbers") from None
        if len(values) != 4 or not all(0 <= t <= 255 for t in values):
            raise InvalidValueError(
                f"metatile tiles: {tiles!r}; give 4 tile numbers 0-255 "
                "(top-left, top-right, bottom-left, bottom-right)"
            )
        if isinstance(palette, bool) or palette not in (0, 1, 2, 3):
            raise InvalidValueError(f"metatile palette: {palette!r}; use a background palette 0-3")
        if (
            isinstance(flags, bool)
            or not isinstance(flags, (int, np.integer))
            or not (0 <= flags <= 255)
        ):
            raise InvalidValueError(f"metatile flags: {flags!r}; use a byte 0-255")
        object.__setattr__(self, "tiles", values)
        object.__setattr__(self, "palette", int(palette))
        object.__setattr__(self, "flags", int(flags) | (FLAG_SOLID if solid else 0))
        object.__setattr__(self, "name", str(name))

    @property
    def solid(self) -> bool:
        return bool(self.flags & FLAG_SOLID)

    def replace(self, **changes) -> Metatile:
        """A copy with some fields changed (tiles, palette, solid, flags, name)."""
        fields = {"tiles": self.tiles, "palette": self.palette, "flags": self.flags,
                  "name": self.name}  # fmt: skip
        if "solid" in changes:
            solid = changes.pop("solid")
            fields["flags"] = (fields["flags"] & ~FLAG_SOLID) | (FLAG_SOLID if solid else 0)
        fields.update(changes)
        return Metatile(fields.pop("tiles"), **fields)

    def __repr__(self) -> str:
        tiles = " ".join(f"{t:02X}" for t in self.tiles)
        solid = ", solid" if self.solid else ""
        name = f"{self.name!r}, " if self.name else ""
        return f"Metatile({name}tiles {tiles}, palette {self.palette}{solid})"


def check_metatiles(table) -> list[Metatile]:
    """A game's metatile table as a checked list (at most 256 `Metatile`)."""
    table = list(table)
    if len(table) > MAX_METATILES:
        raise LimitError(
            f"metatiles: {len(table)} given; a map cell is one byte, so a game has at most 256"
        )
    for i, m in enumerate(table):
        if not isinstance(m, Metatile):
            raise InvalidValueError(f"metatiles[{i}]: {m!r} is not a Metatile")
    return table


def check_map(cells, shape: tuple[int, int], count: int | None = None, *,
              where: str = "metatiles") -> np.ndarray:  # fmt: skip
    """A metatile map ``(rows, cols)`` of indices as ``uint8``; ``count`` bounds the indices."""
    array = np.asarray(cells)
    if array.shape != tuple(shape):
        raise InvalidValueError(
            f"{where}: shape {array.shape}; expected {tuple(shape)}, one metatile per 16x16 block"
        )
    if not np.issubdtype(array.dtype, np.integer) and array.size:
        raise InvalidValueError(f"{where}: holds {array.dtype} values; use metatile numbers")
    top = MAX_METATILES if count is None else count
    if array.size and (array.min() < 0 or array.max() >= top):
        r, c = np.argwhere((array < 0) | (array >= top))[0]
        allowed = f"0-{top - 1}" if top else "none: the game has no metatiles yet"
        raise InvalidValueError(
            f"{where}: metatile {array[r, c]} at row {r}, column {c}; the game's table allows "
            f"{allowed}"
        )
    return array.astype(np.uint8)


def metatile_arrays(table) -> tuple[np.ndarray, np.ndarray]:
    """``(n, 4) uint8`` tiles and ``(n,) uint8`` palettes of a metatile table."""
    tiles = np.array([m.tiles for m in table], np.uint8).reshape(-1, 4)
    palettes = np.array([m.palette for m in table], np.uint8)
    return tiles, palettes


def expand_map(cells: np.ndarray, table) -> tuple[np.ndarray, np.ndarray]:
    """A metatile map -> its nametable and block palettes.

    Parameters
    ----------
    cells : (rows, cols) uint8
        Metatile numbers into ``table``.
    table : list of Metatile

    Returns
    -------
    nametable : (2*rows, 2*cols) uint8
    attributes : (rows, cols) uint8
        Background palette of each 16x16 block.
    """
    tiles, palettes = metatile_arrays(table)
    cells = check_map(cells, np.shape(cells), len(tiles))
    rows, cols = cells.shape
    quads = tiles[cells]  # (rows, cols, 4)
    nametable = quads.reshape(rows, cols, 2, 2).transpose(0, 2, 1, 3).reshape(2 * rows, 2 * cols)
    return np.ascontiguousarray(nametable), palettes[cells]


def blocks_of(nametable: np.ndarray, attributes: np.ndarray) -> np.ndarray:
    """``(rows, cols, 5) uint8``: the 4 tiles and the palette of every 16x16 block."""
    rows, cols = attributes.shape
    quads = np.asarray(nametable, np.uint8).reshape(rows, 2, cols, 2).transpose(0, 2, 1, 3)
    return np.concatenate(
        [quads.reshape(rows, cols, 4), np.asarray(attributes, np.uint8)[:, :, None]], axis=2
    )


def derive_map(nametable: np.ndarray, attributes: np.ndarray, table=()) -> tuple[list, np.ndarray]:
    """Cut a painted nametable into metatiles: ``(table, cells)``.

    The blocks already in ``table`` keep their numbers; every other distinct (4 tiles, palette)
    block is appended as a new `Metatile`. The table returned may hold more than 256 entries:
    the caller decides what to do then.
    """
    blocks = blocks_of(nametable, attributes)
    rows, cols = attributes.shape
    table = list(table)
    known = {(*m.tiles, m.palette): i for i, m in reversed(list(enumerate(table)))}
    distinct, inverse = np.unique(blocks.reshape(-1, 5), axis=0, return_inverse=True)
    numbers = np.empty(len(distinct), np.int64)
    for i, block in enumerate(distinct):
        key = tuple(int(v) for v in block)
        if key not in known:
            known[key] = len(table)
            table.append(Metatile(key[:4], key[4]))
        numbers[i] = known[key]
    return table, numbers[inverse.ravel()].reshape(rows, cols)
