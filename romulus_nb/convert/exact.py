"""Exact conversion of art that already obeys the NES's rules: the same pixels back, in colour
indices, and when it cannot be exact, which rule the picture breaks and where.

The rules, checked in order (each violation is named by its `RULES` key):

``colors``
    every opaque pixel is, within `COLOR_TOLERANCE`, one NES colour of a known RGB table
    (`romulus_nb.convert.master_palettes`);
``block-colors``
    every 16x16 block uses at most 4 colours, and the blocks with 4 share one (the backdrop);
``palettes``
    with that backdrop, the blocks' other colours (3 at most each) pack into 4 palettes of 3;
``tiles``
    the distinct 8x8 tiles the picture then needs fit the tile budget.

Packing is solved exactly, not by clustering: only each block's maximal colour set matters (a
set inside another's palette fits there too), there are at most 12 such sets when an answer
exists (4 palettes hold at most 3 incomparable sets each), and a depth-first search that puts
each set into an existing palette or the next empty one ends in microseconds. Every colour of
the picture is tried as the backdrop, most common first (a backdrop the picture does not use
only makes the sets bigger).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np

from romulus_nb.convert.palette_order import order_palettes
from romulus_nb.convert.tile_budget import cut_tiles, rows_in
from romulus_nb.nes.colors import BLACK, DUPLICATE_BLACKS, UNSAFE_BLACK, WHITE, MasterPalette

#: Largest sum of absolute R, G and B differences between a pixel and the NES colour it is taken
#: for (makechr allows 64; 24 forgives rounding and gamma slips, never a neighbouring colour).
COLOR_TOLERANCE = 24
PALETTES, COLORS, BLOCK = 4, 3, 16
LUMA = np.array([0.2126, 0.7152, 0.0722])  # Rec. 709: orders a palette's colours by lightness
BLOCKS_HIGH, BLOCKS_WIDE = 15, 16
#: Nodes the packing search may visit when counting the palettes a broken picture needs.
SEARCH_LIMIT = 20_000
RULES = {
    "colors": "every pixel an NES colour of a known palette",
    "block-colors": "at most 3 colours + the shared backdrop in every 16x16 block",
    "palettes": "the blocks' colours pack into 4 palettes of 3",
    "tiles": "the distinct tiles fit the tile budget",
}


@dataclass(frozen=True, eq=False)
class Violation:
    """One broken rule: its `RULES` key, what is wrong in words, and where.

    ``blocks`` are ``(block_x, block_y)`` of the 16x16 blocks to outline; ``tiles`` the
    ``(tile_x, tile_y)`` of the 8x8 cells to outline.
    """

    rule: str
    message: str
    blocks: tuple[tuple[int, int], ...] = ()
    tiles: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, eq=False)
class ExactArt:
    """What `solve` found.

    Attributes
    ----------
    master : MasterPalette or None
        The RGB table the picture's colours were recognised in (None: not NES colours).
    violations : tuple[Violation, ...]
        Empty when the conversion is exact.
    colors : (4, 4) intp
        Colour index of each palette entry, backdrop first (exact only).
    attributes : (15, 16) uint8
    tiles : (n, 64) uint8
        Distinct tiles in order of first use; ``placement`` ``(960,)`` intp picks one per cell.
    """

    master: MasterPalette | None
    violations: tuple[Violation, ...] = ()
    colors: np.ndarray | None = field(default=None, repr=False)
    attributes: np.ndarray | None = field(default=None, repr=False)
    tiles: np.ndarray | None = field(default=None, repr=False)
    placement: np.ndarray | None = field(default=None, repr=False)

    @property
    def exact(self) -> bool:
        return self.master is not None and not self.violations


def representatives(master: MasterPalette) -> np.ndarray:
    """``(64,) intp``: for every index, the index that stands for its RGB colour: never $0D
    (-1 if nothing else shows that colour), $0F for black, $30 for white, else the lowest."""
    return _representatives(master.rgb.tobytes()).copy()


@functools.lru_cache(maxsize=16)
def _representatives(table: bytes) -> np.ndarray:
    rgb = [table[3 * i : 3 * i + 3] for i in range(64)]
    seen: dict[bytes, int] = {}
    for index in (BLACK, WHITE, *range(64)):
        if index != UNSAFE_BLACK and index not in DUPLICATE_BLACKS:
            seen.setdefault(rgb[index], index)
    return np.array([seen.get(rgb[i], -1) for i in range(64)], np.intp)


def _distinct(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values of the 1-D array ``values``: ``np.unique`` without its
    masked-array check, whose first use imports numpy.ma (about 20 ms, a tenth of a whole
    ``romulus import-image`` of NES art)."""
    ordered = np.sort(values)
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered


