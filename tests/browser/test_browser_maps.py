"""Map and metatile editing in a real browser: JupyterLab on loopback, Debian's chromium.

A level 4 screens wide built from metatiles is open in a SceneEditor and the game's table in a
MetatileEditor. Each test acts as a person would (keys, clicks, drags) and then asks the kernel
what the model holds. Where the view is, and so which map cell is under the pointer, follows
from the keys pressed: an arrow pans 16 pixels, Shift+arrow a screen (256 pixels).
"""

from __future__ import annotations

import pytest
from lab_harness import cell_box, kernel, notebook_page, wait_for_kernel, widget_errors

NOTEBOOK = [
    "import json\n"
    "import numpy as np\n"
    "from romulus_nb.nes.metatile import Metatile\n"
    "from romulus_nb.widgets import MetatileEditor, SceneEditor\n"
    "from tests.demo_games import one_screen_demo\n"
    "game = one_screen_demo()  # its own level and metatiles follow\n"
    "game.add_metatile(Metatile((0, 0, 0, 0), 0, name='sky'))\n"
    "game.add_metatile(Metatile((0x85, 0x86, 0x86, 0x85), 1, solid=True, name='brick'))\n"
    "game.add_metatile(Metatile((0x86, 0x86, 0x86, 0x86), 2, name='block'))\n"
    "level = game.add_scene('Level', screens=(4, 1))\n"
    "level.palettes = game.scenes[0].palettes\n"
    "cells = np.zeros((15, 64), np.uint8)\n"
    "cells[13:, :] = 1\n"
    "level.metatiles = cells\n"
    "tower = game.add_scene('Tower', screens=(1, 3))\n"
    "tower.palettes = level.palettes",
    "editor = SceneEditor(game, 'Level', scale=2)\neditor",
    "metas = MetatileEditor(game, 'Level')\nmetas",
]
SELECTORS = [".romulus-scene .romulus-scene-canvas", ".romulus-meta .romulus-meta-table"]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    with notebook_page(root, "maps.ipynb", NOTEBOOK, SELECTORS) as (page, _):
        yield page


def camera(page) -> list[int]:
    return kernel(page, "print(json.dumps(editor.camera))")


def press(page, *keys: str) -> None:
    page.locator(".romulus-scene").focus()
    for key in keys:
        page.keyboard.press(key)


def canvas(page):
    return page.locator(".romulus-scene .romulus-scene-canvas")


def pixel(page, x: int, y: int) -> list[int]:
    """The RGB the view canvas shows at view pixel (x, y) of the 256x240 screen."""
    return canvas(page).evaluate(
        "(c, [x, y]) => { const s = c.width / 256;"
        " const d = c.getContext('2d').getImageData(x * s, y * s, 1, 1).data;"
        " return [d[0], d[1], d[2]]; }",
        [x, y],
    )


def move_camera(page, x: int) -> None:
    """Set the camera from Python and wait until the view has scrolled there (scale 2)."""
    kernel(page, f"editor.camera = [{x}, 0]\nprint(1)")
    page.wait_for_function(
        "(x) => document.querySelector('.romulus-scene-stage').scrollLeft === 2 * x", arg=x
    )


def test_the_map_editors_render_without_load_or_kernel_errors(page):
    assert widget_errors(page) == []
    assert page.locator('.jp-OutputArea-output[data-mime-type*="error"]').count() == 0
    assert page.locator(".romulus-scene .romulus-scene-minimap").is_visible()


def test_arrow_keys_pan_the_view_and_the_kernel_knows_where_the_camera_is(page):
    press(page, "Shift+ArrowRight", "ArrowRight", "ArrowRight")  # 256 + 2 * 16
    assert wait_for_kernel(page, "print(json.dumps(editor.camera))", [288, 0]) == [288, 0]
    press(page, "ArrowLeft", "ArrowUp")  # up is clamped: a 4x1 map has one row of screens
    assert wait_for_kernel(page, "print(json.dumps(editor.camera))", [272, 0]) == [272, 0]
    press(page, "Shift+ArrowRight", "Shift+ArrowRight", "Shift+ArrowRight")  # clamped at 768
    assert wait_for_kernel(page, "print(json.dumps(editor.camera))", [768, 0]) == [768, 0]


