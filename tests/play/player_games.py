"""Small games with a player for the physics and ROM tests: a title screen, then a map whose
metatiles are drawn from a text picture (``#`` solid, ``.`` empty), so each test's level reads
as what it is: across (`text_level`) or down (`tower_level`, `tower_game`)."""

import numpy as np

from romulus_nb.demo import demo_level
from romulus_nb.nes.metatile import Metatile
from romulus_nb.nes.oam import Sprite
from romulus_nb.player import Exit, Physics, Player, ScenePlay

EMPTY, SOLID = 0, 1


def text_level(rows: list[str], screens: int = 2) -> np.ndarray:
    """``(15, 16 * screens)`` metatile numbers: ``rows`` (top to bottom, bottom-aligned) with
    ``#`` solid and ``.`` empty, padded with empty columns on the right."""
    cells = np.zeros((15, 16 * screens), np.uint8)
    for r, row in enumerate(rows):
        for c, char in enumerate(row):
            cells[15 - len(rows) + r, c] = SOLID if char == "#" else EMPTY
    return cells


def tower_level(rows: list[str], screens: int = 3) -> np.ndarray:
    """``(15 * screens, 16)`` metatile numbers of a map down: ``rows`` (top to bottom,
    bottom-aligned) with ``#`` solid and ``.`` empty, empty rows above them."""
    cells = np.zeros((15 * screens, 16), np.uint8)
    for r, row in enumerate(rows):
        for c, char in enumerate(row):
            cells[15 * screens - len(rows) + r, c] = SOLID if char == "#" else EMPTY
    return cells


def player_game(cells: np.ndarray, start=(32, 192), physics: Physics | None = None,
                movement: str = "platform", exits=()) -> "Game":  # noqa: F821  # fmt: skip
    """The demo's tiles, title and hero on a level of ``cells`` (scene 1): a map across when
    ``cells`` is 15 rows high, a map down (a tower) when it is 16 columns wide."""
    game = demo_level()
    for scene in game.scenes[1:]:  # the title screen only
        game.remove_scene(scene.id)
    blank, block = 0x00, 0x86
    game.metatiles = [Metatile((blank,) * 4, 0), Metatile((block,) * 4, 3, solid=True)]
    level = game.add_scene("level", screens=(cells.shape[1] // 16, cells.shape[0] // 15))
    level.palettes = game.scenes[0].palettes
    level.metatiles = cells
    if physics is not None:
        game.player = game.player.replace(physics=physics)
    level.play = ScenePlay(start, movement, exits=exits)
    return game


def flat_game(screens: int = 2, **options):
    """A floor two metatiles thick the whole way (rows 13-14), nothing else."""
    return player_game(text_level(["#" * 16 * screens] * 2, screens), **options)


# A tower of 3 screens (45 rows) to climb: platforms 3 rows apart (a held jump rises 62
# pixels, almost 4 rows), alternately on the left and the right, a block to walk into on some,
# and a hole in the floor to fall off the map through.
TOWER = [
    "................",
    "######..........",
    "................",
    "................",
    "..........######",
] + [
    "................",
    "................",
    "#####......#....",
    "................",
    "................",
    "....#......#####",
] * 6 + [
    "................",
    "................",
    "######.....#####",
    "######...#######",
]
#: Where the tower's player starts: on the floor, left of the hole.
TOWER_START = (16, 45 * 16 - 2 * 16 - 16)


def tower_game(movement: str = "platform", screens: int = 3) -> "Game":  # noqa: F821
    """`TOWER` as scene 1 (``screens`` high, the tower at its bottom), the player on its floor;
    the top-left corner holds an exit back to the start; three scene sprites on the tower's
    first screen (map positions: they scroll away as the camera goes down)."""
    cells = tower_level(TOWER[-15 * screens:], screens)
    back = Exit(0, 0, 48, 32, 1, *TOWER_START)
    game = player_game(cells, start=TOWER_START, movement=movement, exits=(back,))
    game.scenes[1].sprites = [Sprite(100, 40, 0x41, 1), Sprite(200, 180, 0x42, 2),
                              Sprite(60, 236, 0x43, 3)]  # fmt: skip
    return game


__all__ = ["TOWER", "TOWER_START", "Physics", "Player", "flat_game", "player_game", "text_level",
           "tower_game", "tower_level"]
