# ruff: noqa: E501 (the parametrize tables read best one case a line)
"""Refused means unchanged: an edit the model refuses raises a RomulusError naming what is
allowed and leaves the game exactly as it was; no value is coerced into another one. And any
sequence of edits, each accepted or refused, leaves a game whose save loads back equal."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from romulus_nb import Game, load_game
from romulus_nb.errors import InvalidValueError, RomulusError
from romulus_nb.game import Metasprite, SpritePart
from romulus_nb.nes.oam import Sprite
from romulus_nb.nes.palettes import PaletteSet
from romulus_nb.project import game_to_dict, save_game
from romulus_nb.widgets import PaletteEditor, SceneEditor, TileEditor


def fresh_game() -> Game:
    game = Game("refusals")
    game.add_font()
    scene = game.add_scene("one")
    scene.add_sprite(Sprite(1, 2, 3))
    game.add_scene("two")
    return game


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda g, s: s.write_text(0, 0, "HI", palette=9), "write_text palette: 9 is out of range; use 0-3"),
        (lambda g, s: s.write_text(30, 0, "HI!"), r"write_text: '!' tile_x: 32 is out of range"),
        (lambda g, s: s.write_text(0, 0, b"HI"), "is not text"),
        (lambda g, s: s.set_block_palette([(2.7, 1)], 3), r"block_x: 2.7 is not a whole number"),
        (lambda g, s: s.set_block_palette([("3", "1")], 3), r"block_x: '3' is not a whole number"),
        (lambda g, s: s.set_block_palette([("a", 1)], 3), r"block_x: 'a' is not a whole number"),
        (lambda g, s: s.set_block_palette([(1, 1), (True, 1)], 3), r"block_x: True is not a whole number"),
        (lambda g, s: s.set_block_palette([(1,)], 3), r"block \(1,\): not a \(block_x, block_y\) pair"),
        (lambda g, s: s.set_block_palette(5, 3), "blocks: 5 is not a collection"),
        (lambda g, s: s.paint_tiles(5, 1), "cells: 5 is not a collection"),
        (lambda g, s: s.add_sprite(Sprite(5, 5, 5, flip_h="no")), "sprite flip_h: 'no' is not True or False"),
        (lambda g, s: s.add_sprite(Sprite(5, 5, 5, behind=1)), "sprite behind: 1 is not True or False"),
        (lambda g, s: s.update_sprite(0, flip_v="yes"), "sprite flip_v: 'yes' is not True or False"),
        (lambda g, s: s.update_sprite(0, colour=3), "update_sprite: no field 'colour'"),
        (lambda g, s: setattr(s, "bg_table", True), r"bg_table: True; a pattern table is 0 \(\$0000\) or 1"),
        (lambda g, s: setattr(s, "sprite_table", 1.0), "sprite_table: 1.0"),
        (lambda g, s: setattr(s, "sprite_size", 8.0), "sprite_size: 8.0"),
        (lambda g, s: setattr(s, "show_left_background", "no"), "show_left_background: 'no' is not True or False"),
        (lambda g, s: s.set_palette_color(0, 1, True), r"True is not a colour index; use \$00-\$3F"),
        (lambda g, s: s.set_palette_color(0, 1, 5.0), r"5.0 is not a colour index"),
        (lambda g, s: s.set_palette_color(0, 1, "5"), r"'5' is not a colour index"),
        (lambda g, s: g.add_scene("X", index=1000), "add_scene index: 1000 is out of range; use 0-2"),
        (lambda g, s: g.add_scene("X", index=-1), "add_scene index: -1 is out of range"),
        (lambda g, s: g.add_scene("X", scene="meadow"), "is not a scene"),
        (lambda g, s: g.move_scene(0, "1"), "move_scene position: '1' is not a whole number"),
        (lambda g, s: setattr(g.scenes[1], "id", s.id), "another scene of the game has it"),
        (lambda g, s: s.add_metasprite(Metasprite("m", (SpritePart(0, 0, 1, flip_h="no"),)), 5, 5), "part flip_h"),
        (lambda g, s: setattr(g, "master_palette", "NESdev"), "is not a MasterPalette"),
        (lambda g, s: s.paint_tiles([(0, 0)], 10**5000), "tile: a 16610-bit number is out of range; use 0-255"),
        (lambda g, s: s.set_palette_color(0, 1, -(10**5000)), "a 16610-bit number is not an NES colour"),
        (lambda g, s: s.add_sprite(Sprite(10**5000, 0, 0)), "sprite x: a 16610-bit number is out of range"),
        (lambda g, s: setattr(g, "name", ["N"] * 10**5), r"game name: \['N', 'N', .*\.\.\. is not text"),
    ],
)  # fmt: skip
def test_a_refused_edit_raises_naming_what_is_allowed_and_changes_nothing(edit, message):
    game = fresh_game()
    scene = game.scenes[0]
    before = game_to_dict(game)
    with pytest.raises(RomulusError, match=message):
        edit(game, scene)
    assert game_to_dict(game) == before


def test_palette_ram_bytes_above_3f_are_refused_not_masked():
    with pytest.raises(InvalidValueError, match=r"byte 5 is \$4F; NES colours are \$00-\$3F"):
        PaletteSet.from_bytes(bytes([0x0F, 0x01, 0x02, 0x03, 0x0F, 0x4F] + [0x0F] * 26))


# --- widget messages ----------------------------------------------------------------------------
@pytest.mark.parametrize("widget_class", [SceneEditor, TileEditor, PaletteEditor])
@pytest.mark.parametrize(
    "op",
    [["paint"], {"op": "paint"}, 5, None, 10**5000],
    ids=["list", "object", "number", "null", "huge number"],
)
def test_a_message_whose_op_is_not_text_is_refused_and_answered(widget_class, op):
    game = fresh_game()
    widget = widget_class(game)
    widget.error = "stale"
    before = game_to_dict(game)
    widget.handle_message({"op": op, "seq": 7})
    assert widget.ack == 7
    assert widget.error.startswith("message op") and "not one of" in widget.error
    assert game_to_dict(game) == before


# --- any sequence of edits saves and reloads equal ------------------------------------------------
def same_game(a: Game, b: Game) -> bool:
    """Everything a project file holds, compared field by field."""
    return (
        (a.id, a.name, a.created_at, a.font_base) == (b.id, b.name, b.created_at, b.font_base)
        and np.array_equal(a.tileset, b.tileset)
        and np.array_equal(a.master_palette.rgb, b.master_palette.rgb)
        and a.metasprites == b.metasprites
        and len(a.scenes) == len(b.scenes)
        and all(
            (x.id, x.name, x.created_at, x.updated_at) == (y.id, y.name, y.created_at, y.updated_at)
            and x.same_design(y)
            for x, y in zip(a.scenes, b.scenes)
        )
    )


anything = st.one_of(
    st.integers(-300, 300),
    st.integers(),
    st.just(10**5000),
    st.booleans(),
    st.floats(allow_nan=False),
    st.text(max_size=5),
    st.none(),
)
small = st.one_of(st.integers(-2, 260), anything)
names = st.one_of(
    st.text(max_size=8),
    st.text(min_size=195, max_size=205),
    st.just("A\ud800B"),
    st.just("\x1b[2J"),
    anything,
)
flag = st.one_of(st.booleans(), anything)


def _scene(game, i):
    return game.scene(i % len(game.scenes)) if game.scenes else game.add_scene()


EDITS = {
    "game name": (names, lambda g, v: setattr(g, "name", v)),
    "game id": (names, lambda g, v: setattr(g, "id", v)),
    "scene name": (st.tuples(st.integers(0, 9), names), lambda g, v: setattr(_scene(g, v[0]), "name", v[1])),
    "scene id": (st.tuples(st.integers(0, 9), names), lambda g, v: setattr(_scene(g, v[0]), "id", v[1])),
    "add scene": (st.tuples(st.one_of(names, st.none()), st.one_of(st.none(), small)), lambda g, v: g.add_scene(v[0], index=v[1])),
    "remove scene": (small, lambda g, v: g.remove_scene(v)),
    "move scene": (st.tuples(small, small), lambda g, v: g.move_scene(*v)),
    "duplicate scene": (st.tuples(small, names), lambda g, v: g.duplicate_scene(*v)),
    "paint": (st.tuples(small, small, small), lambda g, v: _scene(g, 0).paint_tiles([(v[0], v[1])], v[2])),
    "block palette": (st.tuples(small, small, small), lambda g, v: _scene(g, 0).set_block_palette([(v[0], v[1])], v[2])),
    "palette colour": (st.tuples(small, small, small), lambda g, v: _scene(g, 0).set_palette_color(*v)),
    "add sprite": (st.tuples(small, small, small, small, flag), lambda g, v: _scene(g, 0).add_sprite(Sprite(*v[:4], flip_h=v[4]))),
    "update sprite": (st.tuples(small, flag), lambda g, v: _scene(g, 0).update_sprite(v[0], behind=v[1])),
    "remove sprite": (small, lambda g, v: _scene(g, 0).remove_sprite(v)),
    "tables": (st.tuples(small, small, small), lambda g, v: (setattr(_scene(g, 0), "bg_table", v[0]), setattr(_scene(g, 0), "sprite_table", v[1]), setattr(_scene(g, 0), "sprite_size", v[2]))),
    "left columns": (st.tuples(flag, flag), lambda g, v: (setattr(_scene(g, 0), "show_left_background", v[0]), setattr(_scene(g, 0), "show_left_sprites", v[1]))),
    "font": (small, lambda g, v: g.add_font(v)),
    "text": (st.tuples(small, small, st.text(max_size=4), st.one_of(st.none(), small)), lambda g, v: _scene(g, 0).write_text(v[0], v[1], v[2], palette=v[3])),
    "metasprite": (
        st.tuples(names, st.lists(st.tuples(small, small, small, flag), max_size=3), st.sampled_from([8, 16, 12, True])),
        lambda g, v: g.add_metasprite(Metasprite(v[0], tuple(SpritePart(*p[:3], flip_v=p[3]) for p in v[1]), height=v[2])),
    ),
    "place metasprite": (st.tuples(names, small, small), lambda g, v: _scene(g, 0).add_metasprite(v[0], v[1], v[2])),
    "tile": (st.tuples(small, small, small), lambda g, v: g.set_tile(v[0], v[1], np.full((8, 8), v[2] if isinstance(v[2], int) else 0) % 4)),
}  # fmt: skip

edit_sequences = st.lists(
    st.sampled_from(sorted(EDITS)).flatmap(lambda k: EDITS[k][0].map(lambda v, k=k: (k, v))),
    max_size=12,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=edit_sequences)
def test_any_edits_accepted_or_refused_leave_a_game_that_saves_and_reloads_equal(tmp_path, edits):
    game = fresh_game()
    for kind, value in edits:
        try:
            EDITS[kind][1](game, value)
        except RomulusError:
            pass
    path = tmp_path / "g.json"
    save_game(game, path)
    assert same_game(load_game(path), game)
