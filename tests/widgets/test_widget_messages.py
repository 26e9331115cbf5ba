"""Messages from the browser: good ones edit the model, bad ones are refused and change nothing.

Each widget's ``handle_message`` is what ipywidgets calls for a custom message from the front
end (through ``on_msg``); the tests send exactly what a buggy or hostile page could send.
"""

import re
from pathlib import Path

import numpy as np
import pytest

from romulus_nb.demo import demo_game
from romulus_nb.nes.oam import Sprite
from romulus_nb.widgets import MetatileEditor, PaletteEditor, SceneEditor, TileEditor
from romulus_nb.widgets._base import StrokeEditor

WIDGETS = Path(__file__).resolve().parents[2] / "romulus_nb" / "widgets"


@pytest.mark.parametrize("editor", [PaletteEditor, TileEditor, SceneEditor, MetatileEditor])
def test_the_kernel_handles_every_op_the_browser_sends_and_no_other(editor):
    source = (WIDGETS / f"{editor.__module__.rsplit('.', 1)[1]}.js").read_text(encoding="utf-8")
    sent = set(re.findall(r'op: (?:[^"\n]*\? )?"(\w+)"(?: : "(\w+)")?', source))
    sent = {op for pair in sent for op in pair if op}
    # A stroke editor also takes "end" (a drag's last message) from the browser and from Python.
    strokes = {"end", "undo", "redo"} if issubclass(editor, StrokeEditor) else set()
    assert set(editor._ops) == sent | strokes
    assert all(callable(getattr(editor, method)) for method in editor._ops.values())


def model_state(game):
    """Everything a message could change, as plain values."""
    return (
        game.tileset.tobytes(),
        [
            (s.nametable.tobytes(), s.attributes.tobytes(), s.palettes.to_bytes(), s.oam_bytes())
            for s in game.scenes
        ],
    )


BAD_SCENE_MESSAGES = [
    "not a dict",
    {},
    {"op": "explode"},
    {"op": "paint", "cells": [[32, 0]], "tile": 1, "stroke": 1},
    {"op": "paint", "cells": [[0, 30]], "tile": 1, "stroke": 1},
    {"op": "paint", "cells": [[-1, 0]], "tile": 1, "stroke": 1},
    {"op": "paint", "cells": [[1, 1]], "tile": 256, "stroke": 1},
    {"op": "paint", "cells": [[1, 1]], "tile": -1, "stroke": 1},
    {"op": "paint", "cells": [[1, 1]], "tile": 1.5, "stroke": 1},
    {"op": "paint", "cells": [[1, 1]], "tile": True, "stroke": 1},
    {"op": "paint", "cells": [[1, 1]], "tile": "5", "stroke": 1},
    {"op": "paint", "cells": [[1, 1], [99, 1]], "tile": 5, "stroke": 1},  # all or nothing
    {"op": "paint", "cells": [[1, 1, 1]], "tile": 5, "stroke": 1},
    {"op": "paint", "cells": [], "tile": 5, "stroke": 1},
    {"op": "paint", "cells": [[1, 1]] * 961, "tile": 5, "stroke": 1},
    {"op": "paint", "cells": "1,1", "tile": 5, "stroke": 1},
    {"op": "paint", "cells": [[1, 1]], "tile": 5},  # no stroke id
    {"op": "rect", "corners": [[0, 0]], "tile": 5, "stroke": 1},
    {"op": "rect", "corners": [[0, 0], [40, 3]], "tile": 5, "stroke": 1},
    {"op": "block_palette", "blocks": [[16, 0]], "palette": 1, "stroke": 1},
    {"op": "block_palette", "blocks": [[0, 15]], "palette": 1, "stroke": 1},
    {"op": "block_palette", "blocks": [[0, 0]], "palette": 4, "stroke": 1},
    {"op": "add_sprite", "x": 256, "y": 10, "tile": 0, "palette": 0, "stroke": 1},
    {"op": "add_sprite", "x": 10, "y": 10, "tile": 0, "palette": 4, "stroke": 1},
    {"op": "add_sprite", "x": 10, "y": 10, "tile": 0, "palette": 0, "flip_h": 1, "stroke": 1},
    {"op": "move_sprite", "index": 6, "x": 0, "y": 0, "stroke": 1},  # Title has sprites 0-5
    {"op": "move_sprite", "index": 0, "x": 300, "y": 0, "stroke": 1},
    {"op": "update_sprite", "index": 0, "stroke": 1},
    {"op": "update_sprite", "index": 0, "palette": 9, "stroke": 1},
    {"op": "delete_sprite", "index": 64, "stroke": 1},
    {"op": "text", "x": 30, "y": 0, "text": "TOO LONG FOR THE ROW", "stroke": 1},
    {"op": "text", "x": 0, "y": 0, "text": "caf\u00e9", "stroke": 1},
    {"op": "text", "x": 0, "y": 0, "text": "A" * 65, "stroke": 1},
]


