"""`PaletteEditor`: the 64 master colours as a 4x16 grid beside a scene's 8 palettes.

Click a slot (palette 0-7, entry 0-3), then a colour: the browser sends
``{"op": "set_color", "palette": 1, "entry": 2, "color": 42}``; Python validates it and changes
the scene's palette RAM, and every view of the game repaints. Entry 0 is the backdrop, shared by
all eight palettes (the PPU has one). $0D is shown but refused: it makes some TVs lose sync.
"""

from __future__ import annotations

import html

import traitlets

from romulus_nb.display import img_tag, master_palette_rgb, palette_set_rgb, side_by_side
from romulus_nb.game import Scene
from romulus_nb.nes.colors import color_name
from romulus_nb.widgets._base import GameWidget, asset, binary, ranged
from romulus_nb.widgets._messages import get_int


class PaletteEditor(GameWidget):
    """Edit the palettes of one scene of a game (``scene``: position, name or Scene).

    Traits: ``palettes`` (32 bytes, palette RAM $3F00-$3F1F as the scene stores it),
    ``selected_palette`` (0-7), ``selected_entry`` (0-3). ``editor.observe(callback,
    names="palettes")`` fires after every change, from the browser or from Python.
    """

    _esm = asset("palette_editor", "js")
    _css = asset("palette_editor", "css")

    palettes = binary(32)
    selected_palette = ranged(0, 7)
    selected_entry = ranged(0, 3, 1)
    #: Hover names of the 64 colours ("$16 red").
    color_names = traitlets.List(traitlets.Unicode()).tag(sync=True)

    def __init__(self, game, scene=0, **kwargs):
        super().__init__(game, scene, **kwargs)
        self.color_names = [color_name(i) for i in range(64)]

    # --- editing ------------------------------------------------------------------------------
    def set_color(self, palette: int, entry: int, color: int) -> None:
        """Set entry 0-3 of palette 0-7 (4-7 are the sprite palettes) to colour $00-$3F;
        entry 0 is the backdrop and changes it for every palette."""
        self.scene.palettes.set(palette, entry, color)
        self.scene.touch("palettes")

    def _op_set_color(self, content: dict) -> None:
        palette = get_int(content, "palette", 0, 7)
        entry = get_int(content, "entry", 0, 3)
        color = get_int(content, "color", 0, 0x3F)
        self.set_color(palette, entry, color)

    # --- views --------------------------------------------------------------------------------
    def _refresh(self, what: str, scene: Scene | None) -> None:
        if self._scene is not None and (scene is None or scene is self._scene):
            self.palettes = self._scene.palettes.to_bytes()

    def _static_html(self) -> str:
        head = html.escape(f"Palettes of {self._where()}")
        # A picture, not styled <span>s: GitHub and nbviewer strip inline styles.
        parts = [master_palette_rgb(self._game.master_palette)]
        if self._scene is not None:
            parts.append(palette_set_rgb(self._scene.palettes, self._game.master_palette))
        picture = img_tag(side_by_side(*parts, gap=12), 2, "palettes")
        return f"<div class='romulus-static'><b>{head}</b><br>{picture}</div>"

    def __repr__(self) -> str:
        if self._scene is None:
            return f"PaletteEditor({self._game.name!r}, no scenes)"
        rows = self._scene.palettes.array
        text = " | ".join(" ".join(f"{c:02X}" for c in row[1:]) for row in rows)
        return f"PaletteEditor({self._where()}: backdrop ${int(rows[0, 0]):02X}, {text})"
