"""The MetaspriteEditor: each message edits the game's metasprites or the player through the
model, a refused one changes nothing, the OAM entries and per-line counts are the hardware's,
and every edit undoes and redoes.

Expected OAM bytes come from the NESdev wiki's OAM layout (https://www.nesdev.org/wiki/PPU_OAM):
byte 0 is the top line minus one, byte 1 the tile, byte 2 the attributes (bits 0-1 palette,
bit 5 behind the background, bit 6 flip horizontally, bit 7 flip vertically), byte 3 X.
"""

from dataclasses import replace

import numpy as np
import pytest
import traitlets

from romulus_nb.errors import InvalidValueError
from romulus_nb.game import Game, Metasprite, SpritePart
from romulus_nb.play.physics import Level
from romulus_nb.play.picture import play_frame
from romulus_nb.player import FACINGS, Animation, Player
from romulus_nb.widgets import MetaspriteEditor
from tests.demo_games import one_screen_demo
from tests.play.player_games import flat_game

HERO = [SpritePart(0, 0, 0), SpritePart(8, 0, 1), SpritePart(0, 8, 2), SpritePart(8, 8, 3)]


def player_game() -> Game:
    """The demo's one-screen game with its hero only, two more metasprites and a player whose
    walk shows 1 then 2."""
    game = one_screen_demo()
    game.remove_metasprite("hero step")
    game.add_metasprite(Metasprite("step", (SpritePart(0, 0, 4), SpritePart(8, 0, 5))))
    game.add_metasprite(Metasprite("hop", (SpritePart(0, -4, 6),)))
    walk = Animation(((1, 6), (2, 6)))
    game.player = Player(animations={"idle": Animation(((0, 8),)), "walk": walk,
                                     "jump": Animation(((2, 4),))})  # fmt: skip
    return game


def state(game: Game):
    """Everything the editor can change, as plain values."""
    return list(game.metasprites.items()), game.player


def ids(table) -> list[str]:
    return [f"{message['op']}-{i}" for i, (message, _) in enumerate(table)]


def send(editor, message: dict) -> str:
    editor.handle_message({"stroke": 1, **message})
    return editor.error


# --- good messages ----------------------------------------------------------------------------
GOOD = [
    (
        {"op": "add_part", "metasprite": 0, "tile": 9, "dx": -3, "dy": 17, "palette": 2},
        lambda g: g.metasprites["hero"].parts == (*HERO, SpritePart(-3, 17, 9, 2)),
    ),
    (
        {"op": "add_part", "metasprite": 1, "tile": 7, "dx": 0, "dy": 0, "flip_v": True},
        lambda g: g.metasprites["step"].parts[-1] == SpritePart(0, 0, 7, flip_v=True),
    ),
    (
        {"op": "move_part", "metasprite": 0, "index": 1, "dx": 9, "dy": -1},
        lambda g: g.metasprites["hero"].parts[1] == SpritePart(9, -1, 1),
    ),
    (
        {"op": "update_part", "metasprite": 0, "index": 2, "flip_h": True, "palette": 3},
        lambda g: g.metasprites["hero"].parts[2] == SpritePart(0, 8, 2, 3, flip_h=True),
    ),
    (
        {"op": "update_part", "metasprite": 0, "index": 0, "behind": True, "tile": 200},
        lambda g: g.metasprites["hero"].parts[0] == SpritePart(0, 0, 200, behind=True),
    ),
    (
        {"op": "delete_part", "metasprite": 0, "index": 0},
        lambda g: g.metasprites["hero"].parts == tuple(HERO[1:]),
    ),
    (
        {"op": "add_metasprite", "name": "duck"},
        lambda g: (
            list(g.metasprites) == ["hero", "step", "hop", "duck"]
            and g.metasprites["duck"].parts == ()
        ),
    ),
    (
        {"op": "rename_metasprite", "metasprite": 1, "name": "stride"},
        lambda g: (
            list(g.metasprites) == ["hero", "stride", "hop"]
            and g.metasprites["stride"].parts[0].tile == 4
            and g.player.animations["walk"].frames == ((1, 6), (2, 6))
        ),
    ),
    (
        {"op": "set_frame", "animation": "walk", "frame": 1, "metasprite": 0},
        lambda g: g.player.animations["walk"].frames == ((1, 6), (0, 6)),
    ),
    (
        {"op": "set_frame", "animation": "idle", "frame": 0, "duration": 30},
        lambda g: g.player.animations["idle"].frames == ((0, 30),),
    ),
    (
        {"op": "add_frame", "animation": "jump", "metasprite": 1, "duration": 2},
        lambda g: g.player.animations["jump"].frames == ((2, 4), (1, 2)),
    ),
    (
        {"op": "delete_frame", "animation": "walk", "frame": 0},
        lambda g: g.player.animations["walk"].frames == ((2, 6),),
    ),
]


