"""A sprite sheet to metasprites, exactly, as makechr's sprite mode does: or a refusal that names
the rule the sheet breaks (https://www.nesdev.org/wiki/PPU_OAM).

The sheet is a picture of at most 256x240 laid over the screen from its top-left corner.
Transparent pixels (alpha below 128; in a picture without alpha, the colour of the top-left
pixel) show what is behind. Every 8x8 cell of the sheet's grid with an opaque pixel becomes one
8x8 sprite (sprites off the 8-pixel grid are not found: draw them on it); cells that touch (also
diagonally) form one metasprite. The rules:

``sprite-colors``    every cell uses at most 3 colours besides transparent;
``sprite-palettes``  the cells' colour sets pack into the 4 sprite palettes of 3 colours;
``sprite-count``     at most 64 sprites (OAM holds 64);
``sprites-per-line`` at most 8 sprites on any screen line (the PPU draws only 8);
``sprite-tiles``     the distinct tiles fit the sprite pattern table's free slots. A tile that
                     is another's mirror image is the same tile, flipped.

Colours are recognised as for backgrounds (`romulus_nb.convert.exact.recognise`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from romulus_nb.convert.exact import (
    COLORS,
    LUMA,
    PALETTES,
    Violation,
    maximal_sets,
    pack_sets,
    recognise,
)
from romulus_nb.convert.picture import OPAQUE_ALPHA, SCREEN_HEIGHT, SCREEN_WIDTH, read_picture
from romulus_nb.errors import ImageImportError
from romulus_nb.nes.colors import MasterPalette
from romulus_nb.nes.hardware import MAX_SPRITES, SPRITES_PER_LINE

CELL = 8


@dataclass(frozen=True, eq=False)
class SpritePart:
    """One 8x8 sprite of the sheet: its screen position, tile (index into `SpriteArt.tiles`),
    palette 0-3 and flips."""

    x: int
    y: int
    tile: int
    palette: int
    flip_h: bool
    flip_v: bool


@dataclass(frozen=True, eq=False)
class SpriteArt:
    """A sheet converted exactly.

    Attributes
    ----------
    master : MasterPalette
        The RGB table its colours were recognised in.
    palettes : (4, 3) intp
        Colours 1-3 of the 4 sprite palettes.
    tiles : (n, 8, 8) uint8
    parts : tuple[SpritePart, ...]
        In reading order.
    groups : tuple[tuple[int, ...], ...]
        The parts of each metasprite (cells that touch), in reading order of their first cell.
    """

    master: MasterPalette
    palettes: np.ndarray
    tiles: np.ndarray
    parts: tuple[SpritePart, ...]
    groups: tuple[tuple[int, ...], ...]


def read_sheet(sheet) -> tuple[np.ndarray, np.ndarray, str]:
    """The sheet on a 256x240 canvas: RGB ``(240, 256, 3) uint8``, opaque ``(240, 256) bool``
    and a description of the source."""
    pil, source = read_picture(sheet)
    if pil.width > SCREEN_WIDTH or pil.height > SCREEN_HEIGHT:
        raise ImageImportError(
            f"sprite sheet {source}: larger than the screen; draw it at most "
            f"{SCREEN_WIDTH}x{SCREEN_HEIGHT}, where the sprites should appear"
        )
    array = np.asarray(pil.convert("RGBA"), np.uint8)
    opaque = array[..., 3] >= OPAQUE_ALPHA
    if pil.mode != "RGBA":  # no alpha: the top-left pixel's colour is the transparent one
        opaque = (array[..., :3] != array[0, 0, :3]).any(-1)
    rgb = np.zeros((SCREEN_HEIGHT, SCREEN_WIDTH, 3), np.uint8)
    shown = np.zeros((SCREEN_HEIGHT, SCREEN_WIDTH), bool)
    rgb[: pil.height, : pil.width] = array[..., :3]
    shown[: pil.height, : pil.width] = opaque
    return rgb, shown, source


def solve_sprites(rgb, opaque, palettes, *, free_slots: int) -> tuple[SpriteArt | None, tuple]:
    """Convert a sheet (as `read_sheet` gives it) exactly; returns the art, or None and the
    violations. ``free_slots``: the sprite pattern table's free slots."""
    master, found = recognise(rgb, opaque, palettes)
    if master is None:
        return None, (found,)
    index, inverse = found
    colors = np.full(opaque.shape, -1, np.intp)
    colors[opaque] = index[inverse]
    occupied = opaque.reshape(30, CELL, 32, CELL).any((1, 3))  # (30, 32) cells in use
    cells = [(int(x), int(y)) for y, x in np.argwhere(occupied)]
    sets = [_cell_colors(colors, x, y) for x, y in cells]
    crowded = [cell for cell, s in zip(cells, sets) if len(s) > COLORS]
    if crowded:
        return None, (
            Violation(
                "sprite-colors",
                f"{len(crowded)} cells of 8x8 use more than 3 colours besides transparent "
                f"(e.g. the cell at ({8 * crowded[0][0]}, {8 * crowded[0][1]})); a sprite "
                "shows 3",
                tiles=tuple(crowded),
            ),
        )
    violations = _count_violations(cells)
    masks = {c: 1 << i for i, c in enumerate(sorted({c for s in sets for c in s}))}
    bitsets = [sum(masks[c] for c in s) for s in sets]
    packed = pack_sets(maximal_sets(set(bitsets)), PALETTES)
    if packed is None:
        violations += (
            Violation(
                "sprite-palettes",
                "the cells' colours need more than 4 sprite palettes of 3 colours",
                tiles=tuple(cells),
            ),
        )
    if violations:
        return None, violations
    ordered = sorted(masks, key=lambda c: (float(master.rgb[c] @ LUMA), c))
    rows = [[c for c in ordered if masks[c] & p] for p in packed]
    rows = [row + row[-1:] * (COLORS - len(row)) for row in rows]
    rows += [rows[0]] * (PALETTES - len(rows)) if rows else [[0x0F] * COLORS] * PALETTES
    palette_of = [next(p for p, m in enumerate(packed) if b & ~m == 0) for b in bitsets]
    tiles, parts = _tiles_and_parts(colors, cells, palette_of, rows)
    if len(tiles) > free_slots:
        return None, (
            Violation(
                "sprite-tiles",
                f"{len(tiles)} distinct sprite tiles (mirror images shared); the sprite pattern "
                f"table has {free_slots} free slots",
                tiles=tuple(cells),
            ),
        )
    art = SpriteArt(master, np.array(rows, np.intp), tiles, parts, _groups(cells))
    return art, ()


