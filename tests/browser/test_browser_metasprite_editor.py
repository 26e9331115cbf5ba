"""The MetaspriteEditor in JupyterLab in Debian's chromium: a person drags a tile from the
pattern table onto the grid, flips it, nudges it with the keyboard and undoes, and the kernel's
model follows; the grid draws what the one renderer draws, and the animations play, facing
right or left as the game draws the player.

Expected values come from the test's own reading of the page: the tile dragged, the grid cell it
was dropped on (8-pixel grid, origin 32 pixels in, 4 screen pixels a pixel), the keys pressed.
"""

from __future__ import annotations

import pytest
from lab_harness import kernel, notebook_page, wait_for_kernel, widget_errors

NOTEBOOK = [
    "import json\n"
    "from romulus_nb.widgets import MetaspriteEditor\n"
    "from romulus_nb.widgets.metasprite_editor import metasprite_picture\n"
    "from tests.demo_games import one_screen_demo\n"
    "game = one_screen_demo()  # no player yet: the test adds it",
    "editor = MetaspriteEditor(game)\neditor",
]
ZOOM, ORIGIN = 4, 32  # the grid: screen pixels a pixel, and where offset (0, 0) is
LAST_PART = "p = game.metasprites['hero'].parts[-1]\n"


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    with notebook_page(root, "metasprites.ipynb", NOTEBOOK, [".romulus-ms-grid"]) as (page, _):
        yield page


def grid_point(page, dx: int, dy: int) -> tuple[float, float]:
    """Page coordinates of offset (dx, dy) (the middle of that pixel) on the grid."""
    box = page.locator(".romulus-ms-grid").bounding_box()
    scale = box["width"] / (96 * ZOOM)
    return (
        box["x"] + ((ORIGIN + dx) * ZOOM + 2) * scale,
        box["y"] + ((ORIGIN + dy) * ZOOM + 2) * scale,
    )


