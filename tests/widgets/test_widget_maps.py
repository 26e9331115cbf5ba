"""Editing maps and metatiles: the SceneEditor on a scene of several screens and the
MetatileEditor, driven with the messages the browser sends.

Expected tiles are worked out from the metatile's own definition, the slow obvious way: a
metatile puts its tiles at (2bx, 2by), (2bx+1, 2by), (2bx, 2by+1), (2bx+1, 2by+1) and its palette
on block (bx, by) (NESdev "PPU attribute tables": one palette per 16x16 block).
"""

import numpy as np
import pytest
import traitlets

from romulus_nb.game import Game
from romulus_nb.nes.metatile import MAX_METATILES, Metatile
from romulus_nb.widgets import MetatileEditor, SceneEditor

SKY, BRICK, CLOUD = 0, 1, 2


def make_game(screens=(4, 1), as_map=True):
    """A game with a one-screen title, a level of ``screens`` and three metatiles."""
    game = Game("Maps")
    game.add_scene("Title")
    game.add_metatile(Metatile((0, 0, 0, 0), 0, name="sky"))
    game.add_metatile(Metatile((5, 6, 7, 8), 1, solid=True, name="brick"))
    game.add_metatile(Metatile((9, 10, 11, 12), 2, name="cloud"))
    level = game.add_scene("Level", screens=screens)
    if as_map:
        cells = np.zeros(level.attributes.shape, np.uint8)
        cells[-1, :] = BRICK
        level.metatiles = cells
    return game, level


def block_tiles(scene, bx, by):
    return [int(t) for t in scene.nametable[2 * by : 2 * by + 2, 2 * bx : 2 * bx + 2].ravel()]


def state(game):
    return [
        (s.nametable.tobytes(), s.attributes.tobytes(),
         None if s.metatiles is None else s.metatiles.tobytes())
        for s in game.scenes
    ], list(game.metatiles)  # fmt: skip


# --- the SceneEditor on a map ---------------------------------------------------------------------
@pytest.mark.parametrize("screens", [(1, 1), (4, 1), (1, 3), (8, 1)])
def test_the_editor_sends_the_whole_map_as_colour_indices_and_its_size(screens):
    game, level = make_game(screens)
    editor = SceneEditor(game, "Level")
    w, h = screens
    assert editor.screens == [w, h]
    assert len(editor.nametable) == 960 * w * h
    assert len(editor.attributes) == 240 * w * h
    assert len(editor.frame) == 61_440 * w * h
    expected = level.render().indices if screens == (1, 1) else level.render_map().indices
    assert editor.frame == expected.tobytes()
    assert editor.metatiles == level.metatiles.tobytes()
    assert len(editor.metatile_table) == 6 * 3


def test_the_metatile_table_travels_as_tiles_palette_and_flags():
    game, _ = make_game()
    editor = SceneEditor(game, "Level")
    rows = np.frombuffer(editor.metatile_table, np.uint8).reshape(-1, 6)
    assert rows[BRICK].tolist() == [5, 6, 7, 8, 1, 1]  # solid is flag bit 0
    assert rows[CLOUD].tolist() == [9, 10, 11, 12, 2, 0]
    assert editor.metatile_names == ["sky", "brick", "cloud"]


def test_painting_a_metatile_on_a_map_sets_the_cell_its_four_tiles_and_its_palette():
    game, level = make_game()
    editor = SceneEditor(game, "Level")
    editor.handle_message({"op": "metatile", "blocks": [[40, 3], [41, 3]], "metatile": CLOUD,
                           "stroke": 1, "seq": 7})  # fmt: skip
    assert editor.error == "" and editor.ack == 7
    assert level.metatiles[3, 40] == CLOUD and level.metatiles[3, 41] == CLOUD
    assert block_tiles(level, 40, 3) == [9, 10, 11, 12]
    assert level.attributes[3, 40] == 2
    assert editor.frame == level.render_map().indices.tobytes()


