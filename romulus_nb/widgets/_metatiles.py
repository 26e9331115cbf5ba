"""What the editors say about a game's metatile table: its bytes for the browser, and where each
metatile is used.

The table travels as ``n * 6`` bytes, one row per metatile: its 4 tiles (top-left, top-right,
bottom-left, bottom-right), its background palette and its flag byte
(see `romulus_nb.nes.metatile`). The browser draws metatiles from these rows with the tiles and
palettes it already has, so a metatile picker and an optimistic stamp need no picture from the
kernel.
"""

from __future__ import annotations

import operator

import numpy as np

from romulus_nb.errors import InvalidValueError, shown
from romulus_nb.nes.metatile import metatile_arrays

#: Bytes per metatile in the ``metatile_table`` trait: 4 tiles, palette, flags.
ROW_BYTES = 6


def table_bytes(table) -> bytes:
    """``(n, 6) uint8`` rows of a metatile table, as bytes."""
    tiles, palettes = metatile_arrays(table)
    flags = np.array([m.flags for m in table], np.uint8)
    rows = np.concatenate([tiles, palettes[:, None], flags[:, None]], axis=1)
    return np.ascontiguousarray(rows, np.uint8).tobytes()


def usage(game) -> list[list[tuple[str, int]]]:
    """For each metatile of ``game``, ``[(scene name, cells), ...]`` of the maps that use it."""
    count = len(game.metatiles)
    out: list[list[tuple[str, int]]] = [[] for _ in range(count)]
    for scene in game.scenes:
        if scene.metatiles is None:
            continue
        cells = np.bincount(scene.metatiles.ravel(), minlength=count)
        for index in np.flatnonzero(cells[:count]):
            out[index].append((scene.name, int(cells[index])))
    return out


def paint_metatiles(scene, blocks, metatile: int) -> list[tuple[int, int]]:
    """Put metatile ``metatile`` at each (block_x, block_y) of ``blocks`` of ``scene``; returns
    the blocks that changed.

    On a metatile map the map cells change (`Scene.paint_metatiles`, which redraws the tiles);
    on a scene painted tile by tile, the metatile's 2x2 tiles and palette are written into the
    nametable and attributes, and the scene stays a tile-by-tile scene. All or nothing.
    """
    table = scene.game.metatiles if scene.game is not None else []
    if isinstance(metatile, bool) or not isinstance(metatile, (int, np.integer)):
        raise InvalidValueError(f"metatile: {shown(metatile)} is not a metatile number")
    if not 0 <= metatile < len(table):
        allowed = f"0-{len(table) - 1}" if table else "none: the game has no metatiles yet"
        raise InvalidValueError(f"metatile {metatile}: out of the game's table; use {allowed}")
    high, wide = scene.attributes.shape
    checked = _blocks(blocks, wide, high)
    if scene.metatiles is not None:
        return scene.paint_metatiles(checked, int(metatile))
    chosen = table[metatile]
    quad = np.array(chosen.tiles, np.uint8).reshape(2, 2)
    nametable, attributes = scene.nametable.copy(), scene.attributes.copy()
    changed = []
    for bx, by in checked:
        cell = nametable[2 * by : 2 * by + 2, 2 * bx : 2 * bx + 2]
        if not np.array_equal(cell, quad) or attributes[by, bx] != chosen.palette:
            changed.append((bx, by))
        cell[:] = quad
        attributes[by, bx] = chosen.palette
    if changed:
        scene.nametable, scene.attributes = nametable, attributes
        scene.touch("nametable")
    return changed


def _blocks(blocks, wide: int, high: int) -> list[tuple[int, int]]:
    """``blocks`` as checked (block_x, block_y) pairs inside a ``wide`` x ``high`` map."""
    if isinstance(blocks, (str, bytes)) or not hasattr(blocks, "__iter__"):
        raise InvalidValueError(f"blocks: {shown(blocks)} is not a collection of pairs")
    return [_block(b, wide, high) for b in blocks]


def _block(block, wide: int, high: int) -> tuple[int, int]:
    try:
        x, y = (operator.index(v) for v in block)
    except (TypeError, ValueError):
        raise InvalidValueError(f"block {shown(block)}: not a (block_x, block_y) pair") from None
    if not (0 <= x < wide and 0 <= y < high):
        raise InvalidValueError(
            f"block ({x}, {y}): outside the scene; block_x 0-{wide - 1}, block_y 0-{high - 1}"
        )
    return x, y
