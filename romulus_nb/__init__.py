"""romulus_nb: design NES graphics and build NES ROMs from a Jupyter notebook.

The model (this namespace) imports no widget library; widgets live in `romulus_nb.widgets`.
"""

from romulus_nb.demo import demo_game, demo_level
from romulus_nb.emu import smoke_test
from romulus_nb.errors import RomulusError
from romulus_nb.game import Game, Metasprite, Scene, SpritePart
from romulus_nb.nes import (
    BLACK,
    MasterPalette,
    NESColor,
    NESPalette,
    NESScene,
    PaletteSet,
    Sprite,
    tile_from_text,
)
from romulus_nb.nes.metatile import Metatile
from romulus_nb.project import load_game, save_game
from romulus_nb.render import Frame, render_scene, render_vram

__version__ = "0.1.0"


def load_ipython_extension(ipython) -> None:
    """``%load_ext romulus_nb``: registers the ``%%nes`` cell magic (ca65 source, linked, run)."""
    # imported here: IPython is an optional dependency, and the magic pulls in the emulator
    from romulus_nb.nes_magic import register

    register(ipython)


__all__ = [
    "BLACK",
    "Frame",
    "Game",
    "MasterPalette",
    "Metasprite",
    "Metatile",
    "NESColor",
    "NESPalette",
    "NESScene",
    "PaletteSet",
    "RomulusError",
    "Scene",
    "Sprite",
    "SpritePart",
    "demo_game",
    "demo_level",
    "load_game",
    "render_scene",
    "render_vram",
    "save_game",
    "smoke_test",
    "tile_from_text",
]