BAD_PALETTE_MESSAGES = [
    {"op": "set_color", "palette": 8, "entry": 1, "color": 0x16},
    {"op": "set_color", "palette": -1, "entry": 1, "color": 0x16},
    {"op": "set_color", "palette": 0, "entry": 4, "color": 0x16},
    {"op": "set_color", "palette": 0, "entry": 1, "color": 0x40},
    {"op": "set_color", "palette": 0, "entry": 1, "color": 0x0D},  # blacker than black
    {"op": "set_color", "palette": 0, "entry": 1, "color": "0x16"},
    {"op": "set_color", "palette": 0, "entry": 1, "color": 22.0},
    {"op": "set_color", "palette": 0, "entry": 1},
    {"op": "paint", "cells": [[0, 0]], "tile": 1, "stroke": 1},
]


BAD_TILE_MESSAGES = [
    {"op": "pixels", "table": 2, "tile": 0, "pixels": [[0, 0, 1]], "stroke": 1},
    {"op": "pixels", "table": 0, "tile": 256, "pixels": [[0, 0, 1]], "stroke": 1},
    {"op": "pixels", "table": 0, "tile": 0, "pixels": [[8, 0, 1]], "stroke": 1},
    {"op": "pixels", "table": 0, "tile": 0, "pixels": [[0, 0, 4]], "stroke": 1},
    {"op": "pixels", "table": 0, "tile": 0, "pixels": [[0, 0, 1], [0, 0, -1]], "stroke": 1},
    {"op": "pixels", "table": 0, "tile": 0, "pixels": [[0, 0]], "stroke": 1},
    {"op": "pixels", "table": 0, "tile": 0, "pixels": [[0, 0, 1]] * 65, "stroke": 1},
]

BAD_MESSAGES = [
    pytest.param(widget, message, id=f"{widget.__name__}-{i}")
    for widget, messages in (
        (SceneEditor, BAD_SCENE_MESSAGES),
        (PaletteEditor, BAD_PALETTE_MESSAGES),
        (TileEditor, BAD_TILE_MESSAGES),
    )
    for i, message in enumerate(messages)
]


@pytest.mark.parametrize("widget, message", BAD_MESSAGES)
def test_a_bad_message_is_refused_and_leaves_the_model_unchanged(widget, message):
    game = demo_game()
    editor = widget(game)
    before = model_state(game)
    editor.handle_message(message)
    assert editor.error != ""
    assert model_state(game) == before
    if hasattr(editor, "undo"):
        assert editor.undo() is False  # a refused message leaves nothing to undo
        assert model_state(game) == before


def test_a_refusal_says_what_was_wrong_and_what_is_allowed():
    editor = SceneEditor(demo_game())
    editor.handle_message({"op": "paint", "cells": [[1, 1]], "tile": 300, "stroke": 1})
    assert editor.error == "message field 'tile': 300 is out of range; use 0-255"