def test_dragging_with_the_middle_button_or_with_space_held_pans_and_paints_nothing(page):
    move_camera(page, 256)
    before = kernel(page, "print(json.dumps(level.metatiles.tolist()))")
    box = canvas(page).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    # At scale 2, 64 screen pixels are 32 map pixels; dragging the picture left shows what is
    # to its right.
    page.mouse.move(x, y)
    page.mouse.down(button="middle")
    page.mouse.move(x - 64, y, steps=4)
    page.mouse.up(button="middle")
    assert wait_for_kernel(page, "print(json.dumps(editor.camera))", [288, 0]) == [288, 0]
    press(page)  # focus the editor, then hold Space and drag right with the left button
    page.keyboard.down(" ")
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 32, y, steps=4)
    page.mouse.up()
    page.keyboard.up(" ")
    assert wait_for_kernel(page, "print(json.dumps(editor.camera))", [272, 0]) == [272, 0]
    assert kernel(page, "print(json.dumps(level.metatiles.tolist()))") == before


def test_the_status_line_names_the_screen_and_its_nametable_under_vertical_mirroring(page):
    move_camera(page, 256)
    page.mouse.move(*cell_box(canvas(page), 3, 5))
    status = page.locator(".romulus-scene .romulus-scene-status").inner_text()
    # Map tile (35, 5) is tile (3, 5) of screen 1. A horizontal level has vertical mirroring,
    # so screen 1 is the nametable at $2400 (NESdev "Mirroring"): $2400 + 5 * 32 + 3 = $24A3;
    # its attribute byte is $2400 + $3C0 + (5 // 4) * 8 + 3 // 4 = $27C8. That byte covers
    # tiles 0-3 x 4-7; row 5 is in their top half and column 3 in their right half: the top-right
    # quadrant, bits 3-2 (NESdev "PPU attribute tables").
    assert "tile (35, 5)" in status and "screen (1, 0)" in status
    assert "nametable $24A3 ($2400 + 163)" in status
    assert "attribute $27C8 bits 3-2" in status


def test_the_minimap_moves_the_view_to_where_it_is_clicked(page):
    mini = page.locator(".romulus-scene .romulus-scene-minimap")
    box = mini.bounding_box()
    # The minimap shows the 1024-pixel-wide level in its width: a click at 5/8 of it centres
    # the 256-pixel view on map x 640, so the camera goes to 640 - 128 = 512.
    page.mouse.click(box["x"] + box["width"] * 5 / 8, box["y"] + box["height"] / 2)
    assert wait_for_kernel(page, "print(json.dumps(editor.camera))", [512, 0]) == [512, 0]


def test_a_metatile_painted_on_the_third_screen_lands_in_the_map_and_its_tiles(page):
    move_camera(page, 512)
    picker = page.locator(".romulus-scene .romulus-scene-metatile-picker")
    box = picker.bounding_box()
    page.mouse.click(box["x"] + 2 * 32 + 16, box["y"] + 16)  # metatile 2, 'block'
    assert wait_for_kernel(page, "print(json.dumps([editor.metatile, editor.tool]))",
                           [2, "metatile"]) == [2, "metatile"]  # fmt: skip
    # View cells (2, 6) to (7, 6) are view blocks 1-3 of block row 3; the view starts at map
    # block 512 / 16 = 32, so map blocks 33-35.
    page.mouse.move(*cell_box(canvas(page), 2, 6))
    page.mouse.down()
    page.mouse.move(*cell_box(canvas(page), 7, 6), steps=10)
    page.mouse.up()
    code = "print(json.dumps(level.metatiles[3, 32:37].tolist()))"
    assert wait_for_kernel(page, code, [0, 2, 2, 2, 0]) == [0, 2, 2, 2, 0]
    assert (
        kernel(page, "print(json.dumps(level.nametable[6:8, 66:72].tolist()))") == [[0x86] * 6] * 2
    )
    assert kernel(page, "print(json.dumps(level.attributes[3, 33:36].tolist()))") == [2, 2, 2]