@pytest.mark.parametrize("message, check", GOOD, ids=ids(GOOD))
def test_each_message_edits_the_model_the_player_uses_at_once(message, check):
    game = player_game()
    editor = MetaspriteEditor(game)
    assert send(editor, message) == ""
    assert check(game)


@pytest.mark.parametrize("message, check", GOOD, ids=ids(GOOD))
def test_each_message_is_one_stroke_that_undo_takes_back_and_redo_puts_again(message, check):
    game = player_game()
    editor = MetaspriteEditor(game)
    before = state(game)
    send(editor, message)
    after = state(game)
    assert editor.undo() is True
    assert state(game) == before
    assert editor.redo() is True
    assert state(game) == after and check(game)


def test_deleting_a_metasprite_keeps_the_animations_on_the_same_pictures():
    game = player_game()
    game.add_metasprite(Metasprite("spare", ()))
    animations = {"idle": Animation(((0, 8),)), "walk": Animation(((1, 6), (3, 6))),
                  "jump": Animation(((3, 4),))}  # fmt: skip
    game.player = game.player.replace(animations=animations)
    editor = MetaspriteEditor(game)
    assert send(editor, {"op": "delete_metasprite", "metasprite": 2}) == ""  # "hop"
    assert list(game.metasprites) == ["hero", "step", "spare"]
    # "spare" moved from index 3 to 2; "step" stays at 1.
    assert game.player.animations["walk"].frames == ((1, 6), (2, 6))
    assert game.player.animations["jump"].frames == ((2, 4),)
    editor.undo()
    assert list(game.metasprites) == ["hero", "step", "hop", "spare"]
    assert game.player.animations == animations


def test_a_game_without_a_player_gets_the_default_one():
    game = one_screen_demo()
    editor = MetaspriteEditor(game)
    assert editor.animations == {}
    assert send(editor, {"op": "add_player"}) == ""
    assert game.player == Player()
    assert editor.animations == {"idle": [[0, 8]], "walk": [[0, 8]], "jump": [[0, 8]]}
    assert editor.box == [16, 16]  # the default collision box, drawn on the grid


def test_a_game_without_metasprites_starts_with_none_shown_and_can_add_one():
    game = Game("Empty")
    game.add_scene("Room")
    game.scenes[0].sprite_size = 16
    editor = MetaspriteEditor(game)
    assert (editor.current, editor.oam, editor.metasprites) == (-1, [], [])
    assert send(editor, {"op": "add_metasprite", "name": "tall"}) == ""
    assert editor.current == 0
    assert game.metasprites["tall"].height == 16  # as tall as the scene's sprites


