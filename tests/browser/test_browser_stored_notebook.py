"""Notebook 05 as stored in the repository reads in JupyterLab before anyone runs it.

A notebook fresh from a clone is untrusted: Lab shows the safe outputs of each widget, its still
picture (``text/html`` with an ``<img>``, and the ``image/png`` beside it). A trusted notebook
(one you ran, or signed with ``jupyter trust``) shows the widget views, which say
"Error displaying widget: model not found" until their cells run again unless the notebook
carries the widgets' state: notebook 05 is stored with it (`tests/test_notebook_pictures.py`
checks the file), and Lab draws its widgets from it with no cell run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lab_harness import chromium_page, lab_server, require_chromium, widget_errors

STORED = Path(__file__).resolve().parents[2] / "notebooks" / "05_designing_with_widgets.ipynb"


def widget_views(path: Path) -> list:
    """The widget outputs stored in a notebook: each should show as a still picture."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [
        o for c in cells for o in c.get("outputs", [])
        if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]  # fmt: skip


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
        else:
            assert page.locator(".romulus-static").count() == len(widget_views(STORED))
        text = page.locator(".jp-Notebook").inner_text()
        assert "model not found" not in text and widget_errors(page) == []
        prompts = page.locator(".jp-InputArea-prompt").all_inner_texts()
        assert not any("*" in prompt for prompt in prompts)  # no cell ran
