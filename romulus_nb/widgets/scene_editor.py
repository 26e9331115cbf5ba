"""`SceneEditor`: paint a scene's nametable, attributes and sprites on a canvas.

The browser sends one small message per batch of edits (``{"op": "paint", "cells": [[5, 6],
[6, 6]], "tile": 134, "stroke": 3, "seq": 17}``); a stroke is every message with the same
``stroke`` id and is undone as a whole. Python applies each message through the scene's
validated editing methods and sends back the picture drawn by `romulus_nb.render` (one
renderer for everything), as 61,440 bytes of colour indices, plus the limits report.
"""

from __future__ import annotations

import html

import numpy as np
import traitlets

from romulus_nb.display import img_tag
from romulus_nb.errors import InvalidValueError
from romulus_nb.game import Scene
from romulus_nb.nes.nametable import BLOCKS_HIGH, BLOCKS_WIDE, TILES_HIGH, TILES_WIDE
from romulus_nb.nes.oam import MAX_SPRITES, Sprite
from romulus_nb.render import HEIGHT, draw_overlays, upscale
from romulus_nb.widgets._base import (
    FRAME_BYTES,
    StrokeEditor,
    asset,
    binary,
    in_range,
    indices_to_bytes,
)
from romulus_nb.widgets._history import History
from romulus_nb.widgets._messages import get_bool, get_int, get_points, get_str