# --- refusals ---------------------------------------------------------------------------------
BAD = [
    (
        {"op": "add_part", "metasprite": 0, "tile": 1, "dx": 256, "dy": 0},
        "'dx': 256 is out of range; use -255 to 255",
    ),
    (
        {"op": "add_part", "metasprite": 0, "tile": 1, "dx": 0, "dy": -256},
        "'dy': -256 is out of range",
    ),
    ({"op": "add_part", "metasprite": 0, "tile": 256, "dx": 0, "dy": 0}, "'tile': 256"),
    (
        {"op": "add_part", "metasprite": 0, "tile": 1, "dx": 0, "dy": 0, "palette": 4},
        "'palette': 4",
    ),
    ({"op": "add_part", "metasprite": 0, "tile": 1, "dx": 0, "dy": 0, "flip_h": 1}, "'flip_h': 1"),
    ({"op": "add_part", "metasprite": 3, "tile": 1, "dx": 0, "dy": 0}, "'metasprite': 3"),
    ({"op": "add_part", "metasprite": 0, "tile": 1.0, "dx": 0, "dy": 0}, "not a whole number"),
    (
        {"op": "move_part", "metasprite": 0, "index": 4, "dx": 0, "dy": 0},
        "part 4: the metasprite has 0-3",
    ),
    ({"op": "move_part", "metasprite": 0, "index": 0, "dx": 0}, "'dy' is missing"),
    ({"op": "update_part", "metasprite": 0, "index": 0}, "nothing to change"),
    ({"op": "update_part", "metasprite": 0, "index": 0, "flip_v": "yes"}, "'flip_v'"),
    ({"op": "delete_part", "metasprite": 2, "index": 1}, "part 1: the metasprite has 0-0"),
    ({"op": "add_metasprite", "name": ""}, "metasprite name: 0 characters"),
    ({"op": "add_metasprite", "name": "hero"}, "'hero' is already defined"),
    ({"op": "add_metasprite", "name": "x" * 101}, "at most 100 characters"),
    ({"op": "rename_metasprite", "metasprite": 0, "name": "step"}, "'step' is already defined"),
    ({"op": "delete_metasprite", "metasprite": 0}, "frame 0 of the player's 'idle' animation"),
    ({"op": "add_player"}, "has a player already"),
    ({"op": "set_frame", "animation": "run", "frame": 0, "duration": 3}, "'run'; use one of idle"),
    ({"op": "set_frame", "animation": "walk", "frame": 2, "duration": 3}, "no frame 2; it has 0-1"),
    ({"op": "set_frame", "animation": "walk", "frame": 0, "duration": 0}, "'duration': 0"),
    ({"op": "set_frame", "animation": "walk", "frame": 0, "metasprite": 3}, "'metasprite': 3"),
    ({"op": "set_frame", "animation": "walk", "frame": 0}, "nothing to change"),
    ({"op": "add_frame", "animation": "walk", "metasprite": 0}, "'duration' is missing"),
    ({"op": "delete_frame", "animation": "idle", "frame": 0}, "its only frame stays"),
    ({"op": "explode"}, "not one of"),
]


@pytest.mark.parametrize("message, reason", BAD, ids=ids(BAD))
def test_a_refused_message_says_why_and_changes_nothing(message, reason):
    game = player_game()
    editor = MetaspriteEditor(game)
    before = state(game)
    assert reason in send(editor, message)
    assert state(game) == before
    assert editor.undo() is False  # nothing to undo


def test_sixteen_frames_is_the_most_an_animation_holds():
    game = player_game()
    editor = MetaspriteEditor(game)
    for _ in range(15):
        assert (
            send(editor, {"op": "add_frame", "animation": "idle", "metasprite": 0, "duration": 1})
            == ""
        )
    before = state(game)
    error = send(editor, {"op": "add_frame", "animation": "idle", "metasprite": 0, "duration": 1})
    assert "17 frames; use 1-16" in error
    assert state(game) == before


def test_a_65th_part_is_refused_because_oam_holds_64_sprites():
    game = player_game()
    game.add_metasprite(Metasprite("crowd", tuple(SpritePart(0, 0, 1) for _ in range(64))))
    editor = MetaspriteEditor(game, metasprite="crowd")
    before = state(game)
    error = send(editor, {"op": "add_part", "metasprite": 3, "tile": 1, "dx": 0, "dy": 0})
    assert "65 given; at most 64" in error
    assert state(game) == before


