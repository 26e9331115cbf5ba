"""Whole-game tile optimisation keeps every scene's picture and packs the tiles."""

import numpy as np

from romulus_nb import Game, Sprite, demo_game


def test_optimising_the_demo_keeps_every_picture():
    game = demo_game()
    before = [s.render().indices.copy() for s in game.scenes]
    result = game.optimize_tiles()
    after = [s.render().indices for s in game.scenes]
    assert all(np.array_equal(a, b) for a, b in zip(before, after))
    assert result.after[0] <= result.before[0]


def test_duplicates_across_scenes_are_merged_and_unused_tiles_dropped():
    game = Game()
    tiles = game.tileset.copy()
    tiles[10] = 1
    tiles[20] = 1  # same pixels as tile 10
    tiles[30] = 2  # never used
    tiles[40] = 3
    game.tileset = tiles
    a, b = game.add_scene("a"), game.add_scene("b")
    a.paint_tiles([(0, 0)], 10)
    b.paint_tiles([(0, 0)], 20)
    b.paint_tiles([(1, 0)], 40)
    result = game.optimize_tiles()
    # used in table 0: 0 (blank), 10, 20, 40 -> 3 distinct tiles: blank, solid 1, solid 3
    assert result.before[0] == 4 and result.after[0] == 3
    assert a.nametable[0, 0] == b.nametable[0, 0]
    assert (game.tileset[b.nametable[0, 1]] == 3).all()


def test_8x16_sprite_pairs_stay_together_on_an_even_tile():
    game = Game()
    tiles = game.tileset.copy()
    tiles[7] = 1
    tiles[256 + 5] = 2
    tiles[256 + 4] = 3
    game.tileset = tiles
    scene = game.add_scene("a")
    scene.sprite_size = 16
    scene.add_sprite(Sprite(20, 20, 5))  # table 1, tiles 4 and 5
    scene.nametable[0, 0] = 7
    before = scene.render().indices.copy()
    game.optimize_tiles()
    # 8x16: tile bit 0 picks table 1, the pair is the even tile (top) and the next (bottom).
    tile = scene.sprites[0].tile
    assert tile % 2 == 1
    assert (game.tileset[256 + (tile & 0xFE)] == 3).all()
    assert (game.tileset[256 + (tile & 0xFE) + 1] == 2).all()
    assert np.array_equal(scene.render().indices, before)
