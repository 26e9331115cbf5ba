"""The built-in demo game, made in code: what the CLI and the tutorials use when no file is given.

Deterministic: the same Game content (ids and timestamps aside) on every call, so its ROM has
the same bytes every time.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

import numpy as np

from romulus_nb.game import Game, Metasprite, SpritePart
from romulus_nb.nes.chr import tile_from_text
from romulus_nb.nes.metatile import Metatile
from romulus_nb.nes.oam import Sprite
from romulus_nb.nes.palettes import PaletteSet
from romulus_nb.player import Animation, Exit, Player, ScenePlay

# Background tiles (pattern table 0); the font occupies $20-$7E.
BLANK, BRICK, GRASS, DIRT, CLOUD_L, CLOUD_R, CHECKER, BLOCK = (
    0x00,
    0x80,
    0x81,
    0x82,
    0x83,
    0x84,
    0x85,
    0x86,
)
# Sprite tiles (pattern table 1).
HERO, COIN, STAR = 0x00, 0x04, 0x05

_BG_TILES = {
    BRICK: """
        33333333
        11131111
        11131111
        33333333
        11111113
        11111113
        33333333
        13111111""",
    GRASS: """
        .2..2...
        2222.22.
        22222222
        12221222
        11111111
        11311131
        11111111
        13111311""",
    DIRT: """
        11111111
        11311131
        11111111
        13111311
        11111111
        11131113
        11111111
        31111131""",
    CLOUD_L: """
        ........
        ...333..
        ..33333.
        .3333333
        33333333
        33333333
        .3322333
        ..222222""",
    CLOUD_R: """
        ........
        .333....
        3333....
        33333...
        333333..
        3333333.
        3333333.
        22222...""",
    CHECKER: """
        11112222
        11112222
        11112222
        11112222
        22221111
        22221111
        22221111
        22221111""",
    BLOCK: """
        33333332
        31111112
        31111112
        31111112
        31111112
        31111112
        31111112
        22222222""",
}

_SPRITE_TILES = {
    HERO + 0: """
        .....333
        ....3333
        ...33111
        ...31121
        ...31111
        ....1111
        ...22222
        ..222222""",
    HERO + 1: """
        333.....
        3333....
        11133...
        12113...
        11113...
        1111....
        22222...
        222222..""",
    HERO + 2: """
        .1122222
        .1122222
        ...22222
        ...22.22
        ..333.33
        .3333.33
        .333..33
        ........""",
    HERO + 3: """
        2222211.
        2222211.
        22222...
        22.22...
        33.333..
        33.3333.
        33..333.
        ........""",
    COIN: """
        ..3333..
        .322223.
        32211223
        32212223
        32212223
        32211223
        .322223.
        ..3333..""",
    STAR: """
        ...33...
        ...33...
        33322333
        .332233.
        ..3223..
        .33..33.
        33....33
        3......3""",
}


def _stamp_demo_ids(game: Game) -> None:
    """Fixed ids and timestamps: the demo is the same game every time it is made."""
    namespace = uuid.UUID("2f1b6c3e-8a47-4c0e-9d1a-6e2b5a7c9f10")
    epoch = datetime(2026, 1, 1, tzinfo=timezone.utc)
    game.id = str(uuid.uuid5(namespace, "game"))
    game.created_at = game.updated_at = epoch
    # Two passes: scene ids are unique in a game, and a scene inserted before others would
    # otherwise take the id its neighbour still holds.
    for i, scene in enumerate(game.scenes):
        scene.id = str(uuid.uuid5(namespace, f"renumbering-{i}"))
    for i, scene in enumerate(game.scenes):
        scene.id = str(uuid.uuid5(namespace, f"scene-{i}"))
        scene.created_at = scene.updated_at = epoch


#: Screens of the demo's scrolling level.
LEVEL_SCREENS = 8


def demo_game() -> Game:
    """The demo: a small game, the same every time it is made (`demo_level` with its
    `LEVEL_SCREENS`-wide level): "Title" (Start begins), "Level" (a scrolling platformer),
    "Room" (top-down, behind the door over the level's start, and back through its own door),
    then "Meadow" (one screen of sprites and metasprites the tutorials draw from) and
    "Credits", which Start and Select step to. Pick scenes by name: ``game.scene("Level")``."""
    return _demo(LEVEL_SCREENS)


def _demo(level_screens: int) -> Game:
    game = Game("Romulus demo")
    game.add_font(0x20, table=0, ink=3)
    for tile, text in _BG_TILES.items():
        game.set_tile(0, tile, tile_from_text(text))
    for tile, text in _SPRITE_TILES.items():
        game.set_tile(1, tile, tile_from_text(text))
    game.add_metasprite(
        Metasprite(
            "hero",
            (
                SpritePart(0, 0, HERO + 0, 0),
                SpritePart(8, 0, HERO + 1, 0),
                SpritePart(0, 8, HERO + 2, 0),
                SpritePart(8, 8, HERO + 3, 0),
            ),
        )
    )
    _add_player(game)
    _title(game)
    level = add_demo_level(game, level_screens)
    _room(game, level)
    _meadow(game)
    _credits(game)
    _stamp_demo_ids(game)
    return game


def _add_player(game: Game) -> None:
    """The hero as the game's player: idle, a two-frame walk, a jump."""
    game.add_metasprite(
        Metasprite(
            "hero step",  # the legs swapped and mirrored: a walking frame
            (
                SpritePart(0, 0, HERO + 0, 0),
                SpritePart(8, 0, HERO + 1, 0),
                SpritePart(0, 8, HERO + 3, 0, flip_h=True),
                SpritePart(8, 8, HERO + 2, 0, flip_h=True),
            ),
        )
    )
    game.player = Player(
        {
            "idle": Animation(((0, 60),)),
            "walk": Animation(((1, 8), (0, 8))),
            "jump": Animation(((1, 60),)),
        }
    )


def _title(game: Game) -> None:
    scene = game.add_scene("Title")
    scene.palettes = PaletteSet(
        [
            [0x0F, 0x00, 0x10, 0x30],  # BG0: greys and white text
            [0x0F, 0x06, 0x16, 0x27],  # BG1: bricks
            [0x0F, 0x01, 0x11, 0x21],  # BG2: blue blocks
            [0x0F, 0x09, 0x19, 0x29],  # BG3: greens
            [0x0F, 0x17, 0x28, 0x38],  # SPR0: gold
            [0x0F, 0x12, 0x22, 0x32],  # SPR1: blue
            [0x0F, 0x16, 0x26, 0x36],  # SPR2: red
            [0x0F, 0x1A, 0x2A, 0x3A],  # SPR3: green
        ]
    )
    nt = np.full((30, 32), BLANK, np.uint8)
    nt[2:4, 2:30] = BRICK
    nt[26:28, 2:30] = BRICK
    nt[4:26, 2:4] = BRICK
    nt[4:26, 28:30] = BRICK
    scene.nametable = nt
    att = np.zeros((15, 16), np.uint8)
    att[1, 1:15] = att[13, 1:15] = 1
    att[1:14, 1] = att[1:14, 14] = 1
    att[10:12, 5:11] = 2
    scene.attributes = att
    scene.write_text(11, 9, "ROMULUS NB")
    scene.write_text(8, 13, "NES GRAPHICS LAB")
    scene.fill_rect(10, 20, 21, 23, BLOCK)
    scene.write_text(10, 17, "PRESS START")
    for i, x in enumerate((56, 192)):
        scene.add_sprite(Sprite(x, 72, STAR, palette=0, flip_h=bool(i)))
    for i in range(4):
        scene.add_sprite(Sprite(96 + 16 * i, 148, COIN, palette=0))


def _meadow(game: Game) -> None:
    scene = game.add_scene("Meadow")
    scene.palettes = PaletteSet(
        [
            [0x21, 0x0F, 0x10, 0x30],  # BG0: sky (backdrop) with white clouds
            [0x21, 0x08, 0x18, 0x28],  # BG1: dirt
            [0x21, 0x09, 0x1A, 0x2A],  # BG2: grass
            [0x21, 0x06, 0x16, 0x36],  # BG3: bricks
            [0x21, 0x0F, 0x16, 0x36],  # SPR0: hero: skin, red
            [0x21, 0x0F, 0x28, 0x38],  # SPR1: coin
            [0x21, 0x0F, 0x12, 0x32],  # SPR2
            [0x21, 0x0F, 0x27, 0x37],  # SPR3: star
        ]
    )
    nt = np.full((30, 32), BLANK, np.uint8)
    nt[22, :] = GRASS
    nt[23:30, :] = DIRT
    for x, y in ((4, 4), (12, 6), (22, 3)):
        nt[y, x], nt[y, x + 1] = CLOUD_L, CLOUD_R
    nt[16:18, 10:16] = BRICK
    nt[18:22, 24:26] = CHECKER
    scene.nametable = nt
    att = np.zeros((15, 16), np.uint8)
    att[11, :] = 2
    att[12:, :] = 1
    att[8, 5:8] = 3
    att[9:11, 12] = 3
    scene.attributes = att
    scene.write_text(2, 1, "MEADOW")
    scene.add_metasprite("hero", 48, 160)
    scene.add_metasprite("hero", 200, 160, flip_h=True)
    for i in range(6):
        scene.add_sprite(Sprite(88 + 12 * i, 112, COIN, palette=1))
    scene.add_sprite(Sprite(120, 40, STAR, palette=3, behind=True))


def _credits(game: Game) -> None:
    scene = game.add_scene("Credits")
    scene.palettes = PaletteSet(
        [
            [0x02, 0x30, 0x21, 0x30],  # BG0: white on dark blue
            [0x02, 0x06, 0x16, 0x27],
            [0x02, 0x0A, 0x1A, 0x2A],
            [0x02, 0x28, 0x38, 0x38],  # BG3: gold text
            [0x02, 0x0F, 0x16, 0x36],
            [0x02, 0x0F, 0x28, 0x38],
            [0x02, 0x0F, 0x12, 0x32],
            [0x02, 0x0F, 0x27, 0x37],
        ]
    )
    nt = np.full((30, 32), BLANK, np.uint8)
    nt[0:30:29, :] = CHECKER
    scene.nametable = nt
    att = np.zeros((15, 16), np.uint8)
    att[0, :] = att[14, :] = 2
    scene.attributes = att
    scene.write_text(4, 6, "MADE WITH ROMULUS_NB", palette=3)
    lines = [
        "Tiles, palettes and",
        "sprites drawn in a",
        "Jupyter notebook;",
        "this ROM was built by",
        "our own 6502 assembler.",
    ]
    for i, line in enumerate(lines):
        scene.write_text(4, 10 + 2 * i, line)
    scene.write_text(8, 24, "SELECT: BACK")
    scene.add_metasprite("hero", 224, 200)


# --- a scrolling level made of metatiles ------------------------------------------------------
#: The level's metatiles, in the order of the game's table (a map cell holds the number).
SKY, GROUND, DIRT_BLOCK, PLATFORM, BOX, CLOUD, HILL_TOP, HILL = range(8)
_LEVEL_METATILES = (
    Metatile((BLANK, BLANK, BLANK, BLANK), 0, name="sky"),
    Metatile((GRASS, GRASS, DIRT, DIRT), 2, solid=True, name="ground"),
    Metatile((DIRT, DIRT, DIRT, DIRT), 1, solid=True, name="dirt"),
    Metatile((BRICK, BRICK, BRICK, BRICK), 3, solid=True, name="platform"),
    Metatile((BLOCK, BLOCK, BLOCK, BLOCK), 3, solid=True, name="block"),
    Metatile((CLOUD_L, CLOUD_R, BLANK, BLANK), 0, name="cloud"),
    Metatile((GRASS, GRASS, CHECKER, CHECKER), 2, name="hill top"),
    Metatile((CHECKER, CHECKER, CHECKER, CHECKER), 2, name="hill"),
)


def level_map(screens: int = 8) -> np.ndarray:
    """``(15, 16 * screens) uint8``: the demo level, laid out by rule (no randomness)."""
    columns = 16 * screens
    cells = np.full((15, columns), SKY, np.uint8)
    cells[13, :], cells[14, :] = GROUND, DIRT_BLOCK
    for x in range(columns):
        if x % 37 in (20, 21) and 8 < x < columns - 8:  # gaps in the ground
            cells[13:, x] = SKY
        if x % 11 in (3, 8):  # clouds, at two heights
            cells[2 + (x // 11) % 3, x] = CLOUD
        hill = x % 29
        if 2 <= hill <= 8:  # a hill: 1-3 metatiles high, then down again
            height = min(hill - 1, 9 - hill, 3)
            cells[13 - height, x] = HILL_TOP
            cells[14 - height : 13, x] = HILL
        if x % 23 in range(12, 17):  # floating platforms
            cells[8 + (x // 23) % 2, x] = PLATFORM
        if x % 17 == 6:  # a block (and one on top of it every other time)
            cells[12, x] = BOX
            if (x // 17) % 2:
                cells[11, x] = BOX
    return cells


def add_demo_level(game: Game, screens: int = 8, *, index: int | None = None):
    """Add the demo's scrolling level (``screens`` wide) to ``game``, whose tiles must be the
    demo's; the level's metatiles are appended to the game's table. Returns the scene."""
    first = len(game.metatiles)
    game.metatiles = [*game.metatiles, *_LEVEL_METATILES]
    scene = game.add_scene("Level", screens=(screens, 1), index=index)
    scene.palettes = PaletteSet(
        [
            [0x21, 0x0F, 0x10, 0x30],  # BG0: sky (backdrop) with white clouds
            [0x21, 0x08, 0x18, 0x28],  # BG1: dirt
            [0x21, 0x09, 0x1A, 0x2A],  # BG2: grass and hills
            [0x21, 0x06, 0x16, 0x36],  # BG3: bricks and blocks
            [0x21, 0x0F, 0x16, 0x36],  # SPR0: hero
            [0x21, 0x0F, 0x28, 0x38],
            [0x21, 0x0F, 0x12, 0x32],
            [0x21, 0x0F, 0x27, 0x37],
        ]
    )
    scene.scroll_speed = 2
    scene.metatiles = level_map(screens) + first
    for i in range(3):  # coins on the first screen: they scroll away with the camera
        scene.add_sprite(Sprite(104 + 16 * i, 104, COIN, palette=1))
    if game.player is not None:  # the player starts on the ground, on the left
        scene.play = ScenePlay((32, 13 * 16 - game.player.height))
    return scene


#: The door over the level's start (map pixels) and the room's door in its left wall.
LEVEL_DOOR = (144, 144, 16, 16)
ROOM_DOOR = (0, 112, 16, 16)
FLOOR, WALL, DOOR, PILLAR = range(4)
_ROOM_METATILES = (
    Metatile((CHECKER,) * 4, 1, name="floor"),
    Metatile((BRICK,) * 4, 3, solid=True, name="wall"),
    Metatile((BLOCK,) * 4, 2, name="door"),
    Metatile((BLOCK,) * 4, 3, solid=True, name="pillar"),
)


def room_map() -> np.ndarray:
    """``(15, 32) uint8``: a walled room two screens wide, pillars in rows, a door on the left."""
    cells = np.full((15, 32), FLOOR, np.uint8)
    cells[[0, 14], :] = WALL
    cells[:, [0, 31]] = WALL
    cells[7, 0] = DOOR
    cells[4:11:3, 6:28:5] = PILLAR
    return cells


def _room(game: Game, level) -> None:
    """The top-down room behind the level's door (the scene after the level)."""
    first = len(game.metatiles)
    game.metatiles = [*game.metatiles, *_ROOM_METATILES]
    index = game.scenes.index(level)
    room = game.add_scene("Room", screens=(2, 1), index=index + 1)
    room.palettes = level.palettes
    room.metatiles = room_map() + first
    level_cells = level.metatiles.copy()
    x, y, _, _ = LEVEL_DOOR
    level_cells[y // 16, x // 16] = first + DOOR
    level.metatiles = level_cells
    back = (x + 16, 13 * 16 - game.player.height)  # on the ground, just right of the door
    level.play = level.play.replace(exits=(Exit(*LEVEL_DOOR, index + 1, 32, 112),))
    room.play = ScenePlay((32, 112), "topdown", exits=(Exit(*ROOM_DOOR, index, *back),))


def demo_level(screens: int = LEVEL_SCREENS) -> Game:
    """The playable demo: a title screen (Start begins), the scrolling level (``screens``
    wide) as a platformer (`add_demo_level`), a top-down room reached by jumping into the door
    floating over the level's start, and back through the room's door; then the meadow and
    the credits (Start and Select step through the scenes). ``demo_level()`` is `demo_game`;
    a narrower level makes a smaller, faster game for tests and benchmarks."""
    return _demo(screens)
