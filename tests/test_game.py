"""Game and Scene: ordered scenes, ids, timestamps, validated edits, metasprites, text."""

import uuid

import numpy as np
import pytest

from romulus_nb import Game, Metasprite, Sprite, SpritePart, demo_game
from romulus_nb.errors import InvalidValueError, LimitError
from romulus_nb.font import glyph


def test_games_and_scenes_have_uuid_ids_and_timestamps():
    game = Game("g")
    scene = game.add_scene("a")
    uuid.UUID(game.id), uuid.UUID(scene.id)
    assert scene.created_at <= scene.updated_at
    assert game.created_at.tzinfo is not None


def test_scenes_keep_their_order_through_add_move_duplicate_remove():
    game = Game()
    a, b, c = (game.add_scene(n) for n in "abc")
    game.move_scene("c", 0)
    assert [s.name for s in game.scenes] == ["c", "a", "b"]
    copy = game.duplicate_scene("a")
    assert [s.name for s in game.scenes] == ["c", "a", "a copy", "b"]
    assert copy.id != a.id and copy.same_design(a)
    game.remove_scene(0)
    assert [s.name for s in game.scenes] == ["a", "a copy", "b"]
    assert game.scene(b.id) is b


def test_every_change_moves_updated_at_on():
    game = Game()
    scene = game.add_scene("a")
    before_game, before_scene = game.updated_at, scene.updated_at
    scene.paint_tiles([(1, 1)], 5)
    assert scene.updated_at > before_scene and game.updated_at > before_game
    stamp = game.updated_at
    game.move_scene(0, 0)
    assert game.updated_at > stamp


def test_a_duplicated_scene_is_independent_of_its_source():
    game = Game()
    a = game.add_scene("a")
    b = game.duplicate_scene("a")
    b.paint_tiles([(0, 0)], 9)
    assert a.nametable[0, 0] == 0


def test_observers_hear_about_every_change():
    game = Game()
    scene = game.add_scene("a")
    heard = []
    stop = game.observe(lambda what, s: heard.append((what, s.name if s else None)))
    scene.paint_tiles([(0, 0)], 1)
    scene.set_block_palette([(0, 0)], 2)
    scene.palettes.set(0, 1, 0x16)
    scene.touch("palettes")
    stop()
    scene.paint_tiles([(1, 0)], 1)
    assert heard == [("nametable", "a"), ("attributes", "a"), ("palettes", "a")]


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda s: s.paint_tiles([(0, 0)], 256), "tile: 256"),
        (lambda s: s.paint_tiles([(32, 0)], 1), "tile_x: 32"),
        (lambda s: s.paint_tiles([(0, 30)], 1), "tile_y: 30"),
        (lambda s: s.set_block_palette([(0, 0)], 4), "palette: 4"),
        (lambda s: s.set_block_palette([(16, 0)], 1), r"block \(16, 0\)"),
        (lambda s: s.update_sprite(0, palette=4), "palette"),
        (lambda s: s.remove_sprite(5), "sprite index: 5"),
    ],
)
def test_refused_edits_leave_the_scene_unchanged(edit, message):
    game = Game()
    scene = game.add_scene("a")
    scene.add_sprite(Sprite(1, 2, 3))
    before = scene.copy()
    with pytest.raises(InvalidValueError, match=message):
        edit(scene)
    assert scene.same_design(before)


def test_a_65th_sprite_is_refused():
    scene = Game().add_scene("a")
    for i in range(64):
        scene.add_sprite(Sprite(i, 10, 0))
    with pytest.raises(LimitError, match="64"):
        scene.add_sprite(Sprite(0, 10, 0))
    assert len(scene.sprites) == 64


