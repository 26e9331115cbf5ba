"""Widgets stay in step with the Game, send state as binary, and undo whole strokes."""

import base64
import re
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest
import traitlets
from ipywidgets.widgets.widget import _remove_buffers

from romulus_nb.demo import demo_game
from romulus_nb.game import Game
from romulus_nb.nes.colors import DEFAULT_PALETTE
from romulus_nb.nes.oam import Sprite
from romulus_nb.widgets import MetatileEditor, PaletteEditor, PPUViewer, SceneEditor, TileEditor
from romulus_nb.widgets._base import BinaryTrait


def frame_of(editor) -> np.ndarray:
    return np.frombuffer(editor.frame, np.uint8).reshape(240, 256)


def expected_cell(game, scene, tile_x, tile_y) -> np.ndarray:
    """The 8x8 colour indices of a background cell, worked out the slow, obvious way:
    pixel value 0 is the backdrop ($3F00), else palette RAM $3F00 + 4 * palette + value."""
    tile = scene.nametable[tile_y, tile_x]
    palette = scene.attributes[tile_y // 2, tile_x // 2]
    ram = scene.palettes.to_bytes()
    pixels = game.pattern_table(scene.bg_table)[tile]
    out = np.zeros((8, 8), np.uint8)
    for y in range(8):
        for x in range(8):
            v = pixels[y, x]
            out[y, x] = ram[0] if v == 0 else ram[4 * palette + v]
    return out


def cell_of(frame, tile_x, tile_y):
    return frame[tile_y * 8 : tile_y * 8 + 8, tile_x * 8 : tile_x * 8 + 8]


# --- state travels as binary ------------------------------------------------------------------
@pytest.mark.parametrize(
    "make, binary_traits",
    [
        (PaletteEditor, {"palettes", "master_rgb"}),
        (TileEditor, {"chr", "palettes", "master_rgb"}),
        (
            SceneEditor,
            {"frame", "nametable", "attributes", "palettes", "oam", "chr", "highlight",
             "highlight_lines", "master_rgb", "metatiles", "metatile_table"},
        ),
    ],
)  # fmt: skip
def test_picture_and_memory_state_travels_as_binary_buffers_not_json_lists(make, binary_traits):
    widget = make(demo_game())
    state, paths, buffers = _remove_buffers(widget.get_state())
    assert {p[0] for p in paths} == binary_traits
    assert all(isinstance(b, (bytes, memoryview)) for b in buffers)
    json_lists = [k for k, v in state.items() if isinstance(v, list) and len(v) > 64]
    assert json_lists == []


def ppu_viewer(game):
    return PPUViewer.from_scene(game.scene("Meadow"))


# The big pictures, sent deflated (zlib) so that a notebook saved with its widget state stays
# small; the small memories (nametable, palettes, OAM) go as they are.
DEFLATED = [
    (SceneEditor, {"frame", "chr"}),
    (TileEditor, {"chr"}),
    (MetatileEditor, {"chr"}),
    (PaletteEditor, set()),
    (ppu_viewer, {"frame", "nametables_image", "patterns_image", "scroll_strip"}),
]


@pytest.mark.parametrize(("make", "deflated"), DEFLATED)
def test_the_big_pictures_travel_deflated_and_inflate_to_the_bytes_the_trait_holds(make, deflated):
    widget = make(demo_game())
    state, paths, buffers = _remove_buffers(widget.get_state())
    sent = {p[0]: bytes(b) for p, b in zip(paths, buffers, strict=True)}
    assert set(widget.trait_names(deflate=True)) == deflated
    for name in deflated:
        assert zlib.decompress(sent[name]) == getattr(widget, name)
        if len(getattr(widget, name)) >= 4096:
            assert len(sent[name]) < len(getattr(widget, name)) / 10, name
    for name in set(sent) - deflated:
        assert sent[name] == getattr(widget, name)


WIDGET_JS = Path(__file__).resolve().parents[2] / "romulus_nb" / "widgets"


@pytest.mark.parametrize(("make", "deflated"), DEFLATED)
def test_each_widgets_javascript_inflates_exactly_the_traits_the_kernel_deflates(make, deflated):
    widget = make(demo_game())
    module = type(widget).__module__.rsplit(".", 1)[1]
    source = (WIDGET_JS / f"{module}.js").read_text(encoding="utf-8")
    listed = re.search(r"^const DEFLATED = \[(.*?)\];$", source, re.MULTILINE)
    names = set(re.findall(r'"(\w+)"', listed.group(1))) if listed else set()
    assert names == deflated
    assert ("await inflating(sent, DEFLATED)" in source) == bool(deflated)


def test_a_deflated_buffer_from_the_browser_arrives_inflated():
    editor = TileEditor(demo_game())
    chr_bank = bytes(range(4)) * (512 * 16)
    editor.set_state({"chr": memoryview(zlib.compress(chr_bank))})
    assert editor.chr == chr_bank


@pytest.mark.parametrize(
    "sent",
    [bytes(512 * 64), zlib.compress(bytes(512 * 64))[:-3], zlib.compress(bytes(2**24))],
    ids=["not deflated", "cut short", "inflates to 16 MiB"],
)
def test_a_deflated_buffer_that_does_not_inflate_within_bounds_is_refused(sent):
    editor = TileEditor(demo_game())
    before = editor.chr
    with pytest.raises(traitlets.TraitError, match="deflated buffer"):
        editor.set_state({"chr": memoryview(sent)})
    assert editor.chr == before


def test_a_binary_trait_takes_a_memoryview_from_the_browser_and_checks_its_length():
    class Holder(traitlets.HasTraits):
        data = BinaryTrait(size=4, default_value=bytes(4))

    holder = Holder()
    holder.data = memoryview(bytearray(b"\x01\x02\x03\x04"))
    assert holder.data == b"\x01\x02\x03\x04"
    with pytest.raises(traitlets.TraitError, match="exactly 4"):
        holder.data = b"\x01"


def test_the_scene_editor_state_holds_the_scene_bytes_as_the_ppu_would():
    game = demo_game()
    scene = game.scene("Meadow")
    editor = SceneEditor(game, scene="Meadow")
    assert editor.nametable == scene.nametable.tobytes()
    assert editor.palettes == scene.palettes.to_bytes()
    assert editor.oam == scene.oam_bytes()
    assert editor.master_rgb == DEFAULT_PALETTE.rgb.tobytes()
    for tile_x, tile_y in [(0, 22), (4, 4), (10, 16), (24, 18), (31, 29)]:
        assert np.array_equal(cell_of(frame_of(editor), tile_x, tile_y),
                              expected_cell(game, scene, tile_x, tile_y))  # fmt: skip


# --- in step with the model ---------------------------------------------------------------------
def test_a_colour_picked_in_the_palette_editor_repaints_every_scene_editor_on_the_game():
    game = demo_game()
    palette = PaletteEditor(game, scene=0)
    first, second = SceneEditor(game, scene=0), SceneEditor(game, scene=0)
    other_scene = SceneEditor(game, scene=1)
    other_before = other_scene.frame
    # BG1 is the bricks of the title's border; entry 3 is their mortar colour.
    palette.handle_message({"op": "set_color", "palette": 1, "entry": 3, "color": 0x2A})
    scene = game.scenes[0]
    for editor in (first, second):
        assert editor.palettes[4 * 1 + 3] == 0x2A
        assert np.array_equal(cell_of(frame_of(editor), 2, 2), expected_cell(game, scene, 2, 2))
        assert (cell_of(frame_of(editor), 2, 2) == 0x2A).any()
    assert other_scene.frame == other_before


def test_palette_editor_observers_fire_on_a_change_from_python_or_the_browser():
    game = demo_game()
    editor = PaletteEditor(game)
    seen = []
    editor.observe(lambda change: seen.append(change["new"][5]), names="palettes")
    editor.set_color(1, 1, 0x21)
    editor.handle_message({"op": "set_color", "palette": 1, "entry": 1, "color": 0x22})
    game.scenes[0].palettes.set(1, 1, 0x23)
    game.scenes[0].touch("palettes")
    assert seen == [0x21, 0x22, 0x23]


def test_an_in_place_nametable_edit_shows_after_the_documented_touch():
    game = demo_game()
    scene = game.scenes[0]
    editor = SceneEditor(game)
    scene.nametable[10, 20] = 0x86
    scene.touch()
    assert editor.nametable[10 * 32 + 20] == 0x86
    assert np.array_equal(cell_of(frame_of(editor), 20, 10), expected_cell(game, scene, 20, 10))


def test_a_tile_painted_in_the_tile_editor_repaints_the_scene_editor():
    game = demo_game()
    scene_editor = SceneEditor(game)  # the title fills (10, 20)-(21, 23) with tile $86
    tiles = TileEditor(game, tile=0x86)
    tiles.set_pixel(3, 4, 0)
    cell = cell_of(frame_of(scene_editor), 10, 20)
    assert cell[4, 3] == game.scenes[0].palettes.backdrop
    assert np.array_equal(cell, expected_cell(game, game.scenes[0], 10, 20))


def test_the_limits_report_follows_the_paint_and_highlights_the_cells_it_names():
    game = demo_game()
    editor = SceneEditor(game)
    assert "background tiles used: 20 of 256" in editor.limits[0]["message"]
    editor.paint([(0, 0), (1, 0)], 0x90)
    assert "background tiles used: 21 of 256" in editor.limits[0]["message"]
    # Nine more 8-pixel sprites on the line of the two already there: 11, the PPU draws 8.
    scene = game.scenes[0]
    for i in range(9):
        scene.sprites.append(scene.sprites[0].moved(dx=i * 9 - scene.sprites[0].x, dy=0))
    scene.touch("sprites")
    rules = [f["rule"] for f in editor.limits]
    assert "sprites-per-line" in rules
    lines = np.flatnonzero(np.frombuffer(editor.highlight_lines, np.uint8))
    y = scene.sprites[0].y
    assert list(lines) == list(range(y, y + 8))


def test_switching_scene_shows_the_other_scene():
    game = demo_game()
    editor = SceneEditor(game)
    editor.scene_index = 3
    assert editor.scene is game.scene("Meadow")
    assert editor.nametable == game.scene("Meadow").nametable.tobytes()
    assert editor.scene_names == ["Title", "Level", "Room", "Meadow", "Credits"]


def test_removing_the_edited_scene_moves_the_editor_to_the_first_scene_with_a_fresh_history():
    game = demo_game()
    editor = SceneEditor(game, scene="Credits")
    editor.paint([(1, 1)], 5)
    game.remove_scene("Credits")
    assert editor.scene is game.scenes[0]
    assert editor.scene_names == ["Title", "Level", "Room", "Meadow"]
    assert editor.nametable == game.scenes[0].nametable.tobytes()
    assert editor.undo() is False  # the Credits stroke does not land on the Title


@pytest.mark.parametrize("make", [PaletteEditor, SceneEditor, TileEditor])
def test_an_editor_on_a_game_without_scenes_picks_up_the_first_scene_added(make):
    game = Game("Empty")
    editor = make(game)
    assert "no scenes" in repr(editor) or make is TileEditor
    assert "text/html" in editor._repr_mimebundle_()[0]
    scene = game.add_scene("One")
    assert editor.scene is scene and editor.scene_names == ["One"]


def test_a_closed_widget_stops_observing_the_game():
    game = demo_game()
    editor = SceneEditor(game)
    observers = len(game._observers)
    editor.close()
    assert len(game._observers) == observers - 1


# --- undo and redo --------------------------------------------------------------------------
def paint(editor, cells, tile, stroke):
    editor.handle_message({"op": "paint", "cells": cells, "tile": tile, "stroke": stroke})


def test_undo_restores_a_whole_stroke_of_many_messages_and_redo_reapplies_it():
    game = demo_game()
    scene = game.scenes[0]
    editor = SceneEditor(game)
    original = scene.nametable.copy()
    for x in range(5, 13):
        paint(editor, [[x, 6]], 0x86, stroke=7)
    editor.handle_message({"op": "end"})
    painted = scene.nametable.copy()
    assert (painted[6, 5:13] == 0x86).all()
    editor.handle_message({"op": "undo"})
    assert np.array_equal(scene.nametable, original)
    assert editor.can_redo
    editor.handle_message({"op": "redo"})
    assert np.array_equal(scene.nametable, painted)


def test_undo_from_python_goes_back_one_stroke_at_a_time():
    game = demo_game()
    scene = game.scenes[0]
    editor = SceneEditor(game)
    states = [scene.nametable.copy()]
    paint(editor, [[1, 1]], 1, stroke=1)
    states.append(scene.nametable.copy())
    paint(editor, [[2, 2]], 2, stroke=2)  # a new stroke id closes the first stroke
    states.append(scene.nametable.copy())
    editor.fill_rect(4, 4, 6, 6, 3)
    assert editor.undo() and np.array_equal(scene.nametable, states[2])
    assert editor.undo() and np.array_equal(scene.nametable, states[1])
    assert editor.undo() and np.array_equal(scene.nametable, states[0])
    assert editor.undo() is False


def test_a_new_stroke_after_undo_clears_redo():
    editor = SceneEditor(demo_game())
    paint(editor, [[1, 1]], 1, stroke=1)
    editor.undo()
    paint(editor, [[2, 2]], 2, stroke=2)
    editor.handle_message({"op": "end"})
    assert editor.redo() is False


def test_undo_brings_back_a_deleted_sprite_and_a_moved_one():
    game = demo_game()
    scene = game.scenes[0]
    editor = SceneEditor(game)
    sprites = list(scene.sprites)
    editor.handle_message({"op": "move_sprite", "index": 0, "x": 1, "y": 2, "stroke": 1})
    editor.handle_message({"op": "move_sprite", "index": 0, "x": 3, "y": 4, "stroke": 1})
    editor.handle_message({"op": "delete_sprite", "index": 2, "stroke": 2})
    editor.undo()
    editor.undo()
    assert scene.sprites == sprites


def test_python_editor_methods_are_undoable_strokes():
    game = demo_game()
    scene = game.scenes[0]
    editor = SceneEditor(game)
    sprites, attributes = list(scene.sprites), scene.attributes.copy()
    editor.paint_palette([(0, 0), (1, 0)], 2)
    index = editor.add_sprite(Sprite(10, 10, 4, 1))
    editor.update_sprite(index, flip_h=True, palette=3)
    editor.move_sprite(index, 20, 30)
    assert scene.sprites[index] == Sprite(20, 30, 4, 3, flip_h=True)
    for _ in range(4):
        assert editor.undo()
    assert scene.sprites == sprites
    assert np.array_equal(scene.attributes, attributes)


def test_tile_editor_undo_restores_the_tile():
    game = demo_game()
    editor = TileEditor(game, tile=0x86)
    before = game.tileset.copy()
    for x in range(8):
        editor.handle_message(
            {"op": "pixels", "table": 0, "tile": 0x86, "pixels": [[x, 0, 2]], "stroke": 3}
        )
    editor.handle_message({"op": "undo"})
    assert np.array_equal(game.tileset, before)


# --- traits set by the browser are validated -------------------------------------------------
@pytest.mark.parametrize(
    "make, trait, value",
    [
        (SceneEditor, "tile", 256),
        (SceneEditor, "palette", 4),
        (SceneEditor, "tool", "flood"),
        (SceneEditor, "scale", 0),
        (SceneEditor, "selected_sprite", 64),
        (SceneEditor, "scene_index", 5),  # the demo has scenes 0-4
        (PaletteEditor, "selected_palette", 8),
        (PaletteEditor, "selected_entry", 4),
        (TileEditor, "table", 2),
        (TileEditor, "color", 4),
        (MetatileEditor, "corner", 4),
        (MetatileEditor, "tile", -1),
        (ppu_viewer, "pattern_palette", 8),
    ],
)
def test_an_out_of_range_view_setting_from_the_browser_is_refused(make, trait, value):
    widget = make(demo_game())
    before = getattr(widget, trait)
    with pytest.raises(traitlets.TraitError):
        widget.set_state({trait: value})
    assert getattr(widget, trait) == before


@pytest.mark.parametrize(
    ("make", "trait", "low", "high"),
    [
        (SceneEditor, "selected_sprite", -1, 63),  # -1: none; OAM holds 64 sprites
        (SceneEditor, "scale", 1, 6),
        (PaletteEditor, "selected_palette", 0, 7),  # 4 background, 4 sprite palettes
        (PaletteEditor, "selected_entry", 0, 3),
        (TileEditor, "color", 0, 3),  # 2 bits a pixel
        (MetatileEditor, "corner", 0, 3),
        (ppu_viewer, "pattern_palette", 0, 7),
    ],
)
def test_a_view_setting_takes_its_whole_range_and_says_it_when_refused(make, trait, low, high):
    widget = make(demo_game())
    for value in (low, high):
        widget.set_state({trait: value})
        assert getattr(widget, trait) == value
    with pytest.raises(traitlets.TraitError, match=f"{trait}: {high + 1} is out of range; use "
                       f"{low}-{high}"):  # fmt: skip
        widget.set_state({trait: high + 1})


# --- without a kernel ---------------------------------------------------------------------------
@pytest.mark.parametrize("make", [PaletteEditor, SceneEditor, TileEditor])
def test_each_widget_carries_a_deterministic_static_picture_for_saved_notebooks(make):
    one, two = make(demo_game()), make(demo_game())
    (data_one, _), (data_two, _) = one._repr_mimebundle_(), two._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data_one
    assert data_one["text/plain"] == data_two["text/plain"] == repr(one)
    assert data_one["text/html"] == data_two["text/html"]
    assert "data:image/png;base64," in data_one["text/html"]
    assert " at 0x" not in repr(one)


@pytest.mark.parametrize("make", [PaletteEditor, SceneEditor, TileEditor])
def test_each_widget_also_sends_its_static_picture_as_a_png_and_no_styled_swatches(make):
    data, _ = make(demo_game())._repr_mimebundle_()
    png = base64.b64decode(data["image/png"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert data["image/png"] in data["text/html"]  # the same picture as the HTML view
    assert "background:rgb" not in data["text/html"]  # GitHub strips inline styles
    # JupyterLab would typeset "$88 ... $1E" in the picture's title as TeX without the class
    assert data["text/html"].startswith("<div class='mathjax_ignore'>")


def test_the_reprs_say_what_is_being_edited():
    game = demo_game()
    assert repr(SceneEditor(game, scene="Meadow")) == (
        "SceneEditor(scene 'Meadow' of 'Romulus demo': 13 tiles, 15 sprites, tool 'paint')"
    )
    assert repr(TileEditor(game, tile=0x86)) == (
        "TileEditor('Romulus demo': pattern table 0, tile $86, palette 0)"
    )
    assert repr(PaletteEditor(game)).startswith(
        "PaletteEditor(scene 'Title' of 'Romulus demo': backdrop $0F, 00 10 30 | 06 16 27"
    )


def test_the_model_imports_no_widget_library():
    code = (
        "import sys, romulus_nb, romulus_nb.render, romulus_nb.display, romulus_nb.demo\n"
        "print(sorted(m for m in ('anywidget', 'ipywidgets', 'traitlets') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