def sheet_point(page, tile: int) -> tuple[float, float]:
    box = page.locator(".romulus-ms-sheet").bounding_box()
    return (
        box["x"] + ((tile % 16) + 0.5) * box["width"] / 16,
        box["y"] + ((tile // 16) + 0.5) * box["height"] / 16,
    )


def canvas_mismatches(page, selector: str, points) -> int:
    """How many ``[x, y, [r, g, b]]`` points of the canvas at ``selector`` have another
    colour (x, y in the canvas's own pixels)."""
    return page.evaluate(
        """([selector, points]) => {
          const ctx = document.querySelector(selector).getContext('2d');
          return points.filter(([x, y, rgb]) => {
            const d = ctx.getImageData(x, y, 1, 1).data;
            return d[0] !== rgb[0] || d[1] !== rgb[1] || d[2] !== rgb[2];
          }).length;
        }""",
        [selector, points],
    )


def test_the_editor_renders_without_load_or_kernel_errors(page):
    assert widget_errors(page) == []
    assert page.locator('.jp-OutputArea-output[data-mime-type*="error"]').count() == 0
    assert page.locator(".romulus-ms").count() == 1


def test_dragging_a_tile_in_then_flipping_and_nudging_it_edits_the_kernels_metasprite(page):
    # Drag tile 5 from the pattern table; drop it inside the grid cell at offset (16..23, 0..7).
    page.mouse.move(*sheet_point(page, 5))
    page.mouse.down()
    page.mouse.move(*grid_point(page, 19, 3), steps=12)
    page.mouse.up()
    code = LAST_PART + "print(json.dumps([p.tile, p.dx, p.dy, p.flip_h, p.flip_v]))"
    assert wait_for_kernel(page, code, [5, 16, 0, False, False]) == [5, 16, 0, False, False]
    assert kernel(page, "print(len(game.metasprites['hero'].parts))") == 5

    # Select it and flip it with the keys; the Flip V button flips the other way.
    page.mouse.click(*grid_point(page, 20, 4))
    assert wait_for_kernel(page, "print(editor.selected_part)", 4) == 4
    page.keyboard.press("h")
    assert wait_for_kernel(page, code, [5, 16, 0, True, False]) == [5, 16, 0, True, False]
    page.locator(".romulus-ms-flip-v").click()
    assert wait_for_kernel(page, code, [5, 16, 0, True, True]) == [5, 16, 0, True, True]

    # One pixel right with the arrow key, and back with undo.
    page.mouse.click(*grid_point(page, 20, 4))  # the keyboard goes to the editor again
    page.keyboard.press("ArrowRight")
    assert wait_for_kernel(page, code, [5, 17, 0, True, True]) == [5, 17, 0, True, True]
    page.keyboard.press("Control+z")
    assert wait_for_kernel(page, code, [5, 16, 0, True, True]) == [5, 16, 0, True, True]

    # The OAM table shows the kernel's entry: attributes $C0 (flip V, flip H, SPR0).
    assert "$C0" in page.locator(".romulus-ms-oam-table").inner_text()
    assert kernel(page, "print(json.dumps(editor.error))") == ""


def test_dragging_a_part_on_the_grid_moves_it_by_pixels_in_one_undoable_stroke(page):
    code = "print(json.dumps([(p.dx, p.dy) for p in game.metasprites['hero'].parts[:2]]))"
    assert kernel(page, code) == [[0, 0], [8, 0]]
    page.mouse.move(*grid_point(page, 10, 2))  # part 1 (8..15, 0..7)
    page.mouse.down()
    page.mouse.move(*grid_point(page, 13, 1), steps=6)
    page.mouse.up()
    assert wait_for_kernel(page, code, [[0, 0], [11, -1]]) == [[0, 0], [11, -1]]
    page.keyboard.press("Control+z")
    assert wait_for_kernel(page, code, [[0, 0], [8, 0]]) == [[0, 0], [8, 0]]


def test_a_refused_edit_shows_the_models_reason_and_changes_nothing(page):
    before = kernel(page, "print(json.dumps(list(game.metasprites)))")
    page.locator(".romulus-ms-name").fill("hero")
    page.locator(".romulus-ms-new").click()
    error = page.locator(".romulus-ms-error")
    error.wait_for(state="visible")
    page.wait_for_function(
        "() => document.querySelector('.romulus-ms-error').textContent.includes('already')"
    )
    assert "'hero' is already defined" in error.inner_text()
    assert kernel(page, "print(json.dumps(list(game.metasprites)))") == before


def test_the_grid_draws_the_metasprite_as_the_renderer_does(page):
    # Runs after the test above: the hero has a fifth part, flipped both ways.
    picture = kernel(
        page,
        "m = game.metasprites['hero']\n"
        "left = min(p.dx for p in m.parts); top = min(p.dy for p in m.parts)\n"
        "rgb = metasprite_picture(m, game.tileset, game.scenes[0])\n"
        "print(json.dumps([left, top, rgb.tolist()]))",
    )
    left, top, rgb = picture
    points = [
        [(ORIGIN + left + x) * ZOOM + 2, (ORIGIN + top + y) * ZOOM + 2, rgb[y][x]]
        for y in range(len(rgb))
        for x in range(len(rgb[0]))
    ]
    mismatches = canvas_mismatches(page, ".romulus-ms-grid", points)
    assert len(points) == 24 * 16
    assert mismatches == 0


def test_the_player_animations_play_their_frames_in_the_browser(page):
    page.locator(".romulus-ms-add-player").click()
    assert wait_for_kernel(page, "print(json.dumps(game.player is not None))", True) is True
    page.locator('.romulus-ms-anim[data-animation="walk"] .romulus-ms-frame-add').click()
    frames = "print(json.dumps(game.player.animations['walk'].frames))"
    assert wait_for_kernel(page, frames, [[0, 8], [0, 8]]) == [[0, 8], [0, 8]]
    # The preview shows frame 0 for 8/60 s, then frame 1: both appear within a second.
    seen = page.evaluate(
        """async () => {
          const seen = new Set();
          const t0 = performance.now();
          while (performance.now() - t0 < 1000) {
            const c = document.querySelector('.romulus-ms-anim[data-animation="walk"] canvas');
            seen.add(c.dataset.frame);
            await new Promise((r) => requestAnimationFrame(r));
          }
          return [...seen].sort();
        }"""
    )
    assert seen == ["0", "1"]


def test_the_facing_toggle_previews_the_animation_facing_left_as_the_renderer_draws_it(page):
    # Runs after the test above: the game has a player; idle shows the hero, whose fifth part
    # (added above) makes it unlike its mirror image.
    page.locator(".romulus-ms-facing").click()
    assert wait_for_kernel(page, "print(json.dumps(editor.facing))", "left") == "left"
    picture = kernel(
        page,
        "rows = editor.metasprites[0]['left']\n"
        "rgb = editor.preview_picture('idle', 0)\n"
        "print(json.dumps([min(r[0] for r in rows), min(r[1] for r in rows), rgb.tolist()]))",
    )
    left, top, rgb = picture
    zoom, origin = 3, 16  # the previews: screen pixels a pixel, where the box's corner is
    points = [
        [(origin + left + x) * zoom + 1, (origin + top + y) * zoom + 1, rgb[y][x]]
        for y in range(len(rgb))
        for x in range(len(rgb[0]))
    ]
    mismatches = canvas_mismatches(page, '.romulus-ms-anim[data-animation="idle"] canvas', points)
    assert len(points) > 16 * 16
    assert mismatches == 0
    assert page.locator(".romulus-ms-facing").inner_text() == "facing left"
