"""`MetatileEditor`: a game's metatile table, one 16x16 block at a time.

A metatile is 2x2 tiles, one background palette and flag bits (`romulus_nb.nes.metatile`); every
map of the game refers to the table by number, so an edit here repaints every map using it. The
browser shows the table, the selected metatile big, the background pattern table to pick its 4
tiles from, its palette, its flags (``solid`` and any other the model names) and where it is used
(which scenes, how many cells). Each change is one validated message and one undo step, e.g.
``{"op": "set_tile", "index": 3, "corner": 1, "tile": 134, "seq": 9}``.
"""

from __future__ import annotations

import html

import numpy as np
import traitlets

from romulus_nb.display import img_tag
from romulus_nb.errors import InvalidValueError, LimitError
from romulus_nb.nes.metatile import FLAG_NAMES, MAX_METATILES, Metatile, expand_map
from romulus_nb.render import upscale
from romulus_nb.widgets._base import StrokeEditor, asset, binary, ranged
from romulus_nb.widgets._messages import get_bool, get_int, get_str
from romulus_nb.widgets._metatiles import table_bytes, usage

#: Longest metatile name the browser may set.
MAX_NAME = 40
#: Palette RAM shown when the game has no scene to borrow palettes from: greys.
GREYS = bytes([0x0F, 0x00, 0x10, 0x30] * 8)


