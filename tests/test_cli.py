"""The romulus command, run as a user runs it: a real subprocess, exit codes, files written."""

import json
import subprocess
import sys

import pytest
from PIL import Image

from romulus_nb import load_game


def romulus(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "romulus_nb.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_new_writes_the_demo_game_and_info_describes_it(tmp_path):
    path = tmp_path / "g.json"
    assert romulus("new", path).returncode == 0
    assert load_game(path).name == "Romulus demo"
    out = romulus("info", path)
    assert out.returncode == 0
    assert (
        "5 scenes" in out.stdout and "pattern table 0:" in out.stdout and "limits: OK" in out.stdout
    )


def test_new_refuses_to_overwrite_without_force(tmp_path):
    path = tmp_path / "g.json"
    path.write_text("keep me")
    out = romulus("new", path)
    assert out.returncode == 1 and "--force" in out.stderr
    assert path.read_text() == "keep me"


def test_render_writes_a_png_of_the_scene_at_the_asked_scale(tmp_path):
    out = tmp_path / "s.png"
    result = romulus("render", "--scene", "1", "-o", out, "--scale", "3", "--grid")
    assert result.returncode == 0, result.stderr
    assert Image.open(out).size == (768, 720)


def test_bad_input_gives_one_line_and_a_non_zero_exit(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "romulus-nb-project", "version": 7}))
    out = romulus("info", bad)
    assert out.returncode == 1
    assert out.stderr.count("\n") == 1 and "version" in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize(
    "args", [("render", "--scene", "9", "-o", "x.png"), ("info", "missing.json")]
)
def test_mistakes_are_reported_without_a_traceback(tmp_path, args):
    out = romulus(*args, cwd=tmp_path)
    assert out.returncode == 1 and out.stderr.startswith("romulus: error:")
    assert "Traceback" not in out.stderr


def test_nesst_export_then_import_gives_the_same_scene(tmp_path):
    assert romulus("export", "--format", "nesst", "-o", tmp_path / "out").returncode == 0
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files[0] == "00_title.nam" and "game.chr" in files
    result = romulus(
        "import-nesst", "--chr", tmp_path / "out/game.chr", "--nam", tmp_path / "out/03_meadow.nam",
        "--pal", tmp_path / "out/03_meadow.pal", "-o", tmp_path / "imported.json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    from romulus_nb import demo_game

    imported = load_game(tmp_path / "imported.json").scenes[0]
    original = demo_game().scene("Meadow")
    assert (imported.nametable == original.nametable).all()
    assert (imported.attributes == original.attributes).all()
    assert imported.palettes == original.palettes