def test_a_metasprite_flips_as_a_whole_around_its_origin():
    hero = Metasprite("hero", (SpritePart(0, 0, 1), SpritePart(8, 0, 2), SpritePart(0, 8, 3)))
    assert hero.place(100, 50) == [Sprite(100, 50, 1), Sprite(108, 50, 2), Sprite(100, 58, 3)]
    flipped = hero.place(100, 50, flip_h=True)
    # mirrored about x=100: a part at dx covers [100+dx, 108+dx) -> [100-dx-8, 100-dx)
    assert [(s.x, s.y, s.tile, s.flip_h) for s in flipped] == [
        (92, 50, 1, True),
        (84, 50, 2, True),
        (92, 58, 3, True),
    ]


def test_a_metasprite_that_would_leave_the_screen_is_refused():
    game = Game()
    game.add_metasprite(Metasprite("m", (SpritePart(8, 0, 1),)))
    scene = game.add_scene("a")
    with pytest.raises(InvalidValueError, match="0-255"):
        scene.add_metasprite("m", 250, 10)
    assert scene.sprites == []


def test_text_is_written_with_the_built_in_font():
    game = Game()
    base = game.add_font(0x20, ink=3)
    scene = game.add_scene("a")
    scene.write_text(3, 4, "Hi!")
    assert list(scene.nametable[4, 3:6]) == [
        base + ord("H") - 0x20,
        base + ord("i") - 0x20,
        base + 1,
    ]
    assert np.array_equal(game.tileset[ord("H")], glyph("H") * 3)


def test_text_needs_a_font_and_printable_ascii():
    game = Game()
    scene = game.add_scene("a")
    with pytest.raises(InvalidValueError, match="add_font"):
        scene.write_text(0, 0, "A")
    game.add_font()
    with pytest.raises(InvalidValueError, match="printable ASCII"):
        scene.write_text(0, 0, "é")


def test_the_demo_game_is_the_same_every_time():
    a, b = demo_game(), demo_game()
    assert a.id == b.id and a.chr_bytes() == b.chr_bytes()
    assert all(x.same_design(y) and x.id == y.id for x, y in zip(a.scenes, b.scenes))
    names = ["Title", "Level", "Room", "Meadow", "Credits"]
    assert [s.name for s in a.scenes] == names and a.check().ok


def test_the_limits_report_counts_tiles_and_sprites_and_flags_crowded_lines():
    game = Game()
    scene = game.add_scene("a")
    scene.nametable = np.arange(960).reshape(30, 32) % 250
    for i in range(10):
        scene.add_sprite(Sprite(10 * i, 100, 0))
    report = scene.check()
    assert (
        "250 of 256" in str(report.rule("tiles")[0]) and report.rule("tiles")[0].level == "warning"
    )
    assert "10 of 64" in str(report.rule("sprites")[0])
    crowded = report.rule("sprites-per-line")[0]
    assert crowded.lines == tuple(range(100, 108))


def test_attribute_values_set_in_place_are_caught_by_the_report():
    scene = Game().add_scene("a")
    scene.attributes[2, 3] = 7
    assert not scene.check().ok


def test_pattern_tables_and_tiles_show_as_enlarged_pictures():
    game = demo_game()
    table = game.pattern_table_picture(0, scale=3)
    assert table.image().size == (408, 408)  # 128 + an 8-pixel margin of hex digits, x3
    tile = game.tile_picture(1, 0, (0x0F, 0x16, 0x27, 0x30), scale=16)
    assert tile.image().size == (128, 128)
    assert tile._repr_png_().startswith(b"\x89PNG")
    assert "0x" not in repr(tile)  # no memory address in the text repr


def test_set_palette_color_validates_then_tells_the_views():
    game = Game()
    scene = game.add_scene("a")
    heard = []
    game.observe(lambda what, s: heard.append(what))
    scene.set_palette_color(5, 2, 0x27)
    assert scene.palettes[5][2] == 0x27 and heard == ["palettes"]
    with pytest.raises(InvalidValueError, match=r"\$0D"):
        scene.set_palette_color(5, 2, 0x0D)
    assert scene.palettes[5][2] == 0x27 and heard == ["palettes"]