def test_a_refused_stroke_is_drawn_at_once_then_rolled_back_to_the_kernels_picture(page):
    move_camera(page, 0)
    kernel(page, "editor.tile = 0x86\nprint(1)")
    press(page, "b")  # tiles: a metatile map refuses them (the map would paint over them)
    assert wait_for_kernel(page, "print(json.dumps(editor.tool))", "paint") == "paint"
    before = kernel(page, "print(json.dumps(level.nametable.tolist()))")
    sky = pixel(page, 12, 12)  # cell (1, 1), sky, before the stroke
    # Sample the canvas in the same task as the press, before any answer can arrive.
    page.evaluate(
        """() => {
      const c = document.querySelector('.romulus-scene .romulus-scene-canvas');
      globalThis.__sampled = null;
      document.addEventListener('pointerdown', () => {
        const s = c.width / 256;
        globalThis.__sampled = Array.from(
          c.getContext('2d').getImageData(8 * s, 8 * s, 8 * s, 8 * s).data);
      }, { once: true });
    }"""
    )
    page.mouse.move(*cell_box(canvas(page), 1, 1))
    page.mouse.down()
    page.mouse.move(*cell_box(canvas(page), 4, 1), steps=6)
    page.mouse.up()
    message = wait_for_kernel(
        page, "print(json.dumps('drawn from metatiles' in editor.error))", True
    )
    assert message is True
    assert kernel(page, "print(json.dumps(level.nametable.tolist()))") == before
    stamped = page.evaluate("() => globalThis.__sampled")
    colours = {tuple(stamped[i : i + 3]) for i in range(0, len(stamped), 4)}
    assert len(colours) > 1, "the tile was not drawn at once (the cell stayed plain sky)"
    page.wait_for_function(
        "(sky) => { const c = document.querySelector('.romulus-scene .romulus-scene-canvas');"
        " const s = c.width / 256;"
        " const d = c.getContext('2d').getImageData(12 * s, 12 * s, 1, 1).data;"
        " return d[0] === sky[0] && d[1] === sky[1] && d[2] === sky[2]; }",
        arg=sky,
    )


def test_editing_a_metatile_changes_the_table_and_every_map_cell_using_it(page):
    meta = page.locator(".romulus-meta")
    table = meta.locator(".romulus-meta-table")
    box = table.bounding_box()
    page.mouse.click(box["x"] + 32 + 16, box["y"] + 16)  # metatile 1, 'brick'
    assert wait_for_kernel(page, "print(metas.selected)", 1) == 1
    assert "Used by Level (128 cells)" in meta.locator(".romulus-meta-usage").inner_text()
    big = meta.locator(".romulus-meta-big").bounding_box()
    page.mouse.click(big["x"] + big["width"] * 3 / 4, big["y"] + big["height"] / 4)  # top-right
    assert wait_for_kernel(page, "print(metas.corner)", 1) == 1
    tiles = meta.locator(".romulus-meta-tiles").bounding_box()
    # Tile $41 ('A' in the demo's font): column 1, row 4 of the 16x16 pattern table.
    page.mouse.click(
        tiles["x"] + 1.5 * tiles["width"] / 16, tiles["y"] + 4.5 * tiles["height"] / 16
    )
    code = "print(json.dumps(list(game.metatiles[1].tiles)))"
    assert wait_for_kernel(page, code, [0x85, 0x41, 0x86, 0x85]) == [0x85, 0x41, 0x86, 0x85]
    # Every brick cell of the map (block rows 13-14) shows the new tile at its top-right.
    assert kernel(page, "print(int((level.nametable[26::2, 1::2] == 0x41).sum()))") == 128
    meta.locator('.romulus-meta-flags input[data-flag="solid"]').click()
    assert wait_for_kernel(page, "print(json.dumps(game.metatiles[1].solid))", False) is False
    meta.locator('.romulus-meta-palette[data-palette="3"]').click()
    assert wait_for_kernel(page, "print(game.metatiles[1].palette)", 3) == 3
    meta.focus()
    page.keyboard.press("Control+z")
    assert wait_for_kernel(page, "print(game.metatiles[1].palette)", 1) == 1
    meta.locator(".romulus-meta-add").click()
    assert wait_for_kernel(page, "print(len(game.metatiles))", 4) == 4


def test_a_vertical_level_pans_down_and_its_screens_alternate_between_2000_and_2800(page):
    index = kernel(page, "print(game.scenes.index(tower))")
    kernel(page, f"editor.scene_index = {index}\nprint(1)")
    page.wait_for_function(
        "() => document.querySelector('.romulus-scene-stage').classList"
        ".contains('romulus-scene-map-y')"
    )
    press(page, "Shift+ArrowDown", "ArrowDown")  # 240 + 16
    assert wait_for_kernel(page, "print(json.dumps(editor.camera))", [0, 256]) == [0, 256]
    page.mouse.move(*cell_box(canvas(page), 3, 4))
    status = page.locator(".romulus-scene .romulus-scene-status").inner_text()
    # View row 4 is map pixel row 256 + 36 = 292, tile row 36: row 6 of screen (0, 1). A vertical
    # level has horizontal mirroring, so screen 1 is the nametable at $2800 (NESdev "Mirroring"):
    # $2800 + 6 * 32 + 3 = $28C3, attribute byte $2800 + $3C0 + (6 // 4) * 8 + 3 // 4 = $2BC8;
    # row 6 is in the bottom half of rows 4-7, column 3 in the right half: bits 7-6.
    assert "tile (3, 36)" in status and "screen (0, 1)" in status
    assert "nametable $28C3 ($2800 + 195)" in status
    assert "attribute $2BC8 bits 7-6" in status
