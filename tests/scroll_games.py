"""Games with maps for the scrolling tests: random metatile maps, raw or RLE-friendly."""

import numpy as np

from romulus_nb.game import Game
from romulus_nb.nes.metatile import Metatile
from romulus_nb.nes.oam import Sprite
from romulus_nb.nes.palettes import PaletteSet

SAFE_COLORS = [c for c in range(64) if c != 0x0D]  # $0D is refused by the model


def map_game(seed: int, screens: int = 4, *, speed: int = 3, runs: bool = False,
             extra_scene: bool = False, vertical: bool = False) -> Game:  # fmt: skip
    """A game whose scene 0 is a random map ``screens`` wide (``vertical``: high). ``runs``
    makes strips (columns, or rows) of long runs (stored RLE); ``extra_scene`` adds a random
    one-screen scene 1 with sprites."""
    rng = np.random.default_rng(seed)
    game = Game(f"map {seed}", tileset=rng.integers(0, 4, (512, 8, 8), dtype=np.uint8))
    game.metatiles = [Metatile(rng.integers(0, 256, 4), int(rng.integers(0, 4)))
                      for _ in range(40)]  # fmt: skip
    scene = game.add_scene("level", screens=(1, screens) if vertical else (screens, 1))
    scene.palettes = PaletteSet(rng.choice(SAFE_COLORS, (8, 4)).tolist())
    shape = scene.attributes.shape
    if runs:
        cells = np.zeros(shape, np.uint8)
        strips = cells if vertical else cells.T  # a view: rows, or columns
        for strip in strips:
            cut = int(rng.integers(3, 14))
            strip[:cut], strip[cut:] = rng.integers(0, 40, 2)
    else:
        cells = rng.integers(0, 40, shape, dtype=np.uint8)
    scene.metatiles = cells
    scene.scroll_speed = speed
    scene.sprites = [Sprite(int(rng.integers(0, 249)), int(rng.integers(0, 232)),
                            int(rng.integers(0, 256)), int(rng.integers(0, 4)))
                     for _ in range(10)]  # fmt: skip
    if extra_scene:
        other = game.add_scene("screen")
        other.nametable = rng.integers(0, 256, (30, 32), dtype=np.uint8)
        other.attributes = rng.integers(0, 4, (15, 16), dtype=np.uint8)
        other.palettes = PaletteSet(rng.choice(SAFE_COLORS, (8, 4)).tolist())
    return game
