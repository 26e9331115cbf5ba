"""romulus_nb: design NES graphics and build NES ROMs from a Jupyter notebook.

This file is the package's facade, the top of the layers (see docs/CONTRACTS.md):

- it tells `romulus_nb.services` which upper-layer function serves each convenience of the model
  (`Game.build`, `Game.smoke_test`, `Game.save`, `Scene.from_image`, ...), so the model never
  imports the builder, the emulator, the converter or the project files;
- it exports the public names lazily (PEP 562): ``import romulus_nb`` costs nothing until a name
  is used, so that ``romulus inspect`` does not load numpy, pydantic or the emulator.

The model imports no widget library; widgets live in `romulus_nb.widgets`.
"""

from romulus_nb.lazy import lazy_exports
from romulus_nb.services import provide

__version__ = "0.1.0"

# service name -> the function that serves it (imported on the first call)
_SERVICES = {
    "check_scene": "romulus_nb.limits:check_scene",
    "check_game": "romulus_nb.limits:check_game",
    "budget_findings": "romulus_nb.rom.build:budget_findings",
    "optimize_tiles": "romulus_nb.tiles:optimize_tiles",
    "build": "romulus_nb.rom.build:build",
    "smoke_game": "romulus_nb.emu.smoke:smoke_game",
    "check_rom": "romulus_nb.play.check:check_rom",
    "start_frame": "romulus_nb.play.picture:start_frame",
    "save_game": "romulus_nb.project:save_game",
    "load_game": "romulus_nb.project:load_game",
    "game_from_bytes": "romulus_nb.project:game_from_bytes",
    "scene_from_image": "romulus_nb.convert.api:scene_from_image",
    "add_scene_from_image": "romulus_nb.convert.api:add_scene_from_image",
    "palette_png": "romulus_nb.display:palette_png",
}
for _name, _target in _SERVICES.items():
    provide(_name, _target)

# public name -> the module that defines it
_EXPORTS = {
    "BLACK": "romulus_nb.nes.colors",
    "Frame": "romulus_nb.render",
    "Game": "romulus_nb.game",
    "MasterPalette": "romulus_nb.nes.colors",
    "Metasprite": "romulus_nb.game",
    "Metatile": "romulus_nb.nes.metatile",
    "NESColor": "romulus_nb.nes.colors",
    "NESPalette": "romulus_nb.project",  # the file/API schema's names (pydantic models)
    "NESScene": "romulus_nb.project",
    "Palette": "romulus_nb.nes.palettes",  # the domain classes
    "PaletteSet": "romulus_nb.nes.palettes",
    "Animation": "romulus_nb.player",
    "Exit": "romulus_nb.player",
    "Physics": "romulus_nb.player",
    "Player": "romulus_nb.player",
    "ScenePlay": "romulus_nb.player",
    "RomulusError": "romulus_nb.errors",
    "Scene": "romulus_nb.game",
    "Screen": "romulus_nb.nes.scene",
    "Sprite": "romulus_nb.nes.oam",
    "SpritePart": "romulus_nb.game",
    "demo_game": "romulus_nb.demo",
    "demo_level": "romulus_nb.demo",
    "load_game": "romulus_nb.project",
    "render_scene": "romulus_nb.render",
    "render_vram": "romulus_nb.render",
    "save_game": "romulus_nb.project",
    "smoke_test": "romulus_nb.emu.smoke",
    "tile_from_text": "romulus_nb.nes.chr",
}
# subpackages reachable as attributes after ``import romulus_nb`` (as when they were eager)
_SUBPACKAGES = ("convert", "emu", "nes", "rom", "widgets")

__all__ = sorted(_EXPORTS)


def load_ipython_extension(ipython) -> None:
    """``%load_ext romulus_nb``: registers the ``%%nes`` cell magic (ca65 source, linked, run)."""
    # imported here: IPython is an optional dependency, and the magic pulls in the emulator
    from romulus_nb.nes_magic import register

    register(ipython)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, _SUBPACKAGES)
