"""`TileEditor`: paint the 8x8 pixels of one tile, beside the whole pattern table.

Pixels are colour numbers 0-3, shown through one of the scene's palettes. The browser sends
``{"op": "pixels", "table": 0, "tile": 128, "pixels": [[x, y, value], ...], "stroke": 2}``;
Python validates it and calls `Game.set_tile`, so every scene using the tile changes with it.
"""

from __future__ import annotations

import html

import numpy as np

from romulus_nb.display import img_tag, pattern_table_rgb
from romulus_nb.errors import InvalidValueError
from romulus_nb.game import Scene
from romulus_nb.render import upscale
from romulus_nb.widgets._base import StrokeEditor, asset, binary, ranged
from romulus_nb.widgets._messages import get_int


class TileEditor(StrokeEditor):
    """Edit tile ``tile`` of pattern table ``table`` (0 or 1) of a game's tileset.

    Colours come from palette ``palette`` (0-3 background, 4-7 sprite) of ``scene``.
    ``set_pixel``, ``set_tile``, ``undo`` and ``redo`` work from Python as from the browser.
    """

    _esm = asset("tile_editor", "js")
    _css = asset("tile_editor", "css")

    chr = binary(512 * 64, deflate=True)  # (512, 8, 8) pixel values 0-3
    palettes = binary(32)  # the scene's palette RAM, for the colours
    table = ranged(0, 1)
    tile = ranged(0, 255)
    palette = ranged(0, 7)
    color = ranged(0, 3, 1)  # the pen: pixel value 0-3

    def __init__(self, game, scene=0, *, table: int = 0, tile: int = 0, palette: int = 0, **kw):
        super().__init__(game, scene, table=table, tile=tile, palette=palette, **kw)

    # --- editing from Python ------------------------------------------------------------------
    @property
    def pixels(self) -> np.ndarray:
        """``(8, 8) uint8`` pixel values of the tile being edited (a copy)."""
        return self._game.pattern_table(self.table)[self.tile].copy()

    def set_pixel(self, x: int, y: int, value: int) -> None:
        """Set pixel (x, y) (0-7 each) of the current tile to colour number 0-3."""
        self._set_pixels(self.table, self.tile, [(x, y, value)])

    def set_tile(self, pixels) -> None:
        """Replace the whole current tile with an ``(8, 8)`` array of values 0-3 (one stroke)."""
        self._stroke(lambda: self._game.set_tile(self.table, self.tile, pixels))

    def _set_pixels(self, table: int, tile: int, pixels, stroke=None) -> None:
        for x, y, v in pixels:
            for name, value, top in (("x", x, 7), ("y", y, 7), ("value", v, 3)):
                get_int({name: value}, name, 0, top)
        self._history.begin(stroke if stroke is not None else object())
        new = self._game.pattern_table(table)[tile].copy()
        for x, y, v in pixels:
            new[y, x] = v
        try:
            self._game.set_tile(table, tile, new)
        finally:
            if stroke is None:
                self._history.end()
            self._sync_history()

    # --- undo snapshots -----------------------------------------------------------------------
    def _snapshot(self) -> dict:
        return {"tileset": self._game.tileset.copy()}

    def _restore(self, fields: dict) -> None:
        self._game.tileset = fields["tileset"]
        self._game.touch("tileset")

    # --- messages from the browser ------------------------------------------------------------
    def _op_pixels(self, content: dict) -> None:
        table = get_int(content, "table", 0, 1)
        tile = get_int(content, "tile", 0, 255)
        stroke = get_int(content, "stroke", 0, 2**31 - 1)
        pixels = content.get("pixels")
        if not isinstance(pixels, list) or not 1 <= len(pixels) <= 64:
            raise InvalidValueError("message field 'pixels': expected 1-64 [x, y, value] triples")
        checked = []
        for i, p in enumerate(pixels):
            if not isinstance(p, list) or len(p) != 3:
                raise InvalidValueError(f"message field 'pixels'[{i}]: {p!r} is not [x, y, value]")
            item = dict(zip(("x", "y", "value"), p))
            checked.append(
                (get_int(item, "x", 0, 7), get_int(item, "y", 0, 7), get_int(item, "value", 0, 3))
            )
        self._set_pixels(table, tile, checked, stroke=stroke)

    # --- views --------------------------------------------------------------------------------
    def _refresh(self, what: str, scene: Scene | None) -> None:
        self.chr = self._game.tileset.tobytes()
        if self._scene is not None and (scene is None or scene is self._scene):
            self.palettes = self._scene.palettes.to_bytes()

    def _colors(self) -> list[int]:
        if self._scene is None:
            return [0x0F, 0x00, 0x10, 0x30]
        return [int(c) for c in self._scene.palettes.array[self.palette]]

    def _static_html(self) -> str:
        colors = self._colors()
        sheet = pattern_table_rgb(self._game.pattern_table(self.table), colors)
        tile = pattern_table_rgb(self.pixels[None], colors, axes=False)[:8, :8]
        head = html.escape(repr(self))
        return (
            f"<div class='romulus-static'><b>{head}</b><br>"
            f"{img_tag(upscale(tile, 16), 1, 'tile')} {img_tag(sheet, 2, 'pattern table')}</div>"
        )

    def __repr__(self) -> str:
        return (
            f"TileEditor({self._game.name!r}: pattern table {self.table}, tile ${self.tile:02X}, "
            f"palette {self.palette})"
        )
