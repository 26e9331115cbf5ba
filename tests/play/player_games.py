"""Small games with a player for the physics and ROM tests: a title screen, then a map whose
metatiles are drawn from a text picture (``#`` solid, ``.`` empty), so each test's level reads
as what it is."""

import numpy as np

from romulus_nb.demo import demo_level
from romulus_nb.nes.metatile import Metatile
from romulus_nb.player import Physics, Player, ScenePlay

EMPTY, SOLID = 0, 1


def text_level(rows: list[str], screens: int = 2) -> np.ndarray:
    """``(15, 16 * screens)`` metatile numbers: ``rows`` (top to bottom, bottom-aligned) with
    ``#`` solid and ``.`` empty, padded with empty columns on the right."""
    cells = np.zeros((15, 16 * screens), np.uint8)
    for r, row in enumerate(rows):
        for c, char in enumerate(row):
            cells[15 - len(rows) + r, c] = SOLID if char == "#" else EMPTY
    return cells


def player_game(cells: np.ndarray, start=(32, 192), physics: Physics | None = None,
                movement: str = "platform") -> "Game":  # noqa: F821  # fmt: skip
    """The demo's tiles, title and hero on a level of ``cells`` (scene 1)."""
    game = demo_level()
    for scene in game.scenes[1:]:  # the title screen only
        game.remove_scene(scene.id)
    blank, block = 0x00, 0x86
    game.metatiles = [Metatile((blank,) * 4, 0), Metatile((block,) * 4, 3, solid=True)]
    level = game.add_scene("level", screens=(cells.shape[1] // 16, 1))
    level.palettes = game.scenes[0].palettes
    level.metatiles = cells
    if physics is not None:
        game.player = game.player.replace(physics=physics)
    level.play = ScenePlay(start, movement)
    return game


def flat_game(screens: int = 2, **options):
    """A floor two metatiles thick the whole way (rows 13-14), nothing else."""
    return player_game(text_level(["#" * 16 * screens] * 2, screens), **options)


__all__ = ["Physics", "Player", "flat_game", "player_game", "text_level"]
