"""`SceneEditor`: paint a scene's nametable, attributes, metatiles and sprites on a canvas.

The browser sends one small message per batch of edits (``{"op": "paint", "cells": [[5, 6],
[6, 6]], "tile": 134, "stroke": 3, "seq": 17}``); a stroke is every message with the same
``stroke`` id and is undone as a whole. Python applies each message through the scene's
validated editing methods and sends back the picture drawn by `romulus_nb.render` (one
renderer for everything), as colour indices (61,440 bytes a screen), plus the limits report.

The browser does not wait for that answer: it draws each stroke at once from the tiles,
palettes and metatiles it holds, and when the answer comes it shows the kernel's picture
instead, which keeps the stroke (accepted) or drops it (refused, ``error`` says why).

A scene of several screens (a map) is shown through a 256x240 view at ``camera`` (map pixels)
that the browser pans; cells and blocks in messages are map coordinates.
"""

from __future__ import annotations

import html

import numpy as np
import traitlets

from romulus_nb.display import img_tag
from romulus_nb.errors import InvalidValueError
from romulus_nb.game import Scene
from romulus_nb.nes.nametable import TILES_HIGH, TILES_WIDE
from romulus_nb.nes.oam import MAX_SPRITES, Sprite
from romulus_nb.render import HEIGHT, WIDTH, draw_overlays, upscale
from romulus_nb.widgets._base import StrokeEditor, asset, binary, indices_to_bytes, ranged
from romulus_nb.widgets._history import History
from romulus_nb.widgets._messages import get_bool, get_int, get_points, get_str
from romulus_nb.widgets._metatiles import paint_metatiles, table_bytes

TOOLS = ("paint", "rect", "palette", "metatile", "eyedropper", "sprite", "text")