def _cell_colors(colors: np.ndarray, x: int, y: int) -> set[int]:
    cell = colors[CELL * y : CELL * y + CELL, CELL * x : CELL * x + CELL]
    return {int(c) for c in np.unique(cell) if c >= 0}


def _count_violations(cells: list[tuple[int, int]]) -> tuple[Violation, ...]:
    out = []
    if len(cells) > MAX_SPRITES:
        out.append(
            Violation(
                "sprite-count",
                f"{len(cells)} cells of 8x8 hold sprite pixels; OAM holds {MAX_SPRITES} sprites",
                tiles=tuple(cells[MAX_SPRITES:]),
            )
        )
    per_row = np.bincount([y for _, y in cells], minlength=30)
    crowded = np.flatnonzero(per_row > SPRITES_PER_LINE)
    if len(crowded):
        row = int(crowded[0])
        out.append(
            Violation(
                "sprites-per-line",
                f"{int(per_row[row])} sprites side by side on lines {8 * row}-{8 * row + 7}; "
                f"the PPU draws {SPRITES_PER_LINE} a line",
                tiles=tuple(c for c in cells if c[1] in set(crowded.tolist())),
            )
        )
    return tuple(out)


def _tiles_and_parts(colors, cells, palette_of, rows):
    """Distinct tiles (a mirror image reuses a tile, flipped) and a part per cell."""
    tiles: list[np.ndarray] = []
    known: dict[bytes, tuple[int, bool, bool]] = {}
    parts = []
    for (x, y), palette in zip(cells, palette_of):
        entry = np.zeros(65, np.uint8)  # colour index -> palette entry; -1 (last): transparent
        for i, c in reversed(list(enumerate(rows[palette]))):  # a repeated colour: lowest entry
            entry[c] = i + 1
        values = entry[colors[CELL * y : CELL * y + CELL, CELL * x : CELL * x + CELL]]
        if values.tobytes() not in known:
            number = len(tiles)
            tiles.append(values)
            for flip_h, flip_v in ((False, False), (True, False), (False, True), (True, True)):
                flipped = values[:: -1 if flip_v else 1, :: -1 if flip_h else 1]
                known.setdefault(flipped.tobytes(), (number, flip_h, flip_v))
        number, flip_h, flip_v = known[values.tobytes()]
        parts.append(SpritePart(CELL * x, CELL * y, number, palette, flip_h, flip_v))
    stacked = np.array(tiles, np.uint8).reshape(-1, CELL, CELL)
    return stacked, tuple(parts)


def _groups(cells: list[tuple[int, int]]) -> tuple[tuple[int, ...], ...]:
    """Cells that touch (8 neighbours) as groups of part numbers."""
    where = {cell: i for i, cell in enumerate(cells)}
    group = list(range(len(cells)))

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    for (x, y), i in where.items():
        for dx, dy in ((1, 0), (-1, 1), (0, 1), (1, 1)):
            j = where.get((x + dx, y + dy))
            if j is not None:
                group[root(j)] = root(i)
    members: dict[int, list[int]] = {}
    for i in range(len(cells)):
        members.setdefault(root(i), []).append(i)
    return tuple(tuple(m) for m in sorted(members.values()))
