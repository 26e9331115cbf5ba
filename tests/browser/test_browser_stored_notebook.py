"""Notebook 05 as stored in the repository reads in JupyterLab before anyone runs it.

A notebook fresh from a clone is untrusted: Lab shows the safe outputs of each widget, its still
picture (``text/html`` with an ``<img>``, and the ``image/png`` beside it). A trusted notebook
(one you ran, or signed with ``jupyter trust``) shows the widget views, which say
"Error displaying widget: model not found" until their cells run again unless the notebook
carries the widgets' state: notebook 05 is stored with it (`tests/test_notebook_pictures.py`
checks the file), and Lab draws its widgets from it with no cell run. Their big pictures are
stored deflated (`binary(deflate=True)`); the views must inflate them and draw the same pixels
as the still pictures stored beside them.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from lab_harness import (
    canvas_pixels,
    chromium_page,
    lab_server,
    png_pixels,
    require_chromium,
    widget_errors,
)

STORED = Path(__file__).resolve().parents[2] / "notebooks" / "05_designing_with_widgets.ipynb"


def widget_views(path: Path) -> list:
    """The widget outputs stored in a notebook: each should show as a still picture."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [
        o for c in cells for o in c.get("outputs", [])
        if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]  # fmt: skip


def still_pictures(path: Path, widget: str) -> list[np.ndarray]:
    """The RGB pictures ``(h, w, 3) uint8`` of the last stored output whose text starts with
    ``widget``: its ``image/png``, then each ``<img>`` of its ``text/html``."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    data = [
        o["data"] for c in cells for o in c.get("outputs", [])
        if "".join(o.get("data", {}).get("text/plain", "")).startswith(widget)
    ][-1]  # fmt: skip
    pngs = ["".join(data["image/png"])]
    html = "".join(data.get("text/html", ""))
    pngs += re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", html)
    return [png_pixels(base64.b64decode(png)) for png in pngs]


def stored_meadow():
    return still_pictures(STORED, "Scene('Meadow'")[0]  # after the palette edits


def stored_level_screen_1():
    return still_pictures(STORED, "SceneEditor(scene 'Level'")[0][:, 256:512]  # the whole map


def stored_ppu_frame():
    return still_pictures(STORED, "PPUViewer(")[0]


def stored_ppu_nametables():
    return still_pictures(STORED, "PPUViewer(")[2]


def stored_pattern_table_1():
    return still_pictures(STORED, "TileEditor(")[2][16:, 16:]  # inside its hex axes


# Each view drawn from the stored state against the still picture stored with its cell (or a
# later cell): (canvas, which of them, canvas pixels a picture pixel spans, picture, the share of
# pixels that may differ). The PPU viewer changes nothing after it is shown: every pixel
# agrees. The editors draw overlays (sprite boxes, the selected tile) and the notebook edits
# them after their picture was stored (the coin tile, the level's block palette), but a view
# that failed to inflate its picture or tiles draws nothing, and differs everywhere.
SAME_PIXELS = [
    (".romulus-ppu-frame", 0, 1, stored_ppu_frame, 0.0),
    (".romulus-ppu-nametables", 0, 1, stored_ppu_nametables, 0.0),
    (".romulus-scene-canvas", 0, 1, stored_meadow, 0.01),
    (".romulus-scene-canvas", 1, 2, stored_level_screen_1, 0.05),
    (".romulus-tile-sheet", 0, 1, stored_pattern_table_1, 0.01),
]


def differing_share(page, selector, index, step, picture) -> float:
    shown = canvas_pixels(page, selector, index)[::step, ::step]
    expected = picture()
    if shown.shape != expected.shape:  # not drawn (yet): a canvas is 300 x 150 until it is
        return 1.0
    return float((shown != expected).any(axis=2).mean())


def trust(root: Path, notebook: Path) -> None:
    """Sign ``notebook`` in the isolated data directory the Lab server of `lab_server` uses."""
    env = dict(
        os.environ,
        JUPYTER_PREFER_ENV_PATH="0",
        JUPYTER_DATA_DIR=str(root / ".jupyter-data"),
        JUPYTER_CONFIG_DIR=str(root / ".jupyter-config"),
    )
    (root / ".jupyter-data").mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "jupyter", "trust", str(notebook)], env=env, check=True,
                   capture_output=True)  # fmt: skip


@pytest.mark.parametrize(
    ("trusted", "shows"),
    [(False, ".romulus-static img"), (True, ".romulus-scene-canvas")],
    ids=["fresh from a clone", "trusted"],
)
def test_the_stored_widgets_notebook_reads_without_being_run(tmp_path, trusted, shows):
    require_chromium()
    notebook = tmp_path / STORED.name
    shutil.copy(STORED, notebook)
    if trusted:
        trust(tmp_path, notebook)
    with lab_server(tmp_path) as url, chromium_page() as page:
        page.goto(f"{url}/lab/tree/{STORED.name}", timeout=60_000)
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
        page.wait_for_selector(shows, state="visible", timeout=90_000)
        if trusted:
            page.wait_for_selector(".romulus-pal", state="visible", timeout=60_000)
            page.wait_for_selector(".romulus-meta-table", state="visible", timeout=60_000)
            for selector, index, step, picture, share in SAME_PIXELS:
                deadline = time.monotonic() + 20
                while (differ := differing_share(page, selector, index, step, picture)) > share:
                    assert time.monotonic() < deadline, (selector, index, differ)
                    time.sleep(0.25)
        else:
            assert page.locator(".romulus-static").count() == len(widget_views(STORED))
        text = page.locator(".jp-Notebook").inner_text()
        assert "model not found" not in text and widget_errors(page) == []
        prompts = page.locator(".jp-InputArea-prompt").all_inner_texts()
        assert not any("*" in prompt for prompt in prompts)  # no cell ran
