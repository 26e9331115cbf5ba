"""A sprite sheet to metasprites, exactly, as makechr's sprite mode does: or a refusal that names
the rule the sheet breaks (https://www.nesdev.org/wiki/PPU_OAM).

The sheet is a picture of at most 256x240 laid over the screen from its top-left corner.
Transparent pixels (alpha below 128; in a picture without alpha, the colour of the top-left
pixel) show what is behind. Its opaque pixels are covered by 8x8 sprites (or 8x16 ones: then
cells and grids are 16 lines high) in one of two ways, the one that needs fewer sprites among
those that break no rule:

- the grid: every 8x8 cell of the sheet's 8-pixel grid with an opaque pixel is one sprite;
- free (what makechr's ``-t free`` traversal is for: sprites drawn anywhere, not only on the
  grid): each region (opaque pixels that touch, also diagonally; tried again with clusters of
  pixels at most 7 apart, which one sprite could show together) gets an 8-pixel grid of its
  own, the one of the 64 offsets that needs the fewest sprites (ties: the fewest on a line),
  and every cell of it with pixels of the region is a sprite; a cell whose pixels show more
  than 3 colours is several sprites at the same place, 3 colours each (the most used first).
  Each pixel belongs to one sprite and is transparent in every other, so overlapping sprites
  draw exactly the sheet in any order. A region drawn by sprites on a common 8-pixel grid
  (a metasprite's parts, wherever it stands) needs at most as many again; parts off each
  other's grid cost more (the best grid per region, not the fewest sprites of any placement).

Sprites whose pixels touch (also diagonally) form one metasprite. The rules:

``sprite-colors``    every sprite shows at most 3 colours besides transparent (on the grid: every
                     cell; the free cover meets it by construction, with more sprites);
``sprite-palettes``  the sprites' colour sets pack into the 4 sprite palettes of 3 colours;
``sprite-top-line``  no sprite pixel on screen line 0 (a sprite's first line is 1 at the
                     earliest; so the grid is tried only without pixels on lines 0-7);
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
from romulus_nb.nes.hardware import FIRST_SPRITE_LINE, MAX_SPRITES, SPRITES_PER_LINE
from romulus_nb.nes.oam import line_cover, overflow_lines

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
    tiles : (n, height, 8) uint8
        8x16: the top tile above the bottom one.
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


def solve_sprites(
    rgb, opaque, palettes, *, free_slots: int, height: int = 8
) -> tuple[SpriteArt | None, tuple]:
    """Convert a sheet (as `read_sheet` gives it) exactly into sprites of 8 x ``height`` (8 or
    16) pixels; returns the art, or None and the violations (of the free cover of touching
    regions when no cover fits). ``free_slots``: the sprite pattern table's free slots (for
    8x16 sprites: free pairs of slots, even and odd)."""
    master, found = recognise(rgb, opaque, palettes)
    if master is None:
        return None, (found,)
    index, inverse = found
    colors = np.full(opaque.shape, -1, np.intp)
    colors[opaque] = index[inverse]
    if opaque[:FIRST_SPRITE_LINE].any():
        return None, (
            Violation(
                "sprite-top-line",
                f"{int(opaque[:FIRST_SPRITE_LINE].sum())} sprite pixels on screen line 0, where "
                f"no sprite shows (the first is line {FIRST_SPRITE_LINE}: OAM holds Y - 1)",
                tiles=tuple((int(x) // CELL, 0) for x in np.flatnonzero(opaque[0])),
            ),
        )
    regions = _regions(opaque)
    # Free: a grid per region of touching pixels, or per cluster of pixels 7 apart or less (a
    # sprite with holes, a dotted line: pieces one sprite could show together).
    clusters = _regions(opaque, (height - 1, CELL - 1))
    covers = [_free_cover(colors, regions, height), _free_cover(colors, clusters, height)]
    if not opaque[:height].any():  # the grid's top row of cells would start on line 0
        covers.insert(0, _grid_cover(opaque, height))  # first: it wins a tie
    solved = [_solved(c, colors, regions, master, free_slots, height) for c in covers]
    fits = [art for art, _ in solved if art is not None]
    if not fits:  # what the free cover of touching regions breaks
        return None, solved[-2][1]
    return min(fits, key=lambda art: len(art.parts)), ()


# --- covers: (x, y, pixels) per sprite, pixels (height, 8) bool: the opaque pixels it draws --
Cover = list[tuple[int, int, np.ndarray]]
#: The free cover stops past this many sprites (a sheet that needs them breaks `sprite-count`).
MAX_COVER = 4 * MAX_SPRITES


def _grid_cover(opaque: np.ndarray, height: int) -> Cover:
    rows = SCREEN_HEIGHT // height
    cells = opaque.reshape(rows, height, 32, CELL).transpose(0, 2, 1, 3)  # (rows, 32, h, 8)
    return [(CELL * x, height * y, cells[y, x]) for y, x in np.argwhere(cells.any((2, 3)))]


def _free_cover(colors: np.ndarray, regions: np.ndarray, height: int) -> Cover:
    """Each region (`_regions`) on the 8-pixel grid of its own that needs the fewest sprites (of
    the 64 offsets; ties: the fewest sprites on a line), a cell's pixels split by colour where
    they show more than 3 (see the module docstring)."""
    cover: Cover = []
    for label in np.unique(regions[regions >= 0]).tolist():  # regions in reading order
        ys, xs = np.nonzero(regions == label)
        shown = colors[ys, xs]
        top, left = int(ys.min()), int(xs.min())
        best = None
        for oy in range(min(height, top - FIRST_SPRITE_LINE + 1)):  # a sprite on the screen
            for ox in range(min(CELL, left + 1)):
                cell_y, cell_x = (ys - top + oy) // height, (xs - left + ox) // CELL
                pairs = np.unique((cell_y * 64 + cell_x) * 64 + shown)  # (cell, colour)
                cells, colours = np.unique(pairs // 64, return_counts=True)
                rows = np.repeat(cells // 64, -(-colours // COLORS))  # a sprite per 3 colours
                score = (len(rows), int(np.bincount(rows).max()))
                if best is None or score < best[0]:
                    best = (score, oy, ox)
        _, oy, ox = best
        cell_y, cell_x = (ys - top + oy) // height, (xs - left + ox) // CELL
        for key in np.unique(cell_y * 64 + cell_x).tolist():
            y, x = top - oy + height * (key // 64), left - ox + CELL * (key % 64)
            inside = (cell_y * 64 + cell_x) == key
            pixels = np.zeros((height, CELL), bool)
            pixels[ys[inside] - y, xs[inside] - x] = True
            cover += [(x, y, part) for part in _by_colors(_window(colors, x, y, pixels))]
        if len(cover) > MAX_COVER:
            break
    return cover


def _by_colors(shown: np.ndarray) -> list[np.ndarray]:
    """The pixels of a cell ``(height, 8)`` (colours, -1 transparent) as sprites of at most 3
    colours each: the 3 that cover the most first."""
    values, counts = np.unique(shown[shown >= 0], return_counts=True)
    ordered = [int(v) for _, v in sorted(zip(-counts, values))]
    return [np.isin(shown, ordered[i : i + COLORS]) for i in range(0, len(ordered), COLORS)]


def _regions(opaque: np.ndarray, reach: tuple[int, int] = (1, 1)) -> np.ndarray:
    """``(240, 256) intp``: for each opaque pixel the flat index of the first pixel (reading
    order) of its region, -1 where transparent. A region: opaque pixels linked by steps of at
    most ``reach`` (down, across) pixels ((1, 1): pixels that touch, also diagonally; (7, 7):
    pixels one 8x8 sprite could show together)."""
    height, width = opaque.shape
    none = opaque.size
    labels = np.where(opaque, np.arange(none).reshape(opaque.shape), none)
    down, across = reach
    while True:
        padded = np.pad(labels, ((down, down), (across, across)), constant_values=none)
        rows = padded[:, across : across + width].copy()  # the lowest label across, then down
        for dx in range(2 * across + 1):
            np.minimum(rows, padded[:, dx : dx + width], out=rows)
        lowest = rows[down : down + height].copy()
        for dy in range(2 * down + 1):
            np.minimum(lowest, rows[dy : dy + height], out=lowest)
        lowest[~opaque] = none
        flat = np.append(lowest.reshape(-1), none)
        lowest = flat[flat[lowest]]  # pointer jumping: a label's own label, twice over
        if np.array_equal(lowest, labels):
            return np.where(opaque, labels, -1)
        labels = lowest


# --- a cover checked against the rules and turned into tiles ---------------------------------
def _solved(
    cover: Cover, colors, regions, master, free_slots: int, height: int
) -> tuple[SpriteArt | None, tuple]:
    where = tuple((x // CELL, y // CELL) for x, y, _ in cover)  # the cells to outline
    shown = [_window(colors, x, y, pixels) for x, y, pixels in cover]
    sets = [{int(c) for c in np.unique(s) if c >= 0} for s in shown]
    crowded = [i for i, s in enumerate(sets) if len(s) > COLORS]
    if crowded:
        x, y, _ = cover[crowded[0]]
        return None, (
            Violation(
                "sprite-colors",
                f"{len(crowded)} cells of 8x8 use more than 3 colours besides transparent "
                f"(e.g. the cell at ({x}, {y})); a sprite shows 3",
                tiles=tuple(where[i] for i in crowded),
            ),
        )
    violations = _count_violations(cover, where, height)
    masks = {c: 1 << i for i, c in enumerate(sorted({c for s in sets for c in s}))}
    bitsets = [sum(masks[c] for c in s) for s in sets]
    packed = pack_sets(maximal_sets(set(bitsets)), PALETTES)
    if packed is None:
        violations += (
            Violation(
                "sprite-palettes",
                "the sprites' colours need more than 4 sprite palettes of 3 colours",
                tiles=where,
            ),
        )
    if violations:
        return None, violations
    ordered = sorted(masks, key=lambda c: (float(master.rgb[c] @ LUMA), c))
    rows = [[c for c in ordered if masks[c] & p] for p in packed]
    rows = [row + row[-1:] * (COLORS - len(row)) for row in rows]
    rows += [rows[0]] * (PALETTES - len(rows)) if rows else [[0x0F] * COLORS] * PALETTES
    palette_of = [next(p for p, m in enumerate(packed) if b & ~m == 0) for b in bitsets]
    tiles, parts = _tiles_and_parts(cover, shown, palette_of, rows, height)
    if len(tiles) > free_slots:
        return None, (
            Violation(
                "sprite-tiles",
                f"{len(tiles)} distinct sprite tiles (mirror images shared); the sprite pattern "
                f"table has {free_slots} free slots",
                tiles=where,
            ),
        )
    art = SpriteArt(master, np.array(rows, np.intp), tiles, parts, _groups(cover, regions))
    return art, ()


def _window(values: np.ndarray, x: int, y: int, pixels: np.ndarray) -> np.ndarray:
    """``(height, 8) intp``: ``values`` ``(240, 256) intp`` (colours, regions) under a sprite at
    (x, y) where it draws ``pixels``, -1 where it is transparent."""
    shown = np.full(pixels.shape, -1, np.intp)
    part = values[y : y + pixels.shape[0], x : x + CELL]
    shown[: part.shape[0], : part.shape[1]] = part
    return np.where(pixels, shown, -1)


def _count_violations(cover: Cover, where, height: int) -> tuple[Violation, ...]:
    out = []
    if len(cover) > MAX_SPRITES:
        count = f"over {MAX_COVER}" if len(cover) > MAX_COVER else str(len(cover))
        out.append(
            Violation(
                "sprite-count",
                f"{count} sprites cover the sheet; OAM holds {MAX_SPRITES} sprites",
                tiles=where[MAX_SPRITES:],
            )
        )
    lines = line_cover([y for _, y, _ in cover], height)
    crowded = overflow_lines(lines)
    if crowded:
        line = crowded[0]
        out.append(
            Violation(
                "sprites-per-line",
                f"{int(lines[:, line].sum())} sprites side by side on line {line} "
                f"({len(crowded)} such lines); the PPU draws {SPRITES_PER_LINE} a line",
                tiles=tuple(w for w, on in zip(where, lines[:, crowded].any(1)) if on),
            )
        )
    return tuple(out)


def _tiles_and_parts(cover: Cover, shown, palette_of, rows, height: int):
    """Distinct tiles (a mirror image reuses a tile, flipped) and a part per sprite."""
    tiles: list[np.ndarray] = []
    known: dict[bytes, tuple[int, bool, bool]] = {}
    parts = []
    for (x, y, _), colors, palette in zip(cover, shown, palette_of):
        entry = np.zeros(65, np.uint8)  # colour index -> palette entry; -1 (last): transparent
        for i, c in reversed(list(enumerate(rows[palette]))):  # a repeated colour: lowest entry
            entry[c] = i + 1
        values = entry[colors]
        if values.tobytes() not in known:
            number = len(tiles)
            tiles.append(values)
            for flip_h, flip_v in ((False, False), (True, False), (False, True), (True, True)):
                flipped = values[:: -1 if flip_v else 1, :: -1 if flip_h else 1]
                known.setdefault(flipped.tobytes(), (number, flip_h, flip_v))
        number, flip_h, flip_v = known[values.tobytes()]
        parts.append(SpritePart(int(x), int(y), number, palette, flip_h, flip_v))
    stacked = np.array(tiles, np.uint8).reshape(-1, height, CELL)
    return stacked, tuple(parts)


def _groups(cover: Cover, regions: np.ndarray) -> tuple[tuple[int, ...], ...]:
    """Sprites whose pixels touch (one region, 8 neighbours) as groups of part numbers."""
    first: dict[int, int] = {}  # region -> the first sprite drawing part of it
    group = list(range(len(cover)))

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    for i, (x, y, pixels) in enumerate(cover):
        for label in np.unique(_window(regions, x, y, pixels)[pixels]).tolist():
            group[root(i)] = root(first.setdefault(label, i))
    members: dict[int, list[int]] = {}
    for i in range(len(cover)):
        members.setdefault(root(i), []).append(i)
    return tuple(tuple(m) for m in sorted(members.values()))
