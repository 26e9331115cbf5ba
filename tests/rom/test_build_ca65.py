"""The exported cc65 project builds, with the real ca65 and ld65, into the bytes we build."""

import subprocess

import numpy as np
import pytest

from romulus_nb import Game, PaletteSet, Sprite, demo_game
from romulus_nb.cli import main
from romulus_nb.rom.build import build
from romulus_nb.rom.export_ca65 import export_ca65
from tests.play.player_games import tower_game


def cc65_build(folder) -> bytes:
    """Run the two commands the exported Makefile runs."""
    subprocess.run(["ca65", "game.s", "-o", "game.o"], cwd=folder, check=True)
    subprocess.run(["ld65", "-C", "nrom.cfg", "game.o", "-o", "game.nes"], cwd=folder, check=True)
    return (folder / "game.nes").read_bytes()


def random_game(seed: int, scenes: int, density: float) -> Game:
    rng = np.random.default_rng(seed)
    game = Game(f"random {seed}", tileset=rng.integers(0, 4, (512, 8, 8), dtype=np.uint8))
    for number in range(scenes):
        scene = game.add_scene(f"scene {number}")
        cells = rng.integers(0, 256, (30, 32), dtype=np.uint8)
        scene.nametable = np.where(rng.random((30, 32)) < density, cells, 0).astype(np.uint8)
        scene.attributes = rng.integers(0, 4, (15, 16), dtype=np.uint8)
        scene.palettes = PaletteSet(rng.choice([0x0F, 0x16, 0x2A, 0x30, 0x12], (8, 4)).tolist())
        scene.sprites = [
            Sprite(x=int(x), y=int(y), tile=int(t))
            for x, y, t in rng.integers(0, 256, (int(rng.integers(0, 65)), 3))
        ]
    return game


@pytest.mark.parametrize(
    "make_game",
    [
        pytest.param(demo_game, id="demo-nrom128-rle"),
        pytest.param(lambda: random_game(1, 20, 1.0), id="20-dense-scenes-nrom256-raw"),
        pytest.param(lambda: random_game(2, 40, 0.05), id="40-sparse-scenes-rle"),
        pytest.param(lambda: tower_game(screens=3), id="player-on-a-tower-maps-down"),
    ],
)
def test_ca65_and_ld65_build_the_exported_project_into_our_rom(make_game, tmp_path):
    game = make_game()
    written = export_ca65(game, tmp_path)
    names = {path.name for path in written}
    assert {"game.s", "runtime.s", "scenes.s", "vectors.s", "nrom.cfg", "game.chr"} <= names
    assert cc65_build(tmp_path) == build(game)


def test_the_export_command_writes_a_project_ld65_links_into_the_demo_rom(tmp_path):
    assert main(["export", "--format", "ca65", "-o", str(tmp_path)]) == 0
    assert cc65_build(tmp_path) == build(demo_game())


def test_the_makefile_runs_ca65_then_ld65_on_the_exported_files(tmp_path):
    export_ca65(demo_game(), tmp_path)
    makefile = (tmp_path / "Makefile").read_text()
    assert "\tca65 game.s -o game.o\n" in makefile
    assert "\tld65 -C nrom.cfg game.o -o game.nes\n" in makefile
