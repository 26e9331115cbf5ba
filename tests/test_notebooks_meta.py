"""The tutorial notebooks as files: the series is complete, stored with outputs, and readable.

`pytest --nbval notebooks/` executes them and compares outputs; these tests check what nbval does
not: that every notebook is there, has a kernel, was saved after a full run, ends with its checks,
links to notebooks that exist, and carries nothing that changes from run to run.
"""

import json
import re
from pathlib import Path

import pytest

from romulus_nb.exercises import by_notebook

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
SERIES = [
    "00_quick_start.ipynb",
    "01_colours_and_palettes.ipynb",
    "02_tiles_and_pattern_tables.ipynb",
    "03_nametables_and_attributes.ipynb",
    "04_sprites_and_oam.ipynb",
    "05_designing_with_widgets.ipynb",
    "06_building_the_rom.ipynb",
    "07_cpu_smoke_test.ipynb",
    "08_from_a_picture_to_a_scene.ipynb",
    "09_the_frame.ipynb",
    "10_scrolling_and_mirroring.ipynb",
    "11_making_it_move.ipynb",
    "12_your_own_6502.ipynb",
    "13_games_in_a_database.ipynb",
]
# Reprs that would differ between runs: memory addresses and Jupyter's default object reprs.
VOLATILE = re.compile(r"0x[0-9a-f]{8,}|object at 0x|<function |<bound method ")


def load(name: str) -> dict:
    return json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))


def code_cells(notebook: dict) -> list[dict]:
    return [c for c in notebook["cells"] if c["cell_type"] == "code"]


def source(cell: dict) -> str:
    return "".join(cell["source"])


def texts(cell: dict):
    """The printed and plain-text outputs of a cell, as strings (HTML holds base64 pictures)."""
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            yield "".join(output["text"])
        if "text/plain" in output.get("data", {}):
            yield "".join(output["data"]["text/plain"])


def test_the_series_is_exactly_the_listed_tutorials():
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == SERIES


@pytest.mark.parametrize("name", SERIES)
def test_each_notebook_names_the_python3_kernel(name):
    spec = load(name)["metadata"]["kernelspec"]
    assert spec == {"name": "python3", "display_name": "Python 3", "language": "python"}


@pytest.mark.parametrize("name", SERIES)
def test_each_notebook_was_saved_after_running_every_cell_in_order(name):
    counts = [c["execution_count"] for c in code_cells(load(name))]
    assert counts == list(range(1, len(counts) + 1))


@pytest.mark.parametrize("name", SERIES)
def test_each_notebook_stored_no_errors(name):
    for cell in code_cells(load(name)):
        assert all(o["output_type"] != "error" for o in cell.get("outputs", [])), source(cell)


@pytest.mark.parametrize("name", SERIES)
def test_each_notebook_ends_with_checks_that_passed(name):
    last = code_cells(load(name))[-1]
    assert "assert" in source(last)
    assert "all checks passed" in "".join(texts(last))


@pytest.mark.parametrize("name", SERIES)
def test_each_notebook_shows_pictures(name):
    pictures = sum(
        "image/png" in o.get("data", {})
        or "<img" in "".join(o.get("data", {}).get("text/html", ""))
        for c in code_cells(load(name))
        for o in c.get("outputs", [])
    )
    assert pictures >= 1


@pytest.mark.parametrize("name", SERIES)
def test_no_stored_text_output_holds_an_address_or_a_default_repr(name):
    for cell in code_cells(load(name)):
        for text in texts(cell):
            assert not VOLATILE.search(text), text[:200]


# Notebooks whose widgets are stored with their state, so that JupyterLab draws them before the
# notebook is run (without it, a widget view shows "model not found" until the cell runs again).
WIDGET_STATE = {"05_designing_with_widgets.ipynb"}


@pytest.mark.parametrize("name", SERIES)
def test_no_notebook_keeps_timings_or_widget_state_it_does_not_need(name):
    notebook = load(name)
    assert ("widgets" in notebook["metadata"]) == (name in WIDGET_STATE)
    assert all("execution" not in c.get("metadata", {}) for c in notebook["cells"])


# The repository's limit for a stored notebook (the before-stop check flags larger files): a
# widget's state keeps its big pictures deflated (`binary(deflate=True)`) to stay under it.
MAX_NOTEBOOK_BYTES = 1024 * 1024


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_every_notebook_file_stays_under_1_mib(path):
    assert path.stat().st_size < MAX_NOTEBOOK_BYTES


@pytest.mark.parametrize("name", SERIES)
def test_every_notebook_that_is_linked_exists(name):
    for cell in load(name)["cells"]:
        if cell["cell_type"] == "markdown":
            for target in re.findall(r"\]\(([^)#]+\.ipynb)\)", source(cell)):
                assert (NOTEBOOKS / target).exists(), target


# Notebooks that show every exercise of `romulus_nb.exercises.by_notebook(number)` open, with its
# stored "not yet" hint (the learner's answer left as ...).
SHOW_THEIR_EXERCISES = ["09_the_frame.ipynb", "10_scrolling_and_mirroring.ipynb"]


@pytest.mark.parametrize("name", SHOW_THEIR_EXERCISES)
def test_each_exercise_of_the_notebook_is_shown_open_with_its_hint(name):
    outputs = "".join(text for cell in code_cells(load(name)) for text in texts(cell))
    exercises = by_notebook(name[:2])
    assert len(exercises) >= 2
    for exercise in exercises:
        assert exercise.question in outputs
        assert str(exercise.check(...)) in outputs