def recognise(rgb: np.ndarray, opaque: np.ndarray, palettes) -> tuple[MasterPalette | None, object]:
    """The first of ``palettes`` that has every opaque colour of ``rgb`` ``(240, 256, 3)``
    within `COLOR_TOLERANCE` (the closest one when several do), and either ``(index,
    inverse)``: the colour index of each distinct opaque colour ``(k,) intp`` and which of
    them each opaque pixel has ``(n,) intp``, or a `Violation` saying why none fits."""
    keys = _color_keys(rgb)
    flat = keys[opaque]
    starts = np.flatnonzero(np.r_[True, flat[1:] != flat[:-1]]) if len(flat) else []
    runs = flat[starts]  # art has long runs: fewer values to sort
    colors = _distinct(runs)
    if len(colors) > 64:
        return None, Violation(
            "colors", f"{len(colors)} colours: not NES art (the NES shows at most 13 at once)"
        )
    inverse = np.searchsorted(colors, flat)
    color_rgb = np.stack([(colors >> 16) & 0xFF, (colors >> 8) & 0xFF, colors & 0xFF], 1)
    best = None  # (total distance, -order, palette, nearest index per colour, distances)
    for order, master in enumerate(palettes):
        reps = representatives(master)
        usable = _distinct(reps[reps >= 0])
        dist = np.abs(color_rgb[:, None, :].astype(np.int32) - master.rgb[usable][None]).sum(-1)
        nearest = dist.argmin(1)
        off = dist[np.arange(len(colors)), nearest]
        key = (int((off > COLOR_TOLERANCE).sum()), int(off.sum()), order)
        if best is None or key < best[0]:
            best = (key, master, usable[nearest], off)
    (misses, _, _), master, index, off = best
    if misses:
        worst = int(off.argmax())
        at = np.argwhere(opaque & (keys == colors[worst]))[0]
        bad = np.zeros(opaque.shape, bool)
        bad[opaque] = (off > COLOR_TOLERANCE)[inverse]
        blocks = np.argwhere(bad.reshape(BLOCKS_HIGH, BLOCK, BLOCKS_WIDE, BLOCK).any((1, 3)))
        return None, Violation(
            "colors",
            f"{misses} of {len(colors)} colours are no NES colour of a known palette, e.g. "
            f"#{int(colors[worst]):06X} at ({at[1]}, {at[0]}) (nearest: ${int(index[worst]):02X}"
            f" of {master.name}, off by {int(off[worst])}; allowed {COLOR_TOLERANCE}); give "
            "your emulator's palette with --palette FILE.pal",
            blocks=tuple((int(x), int(y)) for y, x in blocks),
        )
    return master, (index, inverse)


def _color_keys(rgb: np.ndarray) -> np.ndarray:
    """``(240, 256, 3) uint8`` -> ``(240, 256) uint32`` holding 0xRRGGBB."""
    padded = np.zeros((*rgb.shape[:2], 4), np.uint8)
    padded[..., 1:] = rgb  # big-endian 0RGB
    return padded.view(">u4")[..., 0].astype(np.uint32)


def solve(rgb, opaque, palettes, *, free: np.ndarray, budget: int) -> ExactArt:
    """Check the rules and, when the picture obeys them all, build its exact scene parts.

    Parameters
    ----------
    rgb : (240, 256, 3) uint8
    opaque : (240, 256) bool
        Transparent pixels show the backdrop, whatever colour it becomes.
    palettes : sequence of MasterPalette
        The RGB tables to recognise the colours in, in order of preference.
    free : (m, 64) uint8
        Tiles the pattern table already holds: they cost nothing.
    budget : int
        The most new tiles the scene may add.
    """
    master, found = recognise(rgb, opaque, palettes)
    if master is None:
        return ExactArt(None, (found,))
    index, inverse = found
    colors, of_distinct = np.unique(index, return_inverse=True)
    local = np.full(opaque.shape, -1, np.intp)  # -1: transparent, the backdrop's value 0
    local[opaque] = of_distinct.ravel()[inverse]
    if len(colors) == 0:  # nothing opaque: a black backdrop
        colors = np.array([BLACK])
    present = _block_sets(local, len(colors))  # (240,) bitmasks of local colours
    counts = np.bincount(local[local >= 0], minlength=len(colors))
    backdrops, violation = _backdrop_candidates(present, counts)
    if violation is not None:
        return ExactArt(master, (violation,))
    found = None
    for backdrop in backdrops:
        packed = pack_sets(maximal_sets({s & ~(1 << backdrop) for s in present}), PALETTES)
        if packed is not None:
            found = backdrop, packed
            break
    if found is None:
        return ExactArt(master, (_palettes_violation(present, backdrops),))
    backdrop, packed = found
    lightness = master.rgb[colors] @ LUMA  # dark to light in every palette
    table = _palette_table(packed, backdrop, lightness)  # (4, 4) local colours
    attributes = _attributes(present, table, backdrop)
    values = _values(local, attributes, table, len(colors))
    # The order of each palette's entries decides which shapes share a tile: take the order
    # that adds fewest tiles (the design's own tile count, when it was drawn as NES tiles).
    existing = frozenset(t.tobytes() for t in np.asarray(free, np.uint8))
    values, colors_idx = order_palettes(values, attributes, colors[table], existing)
    tiles, placement = _tiles(values)
    new = ~rows_in(tiles, free)
    if new.sum() > budget:
        return ExactArt(master, (_tiles_violation(tiles, placement, new, budget),))
    return ExactArt(master, (), colors_idx.astype(np.intp), attributes, tiles, placement)