def test_painting_a_metatile_on_a_tile_scene_writes_tiles_and_palette_and_keeps_it_tiles():
    game, level = make_game(as_map=False)
    editor = SceneEditor(game, "Level")
    editor.handle_message({"op": "metatile", "blocks": [[33, 14]], "metatile": BRICK,
                           "stroke": 1, "seq": 1})  # fmt: skip
    assert editor.error == ""
    assert block_tiles(level, 33, 14) == [5, 6, 7, 8]
    assert level.attributes[14, 33] == 1
    assert level.metatiles is None


@pytest.mark.parametrize(
    "message",
    [
        {"op": "paint", "cells": [[70, 3]], "tile": 5, "stroke": 1},
        {"op": "rect", "corners": [[0, 0], [3, 3]], "tile": 5, "stroke": 1},
        {"op": "block_palette", "blocks": [[2, 2]], "palette": 3, "stroke": 1},
    ],
)
def test_painting_tiles_on_a_metatile_map_is_refused_and_changes_nothing(message):
    game, level = make_game()
    editor = SceneEditor(game, "Level")
    before = state(game)
    editor.handle_message({**message, "seq": 3})
    assert "drawn from metatiles" in editor.error
    assert editor.ack == 3  # answered, so the browser rolls its stamps back
    assert state(game) == before


@pytest.mark.parametrize(
    "message",
    [
        {"op": "metatile", "blocks": [[64, 0]], "metatile": 1, "stroke": 1},  # 4 screens: 0-63
        {"op": "metatile", "blocks": [[0, 15]], "metatile": 1, "stroke": 1},
        {"op": "metatile", "blocks": [[0, 0]], "metatile": 3, "stroke": 1},  # 3 metatiles
        {"op": "metatile", "blocks": [[0, 0]], "metatile": True, "stroke": 1},
        {"op": "metatile", "blocks": [[0, 0]], "stroke": 1},
        {"op": "metatile", "blocks": [], "metatile": 1, "stroke": 1},
        {"op": "metatile", "blocks": [[0, 0]], "metatile": 1},  # no stroke id
        {"op": "paint", "cells": [[128, 0]], "tile": 5, "stroke": 1},
    ],
)
def test_bad_metatile_messages_are_refused_with_a_reason_and_change_nothing(message):
    game, level = make_game(as_map=False)
    editor = SceneEditor(game, "Level")
    before = state(game)
    editor.handle_message({**message, "seq": 4})
    assert editor.error and editor.ack == 4
    assert state(game) == before


def test_a_game_without_metatiles_refuses_the_metatile_tool_saying_how_to_add_some():
    game = Game()
    game.add_scene("Level", screens=(2, 1))
    editor = SceneEditor(game)
    editor.handle_message({"op": "metatile", "blocks": [[0, 0]], "metatile": 0, "stroke": 1})
    assert "no metatiles" in editor.error and "add_metatile" in editor.error


def test_tiles_painted_on_the_second_screen_of_a_tile_map_land_there():
    game, level = make_game(as_map=False)
    editor = SceneEditor(game, "Level")
    editor.handle_message({"op": "paint", "cells": [[40, 29], [127, 0]], "tile": 9, "stroke": 1})
    assert editor.error == ""
    assert level.nametable[29, 40] == 9 and level.nametable[0, 127] == 9


def test_a_metatile_stroke_is_undone_and_redone_as_a_whole_map_and_tiles_included():
    game, level = make_game()
    editor = SceneEditor(game, "Level")
    before = state(game)
    for seq, block in enumerate([[1, 1], [2, 1], [40, 2]], start=1):
        editor.handle_message({"op": "metatile", "blocks": [block], "metatile": CLOUD,
                               "stroke": 9, "seq": seq})  # fmt: skip
    editor.handle_message({"op": "end"})
    after = state(game)
    assert after != before
    editor.handle_message({"op": "undo"})
    assert state(game) == before
    editor.handle_message({"op": "redo"})
    assert state(game) == after


