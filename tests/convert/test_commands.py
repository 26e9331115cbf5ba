"""`romulus import-image`: new projects, adding to a project, and one-line errors."""

import os
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from romulus_nb.cli import main
from romulus_nb.demo import demo_game
from romulus_nb.nes.colors import DEFAULT_PALETTE
from romulus_nb.project import load_game, save_game
from romulus_nb.render import render_scene


@pytest.fixture
def picture_file(tmp_path, photo):
    path = tmp_path / "astronaut.png"
    Image.fromarray(photo).save(path)
    return path


def test_import_image_writes_a_new_project_with_one_scene(tmp_path, picture_file, capsys):
    out = tmp_path / "game.json"
    assert main(["import-image", str(picture_file), "-o", str(out), "--tiles", "120"]) == 0
    game = load_game(out)
    assert [s.name for s in game.scenes] == ["astronaut"]
    assert len(game.scene(0).background_tiles_used()) <= 120
    printed = capsys.readouterr().out
    assert f"wrote {out}" in printed and "PSNR" in printed


def test_import_image_adds_to_an_existing_project_without_touching_its_scenes(
    tmp_path, picture_file
):
    first = tmp_path / "first.json"
    main(["import-image", str(picture_file), "-o", str(first), "--tiles", "100"])
    before = load_game(first).scene(0).render()
    second = tmp_path / "second.json"
    code = main(
        ["import-image", str(picture_file), "-o", str(second), "--game", str(first),
         "--name", "dithered", "--dither", "ordered", "--fit", "letterbox", "--seed", "3",
         "--report", str(tmp_path / "report.png")]
    )  # fmt: skip
    assert code == 0
    game = load_game(second)
    assert [s.name for s in game.scenes] == ["astronaut", "dithered"]
    assert game.scene(0).render() == before
    assert Image.open(tmp_path / "report.png").size == (3 * 256 + 16, 240)


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["missing.png"], "no such file"),
        (["{text}"], "not a picture"),
        (["{fifo}"], "a FIFO (named pipe), not a regular file"),
        (["{picture}", "--palette", "{fifo}"], "a FIFO (named pipe), not a regular file"),
    ],
)
def test_import_image_errors_are_one_line_with_exit_code_1(
    tmp_path, picture_file, capsys, arguments, message
):
    text = tmp_path / "notes.txt"
    text.write_text("not a picture")
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)  # reading it would block forever: it must be refused, not opened
    arguments = [a.format(picture=picture_file, text=text, fifo=fifo) for a in arguments]
    assert main(["import-image", *arguments, "-o", str(tmp_path / "g.json")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("romulus: error: ") and message in err and err.count("\n") == 1
    assert not (tmp_path / "g.json").exists()


def test_import_image_refuses_an_output_that_is_not_json(tmp_path, picture_file, capsys):
    assert main(["import-image", str(picture_file), "-o", str(tmp_path / "g.nes")]) == 1
    assert ".json" in capsys.readouterr().err


def test_a_full_pattern_table_is_refused_with_what_is_in_use(tmp_path, capsys):
    rng = np.random.default_rng(0)
    noise = tmp_path / "noise.png"
    Image.fromarray(rng.integers(0, 256, (240, 256, 3)).astype(np.uint8)).save(noise)
    full = tmp_path / "full.json"
    assert main(["import-image", str(noise), "-o", str(full)]) == 0
    assert main(["import-image", str(noise), "-o", str(full), "--game", str(full)]) == 1
    assert "no free slot" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["0", "300", "x"])
def test_a_tile_budget_outside_1_256_is_refused_in_one_line_with_exit_code_2(
    tmp_path, picture_file, capsys, value
):
    with pytest.raises(SystemExit) as exit:
        main(["import-image", str(picture_file), "--tiles", value, "-o", str(tmp_path / "g.json")])
    err = capsys.readouterr().err
    assert exit.value.code == 2 and err.count("\n") == 1
    assert err.startswith("romulus: error: import-image: argument --tiles: ") and "1-256" in err
    assert not (tmp_path / "g.json").exists()


def test_a_new_project_is_written_as_save_game_writes_it_and_loads_through_the_schema(
    tmp_path, picture_file
):
    out = tmp_path / "game.json"
    assert main(["import-image", str(picture_file), "-o", str(out), "--name", "sky"]) == 0
    game = load_game(out)  # the pydantic schema checks the whole document
    again = tmp_path / "again.json"
    save_game(game, again)
    assert out.read_bytes() == again.read_bytes()


#: What a plain picture import never loads: the project schema, numpy.ma, the player model, the
#: sprite solver, OpenSSL's hashes, html's entity tables, Pillow's plugins for other formats.
NOT_LOADED_BY_IMPORT_IMAGE = (
    "pydantic", "numpy.ma", "romulus_nb.player", "romulus_nb.convert.sprites", "hashlib", "html",
    "PIL.JpegImagePlugin", "PIL.BmpImagePlugin", "PIL.GifImagePlugin",
)  # fmt: skip


def test_importing_nes_art_into_a_new_project_loads_only_what_it_uses(tmp_path):
    art = tmp_path / "art.png"
    scene = demo_game().scenes[1].copy()
    scene.sprites = []
    Image.fromarray(DEFAULT_PALETTE.rgb[render_scene(scene, demo_game().tileset).indices]).save(art)
    program = (
        "import sys\nfrom romulus_nb.cli import main\n"
        f"code = main(['import-image', {str(art)!r}, '-o', {str(tmp_path / 'g.json')!r}])\n"
        f"print(code, sorted(m for m in {NOT_LOADED_BY_IMPORT_IMAGE!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert (
        out.stdout.splitlines()[1]
        == "  exact: 0 differing pixels; colours recognised as NESdev 2C02"
    )
    assert out.stdout.splitlines()[-1] == "0 []"
