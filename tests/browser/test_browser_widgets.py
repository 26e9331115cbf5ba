"""The widgets in a real browser: JupyterLab on loopback, Debian's chromium driven by Playwright.

Each test acts on the page as a person would (click, drag, key press) and then asks the kernel
what the model holds. Expected values come from the test's own reading of the hardware: which
cells the pointer crossed, and the NESdev 2C02 RGB of the colour picked. The browser must be
installed: without /usr/bin/chromium these tests fail, they do not skip.
"""

from __future__ import annotations

import base64
import time
from pathlib import Path

import numpy as np
import pytest
from lab_harness import (
    REPO,
    canvas_pixels,
    cell_box,
    kernel,
    notebook_page,
    wait_for_kernel,
    widget_errors,
)

from romulus_nb.nes.colors import DEFAULT_PALETTE

SCREENSHOTS = REPO / "artifacts" / "screenshots"
NOTEBOOK = [
    "import base64, json\n"
    "from romulus_nb.demo import demo_game\n"
    "from romulus_nb.widgets import PaletteEditor, PPUViewer, SceneEditor, TileEditor\n"
    "game = demo_game()\n"
    "title = game.scenes[0]",
    "palette = PaletteEditor(game)\npalette",
    "editor = SceneEditor(game, scale=2)\neditor",
    "tiles = TileEditor(game, tile=0x86)\ntiles",
    "ppu = PPUViewer.record(game.build(), frames=6, every=2)\nppu",
]
WIDGETS = {
    "palette_editor": ".romulus-pal",
    "scene_editor": ".romulus-scene",
    "tile_editor": ".romulus-tile",
    "ppu_viewer": ".romulus-ppu",
}
# $2A on the NESdev wiki's 2C02 palette (https://www.nesdev.org/wiki/PPU_palettes): #5CE430.
RGB_2A = [0x5C, 0xE4, 0x30]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    with notebook_page(root, "widgets.ipynb", NOTEBOOK, WIDGETS.values()) as (page, _):
        yield page


def nametable(page) -> list[list[int]]:
    return kernel(page, "print(json.dumps(title.nametable.tolist()))")


