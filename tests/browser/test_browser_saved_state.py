"""A saved notebook reopened without its kernel still shows the editors.

JupyterLab saves widget state in the notebook when its widget manager's ``saveState`` setting is
on; the editors then render from the saved traits (the picture, the palettes, the limits) with no
kernel behind them. Elsewhere (GitHub, nbviewer, nbval) the static ``text/html`` picture of each
widget shows instead; `tests/widgets` checks that one.
"""

from __future__ import annotations

import json

import pytest
from lab_harness import notebook_page

SAVE_STATE = {"@jupyter-widgets/jupyterlab-manager/plugin.jupyterlab-settings": {"saveState": True}}
NOTEBOOK = [
    "from romulus_nb.demo import demo_game\n"
    "from romulus_nb.widgets import PaletteEditor, SceneEditor\n"
    "game = demo_game()",
    "SceneEditor(game, scene='Meadow')",
    "PaletteEditor(game, scene='Meadow')",
]
# The meadow's sky is its backdrop, $21: #64B0FF on the NESdev 2C02 palette.
SKY = [0x64, 0xB0, 0xFF]


@pytest.fixture(scope="module")
def reopened(tmp_path_factory):
    root = tmp_path_factory.mktemp("saved")
    path = root / "saved.ipynb"
    selectors = (".romulus-scene-canvas", ".romulus-pal")
    with notebook_page(root, path.name, NOTEBOOK, selectors, settings=SAVE_STATE) as (page, url):
        page.evaluate(
            """async () => {
              const app = window.jupyterapp;
              await app.commands.execute("docmanager:save");
              await app.shell.currentWidget.sessionContext.session.shutdown();
            }"""
        )
        saved = json.loads(path.read_text())
        page.goto(f"{url}/lab/tree/saved.ipynb")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
        page.wait_for_selector(".romulus-scene-canvas", state="visible", timeout=60_000)
        yield page, saved


def test_the_saved_notebook_holds_the_widget_state(reopened):
    _, saved = reopened
    state = saved["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    names = {m["model_name"] for m in state.values()}
    assert "AnyModel" in names


def test_the_reopened_notebook_draws_the_scene_from_the_saved_state(reopened):
    page, _ = reopened
    assert page.locator("text=Error displaying widget").count() == 0
    page.wait_for_function(
        """(sky) => {
          const c = document.querySelector('.romulus-scene-canvas');
          const d = c.getContext('2d').getImageData(4, 4, 1, 1).data;
          return d[0] === sky[0] && d[1] === sky[1] && d[2] === sky[2];
        }""",
        arg=SKY,
        timeout=20_000,
    )
    assert page.locator(".romulus-pal .romulus-pal-swatch").count() == 64
