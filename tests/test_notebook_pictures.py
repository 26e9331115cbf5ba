"""Every stored notebook output reads without a kernel and without JavaScript (GitHub, nbviewer, an
HTML export): a picture always goes out as a PNG (or SVG) beside any rich view, palette views
included, and the widgets of notebook 05 are stored with their state so JupyterLab can draw them
before the notebook runs. The tutorials 00-08 each hold at least two exercises, stored open with
the check's "not yet" hint."""

from __future__ import annotations

import base64
import importlib
import json
import re
import zlib
from pathlib import Path

import pytest

from romulus_nb import exercises

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
TUTORIALS = sorted(p.name for p in NOTEBOOKS.glob("0[0-8]_*.ipynb"))
#: A cell that runs an exercise's check: ``module.exercise.check(...)``.
EXERCISE_CHECK = re.compile(r"^(\w+)\.(\w+)\.check\(", re.MULTILINE)
STILL = ("image/png", "image/svg+xml")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
# What makes an HTML output a picture: an image, or a swatch painted by an inline style (which
# GitHub strips, leaving it blank).
PICTURE_HTML = re.compile(r"<img|<svg|<canvas|style=[\"'][^\"']*background", re.IGNORECASE)


def outputs(name: str):
    notebook = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            yield cell, output


def html(data: dict) -> str:
    return "".join(data.get("text/html", ""))


def plain(data: dict) -> str:
    return "".join(data.get("text/plain", ""))


@pytest.mark.parametrize("name", TUTORIALS)
def test_every_widget_view_carries_a_png_of_what_it_shows(name):
    for cell, output in outputs(name):
        data = output.get("data", {})
        if WIDGET_VIEW in data:
            assert any(kind in data for kind in STILL), (cell["id"], plain(data))


@pytest.mark.parametrize("name", TUTORIALS)
def test_every_picture_output_of_the_tutorials_has_a_png_or_svg(name):
    for cell, output in outputs(name):
        data = output.get("data", {})
        if (
            WIDGET_VIEW in data
            or PICTURE_HTML.search(html(data))
            and "romulus-emu" not in html(data)
        ):
            assert any(kind in data for kind in STILL), (cell["id"], plain(data)[:80])


@pytest.mark.parametrize("name", TUTORIALS)
def test_palette_views_in_the_tutorials_carry_a_png(name):
    for cell, output in outputs(name):
        data = output.get("data", {})
        if plain(data).startswith(("MasterPalette(", "PaletteSet(", "Palette(", "NESColor(")):
            assert "image/png" in data, (cell["id"], plain(data))


def test_the_palette_views_are_shown_somewhere_in_the_series():
    shown = {
        plain(output.get("data", {})).split("(")[0]
        for name in TUTORIALS
        for _, output in outputs(name)
        if "image/png" in output.get("data", {})
    }
    assert {"MasterPalette", "PaletteSet"} <= shown


def test_notebook_05_stores_the_state_of_every_widget_it_shows():
    path = NOTEBOOKS / "05_designing_with_widgets.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    state = notebook["metadata"]["widgets"][WIDGET_STATE]["state"]
    views = [o["data"][WIDGET_VIEW]["model_id"] for _, o in outputs(path.name)
             if WIDGET_VIEW in o.get("data", {})]  # fmt: skip
    assert views and all(model in state for model in views)


def test_notebook_05_stores_the_big_pictures_of_its_widgets_deflated():
    path = NOTEBOOKS / "05_designing_with_widgets.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    deflated = 0
    for model in notebook["metadata"]["widgets"][WIDGET_STATE]["state"].values():
        module, _, name = model["state"].get("_anywidget_id", "").rpartition(".")
        if not module.startswith("romulus_nb.widgets."):
            continue
        traits = getattr(importlib.import_module(module), name).class_traits(deflate=True)
        for buffer in model.get("buffers", []):
            trait = traits.get(buffer["path"][0])
            if trait is not None:
                picture = zlib.decompress(base64.b64decode(buffer["data"]))
                assert trait.size is None or len(picture) == trait.size, buffer["path"]
                deflated += 1
    assert deflated == 10  # frame and chr of 2 scene editors, chr of 2 editors, 4 in the viewer


@pytest.mark.parametrize("name", TUTORIALS)
def test_each_tutorial_stores_at_least_two_open_exercises_with_their_hint(name):
    verdicts = [
        plain(output.get("data", {}))
        for cell, output in outputs(name)
        if EXERCISE_CHECK.search("".join(cell["source"]))
        and output["output_type"] == "execute_result"
    ]
    opened = [v for v in verdicts if v.startswith("not yet (") and "\n  hint: " in v]
    assert len(opened) >= 2 and len(opened) == len(verdicts), verdicts


@pytest.mark.parametrize("name", TUTORIALS)
def test_each_exercise_cell_checks_an_exercise_of_its_own_notebook(name):
    named = [
        match.groups()
        for cell, output in outputs(name)
        if output["output_type"] == "execute_result"
        for match in EXERCISE_CHECK.finditer("".join(cell["source"]))
    ]
    assert len(named) >= 2
    for module, exercise in named:
        found = getattr(getattr(exercises, module), exercise)
        assert isinstance(found, exercises.Exercise) and found.notebook == name[:2], exercise


@pytest.mark.parametrize("name", TUTORIALS)
def test_the_smoke_reports_draw_palette_ram_as_a_picture_not_styled_swatches(name):
    for cell, output in outputs(name):
        text = html(output.get("data", {}))
        if "romulus-emu" in text:
            assert not re.search(r"background:\s*rgb\(", text), cell["id"]
