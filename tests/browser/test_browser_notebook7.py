"""The editors in Notebook 7 (the classic-looking notebook built on JupyterLab components).

Same checks as in Lab, fewer of them: the widgets load, a palette click and a canvas drag reach
the kernel. Needs the ``notebook`` package (>= 7) and chromium; fails without them.
"""

from __future__ import annotations

import importlib.util

import pytest
from lab_harness import REPO, cell_box, kernel, notebook_page, wait_for_kernel, widget_errors

NOTEBOOK = [
    "import json\n"
    "from romulus_nb.demo import demo_game\n"
    "from romulus_nb.widgets import PaletteEditor, SceneEditor\n"
    "game = demo_game()\n"
    "meadow = game.scene('Meadow')",
    "palette = PaletteEditor(game, scene='Meadow')\npalette",
    "editor = SceneEditor(game, scene='Meadow', scale=2)\neditor",
]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    assert importlib.util.find_spec("notebook") is not None, "pip install 'notebook>=7'"
    root = tmp_path_factory.mktemp("nb7")
    selectors = (".romulus-pal", ".romulus-scene-canvas")
    with notebook_page(root, "widgets.ipynb", NOTEBOOK, selectors, app="notebook") as (page, _):
        yield page


def test_notebook_7_shows_the_editors_without_errors(page):
    assert page.locator("#main-panel .jp-Notebook").count() == 1  # the Notebook 7 shell
    assert widget_errors(page) == []
    shots = REPO / "artifacts" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "notebook7.png"), full_page=True)


def test_in_notebook_7_a_swatch_click_sets_the_palette_entry(page):
    pal = page.locator(".romulus-pal")
    pal.locator('.romulus-pal-slot[data-palette="5"][data-entry="3"]').click()
    pal.locator('.romulus-pal-swatch[data-color="44"]').click()  # $2C
    assert wait_for_kernel(page, "print(int(meadow.palettes.array[5, 3]))", 0x2C) == 0x2C


def test_in_notebook_7_a_drag_paints_the_cells_under_the_pointer(page):
    before = kernel(page, "print(json.dumps(meadow.nametable.tolist()))")
    assert before[8][3:9] == [0] * 6  # open sky in the demo's meadow
    kernel(page, "editor.tile = 0x86\nprint(editor.tile)")
    page.wait_for_function(
        "() => document.querySelector('.romulus-scene-picker-title').textContent.includes('$86')"
    )
    canvas = page.locator(".romulus-scene-canvas")
    page.mouse.move(*cell_box(canvas, 3, 8))
    page.mouse.down()
    page.mouse.move(*cell_box(canvas, 8, 8), steps=12)
    page.mouse.up()
    wait_for_kernel(page, "print(int((meadow.nametable[8] == 0x86).sum()))", 6)
    after = kernel(page, "print(json.dumps(meadow.nametable.tolist()))")
    changed = {(x, y) for y in range(30) for x in range(32) if before[y][x] != after[y][x]}
    assert changed == {(x, 8) for x in range(3, 9)}