def test_python_calls_refuse_like_messages():
    game = player_game()
    editor = MetaspriteEditor(game)
    before = state(game)
    with pytest.raises(InvalidValueError, match="part dx: 300 is out of range"):
        editor.add_part(1, 300, 0)
    with pytest.raises(InvalidValueError, match="no field 'size'"):
        editor.update_part(0, size=2)
    with pytest.raises(InvalidValueError, match="no option 'mirror'"):
        editor.add_part(1, 0, 0, mirror=True)
    with pytest.raises(InvalidValueError, match="give its index or its name"):
        editor.remove_metasprite(True)
    assert state(game) == before


# --- what the kernel computes -----------------------------------------------------------------
def test_the_oam_entries_are_the_hardware_bytes_of_the_parts_at_the_origin():
    game = player_game()
    editor = MetaspriteEditor(game)
    editor.update_part(1, flip_h=True, palette=2)
    editor.update_part(2, flip_v=True, behind=True, palette=1)
    editor.origin_x, editor.origin_y = 40, 100
    # Y-1, tile, attributes (V H B - - - P P), X
    assert editor.oam == [
        [99, 0, 0b0000_0000, 40],
        [99, 1, 0b0100_0010, 48],
        [107, 2, 0b1010_0001, 40],
        [107, 3, 0b0000_0000, 48],
    ]
    assert editor.oam_error == ""


def test_an_origin_that_puts_a_part_off_screen_shows_why_instead_of_entries():
    editor = MetaspriteEditor(player_game(), metasprite="hop")  # a part at dy -4
    editor.origin_y = 2
    assert editor.oam == []
    assert "a part lands at (120, -2)" in editor.oam_error


def test_the_line_counts_warn_past_eight_sprites_on_a_line():
    game = player_game()
    row = tuple(SpritePart(8 * i, 0, 1) for i in range(8))
    game.add_metasprite(Metasprite("row", (*row, SpritePart(0, 8, 1))))
    editor = MetaspriteEditor(game, metasprite="row")
    # A slow count: part i covers dy .. dy + 7.
    parts = game.metasprites["row"].parts
    expected = [sum(p.dy <= line < p.dy + 8 for p in parts) for line in range(16)]
    assert (editor.line_top, editor.line_counts, editor.line_warning) == (0, expected, "")
    editor.add_part(1, 64, 4)
    assert editor.line_counts[4:8] == [9, 9, 9, 9]
    assert editor.line_warning.startswith("9 sprites on a line (dy 4 to 7)")
    editor.undo()
    assert editor.line_warning == ""


def test_the_front_end_gets_every_metasprite_and_the_animations_to_play():
    game = player_game()
    editor = MetaspriteEditor(game)
    # "left": the part mirrored across the 16-wide box (dx 16 - 8 - 0) and its H bit flipped
    assert editor.metasprites[2] == {"name": "hop", "height": 8,
                                     "parts": [[0, -4, 6, 0, False, False, False]],
                                     "left": [[8, -4, 6, 0, True, False, False]]}  # fmt: skip
    assert editor.animations["walk"] == [[1, 6], [2, 6]]
    game.add_metasprite(Metasprite("made in python", ()))  # a change from Python shows too
    assert editor.metasprites[-1]["name"] == "made in python"


@pytest.mark.parametrize(
    "trait, value", [("current", 3), ("selected_part", 64), ("origin_x", 256), ("palette", 4)]
)
def test_an_out_of_range_view_setting_from_the_browser_is_refused(trait, value):
    editor = MetaspriteEditor(player_game())
    before = getattr(editor, trait)
    with pytest.raises(traitlets.TraitError):
        editor.set_state({trait: value})
    assert getattr(editor, trait) == before


def test_picking_another_metasprite_shows_its_entries_and_drops_the_selection():
    editor = MetaspriteEditor(player_game())
    editor.selected_part = 2
    editor.set_state({"current": 1})
    assert editor.oam == [[111, 4, 0, 120], [111, 5, 0, 128]]
    assert editor.selected_part == -1