class MetatileEditor(StrokeEditor):
    """An editor over ``game.metatiles``.

    Parameters
    ----------
    game : Game
    scene : int, str or Scene
        Whose palettes draw the metatiles (a metatile names a palette number, the scene says its
        colours); the browser can switch.

    Python edits go through the same validated, undoable operations as the browser:
    `set_tiles`, `set_palette`, `set_flag`, `rename`, `add_metatile`, `remove_metatile`,
    `undo`, `redo`.
    """

    _esm = asset("metatile_editor", "js")
    _css = asset("metatile_editor", "css")

    chr = binary(512 * 64, deflate=True)  # (512, 8, 8) pixel values 0-3
    palettes = binary(32)  # palette RAM of the scene shown
    bg_table = traitlets.Int(0).tag(sync=True)
    metatile_table = binary()  # (n, 6): 4 tiles, palette, flags (see widgets._metatiles)
    metatile_names = traitlets.List(traitlets.Unicode()).tag(sync=True)
    #: Flag bits the model names: [{"name": "solid", "bit": 1}, ...].
    flag_names = traitlets.List(traitlets.Dict()).tag(sync=True)
    #: Per metatile, the maps using it: [[scene name, cells], ...].
    usage = traitlets.List(traitlets.List()).tag(sync=True)
    # View state (the browser sets these directly).
    selected = ranged(0, MAX_METATILES - 1)
    corner = ranged(0, 3)  # which of the 4 tiles the picker sets
    tile = ranged(0, 255)

    def __init__(self, game, scene=0, **kwargs):
        super().__init__(game, scene, **kwargs)

    # --- editing from Python (each call is one undoable step) ---------------------------------
    def set_tiles(self, index: int, tiles) -> Metatile:
        """Give metatile ``index`` 4 tiles (top-left, top-right, bottom-left, bottom-right)."""
        return self._change(index, tiles=tiles)

    def set_palette(self, index: int, palette: int) -> Metatile:
        return self._change(index, palette=palette)

    def set_flag(self, index: int, flag: str, value: bool) -> Metatile:
        """Set or clear a named flag (``"solid"``, see `romulus_nb.nes.metatile.FLAG_NAMES`)."""
        if flag not in FLAG_NAMES:
            raise InvalidValueError(f"flag {flag!r}: not one of {', '.join(FLAG_NAMES)}")
        old = self._metatile(index)
        bit = FLAG_NAMES[flag]
        return self._change(index, flags=(old.flags | bit) if value else (old.flags & ~bit))

    def rename(self, index: int, name: str) -> Metatile:
        return self._change(index, name=name)

    def add_metatile(self, metatile: Metatile | None = None) -> int:
        """Append ``metatile`` (default: a copy of the selected one, or blank tiles); returns its
        number, which becomes the selected one."""
        table = self._game.metatiles
        if metatile is None:
            metatile = table[self.selected].replace(name="") if table else Metatile((0,) * 4)
        if not isinstance(metatile, Metatile):
            raise InvalidValueError(f"add_metatile: {metatile!r} is not a Metatile")
        index = self._stroke(lambda: self._game.add_metatile(metatile))
        self.selected = index
        return index

    def remove_metatile(self, index: int) -> Metatile:
        """Remove metatile ``index``; maps refer to the later ones by their new numbers. A
        metatile still used by a map is refused (paint over it first)."""
        old = self._metatile(index)
        places = usage(self._game)[index]
        if places:
            where = ", ".join(f"scene {name!r} ({cells} cells)" for name, cells in places)
            raise InvalidValueError(
                f"metatile {index} is used by {where}; paint other metatiles over it first"
            )
        table = [m for i, m in enumerate(self._game.metatiles) if i != index]
        maps = {
            s.id: None if s.metatiles is None else s.metatiles - (s.metatiles > index)
            for s in self._game.scenes
        }
        self._stroke(lambda: _set_table(self._game, table, maps))
        self.selected = min(self.selected, max(0, len(table) - 1))
        return old

    # --- undo snapshots -----------------------------------------------------------------------
    def _snapshot(self) -> dict:
        maps = tuple(
            (s.id, None if s.metatiles is None else s.metatiles.tobytes())
            for s in self._game.scenes
        )
        return {"table": tuple(self._game.metatiles), "maps": maps}

    def _restore(self, fields: dict) -> None:
        table = list(fields.get("table", self._game.metatiles))
        maps = {s.id: s.metatiles for s in self._game.scenes}
        for scene_id, data in fields.get("maps", ()):
            if scene_id in maps:
                shape = self._game.scene(scene_id).attributes.shape
                maps[scene_id] = (
                    None if data is None else np.frombuffer(data, np.uint8).reshape(shape)
                )
        _set_table(self._game, table, maps)

    def _scene_changed(self) -> None:
        """Another scene's palettes: the table and its history stay."""

    # --- messages from the browser ------------------------------------------------------------
    def _index(self, content: dict) -> int:
        count = len(self._game.metatiles)
        if count == 0:
            raise InvalidValueError("metatile index: the game has no metatiles yet; add one")
        return get_int(content, "index", 0, count - 1)

    def _op_set_tile(self, content: dict) -> None:
        index = self._index(content)
        corner = get_int(content, "corner", 0, 3)
        tiles = list(self._game.metatiles[index].tiles)
        tiles[corner] = get_int(content, "tile", 0, 255)
        self.set_tiles(index, tiles)

    def _op_set_palette(self, content: dict) -> None:
        self.set_palette(self._index(content), get_int(content, "palette", 0, 3))

    def _op_set_flag(self, content: dict) -> None:
        index = self._index(content)
        flag = get_str(content, "flag", 40)
        self.set_flag(index, flag, get_bool(content, "value"))

    def _op_rename(self, content: dict) -> None:
        self.rename(self._index(content), get_str(content, "name", MAX_NAME))

    def _op_add(self, content: dict) -> None:
        if len(self._game.metatiles) >= MAX_METATILES:
            raise LimitError(f"add: the game has {MAX_METATILES} metatiles, all a map byte names")
        self.add_metatile()

    def _op_remove(self, content: dict) -> None:
        self.remove_metatile(self._index(content))

    # --- helpers ------------------------------------------------------------------------------
    def _metatile(self, index: int) -> Metatile:
        table = self._game.metatiles
        if isinstance(index, bool) or not isinstance(index, (int, np.integer)):
            raise InvalidValueError(f"metatile index: {index!r} is not a whole number")
        if not 0 <= index < len(table):
            allowed = f"0-{len(table) - 1}" if table else "none: the table is empty"
            raise InvalidValueError(f"metatile index {index}: out of range; use {allowed}")
        return table[index]

    def _change(self, index: int, **changes) -> Metatile:
        new = self._metatile(index).replace(**changes)
        self._stroke(lambda: self._game.set_metatile(index, new))
        return new

    # --- views --------------------------------------------------------------------------------
    def _refresh(self, what: str, scene) -> None:
        game = self._game
        self.chr = game.tileset.tobytes()
        shown = self._scene
        self.palettes = shown.palettes.to_bytes() if shown is not None else GREYS
        self.bg_table = shown.bg_table if shown is not None else 0
        self.metatile_table = table_bytes(game.metatiles)
        self.metatile_names = [m.name for m in game.metatiles]
        self.flag_names = [{"name": n, "bit": b} for n, b in FLAG_NAMES.items()]
        self.usage = [[[name, cells] for name, cells in places] for places in usage(game)]
        if self.selected >= max(1, len(game.metatiles)):
            self.selected = max(0, len(game.metatiles) - 1)

    def _static_html(self) -> str:
        head = html.escape(repr(self))
        table = self._game.metatiles
        if not table or self._scene is None:
            return f"<div class='romulus-static'>{head}</div>"
        cells = np.arange(len(table)).reshape(1, -1)
        nametable, attributes = expand_map(cells, table)
        scene = self._scene
        ram = np.frombuffer(scene.palettes.to_bytes(), np.uint8)
        tiles = self._game.pattern_table(scene.bg_table)[nametable]  # (2, 2n, 8, 8)
        colors = np.repeat(np.repeat(attributes, 2, 0), 2, 1)[:, :, None, None] * 4 + tiles
        indices = np.where(tiles == 0, ram[0], ram[colors])
        picture = indices.transpose(0, 2, 1, 3).reshape(16, -1)
        rgb = self._game.master_palette.lookup(picture)
        return f"<div class='romulus-static'><b>{head}</b><br>{img_tag(upscale(rgb, 2), 1)}</div>"

    def __repr__(self) -> str:
        table = self._game.metatiles
        solid = sum(m.solid for m in table)
        return f"MetatileEditor({self._game.name!r}: {len(table)} metatiles, {solid} solid)"


def _set_table(game, table: list, maps: dict) -> None:
    """Give ``game`` the metatile ``table`` and each scene (by id) its map in ``maps``, in an
    order the model accepts whichever is larger: maps off, the table, maps back on."""
    for scene in game.scenes:
        if scene.metatiles is not None:
            scene.metatiles = None  # the nametable stays as drawn until the map returns
    game.metatiles = table
    for scene in game.scenes:
        cells = maps.get(scene.id)
        if cells is not None:
            scene.metatiles = cells
