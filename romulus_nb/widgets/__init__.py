"""Notebook editors and viewers over a `romulus_nb.Game`, built with anywidget.

The only part of romulus_nb that imports anywidget; each widget's JavaScript and CSS sit beside
its module and ship with the package (no npm step).
"""

from romulus_nb.widgets.game_player import GamePlayer
from romulus_nb.widgets.metasprite_editor import MetaspriteEditor
from romulus_nb.widgets.metatile_editor import MetatileEditor
from romulus_nb.widgets.palette_editor import PaletteEditor
from romulus_nb.widgets.ppu_viewer import PPUSnapshot, PPUViewer
from romulus_nb.widgets.scene_editor import SceneEditor
from romulus_nb.widgets.tile_editor import TileEditor

__all__ = [
    "GamePlayer",
    "MetaspriteEditor",
    "MetatileEditor",
    "PPUSnapshot",
    "PPUViewer",
    "PaletteEditor",
    "SceneEditor",
    "TileEditor",
]