def test_undo_and_redo_messages_work_like_the_python_calls():
    game = player_game()
    editor = MetaspriteEditor(game)
    before = state(game)
    for dx in (1, 2, 3):  # one drag: three moves in one stroke
        editor.handle_message({"op": "move_part", "metasprite": 0, "index": 0, "dx": dx,
                               "dy": 0, "stroke": 5})  # fmt: skip
    editor.handle_message({"op": "end"})
    editor.handle_message({"op": "undo"})
    assert state(game) == before
    editor.handle_message({"op": "redo"})
    assert game.metasprites["hero"].parts[0].dx == 3


# --- facing left ------------------------------------------------------------------------------
def test_the_parts_facing_left_are_mirrored_about_the_players_width_with_the_h_bit_flipped():
    game = player_game()
    game.add_metasprite(
        Metasprite("odd", (SpritePart(-3, 2, 7, 1, flip_h=True), SpritePart(11, 0, 8)))
    )
    game.player = game.player.replace(width=12)
    rows = MetaspriteEditor(game).metasprites[-1]
    # the rule: x mirrored about the box (12 wide; a part is 8) and H flipped
    assert rows["left"] == [[12 - 8 + 3, 2, 7, 1, False, False, False],
                            [12 - 8 - 11, 0, 8, 0, True, False, False]]  # fmt: skip
    game.player = None
    assert "left" not in MetaspriteEditor(game).metasprites[-1]


def test_the_facing_toggle_previews_the_player_as_the_renderer_draws_it_facing_left():
    game = flat_game()  # the demo's tiles on a level: a game where the player plays
    lopsided = (SpritePart(0, 0, 0), SpritePart(8, 4, 1), SpritePart(-2, 8, 2, 1, flip_h=True))
    game.add_metasprite(Metasprite("lopsided", lopsided))  # not its own mirror image
    still = Animation(((len(game.metasprites) - 1, 60),))
    game.player = game.player.replace(animations={**game.player.animations, "idle": still})
    editor = MetaspriteEditor(game, scene=1)
    x, y = 40, 120  # a box in the sky (tile 0: blank, so only the sprites and the backdrop)
    level = Level(game, 1)
    for facing in (0, 1):
        editor.facing = FACINGS[facing]
        state = replace(level.start((x, y)), facing=facing)
        frame = play_frame(game, 1, (0, 0), state).rgb(game.master_palette)
        index = game.player.animations["idle"].frames[0][0]
        parts = editor.metasprites[index]["left" if facing else "parts"]
        left, top = min(p[0] for p in parts), min(p[1] for p in parts)
        preview = editor.preview_picture("idle", 0)
        h, w = preview.shape[:2]
        assert np.array_equal(preview, frame[y + top : y + top + h, x + left : x + left + w])
    mirrored = editor.preview_picture("idle", 0)
    editor.facing = "right"
    assert not np.array_equal(mirrored, editor.preview_picture("idle", 0))


def test_facing_is_right_or_left():
    editor = MetaspriteEditor(player_game())
    with pytest.raises(traitlets.TraitError, match="facing: 'up'; use one of right, left"):
        editor.set_state({"facing": "up"})
    assert editor.facing == "right"


# --- without a kernel ---------------------------------------------------------------------------
def test_the_static_picture_is_deterministic_and_shows_the_oam_table():
    one, two = MetaspriteEditor(player_game()), MetaspriteEditor(player_game())
    (data_one, _), (data_two, _) = one._repr_mimebundle_(), two._repr_mimebundle_()
    assert data_one["text/html"] == data_two["text/html"]
    assert "data:image/png;base64," in data_one["text/html"]
    assert "<td>$6F</td><td>$00</td><td>$00</td><td>$78</td>" in data_one["text/html"]
    assert data_one["text/plain"] == (
        "MetaspriteEditor('Romulus demo': metasprite 0 'hero', 4 parts, 3 metasprites)"
    )
