"""Whole-game tile optimisation: drop unused and duplicate tiles across every scene at once.

NES Screen Tool removes duplicates for the open screen only; a mapper-0 game shares one CHR bank
between all its scenes, so the useful question is which tiles *any* scene needs.
8x16 sprites fetch tile pairs (even, even+1), so a pair moves as a unit to an even slot.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from romulus_nb.nes.oam import Sprite


@dataclass
class TileOptimization:
    before: dict[int, int] = field(default_factory=dict)  # table -> tiles in use before
    after: dict[int, int] = field(default_factory=dict)  # table -> distinct tiles kept
    mapping: dict[int, dict[int, int]] = field(default_factory=dict)  # table -> old -> new

    def __repr__(self) -> str:
        parts = [
            f"table {t}: {self.before[t]} -> {self.after[t]} tiles" for t in sorted(self.before)
        ]
        return "TileOptimization(" + "; ".join(parts) + ")"


def optimize_tiles(game) -> TileOptimization:
    """Renumber each pattern table so it holds only the distinct tiles some scene uses, packed
    from tile 0, and rewrite every scene's nametable and sprites to match. The pictures of all
    scenes are unchanged. Returns the old -> new mapping per table."""
    result = TileOptimization()
    new_tileset = np.zeros_like(game.tileset)
    for table in (0, 1):
        tiles = game.pattern_table(table)
        pairs, singles = _usage(game, table)
        mapping: dict[int, int] = {}
        seen: dict[bytes, int] = {}  # pixels -> new slot
        slot = 0
        for top in sorted(pairs):  # pairs first: they need even slots
            key = tiles[top].tobytes() + tiles[top + 1].tobytes()
            if key in seen:
                mapping[top], mapping[top + 1] = seen[key], seen[key] + 1
                continue
            seen[key] = slot
            for i in (0, 1):
                mapping[top + i] = slot + i
                new_tileset[table * 256 + slot + i] = tiles[top + i]
                seen.setdefault(tiles[top + i].tobytes(), slot + i)
            slot += 2
        for tile in sorted(singles - set(mapping)):
            key = tiles[tile].tobytes()
            if key not in seen:
                seen[key] = slot
                new_tileset[table * 256 + slot] = tiles[tile]
                slot += 1
            mapping[tile] = seen[key]
        result.before[table] = len(singles | {p + i for p in pairs for i in (0, 1)})
        result.after[table] = slot
        result.mapping[table] = mapping

    for scene in game.scenes:
        lut = np.arange(256, dtype=np.uint8)
        for old, new in result.mapping[scene.bg_table].items():
            lut[old] = new
        scene.nametable = lut[scene.nametable]
        scene.sprites = [_remap_sprite(s, scene, result.mapping) for s in scene.sprites]
    _remap_metatiles(game, result.mapping)
    game.tileset = new_tileset
    for scene in game.scenes:
        scene.touch("scene")
    game.touch("tileset")
    return result


def _remap_metatiles(game, mapping) -> None:
    """Renumber the metatile table's tiles as the maps' nametables were (through the pattern
    table of the maps; a metatile in no map keeps tiles that may now show other pixels)."""
    tables = {s.bg_table for s in game.scenes if s.metatiles is not None}
    if len(tables) != 1 or not game.metatiles:
        return
    lut = mapping[tables.pop()]
    game._metatiles = [m.replace(tiles=[lut.get(t, t) for t in m.tiles]) for m in game.metatiles]


def _usage(game, table: int) -> tuple[set[int], set[int]]:
    pairs: set[int] = set()
    singles: set[int] = set()
    for scene in game.scenes:
        if scene.bg_table == table:
            singles |= scene.background_tiles_used()
        for s in scene.sprites:
            if scene.sprite_size == 16 and (s.tile & 1) == table:
                pairs.add(s.tile & 0xFE)
            elif scene.sprite_size == 8 and scene.sprite_table == table:
                singles.add(s.tile)
    return pairs, singles


def _remap_sprite(sprite: Sprite, scene, mapping) -> Sprite:
    if scene.sprite_size == 8:
        return replace(sprite, tile=mapping[scene.sprite_table][sprite.tile])
    table = sprite.tile & 1
    return replace(sprite, tile=mapping[table][sprite.tile & 0xFE] | table)
