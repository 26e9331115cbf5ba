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
_FLOOR_TO_FLOOR = [  # 6 rows: a platform on the left, then one on the right 3 rows lower
    "................",
    "................",
    "#####......#....",
    "................",
    "................",
    "....#......#####",
]
TOWER = (
    _FLOOR_TO_FLOOR[1:]
    + _FLOOR_TO_FLOOR * 6
    + [
        "................",
        "................",
        "######.....#####",
        "######...#######",
    ]
)
#: Where the player starts in the 3-screen tower: on the floor, left of the hole.
TOWER_START = (16, 45 * 16 - 2 * 16 - 16)


def tower_game(movement: str = "platform", screens: int = 3) -> "Game":  # noqa: F821
    """The bottom ``screens`` of `TOWER` as scene 1, the player on its floor; the top 24 lines
    are an exit back to the start; three scene sprites on the tower's first screen (map
    positions: they scroll away as the camera goes down)."""
    cells = tower_level(TOWER[-15 * screens :], screens)
    start = (TOWER_START[0], TOWER_START[1] - 240 * (3 - screens))
    back = Exit(0, 0, 256, 24, 1, *start)
    game = player_game(cells, start=start, movement=movement, exits=(back,))
    game.scenes[1].sprites = [Sprite(100, 40, 0x41, 1), Sprite(200, 180, 0x42, 2),
                              Sprite(60, 236, 0x43, 3)]  # fmt: skip
    return game


# Start, then up the 2-screen tower to its top's exit (found by a beam search over 8-frame
# button chunks on romulus_nb.play.physics, each A chunk released for its first frame): the
# exit loads the tower again near frame 1024, the player back on the floor.
TOWER_CLIMB = (
    "5:start,21-27:right+a,28-35:right,37-43:right+a,45-51:right+a,53-59:right+a,"
    "61-67:right+a,69-75:right+a,77-83:right+a,85-91:right+a,93-99:right+a,101-107:left+a,"
    "109-115:left+a,117-123:right+a,125-131:a,133-139:right+a,141-147:left+a,149-155:left+a,"
    "157-163:left+a,165-171:right+a,173-179:left+a,181-187:right+a,189-195:right+a,"
    "197-203:right+a,205-211:left+a,213-219:left+a,221-227:left+a,228-235:right,"
    "237-243:left+a,245-251:right+a,252-267:right,269-275:left+a,277-283:left+a,"
    "285-291:left+a,293-299:left+a,300-307:right,309-315:right+a,317-323:right+a,"
    "325-331:left+a,333-339:left+a,341-347:left+a,349-355:right+a,357-363:left+a,"
    "365-371:right+a,373-379:right+a,381-387:right+a,388-395:right,397-403:left+a,"
    "405-411:left+a,413-419:left+a,420-427:left,429-435:left+a,437-443:right+a,"
    "445-451:left+a,453-459:left+a,461-467:left+a,468-475:right,477-483:left+a,"
    "485-491:left+a,493-499:left+a,501-507:right+a,509-515:right+a,517-523:left+a,"
    "525-531:right+a,533-539:right+a,541-547:right+a,548-555:right,556-563:left,"
    "565-571:left+a,573-579:right+a,581-587:right+a,589-595:left+a,597-603:right+a,"
    "605-611:left+a,613-619:right+a,621-627:left+a,629-635:right+a,637-643:right+a,"
    "645-651:left+a,653-659:right+a,661-667:right+a,669-675:left+a,677-683:left+a,"
    "684-691:left,693-699:left+a,700-707:right,709-715:right+a,717-723:right+a,"
    "725-731:right+a,733-739:left+a,741-747:left+a,748-755:left,757-763:left+a,"
    "765-771:right+a,773-779:left+a,781-787:left+a,789-795:left+a,797-803:right+a,"
    "805-811:left+a,813-819:right+a,820-827:left,829-835:left+a,837-843:right+a,844-851:left,"
    "852-859:right,860-867:left,868-883:right,885-891:right+a,893-899:right+a,"
    "901-907:right+a,908-923:right,925-931:right+a,933-939:left+a,941-947:left+a,"
    "949-955:left+a,957-963:right+a,965-971:left+a,973-979:left+a,981-987:left+a,"
    "988-995:left,997-1003:left+a,1004-1011:left,1013-1019:left+a,1021-1027:left+a"
)
TOWER_CLIMB_EXIT = 1024  # the first blank frame: the exit was taken


__all__ = [
    "TOWER_CLIMB",
    "TOWER_CLIMB_EXIT",
    "TOWER",
    "TOWER_START",
    "Physics",
    "Player",
    "flat_game",
    "player_game",
    "text_level",
    "tower_game",
    "tower_level",
]