def test_paint_metatiles_from_python_is_one_undo_step_and_checks_its_blocks():
    game, level = make_game()
    editor = SceneEditor(game, "Level")
    before = state(game)
    assert editor.paint_metatiles([(0, 0), (63, 14)], BRICK) == [(0, 0)]  # (63, 14) is brick
    assert editor.undo() and state(game) == before
    with pytest.raises(Exception, match="outside the scene"):
        editor.paint_metatiles([(64, 0)], BRICK)
    with pytest.raises(Exception, match="out of the game's table"):
        editor.paint_metatiles([(0, 0)], 3)
    assert state(game) == before


@pytest.mark.parametrize(
    "screens, camera, ok",
    [
        ((4, 1), [768, 0], True),  # the last screen: 256 * (4 - 1)
        ((4, 1), [769, 0], False),
        ((4, 1), [0, 1], False),
        ((1, 3), [0, 480], True),  # 240 * (3 - 1)
        ((1, 3), [0, 481], False),
        ((1, 1), [1, 0], False),
    ],
)
def test_the_camera_stays_on_the_map(screens, camera, ok):
    game, _ = make_game(screens)
    editor = SceneEditor(game, "Level")
    if ok:
        editor.camera = camera
        assert editor.camera == camera
    else:
        with pytest.raises(traitlets.TraitError, match="camera"):
            editor.camera = camera


def test_switching_scenes_puts_the_camera_back_at_the_top_left():
    game, _ = make_game()
    editor = SceneEditor(game, "Level")
    editor.camera = [512, 0]
    editor.scene_index = 0
    assert editor.camera == [0, 0] and editor.screens == [1, 1]


def test_a_map_editor_has_a_deterministic_repr_and_a_static_picture_of_the_whole_level():
    game, _ = make_game()
    editor = SceneEditor(game, "Level")
    assert repr(editor).startswith("SceneEditor(scene 'Level' of 'Maps': 4x1 screens")
    assert editor._static_html() == SceneEditor(game, "Level")._static_html()


# --- the MetatileEditor -------------------------------------------------------------------------
def test_the_metatile_editor_shows_the_table_flags_and_where_each_is_used():
    game, level = make_game()
    editor = MetatileEditor(game)
    assert editor.metatile_names == ["sky", "brick", "cloud"]
    assert editor.flag_names == [{"name": "solid", "bit": 1}]
    # The level's bottom row (64 blocks) is brick, the other 14 * 64 = 896 blocks sky.
    assert editor.usage == [[["Level", 896]], [["Level", 64]], []]
    assert repr(editor) == "MetatileEditor('Maps': 3 metatiles, 1 solid)"


@pytest.mark.parametrize(
    "message, check",
    [
        ({"op": "set_tile", "index": 1, "corner": 3, "tile": 99},
         lambda g, s: g.metatiles[1].tiles == (5, 6, 7, 99) and s.nametable[29, 1] == 99),
        ({"op": "set_palette", "index": 1, "palette": 3},
         lambda g, s: g.metatiles[1].palette == 3 and s.attributes[14, 0] == 3),
        ({"op": "set_flag", "index": 1, "flag": "solid", "value": False},
         lambda g, s: not g.metatiles[1].solid),
        ({"op": "set_flag", "index": 2, "flag": "solid", "value": True},
         lambda g, s: g.metatiles[2].solid),
        ({"op": "rename", "index": 2, "name": "puff"}, lambda g, s: g.metatiles[2].name == "puff"),
        ({"op": "add"}, lambda g, s: len(g.metatiles) == 4 and g.metatiles[3].tiles == (0,) * 4),
        ({"op": "remove", "index": 2},
         lambda g, s: [m.name for m in g.metatiles] == ["sky", "brick"]),
    ],
)  # fmt: skip
def test_each_metatile_message_edits_the_table_and_the_maps_follow_and_undo_restores(
    message, check
):
    game, level = make_game()
    editor = MetatileEditor(game)
    before = state(game)
    editor.handle_message({**message, "seq": 5})
    assert editor.error == "" and editor.ack == 5
    assert check(game, level)
    assert editor.can_undo
    editor.handle_message({"op": "undo"})
    assert state(game) == before
    editor.handle_message({"op": "redo"})
    assert check(game, level)


