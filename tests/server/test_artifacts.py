"""What is made from a stored game equals what the command line makes from the same game."""

import io
import subprocess
import sys
import zipfile

import numpy as np
import pytest
from helpers import post_demo
from PIL import Image

from romulus_nb import demo_game, save_game


@pytest.fixture
def stored(client, tmp_path):
    """The demo game (with a font and a metasprite) in the store and in a project file."""
    game = demo_game()
    game.add_font()
    path = tmp_path / "game.json"
    save_game(game, path)
    return post_demo(client, game), path, game


def romulus(*args, cwd):
    done = subprocess.run(
        [sys.executable, "-m", "romulus_nb.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr


def test_the_rom_is_byte_identical_to_romulus_build_of_the_same_game(client, stored, tmp_path):
    game, path, _ = stored
    response = client.get(f"/games/{game['id']}/rom")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-nes-rom"
    romulus("build", path, "-o", tmp_path / "cli.nes", cwd=tmp_path)
    assert response.content == (tmp_path / "cli.nes").read_bytes()
    assert response.content[:4] == b"NES\x1a"


@pytest.mark.parametrize("scale", [1, 3])
def test_a_scene_picture_is_the_renderers_picture(client, stored, scale):
    game, _, model = stored
    response = client.get(
        f"/games/{game['id']}/scenes/{game['scenes'][1]['id']}/image.png", params={"scale": scale}
    )
    assert response.headers["content-type"] == "image/png"
    picture = np.asarray(Image.open(io.BytesIO(response.content)).convert("RGB"))
    assert picture.shape == (240 * scale, 256 * scale, 3)
    expected = model.scenes[1].render().rgb()
    assert np.array_equal(picture[::scale, ::scale], expected)


@pytest.mark.parametrize("scale", [0, 9, "x"])
def test_a_bad_scale_is_422_naming_it(client, stored, scale):
    game, _, _ = stored
    response = client.get(
        f"/games/{game['id']}/scenes/{game['scenes'][0]['id']}/image.png", params={"scale": scale}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "scale"]


def test_the_smoke_test_passes_every_scene_and_reports_the_frame_digest(client, stored):
    game, _, model = stored
    response = client.post(f"/games/{game['id']}/smoke")
    assert response.status_code == 200
    verdict = response.json()
    assert verdict["ok"] is True and verdict["verdict"] == "idle" and verdict["warnings"] == []
    assert [(s["name"], s["differing_pixels"]) for s in verdict["scenes"]] == [
        ("Title", 0),
        ("Level", 0),
        ("Room", 0),
        ("Meadow", 0),
        ("Credits", 0),
    ]
    from romulus_nb.render import digest

    assert verdict["frame_digest"] == digest(model.scenes[-1].render().indices)


@pytest.mark.parametrize("format", ["nesst", "ca65"])
def test_an_export_zip_holds_the_files_of_romulus_export(client, stored, tmp_path, format):
    game, path, _ = stored
    response = client.get(f"/games/{game['id']}/export", params={"format": format})
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    out = tmp_path / "cli"
    romulus("export", path, "--format", format, "-o", out, cwd=tmp_path)
    expected = {
        p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()
    }
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        got = {name: archive.read(name) for name in archive.namelist()}
    assert got == expected
    again = client.get(f"/games/{game['id']}/export", params={"format": format})
    assert again.content == response.content  # deterministic bytes


def test_an_unknown_export_format_is_422(client, stored):
    game, _, _ = stored
    response = client.get(f"/games/{game['id']}/export", params={"format": "zip"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "format"]