def pick_tile(page, tile: int) -> None:
    """Click tile ``tile`` in the SceneEditor's pattern table picker (16 tiles a row)."""
    picker = page.locator(".romulus-scene .romulus-scene-picker")
    box = picker.bounding_box()
    x = box["x"] + ((tile % 16) * 8 + 4) * box["width"] / 128
    y = box["y"] + ((tile // 16) * 8 + 4) * box["height"] / 128
    page.mouse.click(x, y)
    assert wait_for_kernel(page, "print(editor.tile)", tile) == tile


def drag_row(page, y: int, x0: int, x1: int) -> None:
    canvas = page.locator(".romulus-scene .romulus-scene-canvas")
    page.mouse.move(*cell_box(canvas, x0, y))
    page.mouse.down()
    page.mouse.move(*cell_box(canvas, x1, y), steps=4 * abs(x1 - x0) + 1)
    page.mouse.up()


def changed_cells(before, after) -> set[tuple[int, int]]:
    return {(x, y) for y in range(30) for x in range(32) if before[y][x] != after[y][x]}


def test_every_widget_renders_without_load_errors_or_kernel_errors(page):
    assert widget_errors(page) == []
    assert page.locator('.jp-OutputArea-output[data-mime-type*="stderr"]').count() == 0
    assert page.locator('.jp-OutputArea-output[data-mime-type*="error"]').count() == 0
    for selector in WIDGETS.values():
        assert page.locator(selector).count() == 1, selector


def test_clicking_a_slot_then_a_master_swatch_sets_that_palette_entry_in_the_kernel(page):
    pal = page.locator(".romulus-pal")
    pal.locator('.romulus-pal-slot[data-palette="1"][data-entry="3"]').click()
    pal.locator('.romulus-pal-swatch[data-color="42"]').click()
    assert wait_for_kernel(page, "print(int(title.palettes.array[1, 3]))", 0x2A) == 0x2A
    assert kernel(page, "print(json.dumps(palette.error))") == ""


def test_the_scene_editor_repaints_in_the_colour_the_palette_editor_picked(page):
    # Runs after the test above: BG1 entry 3 (the brick mortar) is now $2A.
    y, x = kernel(
        page,
        "import numpy as np\n"
        "print(json.dumps(np.argwhere(title.render().indices == 0x2A)[0].tolist()))",
    )
    canvas = page.locator(".romulus-scene .romulus-scene-canvas")
    page.wait_for_function(
        """([x, y, rgb]) => {
          const c = document.querySelector('.romulus-scene .romulus-scene-canvas');
          const d = c.getContext('2d').getImageData(2 * x + 1, 2 * y + 1, 1, 1).data;
          return d[0] === rgb[0] && d[1] === rgb[1] && d[2] === rgb[2];
        }""",
        arg=[x, y, RGB_2A],
        timeout=20_000,
    )
    assert canvas.is_visible()


def test_the_unsafe_black_0d_swatch_assigns_nothing(page):
    before = kernel(page, "print(json.dumps(title.palettes.array.tolist()))")
    pal = page.locator(".romulus-pal")
    pal.locator('.romulus-pal-slot[data-palette="2"][data-entry="1"]').click()
    pal.locator('.romulus-pal-swatch[data-color="13"]').click()
    page.wait_for_timeout(300)
    assert kernel(page, "print(json.dumps(title.palettes.array.tolist()))") == before


def test_dragging_across_the_scene_editor_paints_exactly_the_cells_under_the_pointer(page):
    pick_tile(page, 0x86)
    before = nametable(page)
    expected = {(x, 6) for x in range(5, 13)}
    assert all(before[y][x] != 0x86 for x, y in expected)
    drag_row(page, 6, 5, 12)
    code = "print(int((title.nametable == 0x86).sum()))"
    start = sum(row.count(0x86) for row in before)
    wait_for_kernel(page, code, start + len(expected))
    after = nametable(page)
    assert changed_cells(before, after) == expected
    assert all(after[y][x] == 0x86 for x, y in expected)


def test_ctrl_z_restores_the_cells_of_the_last_stroke(page):
    pick_tile(page, 0x80)
    before = nametable(page)
    drag_row(page, 7, 6, 11)
    start = sum(row.count(0x80) for row in before)
    wait_for_kernel(page, "print(int((title.nametable == 0x80).sum()))", start + 6)
    assert changed_cells(before, nametable(page)) == {(x, 7) for x in range(6, 12)}
    painted = nametable(page)
    page.locator(".romulus-scene").focus()
    page.keyboard.press("Control+z")
    wait_for_kernel(page, "print(int((title.nametable == 0x80).sum()))", start)
    assert nametable(page) == before
    page.keyboard.press("Control+Shift+z")
    wait_for_kernel(page, "print(int((title.nametable == 0x80).sum()))", start + 6)
    assert nametable(page) == painted
    page.keyboard.press("Control+z")
    wait_for_kernel(page, "print(int((title.nametable == 0x80).sum()))", start)


def test_the_status_line_names_the_cell_its_nametable_address_and_attribute_bits(page):
    # Tile (11, 7): nametable byte $2000 + 7 * 32 + 11 = $20EB. Its attribute byte covers the
    # 4x4-tile area (8-11, 4-7): $23C0 + (7 // 4) * 8 + 11 // 4 = $23CA, and within that area
    # the tile is in the bottom-right 2x2 quadrant, bits 7-6 (NESdev "PPU attribute tables").
    canvas = page.locator(".romulus-scene .romulus-scene-canvas")
    page.mouse.move(*cell_box(canvas, 11, 7))
    status = page.locator(".romulus-scene .romulus-scene-status").inner_text()
    assert "tile (11, 7)" in status
    assert "nametable $20EB" in status
    assert "attribute $23CA bits 7-6" in status


def test_a_sprite_dragged_with_the_sprite_tool_moves_by_the_drag_and_delete_removes_it(page):
    before = kernel(page, "print(json.dumps([[s.x, s.y, s.tile] for s in title.sprites]))")
    assert before[0][:2] == [56, 72]  # the demo's left star
    page.locator(".romulus-scene").focus()
    page.keyboard.press("s")
    assert wait_for_kernel(page, "print(json.dumps(editor.tool))", "sprite") == "sprite"
    canvas = page.locator(".romulus-scene .romulus-scene-canvas")
    box = canvas.bounding_box()
    scale = box["width"] / 256
    page.mouse.move(box["x"] + 60 * scale, box["y"] + 76 * scale)
    # OAM byte 0 holds the line above the sprite's first (NESdev "PPU OAM"): 72 - 1 = $47.
    status = page.locator(".romulus-scene .romulus-scene-status").inner_text()
    assert "sprite 0: OAM $00-$03 = Y $47 (drawn from line 72)" in status
    page.mouse.down()
    page.mouse.move(box["x"] + 84 * scale, box["y"] + 92 * scale, steps=8)
    page.mouse.up()
    code = "print(json.dumps([title.sprites[0].x, title.sprites[0].y]))"
    assert wait_for_kernel(page, code, [80, 88]) == [80, 88]
    page.keyboard.press("Delete")
    code = "print(json.dumps([[s.x, s.y, s.tile] for s in title.sprites]))"
    assert wait_for_kernel(page, code, before[1:]) == before[1:]
    page.keyboard.press("b")  # back to the paint tool
    assert wait_for_kernel(page, "print(json.dumps(editor.tool))", "paint") == "paint"


def test_the_palette_editor_works_from_the_keyboard(page):
    pal = page.locator(".romulus-pal")
    pal.locator('.romulus-pal-slot[data-palette="3"][data-entry="1"]').click()
    pal.locator('.romulus-pal-swatch[data-color="33"]').click()  # $21, and the cursor goes there
    assert wait_for_kernel(page, "print(int(title.palettes.array[3, 1]))", 0x21) == 0x21
    pal.focus()
    page.keyboard.press("ArrowDown")  # $21 -> $31, one row (brightness level) down
    page.keyboard.press("Enter")
    assert wait_for_kernel(page, "print(int(title.palettes.array[3, 1]))", 0x31) == 0x31
    page.keyboard.press("]")  # next slot: palette 3 entry 2
    page.keyboard.press("Enter")
    assert wait_for_kernel(page, "print(int(title.palettes.array[3, 2]))", 0x31) == 0x31


def test_clicking_a_pixel_in_the_tile_editor_sets_it_to_the_chosen_colour(page):
    tile = page.locator(".romulus-tile")
    tile.locator('.romulus-tile-pen[data-value="2"]').click()
    assert wait_for_kernel(page, "print(tiles.color)", 2) == 2
    big = tile.locator(".romulus-tile-big")
    big.scroll_into_view_if_needed()  # the page above it grew with the demo's maps
    box = big.bounding_box()
    # Pixel (3, 4): column 3, row 4 of the 8x8 tile.
    page.mouse.click(box["x"] + 3.5 * box["width"] / 8, box["y"] + 4.5 * box["height"] / 8)
    code = "print(int(game.tileset[0x86][4, 3]))"
    assert wait_for_kernel(page, code, 2) == 2


def test_the_ppu_viewer_slider_moves_to_the_next_recorded_frame(page):
    slider = page.locator(".romulus-ppu .romulus-ppu-slider")
    slider.focus()
    page.keyboard.press("ArrowRight")
    assert wait_for_kernel(page, "print(ppu.frame_index)", 1) == 1
    assert kernel(page, "print(ppu.registers['frame'])") == 4


def test_the_ppu_viewer_draws_the_scroll_strip_and_lists_the_lines(page):
    viewer = page.locator(".romulus-ppu")
    strip = viewer.locator(".romulus-ppu-strip")
    assert strip.evaluate("c => [c.width, c.height]") == [128, 480]  # 64 x 240, twice
    text = viewer.locator(".romulus-ppu-splits").inner_text()
    assert text.startswith("lines 0-239: "), text  # one run: the demo splits nothing


def kernel_bytes(page, expression: str) -> np.ndarray:
    code = f"print(json.dumps(base64.b64encode({expression}).decode()))"
    return np.frombuffer(base64.b64decode(kernel(page, code)), np.uint8)


# The PPU viewer's pictures (sent deflated) against the kernel's bytes: (canvas, trait, its
# shape, how many times the canvas enlarges it, colour indices or RGB already).
PPU_PICTURES = [
    (".romulus-ppu-nametables", "nametables_image", (480, 512), 1, True),
    (".romulus-ppu-patterns", "patterns_image", (128, 256), 2, True),
    (".romulus-ppu-strip", "scroll_strip", (240, 64, 3), 2, False),
]


@pytest.mark.parametrize(("canvas", "trait", "shape", "scale", "indices"), PPU_PICTURES)
def test_the_ppu_viewer_draws_the_pictures_the_kernel_sends(page, canvas, trait, shape, scale,
                                                            indices):  # fmt: skip
    deadline = time.monotonic() + 20
    while True:
        picture = kernel_bytes(page, f"ppu.{trait}").reshape(shape)
        rgb = DEFAULT_PALETTE.rgb[picture & 0x3F] if indices else picture
        shown = canvas_pixels(page, f".romulus-ppu {canvas}")
        if np.array_equal(shown[::scale, ::scale], rgb) or time.monotonic() > deadline:
            break
        time.sleep(0.25)
    assert np.array_equal(shown[::scale, ::scale], rgb)
    assert np.array_equal(shown, rgb.repeat(scale, axis=0).repeat(scale, axis=1))


@pytest.mark.parametrize("name", sorted(WIDGETS))
def test_a_screenshot_of_each_widget_is_saved_as_an_artifact(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = Path(SCREENSHOTS / f"{name}.png")
    page.locator(WIDGETS[name]).screenshot(path=str(path))
    assert path.stat().st_size > 1000


def use_tool(page, key: str, tool: str) -> None:
    page.locator(".romulus-scene").focus()
    page.keyboard.press(key)
    assert wait_for_kernel(page, "print(json.dumps(editor.tool))", tool) == tool


def click_cell(page, x: int, y: int) -> None:
    page.mouse.click(*cell_box(page.locator(".romulus-scene .romulus-scene-canvas"), x, y))


def test_rectangle_block_palette_eyedropper_and_text_tools_edit_through_the_mouse(page):
    pick_tile(page, 0x85)
    use_tool(page, "r", "rect")
    canvas = page.locator(".romulus-scene .romulus-scene-canvas")
    page.mouse.move(*cell_box(canvas, 5, 11))
    page.mouse.down()
    page.mouse.move(*cell_box(canvas, 7, 12), steps=6)
    page.mouse.up()
    code = "print(json.dumps(title.nametable[11:13, 5:8].tolist()))"
    assert wait_for_kernel(page, code, [[0x85] * 3] * 2) == [[0x85] * 3] * 2

    use_tool(page, "a", "palette")
    page.locator('.romulus-scene .romulus-scene-palrow[data-palette="2"]').click()
    assert wait_for_kernel(page, "print(editor.palette)", 2) == 2
    click_cell(page, 20, 11)  # block (10, 5)
    assert wait_for_kernel(page, "print(int(title.attributes[5, 10]))", 2) == 2

    use_tool(page, "i", "eyedropper")
    click_cell(page, 2, 2)  # a brick of the border, drawn with background palette 1
    code = "print(json.dumps([editor.tile, editor.palette, editor.tool]))"
    assert wait_for_kernel(page, code, [0x80, 1, "paint"]) == [0x80, 1, "paint"]

    use_tool(page, "t", "text")
    click_cell(page, 6, 24)
    code = "print(json.dumps(title.nametable[24, 6:11].tolist()))"
    expected = [ord(c) for c in "HELLO"]  # the demo's font: tile number = ASCII code
    assert wait_for_kernel(page, code, expected) == expected
    use_tool(page, "b", "paint")


def test_the_sprite_tool_adds_a_sprite_with_the_picked_tile_where_clicked(page):
    use_tool(page, "s", "sprite")
    picker = page.locator(".romulus-scene .romulus-scene-picker")
    box = picker.bounding_box()
    page.mouse.click(
        box["x"] + (4 * 8 + 4) * box["width"] / 128, box["y"] + 4 * box["height"] / 128
    )
    assert wait_for_kernel(page, "print(editor.sprite_tile)", 4) == 4
    count = kernel(page, "print(len(title.sprites))")
    canvas = page.locator(".romulus-scene .romulus-scene-canvas")
    cbox = canvas.bounding_box()
    scale = cbox["width"] / 256
    page.mouse.click(cbox["x"] + 200.5 * scale, cbox["y"] + 180.5 * scale)
    code = "print(json.dumps([[s.x, s.y, s.tile] for s in title.sprites[-1:]]))"
    # The click is the sprite's centre: its top-left corner is 4 pixels up and left.
    assert wait_for_kernel(page, code, [[196, 176, 4]]) == [[196, 176, 4]]
    page.locator(".romulus-scene").focus()
    page.keyboard.press("Control+z")
    assert wait_for_kernel(page, "print(len(title.sprites))", count) == count
    use_tool(page, "b", "paint")
