"""StoreBar in JupyterLab: clicking Open shows the editor of the stored game, a stroke on its
canvas marks the game changed, clicking Save stores it, and a save refused because someone else
saved meanwhile shows on the status line (in the page, not in a traceback)."""

from __future__ import annotations

import pytest
from lab_harness import cell_box, kernel, notebook_page, wait_for_kernel, widget_errors


@pytest.fixture(scope="module")
def bar_page(tmp_path_factory):
    root = tmp_path_factory.mktemp("store_bar")
    notebook = [
        "from romulus_nb.demo import demo_game\n"
        "from romulus_nb.store import GameStore\n"
        "from romulus_nb.widgets import SceneEditor\n"
        "from romulus_nb.widgets.store_bar import StoreBar\n"
        f"store = GameStore('sqlite:///{root / 'games.db'}')\n"
        "info = store.save(demo_game())\n"
        "bar = StoreBar(store, editor=SceneEditor)\n"
        "bar",
    ]
    with notebook_page(root, "bar.ipynb", notebook, (".romulus-store-status",)) as (page, _):
        yield page


def stroke(page, canvas, y: int) -> None:
    """Paint cells (4, y) to (8, y) with a drag, as a person would."""
    page.mouse.move(*cell_box(canvas, 4, y))
    page.mouse.down()
    page.mouse.move(*cell_box(canvas, 8, y), steps=17)
    page.mouse.up()


def status(page) -> str:
    return page.locator(".romulus-store-status").inner_text()


def test_open_stroke_save_and_a_refused_save_all_show_in_the_page(bar_page):
    page = bar_page
    page.locator(".romulus-store-open").click()
    page.wait_for_selector(".romulus-scene-canvas", state="visible", timeout=60_000)
    page.wait_for_function(
        "() => document.querySelector('.romulus-store-status').innerText.includes('version 1')"
    )
    canvas = page.locator(".romulus-scene .romulus-scene-canvas")
    kernel(page, "bar.editor.tile = 0x85\nprint(1)")
    stroke(page, canvas, 9)
    assert wait_for_kernel(page, "print(int(bar.changed))", 1) == 1
    assert "changed since (not saved)" in status(page)

    page.locator(".romulus-store-save").click()
    page.wait_for_function(
        "() => document.querySelector('.romulus-store-status').innerText.includes('version 2')"
    )
    assert status(page) == "Saved: 'Romulus demo', version 2."

    kernel(
        page,
        "other = store.load(info.id)\nother.scenes[2].paint_tiles([(1, 1)], 5)\n"
        "store.save(other)\nprint(1)",
    )
    stroke(page, canvas, 11)
    page.locator(".romulus-store-save").click()
    page.wait_for_function(
        "() => document.querySelector('.romulus-store-status').innerText.startsWith('Not saved')"
    )
    assert "now version 3; this copy is version 2" in status(page)
    assert page.locator(".romulus-store-status-error").count() == 1
    assert widget_errors(page) == []