class SceneEditor(StrokeEditor):
    """A pixel-art editor over one scene of a game.

    Parameters
    ----------
    game : Game
    scene : int, str or Scene
        Which scene to edit (position, name or id); the browser can switch scenes.
    scale : int
        Screen pixels per NES pixel (1-6), kept whole so pixels stay crisp.

    Editing from Python goes through the same validated, undoable operations as the browser:
    `paint`, `fill_rect`, `paint_palette`, `paint_metatiles`, `add_sprite`, `move_sprite`,
    `update_sprite`, `remove_sprite`, `write_text`, `undo`, `redo`. Edits made on the scene
    directly (``scene.paint_tiles``, or ``scene.nametable[...] = ...`` followed by
    ``scene.touch()``) show at once but are not in this editor's undo history.

    A scene drawn from a metatile map (``scene.metatiles`` is not None) is edited with metatiles
    only: painting its tiles or block palettes is refused, since the map would redraw them.
    """

    _esm = asset("scene_editor", "js", "scene_map")
    _css = asset("scene_editor", "css")

    # The scene, as the PPU holds it (w x h screens: one screen is (1, 1)).
    frame = binary(deflate=True)  # (240*h, 256*w) colour indices drawn by romulus_nb.render
    nametable = binary()  # (30*h, 32*w) tile numbers
    attributes = binary()  # (15*h, 16*w) palette per 16x16 block, unpacked
    screens = traitlets.List(traitlets.Int(), default_value=[1, 1]).tag(sync=True)
    metatiles = binary()  # (15*h, 16*w) metatile map, or empty when painted tile by tile
    metatile_table = binary()  # (n, 6): 4 tiles, palette, flags (see widgets._metatiles)
    metatile_names = traitlets.List(traitlets.Unicode()).tag(sync=True)
    palettes = binary(32)  # palette RAM $3F00-$3F1F
    oam = binary(256)
    chr = binary(512 * 64, deflate=True)  # (512, 8, 8) pixel values 0-3, pattern table 0 then 1
    bg_table = traitlets.Int(0).tag(sync=True)
    sprite_table = traitlets.Int(1).tag(sync=True)
    sprite_size = traitlets.Int(8).tag(sync=True)
    # The limits report and what it points at.
    limits = traitlets.List(traitlets.Dict()).tag(sync=True)
    highlight = binary()  # (30*h, 32*w): 1 where a finding points at a cell
    highlight_lines = binary(HEIGHT)  # 1 on scanlines with more than 8 sprites
    # Tool state (the browser sets these directly; they are view state, not the model).
    tool = traitlets.Enum(TOOLS, default_value="paint").tag(sync=True)
    tile = ranged(0, 255)
    palette = ranged(0, 3)
    metatile = ranged(0, 255)
    #: Map pixel at the view's top-left corner; the browser pans it, Python may set it.
    camera = traitlets.List(traitlets.Int(), default_value=[0, 0]).tag(sync=True)
    sprite_tile = ranged(0, 255)
    sprite_palette = ranged(0, 3)
    flip_h = traitlets.Bool(False).tag(sync=True)
    flip_v = traitlets.Bool(False).tag(sync=True)
    behind = traitlets.Bool(False).tag(sync=True)
    text = traitlets.Unicode("HELLO").tag(sync=True)
    selected_sprite = ranged(-1, MAX_SPRITES - 1, -1)
    scale = ranged(1, 6, 2)
    show_grid = traitlets.Bool(False).tag(sync=True)
    show_attribute_grid = traitlets.Bool(False).tag(sync=True)
    show_sprite_boxes = traitlets.Bool(True).tag(sync=True)

    def __init__(self, game, scene=0, *, scale: int = 2, **kwargs):
        super().__init__(game, scene, scale=scale, **kwargs)

    @traitlets.validate("camera")
    def _check_camera(self, proposal):
        value = list(proposal["value"])
        w, h = self._scene.screens if self._scene is not None else (1, 1)
        top = (WIDTH * (w - 1), HEIGHT * (h - 1))
        if len(value) != 2 or not all(0 <= v <= t for v, t in zip(value, top)):
            raise traitlets.TraitError(
                f"camera: {value}; this {w}x{h}-screen scene allows x 0-{top[0]}, y 0-{top[1]}"
            )
        return value

    @traitlets.validate("text")
    def _check_text(self, proposal):
        if len(proposal["value"]) > 64:
            raise traitlets.TraitError("text: at most 64 characters")
        return proposal["value"]

    # --- editing from Python (each call is one undoable stroke) -------------------------------
    def paint(self, cells, tile: int) -> list[tuple[int, int]]:
        """Set ``tile`` at each (tile_x, tile_y) of ``cells``; returns the cells that changed."""
        return self._stroke(lambda: self.scene.paint_tiles(cells, tile))

    def fill_rect(self, x0: int, y0: int, x1: int, y1: int, tile: int):
        """Fill the tile rectangle between two corners (inclusive)."""
        return self._stroke(lambda: self.scene.fill_rect(x0, y0, x1, y1, tile))

    def paint_palette(self, blocks, palette: int):
        """Give each 16x16 block (block_x, block_y) background palette 0-3."""
        return self._stroke(lambda: self.scene.set_block_palette(blocks, palette))

    def paint_metatiles(self, blocks, metatile: int) -> list[tuple[int, int]]:
        """Put metatile ``metatile`` (of ``game.metatiles``) at each (block_x, block_y) of
        ``blocks``: its 2x2 tiles and its palette, and the map cell on a metatile map."""
        return self._stroke(lambda: paint_metatiles(self.scene, blocks, metatile))

    def add_sprite(self, sprite: Sprite) -> int:
        """Append a sprite to OAM; returns its index."""
        index = self._stroke(lambda: self.scene.add_sprite(sprite))
        self.selected_sprite = index
        return index

    def move_sprite(self, index: int, x: int, y: int) -> Sprite:
        return self._stroke(lambda: self.scene.update_sprite(index, x=x, y=y))

    def update_sprite(self, index: int, **changes) -> Sprite:
        """Change a sprite's ``tile``, ``palette``, ``flip_h``, ``flip_v`` or ``behind``."""
        allowed = {"x", "y", "tile", "palette", "flip_h", "flip_v", "behind"}
        if not set(changes) <= allowed:
            unknown = ", ".join(sorted(set(changes) - allowed))
            fields = ", ".join(sorted(allowed))
            raise InvalidValueError(f"update_sprite: cannot change {unknown}; change {fields}")
        return self._stroke(lambda: self.scene.update_sprite(index, **changes))

    def remove_sprite(self, index: int) -> Sprite:
        sprite = self._stroke(lambda: self.scene.remove_sprite(index))
        self.selected_sprite = -1
        return sprite

    def write_text(self, tile_x: int, tile_y: int, text: str) -> None:
        """Write ``text`` with the game's font (see `Game.add_font`) from (tile_x, tile_y)."""
        self._stroke(lambda: self.scene.write_text(tile_x, tile_y, text))

    # --- undo snapshots -----------------------------------------------------------------------
    def _snapshot(self) -> dict:
        scene = self.scene
        return {
            "nametable": scene.nametable.copy(),
            "attributes": scene.attributes.copy(),
            "metatiles": None if scene.metatiles is None else scene.metatiles.copy(),
            "sprites": tuple(scene.sprites),
        }

    def _restore(self, fields: dict) -> None:
        scene = self.scene
        if "nametable" in fields:
            scene.nametable = fields["nametable"]
        if "attributes" in fields:
            scene.attributes = fields["attributes"]
        if "metatiles" in fields:  # the map redraws the nametable from the game's table
            scene.metatiles = fields["metatiles"]
        if "sprites" in fields:
            scene.sprites = list(fields["sprites"])
            if self.selected_sprite >= len(scene.sprites):
                self.selected_sprite = -1
        scene.touch("scene")

    def _scene_changed(self) -> None:
        self._history = History(self._snapshot, self._restore)
        self.selected_sprite = -1
        self.camera = [0, 0]
        self._sync_history()

    # --- messages from the browser ------------------------------------------------------------
    def _begin(self, content: dict) -> None:
        stroke = get_int(content, "stroke", 0, 2**31 - 1)
        self._history.begin(stroke)

    def _tiles_by_hand(self, what: str) -> None:
        """Refuse to paint tiles or block palettes on a scene drawn from a metatile map."""
        if self.scene.metatiles is not None:
            raise InvalidValueError(
                f"{what}: scene {self.scene.name!r} is drawn from metatiles, which would paint "
                "over it; paint metatiles (M), or set scene.metatiles = None to paint tiles"
            )

    def _op_paint(self, content: dict) -> None:
        high, wide = self.scene.nametable.shape
        cells = get_points(content, "cells", wide, high)
        tile = get_int(content, "tile", 0, 255)
        self._tiles_by_hand("paint")
        self._begin(content)
        self.scene.paint_tiles(cells, tile)
        self._sync_history()

    def _op_rect(self, content: dict) -> None:
        high, wide = self.scene.nametable.shape
        corners = get_points(content, "corners", wide, high, limit=2)
        if len(corners) != 2:
            raise InvalidValueError("rect: 'corners' must hold two [x, y] cells")
        (x0, y0), (x1, y1) = corners
        tile = get_int(content, "tile", 0, 255)
        self._tiles_by_hand("rect")
        self._begin(content)
        self.scene.fill_rect(x0, y0, x1, y1, tile)
        self._sync_history()

    def _op_block_palette(self, content: dict) -> None:
        high, wide = self.scene.attributes.shape
        blocks = get_points(content, "blocks", wide, high)
        palette = get_int(content, "palette", 0, 3)
        self._tiles_by_hand("block_palette")
        self._begin(content)
        self.scene.set_block_palette(blocks, palette)
        self._sync_history()

    def _op_metatile(self, content: dict) -> None:
        high, wide = self.scene.attributes.shape
        blocks = get_points(content, "blocks", wide, high)
        count = len(self._game.metatiles)
        if count == 0:
            raise InvalidValueError(
                "metatile: the game has no metatiles yet; add some (MetatileEditor, "
                "game.add_metatile)"
            )
        metatile = get_int(content, "metatile", 0, count - 1)
        self._begin(content)
        paint_metatiles(self.scene, blocks, metatile)
        self._sync_history()

    def _op_add_sprite(self, content: dict) -> None:
        sprite = Sprite(
            get_int(content, "x", 0, 255),
            get_int(content, "y", 0, 255),
            get_int(content, "tile", 0, 255),
            get_int(content, "palette", 0, 3),
            flip_h=get_bool(content, "flip_h"),
            flip_v=get_bool(content, "flip_v"),
            behind=get_bool(content, "behind"),
        )
        self._begin(content)
        self.selected_sprite = self.scene.add_sprite(sprite)
        self._sync_history()

    def _op_move_sprite(self, content: dict) -> None:
        index = self._sprite_index(content)
        x, y = get_int(content, "x", 0, 255), get_int(content, "y", 0, 255)
        self._begin(content)
        self.scene.update_sprite(index, x=x, y=y)
        self._sync_history()

    def _op_update_sprite(self, content: dict) -> None:
        index = self._sprite_index(content)
        changes = {}
        if "palette" in content:
            changes["palette"] = get_int(content, "palette", 0, 3)
        if "tile" in content:
            changes["tile"] = get_int(content, "tile", 0, 255)
        for key in ("flip_h", "flip_v", "behind"):
            if key in content:
                changes[key] = get_bool(content, key)
        if not changes:
            raise InvalidValueError("update_sprite: nothing to change (palette, tile, flips)")
        self._begin(content)
        self.scene.update_sprite(index, **changes)
        self._sync_history()

    def _op_delete_sprite(self, content: dict) -> None:
        index = self._sprite_index(content)
        self._begin(content)
        self.scene.remove_sprite(index)
        self.selected_sprite = -1
        self._sync_history()

    def _op_text(self, content: dict) -> None:
        x, y = get_int(content, "x", 0, TILES_WIDE - 1), get_int(content, "y", 0, TILES_HIGH - 1)
        text = get_str(content, "text", 64)
        self._begin(content)
        self.scene.write_text(x, y, text)
        self._sync_history()

    def _sprite_index(self, content: dict) -> int:
        count = len(self.scene.sprites)
        if count == 0:
            raise InvalidValueError("sprite index: the scene has no sprites")
        return get_int(content, "index", 0, count - 1)

    # --- views --------------------------------------------------------------------------------
    def _refresh(self, what: str, scene: Scene | None) -> None:
        if self._scene is None or (scene is not None and scene is not self._scene):
            return
        s = self._scene
        self.chr = self._game.tileset.tobytes()
        self.screens = list(s.screens)
        self.nametable = s.nametable.tobytes()
        self.attributes = s.attributes.tobytes()
        self.metatiles = b"" if s.metatiles is None else s.metatiles.tobytes()
        self.metatile_table = table_bytes(self._game.metatiles)
        self.metatile_names = [m.name for m in self._game.metatiles]
        self.palettes = s.palettes.to_bytes()
        self.oam = s.oam_bytes()
        self.bg_table, self.sprite_table = s.bg_table, s.sprite_table
        self.sprite_size = s.sprite_size
        picture = s.render() if s.screens == (1, 1) else s.render_map()
        self.frame = indices_to_bytes(picture.indices)
        report = s.check()
        self.limits = [{"level": f.level, "rule": f.rule, "message": f.message} for f in report]
        cells = np.zeros(s.nametable.shape, np.uint8)
        lines = np.zeros(HEIGHT, np.uint8)
        for finding in report:
            for ty, tx in finding.cells:
                if ty < cells.shape[0] and tx < cells.shape[1]:
                    cells[ty, tx] = 1
            for line in finding.lines:
                if 0 <= line < HEIGHT:
                    lines[line] = 1
        self.highlight = cells.tobytes()
        self.highlight_lines = lines.tobytes()
        if self.selected_sprite >= len(s.sprites):
            self.selected_sprite = -1

    def _static_html(self) -> str:
        if self._scene is None:
            return f"<div class='romulus-static'>{html.escape(repr(self))}</div>"
        scene = self._scene
        head = html.escape(f"Scene editor: {self._where()}")
        if scene.screens != (1, 1):  # a map: the whole level, screen boundaries marked
            picture = scene.render_map(screen_lines=True)
            return (
                f"<div class='romulus-static'><b>{head}</b><br>"
                f"{img_tag(picture.rgb(), 1, scene.name)}{scene.check()._repr_html_()}</div>"
            )
        rgb = scene.render().rgb(self._game.master_palette)
        big = draw_overlays(
            upscale(rgb, 2), 2, sprite_boxes=scene.sprites, sprite_height=scene.sprite_size
        )
        return (
            f"<div class='romulus-static'><b>{head}</b><br>{img_tag(big, 1, scene.name)}"
            f"{scene.check()._repr_html_()}</div>"
        )

    def __repr__(self) -> str:
        if self._scene is None:
            return f"SceneEditor({self._game.name!r}, no scenes)"
        s = self._scene
        size = "" if s.screens == (1, 1) else f"{s.screens[0]}x{s.screens[1]} screens, "
        return (
            f"SceneEditor({self._where()}: {size}{len(s.background_tiles_used())} tiles, "
            f"{len(s.sprites)} sprites, tool {self.tool!r})"
        )