TOOLS = ("paint", "rect", "palette", "eyedropper", "sprite", "text")


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
    `paint`, `fill_rect`, `paint_palette`, `add_sprite`, `move_sprite`, `update_sprite`,
    `remove_sprite`, `write_text`, `undo`, `redo`. Edits made on the scene directly
    (``scene.paint_tiles``, or ``scene.nametable[...] = ...`` followed by ``scene.touch()``)
    show at once but are not in this editor's undo history.
    """

    _esm = asset("scene_editor", "js")
    _css = asset("scene_editor", "css")
    _ops = {
        **StrokeEditor._ops,
        "paint": "_op_paint",
        "rect": "_op_rect",
        "block_palette": "_op_block_palette",
        "add_sprite": "_op_add_sprite",
        "move_sprite": "_op_move_sprite",
        "update_sprite": "_op_update_sprite",
        "delete_sprite": "_op_delete_sprite",
        "text": "_op_text",
    }

    # The scene, as the PPU holds it.
    frame = binary(FRAME_BYTES)  # (240, 256) colour indices drawn by romulus_nb.render
    nametable = binary(TILES_WIDE * TILES_HIGH)  # (30, 32) tile numbers
    attributes = binary(BLOCKS_WIDE * BLOCKS_HIGH)  # (15, 16) palette per 16x16 block, unpacked
    palettes = binary(32)  # palette RAM $3F00-$3F1F
    oam = binary(256)
    chr = binary(512 * 64)  # (512, 8, 8) pixel values 0-3, pattern table 0 then 1
    bg_table = traitlets.Int(0).tag(sync=True)
    sprite_table = traitlets.Int(1).tag(sync=True)
    sprite_size = traitlets.Int(8).tag(sync=True)
    # The limits report and what it points at.
    limits = traitlets.List(traitlets.Dict()).tag(sync=True)
    highlight = binary(TILES_WIDE * TILES_HIGH)  # 1 where a finding points at a cell
    highlight_lines = binary(HEIGHT)  # 1 on scanlines with more than 8 sprites
    # Tool state (the browser sets these directly; they are view state, not the model).
    tool = traitlets.Enum(TOOLS, default_value="paint").tag(sync=True)
    tile = traitlets.Int(0).tag(sync=True)
    palette = traitlets.Int(0).tag(sync=True)
    sprite_tile = traitlets.Int(0).tag(sync=True)
    sprite_palette = traitlets.Int(0).tag(sync=True)
    flip_h = traitlets.Bool(False).tag(sync=True)
    flip_v = traitlets.Bool(False).tag(sync=True)
    behind = traitlets.Bool(False).tag(sync=True)
    text = traitlets.Unicode("HELLO").tag(sync=True)
    selected_sprite = traitlets.Int(-1).tag(sync=True)
    scale = traitlets.Int(2).tag(sync=True)
    show_grid = traitlets.Bool(False).tag(sync=True)
    show_attribute_grid = traitlets.Bool(False).tag(sync=True)
    show_sprite_boxes = traitlets.Bool(True).tag(sync=True)

    def __init__(self, game, scene=0, *, scale: int = 2, **kwargs):
        super().__init__(game, scene, scale=scale, **kwargs)

    #: Trait -> the whole numbers it takes, low and high included.
    _ranges = {
        "tile": (0, 255),
        "sprite_tile": (0, 255),
        "palette": (0, 3),
        "sprite_palette": (0, 3),
        "selected_sprite": (-1, MAX_SPRITES - 1),
        "scale": (1, 6),
    }

    @traitlets.validate(*_ranges)
    def _check_range(self, proposal):
        return in_range(proposal, *self._ranges[proposal["trait"].name])

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
            "sprites": tuple(scene.sprites),
        }

    def _restore(self, fields: dict) -> None:
        scene = self.scene
        if "nametable" in fields:
            scene.nametable = fields["nametable"]
        if "attributes" in fields:
            scene.attributes = fields["attributes"]
        if "sprites" in fields:
            scene.sprites = list(fields["sprites"])
            if self.selected_sprite >= len(scene.sprites):
                self.selected_sprite = -1
        scene.touch("scene")

    def _scene_changed(self) -> None:
        self._history = History(self._snapshot, self._restore)
        self.selected_sprite = -1
        self._sync_history()

    # --- messages from the browser ------------------------------------------------------------
    def _begin(self, content: dict) -> None:
        stroke = get_int(content, "stroke", 0, 2**31 - 1)
        self._history.begin(stroke)

    def _op_paint(self, content: dict) -> None:
        cells = get_points(content, "cells", TILES_WIDE, TILES_HIGH)
        tile = get_int(content, "tile", 0, 255)
        self._begin(content)
        self.scene.paint_tiles(cells, tile)
        self._sync_history()

    def _op_rect(self, content: dict) -> None:
        corners = get_points(content, "corners", TILES_WIDE, TILES_HIGH, limit=2)
        if len(corners) != 2:
            raise InvalidValueError("rect: 'corners' must hold two [x, y] cells")
        (x0, y0), (x1, y1) = corners
        tile = get_int(content, "tile", 0, 255)
        self._begin(content)
        self.scene.fill_rect(x0, y0, x1, y1, tile)
        self._sync_history()

    def _op_block_palette(self, content: dict) -> None:
        blocks = get_points(content, "blocks", BLOCKS_WIDE, BLOCKS_HIGH)
        palette = get_int(content, "palette", 0, 3)
        self._begin(content)
        self.scene.set_block_palette(blocks, palette)
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
        self.nametable = s.nametable.tobytes()
        self.attributes = s.attributes.tobytes()
        self.palettes = s.palettes.to_bytes()
        self.oam = s.oam_bytes()
        self.bg_table, self.sprite_table = s.bg_table, s.sprite_table
        self.sprite_size = s.sprite_size
        self.frame = indices_to_bytes(s.render().indices)
        report = s.check()
        self.limits = [{"level": f.level, "rule": f.rule, "message": f.message} for f in report]
        cells = np.zeros((TILES_HIGH, TILES_WIDE), np.uint8)
        lines = np.zeros(HEIGHT, np.uint8)
        for finding in report:
            for ty, tx in finding.cells:
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
        rgb = scene.render().rgb(self._game.master_palette)
        big = draw_overlays(
            upscale(rgb, 2), 2, sprite_boxes=scene.sprites, sprite_height=scene.sprite_size
        )
        head = html.escape(f"Scene editor: {self._where()}")
        return (
            f"<div class='romulus-static'><b>{head}</b><br>{img_tag(big, 1, scene.name)}"
            f"{scene.check()._repr_html_()}</div>"
        )

    def __repr__(self) -> str:
        if self._scene is None:
            return f"SceneEditor({self._game.name!r}, no scenes)"
        s = self._scene
        return (
            f"SceneEditor({self._where()}: {len(s.background_tiles_used())} tiles, "
            f"{len(s.sprites)} sprites, tool {self.tool!r})"
        )
