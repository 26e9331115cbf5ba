"""A Hypothesis strategy for games that use every field a project file has: tileset, metatile
table, metasprites, font base, master palette, and scenes of one or several screens, drawn
tile by tile or from metatile maps, with sprites and palettes. For round trips (store, API)."""

import numpy as np
from hypothesis import strategies as st

from romulus_nb import Game, Sprite
from romulus_nb.game import Metasprite, SpritePart
from romulus_nb.nes.colors import UNSAFE_BLACK, MasterPalette
from romulus_nb.nes.metatile import Metatile

SAFE_COLORS = [c for c in range(64) if c != UNSAFE_BLACK]
# Names as people type them: any printable text (NUL has no place in a PostgreSQL string).
NAMES = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)


def _flags(rng, n):
    return [bool(v) for v in rng.integers(0, 2, n)]


@st.composite
def rich_games(draw):
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    master = None
    if draw(st.booleans()):
        master = MasterPalette(rng.integers(0, 256, (64, 3), dtype=np.uint8))
    game = Game(draw(NAMES), master_palette=master)
    game.tileset = rng.integers(0, 4, (512, 8, 8), dtype=np.uint8)
    game.font_base = draw(st.none() | st.integers(0, 161))
    game.metatiles = [
        Metatile(rng.integers(0, 256, 4), int(rng.integers(4)), flags=int(rng.integers(256)),
                 name=f"metatile {i}")
        for i in range(draw(st.integers(0, 12)))
    ]  # fmt: skip
    for name in draw(st.lists(NAMES, max_size=3, unique=True)):
        parts = tuple(
            SpritePart(int(rng.integers(-32, 33)), int(rng.integers(-32, 33)),
                       int(rng.integers(256)), int(rng.integers(4)), *_flags(rng, 3))
            for _ in range(int(rng.integers(0, 6)))
        )  # fmt: skip
        game.metasprites[name] = Metasprite(name, parts, height=int(rng.choice([8, 16])))
    for i in range(draw(st.integers(0, 3))):
        # One screen, or a map scrolling one way (w, 1) or (1, h).
        width, height = draw(st.sampled_from([(1, 1), (3, 1), (1, 2)]))
        scene = game.add_scene(draw(NAMES) + f" {i}", screens=(width, height))
        if game.metatiles and draw(st.booleans()):
            scene.metatiles = rng.integers(0, len(game.metatiles), (15 * height, 16 * width))
        else:
            scene.nametable = rng.integers(0, 256, (30 * height, 32 * width))
            scene.attributes = rng.integers(0, 4, (15 * height, 16 * width))
        scene.sprites = [
            Sprite(int(rng.integers(256)), int(rng.integers(256)), int(rng.integers(256)),
                   int(rng.integers(4)), *_flags(rng, 3))
            for _ in range(int(rng.integers(0, 65)))
        ]  # fmt: skip
        scene.sprite_size = int(rng.choice([8, 16]))
        scene.bg_table, scene.sprite_table = (int(v) for v in rng.integers(0, 2, 2))
        scene.scroll_speed = int(rng.integers(1, 9))
        scene.show_left_background, scene.show_left_sprites = _flags(rng, 2)
        for palette in range(8):
            for entry in range(1, 4):
                scene.palettes.set(palette, entry, int(rng.choice(SAFE_COLORS)))
    return game