@pytest.mark.parametrize(
    "message, reason",
    [
        ({"op": "remove", "index": BRICK}, "used by scene 'Level' (64 cells)"),
        ({"op": "set_tile", "index": 3, "corner": 0, "tile": 1}, "out of range"),
        ({"op": "set_tile", "index": 0, "corner": 4, "tile": 1}, "corner"),
        ({"op": "set_tile", "index": 0, "corner": 0, "tile": 256}, "tile"),
        ({"op": "set_palette", "index": 0, "palette": 4}, "palette"),
        ({"op": "set_flag", "index": 0, "flag": "lava", "value": True}, "not one of solid"),
        ({"op": "set_flag", "index": 0, "flag": "solid", "value": 1}, "true or false"),
        ({"op": "rename", "index": 0, "name": "x" * 41}, "at most 40"),
        ({"op": "remove", "index": "0"}, "whole number"),
    ],
)
def test_bad_metatile_editor_messages_are_refused_and_change_nothing(message, reason):
    game, _ = make_game()
    editor = MetatileEditor(game)
    before = state(game)
    editor.handle_message({**message, "seq": 2})
    assert reason in editor.error and editor.ack == 2
    assert state(game) == before
    assert not editor.can_undo


def test_removing_a_metatile_renumbers_the_maps_that_use_later_ones():
    game, level = make_game()
    level.paint_metatiles([(5, 5)], CLOUD)
    editor = MetatileEditor(game)
    level.paint_metatiles([(x, 14) for x in range(64)], SKY)  # brick now unused
    tiles_before = level.nametable.copy()
    editor.remove_metatile(BRICK)
    assert level.metatiles[5, 5] == 1  # cloud moved from 2 to 1
    assert np.array_equal(level.nametable, tiles_before)  # same picture


def test_the_table_holds_at_most_256_metatiles():
    game, _ = make_game()
    game.metatiles = [Metatile((0,) * 4)] * MAX_METATILES
    editor = MetatileEditor(game)
    editor.handle_message({"op": "add", "seq": 1})
    assert "256" in editor.error and len(game.metatiles) == MAX_METATILES


def test_an_edit_from_the_metatile_editor_repaints_an_open_scene_editor():
    game, level = make_game()
    scenes = SceneEditor(game, "Level")
    metas = MetatileEditor(game)
    metas.set_tiles(BRICK, (1, 2, 3, 4))
    assert np.frombuffer(scenes.nametable, np.uint8).reshape(30, 128)[28, :2].tolist() == [1, 2]
    assert scenes.frame == level.render_map().indices.tobytes()
    assert np.frombuffer(scenes.metatile_table, np.uint8)[6:10].tolist() == [1, 2, 3, 4]


def test_the_metatile_editor_history_survives_switching_the_palettes_shown():
    game, _ = make_game()
    editor = MetatileEditor(game)
    editor.set_palette(CLOUD, 0)
    editor.scene_index = 1
    assert editor.can_undo and editor.undo()
    assert game.metatiles[CLOUD].palette == 2


def test_the_refusal_of_a_stroke_stays_shown_after_the_stroke_ends():
    game, _ = make_game()
    editor = SceneEditor(game, "Level")
    editor.handle_message({"op": "paint", "cells": [[0, 0]], "tile": 5, "stroke": 1, "seq": 1})
    editor.handle_message({"op": "end", "seq": 2})
    assert "drawn from metatiles" in editor.error and editor.ack == 2
    editor.handle_message({"op": "metatile", "blocks": [[0, 0]], "metatile": 1, "stroke": 2})
    assert editor.error == ""