# --- the rules ----------------------------------------------------------------------------
_PIXEL_BLOCK = (
    (np.arange(240)[:, None] // BLOCK) * BLOCKS_WIDE + np.arange(256)[None, :] // BLOCK
).ravel()


def _block_sets(local: np.ndarray, n: int) -> list[int]:
    """The local colours (0 to ``n - 1``, -1 transparent) each 16x16 block uses, as 240
    bitmasks in reading order."""
    flat = local.ravel()
    opaque = flat >= 0
    used = np.bincount(_PIXEL_BLOCK[opaque] * n + flat[opaque], minlength=240 * n) > 0
    weights = np.left_shift(np.uint64(1), np.arange(n, dtype=np.uint64))
    return (used.reshape(240, n).astype(np.uint64) @ weights).tolist()


def _backdrop_candidates(present: list[int], counts: np.ndarray):
    """Colours that may be the backdrop, most used first, or the `Violation` of a block."""
    too_many = [(i, bin(s).count("1")) for i, s in enumerate(present) if bin(s).count("1") > 4]
    if too_many:
        return [], Violation(
            "block-colors",
            f"{len(too_many)} blocks of 16x16 use more than 4 colours (e.g. block "
            f"{_where(too_many[0][0])}: {too_many[0][1]}); a block shows 3 + the backdrop",
            blocks=tuple(_xy(i) for i, _ in too_many),
        )
    shared, emptied = (1 << len(counts)) - 1, None
    four = [i for i, s in enumerate(present) if bin(s).count("1") == 4]
    for i in four:
        shared &= present[i]
        emptied = i if emptied is None and not shared else emptied
    order = [int(c) for c in np.argsort(-counts, kind="stable") if shared >> int(c) & 1]
    if not order:
        return [], Violation(
            "block-colors",
            f"{len(four)} blocks use 4 colours but no colour is in all of them, so no backdrop "
            f"serves them all (blocks {_where(four[0])} to {_where(emptied)} share none)",
            blocks=tuple(_xy(i) for i in four),
        )
    return order, None


def maximal_sets(sets: set[int]) -> list[int]:
    """The sets not inside another, biggest first (ties by value, for a stable search)."""
    ordered = sorted(sets, key=lambda s: (-bin(s).count("1"), s))
    kept: list[int] = []
    for s in ordered:
        if s and not any(s & k == s for k in kept):
            kept.append(s)
    return kept


def pack_sets(sets: list[int], limit: int, budget: list[int] | None = None) -> list[int] | None:
    """Palettes (bitmasks of at most `COLORS` colours), at most ``limit`` of them, holding
    every set; None if there are none (or the search ran out of ``budget``)."""
    palettes: list[int] = []

    def place(i: int) -> bool:
        if budget is not None:
            budget[0] -= 1
            if budget[0] < 0:
                return False
        if i == len(sets):
            return True
        tried = set()
        for p, palette in enumerate(palettes):
            merged = palette | sets[i]
            if merged in tried or bin(merged).count("1") > COLORS:
                continue
            tried.add(merged)
            palettes[p] = merged
            if place(i + 1):
                return True
            palettes[p] = palette
        if len(palettes) < limit:
            palettes.append(sets[i])
            if place(i + 1):
                return True
            palettes.pop()
        return False

    return list(palettes) if place(0) else None


def _palettes_violation(present: list[int], backdrops: list[int]) -> Violation:
    """How many palettes the picture needs at best, and the blocks left out by the 4 of them
    that serve the most blocks."""
    best = None  # (palettes needed, backdrop, the palettes)
    for backdrop in backdrops:
        sets = maximal_sets({s & ~(1 << backdrop) for s in present})
        packed = None
        for limit in range(PALETTES + 1, len(sets) + 1):
            packed = pack_sets(sets, limit, [SEARCH_LIMIT])
            if packed is not None:
                break
        packed = packed or _greedy(sets)
        if best is None or len(packed) < best[0]:
            best = len(packed), backdrop, packed
    need, backdrop, packed = best
    sets = [s & ~(1 << backdrop) for s in present]
    home = [next((p for p, m in enumerate(packed) if s & ~m == 0), -1) for s in sets]
    served = np.bincount([h for h in home if h >= 0], minlength=len(packed))
    kept = set(np.argsort(-served, kind="stable")[:PALETTES].tolist())
    left = [i for i, h in enumerate(home) if h not in kept]
    return Violation(
        "palettes",
        f"the blocks' colours need {need} palettes of 3 besides the backdrop; the NES has 4 "
        f"(outlined: {len(left)} blocks the 4 that serve the most leave out)",
        blocks=tuple(_xy(i) for i in left),
    )


def _greedy(sets: list[int]) -> list[int]:
    """First-fit palettes for every set: an upper bound when the exact search gives up."""
    palettes: list[int] = []
    for s in sets:
        for p, palette in enumerate(palettes):
            if bin(palette | s).count("1") <= COLORS:
                palettes[p] = palette | s
                break
        else:
            palettes.append(s)
    return palettes


def _tiles_violation(tiles, placement, new, budget) -> Violation:
    over = np.flatnonzero(new)[budget:]  # tiles in order of first use: the ones past the budget
    cells = np.flatnonzero(np.isin(placement, over))
    return Violation(
        "tiles",
        f"{int(new.sum())} distinct new tiles of 8x8; the budget is {budget} "
        f"(outlined: {len(cells)} cells that use the {len(over)} tiles past it)",
        tiles=tuple((int(c % 32), int(c // 32)) for c in cells),
    )


# --- the scene parts ----------------------------------------------------------------------
def _palette_table(packed: list[int], backdrop: int, lightness: np.ndarray) -> np.ndarray:
    """``(4, 4) intp`` local colour of each entry: the backdrop, then each palette's colours
    from dark to light (so that one shape in two palettes is one tile); unused entries repeat
    the palette's last colour (or the backdrop), and unused palettes repeat palette 0."""
    table = np.full((PALETTES, 4), backdrop, np.intp)
    for p, mask in enumerate(packed):
        members = [c for c in range(mask.bit_length()) if mask >> c & 1]
        members.sort(key=lambda c: (lightness[c], c))
        row = members + members[-1:] * (COLORS - len(members))
        table[p, 1:] = row
    table[len(packed) :] = table[0]
    return table


def _attributes(present: list[int], table: np.ndarray, backdrop: int) -> np.ndarray:
    """``(15, 16) uint8``: for every block, the first palette holding all its colours."""
    masks = np.bitwise_or.reduce(np.left_shift(np.uint64(1), table.astype(np.uint64)), 1)
    sets = np.array(present, np.uint64) | np.uint64(1 << backdrop)
    fits = (sets[:, None] & ~masks[None, :]) == 0
    return fits.argmax(1).astype(np.uint8).reshape(BLOCKS_HIGH, BLOCKS_WIDE)


def _values(local: np.ndarray, attributes: np.ndarray, table: np.ndarray, n: int) -> np.ndarray:
    """``(240, 256) uint8`` palette entry of every pixel (0 where transparent); ``local`` holds
    colours 0 to ``n - 1`` (-1 where transparent)."""
    lut = np.zeros((PALETTES, n + 1), np.uint8)  # last column: transparent (local -1)
    for p in range(PALETTES):
        for entry in (3, 2, 1, 0):  # the lowest entry wins for a repeated colour
            lut[p, table[p, entry]] = entry
    palette = np.repeat(np.repeat(attributes, BLOCK, 0), BLOCK, 1)
    return lut[palette, local]


def _tiles(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct tiles ``(n, 64) uint8`` in order of first use and the tile of each cell
    ``(960,) intp``. Tiles are compared as their 16 CHR bytes (a 64-field row compare is slow)."""
    cells = cut_tiles(values)
    planes = np.concatenate([np.packbits(cells & 1, 1), np.packbits(cells >> 1, 1)], 1)
    keys = np.ascontiguousarray(planes).view(np.dtype((np.void, 16))).ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    renumber = np.empty(len(order), np.intp)
    renumber[order] = np.arange(len(order))
    return cells[first[order]], renumber[inverse.ravel()]


def _xy(block: int) -> tuple[int, int]:
    return block % BLOCKS_WIDE, block // BLOCKS_WIDE


def _where(block: int) -> str:
    x, y = _xy(block)
    return f"({x}, {y})"