def test_the_next_good_message_clears_the_error():
    editor = SceneEditor(demo_game())
    editor.handle_message({"op": "paint", "cells": [[1, 1]], "tile": 300, "stroke": 1})
    editor.handle_message({"op": "paint", "cells": [[1, 1]], "tile": 3, "stroke": 1})
    assert editor.error == ""


def test_a_paint_message_sets_exactly_its_cells():
    game = demo_game()
    scene = game.scenes[0]
    before = scene.nametable.copy()
    editor = SceneEditor(game)
    editor.handle_message(
        {"op": "paint", "cells": [[5, 6], [6, 6], [7, 6]], "tile": 0x86, "stroke": 1, "seq": 4}
    )
    expected = before.copy()
    expected[6, 5:8] = 0x86
    assert np.array_equal(scene.nametable, expected)
    assert editor.ack == 4


@pytest.mark.parametrize(
    "message, check",
    [
        (
            {"op": "rect", "corners": [[12, 4], [10, 5]], "tile": 7, "stroke": 1},
            lambda s: (s.nametable[4:6, 10:13] == 7).all(),
        ),
        (
            {"op": "block_palette", "blocks": [[3, 2], [4, 2]], "palette": 3, "stroke": 1},
            lambda s: s.attributes[2, 3] == 3 and s.attributes[2, 4] == 3,
        ),
        (
            {"op": "add_sprite", "x": 40, "y": 50, "tile": 4, "palette": 2, "flip_h": True,
             "flip_v": False, "stroke": 1},
            lambda s: s.sprites[-1] == Sprite(40, 50, 4, 2, flip_h=True),
        ),
        (
            {"op": "move_sprite", "index": 0, "x": 10, "y": 20, "stroke": 1},
            lambda s: (s.sprites[0].x, s.sprites[0].y) == (10, 20),
        ),
        (
            {"op": "update_sprite", "index": 1, "palette": 3, "flip_v": True, "stroke": 1},
            lambda s: s.sprites[1].palette == 3 and s.sprites[1].flip_v,
        ),
        (
            {"op": "delete_sprite", "index": 0, "stroke": 1},
            lambda s: len(s.sprites) == 5,
        ),
        (
            # The demo font puts character c at tile $20 + (c - $20), i.e. tile = ASCII code.
            {"op": "text", "x": 3, "y": 5, "text": "HI", "stroke": 1},
            lambda s: list(s.nametable[5, 3:5]) == [ord("H"), ord("I")],
        ),
    ],
)  # fmt: skip
def test_each_scene_editor_operation_edits_the_scene(message, check):
    game = demo_game()
    editor = SceneEditor(game)
    editor.handle_message(message)
    assert editor.error == ""
    assert check(game.scenes[0])


def test_a_set_color_message_sets_the_entry_and_entry_0_sets_the_shared_backdrop():
    game = demo_game()
    editor = PaletteEditor(game, scene="Meadow")
    editor.handle_message({"op": "set_color", "palette": 6, "entry": 2, "color": 0x2A})
    editor.handle_message({"op": "set_color", "palette": 3, "entry": 0, "color": 0x0F})
    array = game.scene("Meadow").palettes.array
    assert array[6, 2] == 0x2A
    assert (array[:, 0] == 0x0F).all()
    # Palette RAM order: $3F00 + 4 * palette + entry.
    assert editor.palettes[4 * 6 + 2] == 0x2A


def test_a_pixels_message_changes_the_tile_in_every_scene_that_uses_it():
    game = demo_game()
    editor = TileEditor(game, table=0, tile=0x86)
    editor.handle_message(
        {"op": "pixels", "table": 0, "tile": 0x86, "pixels": [[3, 4, 2], [0, 0, 0]], "stroke": 1}
    )
    assert game.tileset[0x86][4, 3] == 2 and game.tileset[0x86][0, 0] == 0
