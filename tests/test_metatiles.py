"""Metatiles and scenes of several screens: the model, its pictures, its files."""

import json

import numpy as np
import pytest

from romulus_nb.errors import InvalidValueError, LimitError, ProjectFileError
from romulus_nb.game import Game
from romulus_nb.nes.metatile import Metatile, derive_map, expand_map
from romulus_nb.nes.palettes import PaletteSet
from romulus_nb.nes.scene import NESScene
from romulus_nb.nesst import export_nesst, import_nesst_map
from romulus_nb.project import load_game, save_game


def random_map_game(seed: int, screens=(4, 1), count: int = 20) -> Game:
    rng = np.random.default_rng(seed)
    game = Game(f"map {seed}", tileset=rng.integers(0, 4, (512, 8, 8), dtype=np.uint8))
    game.metatiles = [
        Metatile(rng.integers(0, 256, 4), int(rng.integers(0, 4)), solid=bool(i % 2))
        for i in range(count)
    ]
    scene = game.add_scene("level", screens=screens)
    colors = [c for c in range(64) if c != 0x0D]
    scene.palettes = PaletteSet(rng.choice(colors, (8, 4)).tolist())
    scene.metatiles = rng.integers(0, count, scene.attributes.shape, dtype=np.uint8)
    return game


def slow_view(scene, tileset, x0: int, y0: int) -> np.ndarray:
    """The camera view, pixel by pixel, straight from the map (background only)."""
    palette = scene.palettes.array
    out = np.zeros((240, 256), np.uint8)
    for y in range(240):
        for x in range(256):
            mx, my = x0 + x, y0 + y
            tile = int(scene.nametable[my // 8, mx // 8])
            value = int(tileset[tile][my % 8][mx % 8])
            block = int(scene.attributes[my // 16, mx // 16])
            out[y, x] = palette[block][value] if value else palette[0][0]
    return out


def test_a_metatile_is_four_tiles_a_palette_and_flags():
    m = Metatile((1, 2, 3, 4), 2, solid=True, name="brick")
    assert (m.tiles, m.palette, m.solid, m.flags) == ((1, 2, 3, 4), 2, True, 1)
    assert m.replace(solid=False).flags == 0 and m.replace(flags=0x81).solid


@pytest.mark.parametrize(
    "args, message",
    [
        (((1, 2, 3),), "4 tile numbers"),
        (((1, 2, 3, 256),), "4 tile numbers"),
        (((1, 2, 3, 4), 4), "palette 0-3"),
    ],
)
def test_bad_metatiles_are_refused_with_what_is_allowed(args, message):
    with pytest.raises(InvalidValueError, match=message):
        Metatile(*args)


def test_a_metatile_map_expands_to_the_tiles_and_palettes_a_cell_by_cell_loop_gives():
    rng = np.random.default_rng(1)
    table = [Metatile(rng.integers(0, 256, 4), int(rng.integers(0, 4))) for _ in range(9)]
    cells = rng.integers(0, 9, (15, 48), dtype=np.uint8)
    nametable, attributes = expand_map(cells, table)
    for r in range(15):
        for c in range(48):
            m = table[cells[r, c]]
            assert (
                nametable[2 * r, 2 * c] == m.tiles[0] and nametable[2 * r, 2 * c + 1] == m.tiles[1]
            )
            assert nametable[2 * r + 1, 2 * c] == m.tiles[2]
            assert nametable[2 * r + 1, 2 * c + 1] == m.tiles[3]
            assert attributes[r, c] == m.palette
    table2, cells2 = derive_map(nametable, attributes)
    assert np.array_equal(expand_map(cells2, table2)[0], nametable)


@pytest.mark.parametrize("screens", [(1, 1), (2, 1), (8, 1), (1, 2), (1, 8)])
def test_a_scene_of_w_by_h_screens_has_a_nametable_of_30h_by_32w(screens):
    scene = NESScene(screens=screens)
    w, h = screens
    assert scene.nametable.shape == (30 * h, 32 * w)
    assert scene.attributes.shape == (15 * h, 16 * w)
    assert len(scene.nametable_bytes()) == 1024 * w * h


@pytest.mark.parametrize("screens", [(2, 2), (9, 1), (1, 9), (0, 1)])
def test_maps_scroll_one_way_and_at_most_8_screens(screens):
    with pytest.raises(InvalidValueError, match="scrolls one way"):
        NESScene(screens=screens)


def test_the_map_follows_the_metatile_table_when_a_metatile_changes():
    game = random_map_game(2)
    scene = game.scenes[0]
    r, c = np.argwhere(scene.metatiles == 3)[0]
    game.set_metatile(3, Metatile((7, 7, 7, 7), 1))
    assert scene.nametable[2 * r, 2 * c] == 7 and scene.attributes[r, c] == 1


def test_a_map_refers_only_to_metatiles_the_game_has():
    game = random_map_game(3, count=5)
    with pytest.raises(InvalidValueError, match="metatile 9 at row 0, column 0"):
        game.scenes[0].metatiles = np.full((15, 64), 9, np.uint8)
    with pytest.raises(InvalidValueError, match="metatile"):
        game.metatiles = game.metatiles[:2]  # the map uses 0-4
    assert len(game.metatiles) == 5


def test_a_game_holds_at_most_256_metatiles():
    with pytest.raises(LimitError, match="256"):
        Game().metatiles = [Metatile((0, 0, 0, 0))] * 257


@pytest.mark.parametrize(
    "screens, camera",
    [((4, 1), (0, 0)), ((4, 1), (300, 0)), ((4, 1), (768, 0)), ((4, 1), (517, 0)),
     ((1, 3), (0, 250)), ((1, 3), (0, 480))],
)  # fmt: skip
def test_the_camera_view_is_the_map_seen_through_a_256x240_window(screens, camera):
    game = random_map_game(4, screens)
    scene = game.scenes[0]
    view = scene.render(camera=camera).indices
    assert np.array_equal(view, slow_view(scene, game.tileset, *camera))
    x, y = camera
    assert np.array_equal(scene.render_map().indices[y : y + 240, x : x + 256], view)


def test_a_camera_outside_the_map_is_refused():
    scene = random_map_game(5).scenes[0]
    with pytest.raises(InvalidValueError, match="x 0-768"):
        scene.render(camera=(769, 0))


def test_painting_metatiles_turns_a_painted_scene_into_a_map():
    game = random_map_game(6, (2, 1))
    scene = game.add_scene("painted", screens=(2, 1))
    scene.paint_tiles([(40, 3)], 9)
    scene.paint_metatiles([(0, 0)], 4)
    assert scene.metatiles[0, 0] == 4 and scene.nametable[3, 40] == 9
    assert tuple(scene.nametable[0:2, 0:2].ravel()) == game.metatiles[4].tiles


def test_check_reports_mixed_mirroring_unused_metatiles_and_tiles_per_screen():
    game = random_map_game(7, (2, 1), count=30)
    game.scenes[0].metatiles = np.zeros((15, 32), np.uint8)
    game.add_scene("tower", screens=(1, 2))
    report = game.check()
    assert "one mirroring" in report.rule("mirroring")[0].message
    assert "metatiles 1, 2, 3" in report.rule("unused-metatiles")[0].message
    tiles = len(set(game.metatiles[0].tiles))
    assert f"tiles per screen: {tiles}, {tiles}" in report.rule("screen-tiles")[0].message


def test_a_map_game_saves_and_loads_with_its_screens(tmp_path):
    game = random_map_game(8, (3, 1))
    game.scenes[0].scroll_speed = 4
    save_game(game, tmp_path / "g.json")
    document = json.loads((tmp_path / "g.json").read_text())
    assert document["version"] >= 2 and document["game"]["scenes"][0]["screens"] == [3, 1]
    loaded = load_game(tmp_path / "g.json")
    assert loaded.metatiles == game.metatiles
    assert loaded.scenes[0].same_design(game.scenes[0])


def test_a_version_1_file_loads_as_one_screen_scenes(tmp_path):
    game = Game("old")
    game.add_scene("one")
    save_game(game, tmp_path / "g.json")
    document = json.loads((tmp_path / "g.json").read_text())
    document["version"] = 1
    del document["game"]["metatiles"]
    (tmp_path / "v1.json").write_text(json.dumps(document))
    loaded = load_game(tmp_path / "v1.json")
    assert loaded.scenes[0].screens == (1, 1) and loaded.metatiles == []


def test_a_map_with_rows_of_different_widths_is_refused_by_name(tmp_path):
    game = random_map_game(9, (2, 1))
    save_game(game, tmp_path / "g.json")
    document = json.loads((tmp_path / "g.json").read_text())
    document["game"]["scenes"][0]["nametable"][3] = "00" * 32
    (tmp_path / "bad.json").write_text(json.dumps(document))
    with pytest.raises(ProjectFileError, match="game.scenes.0"):
        load_game(tmp_path / "bad.json")


def test_nesst_export_writes_one_nam_per_screen_and_import_rebuilds_the_map(tmp_path):
    game = random_map_game(10, (3, 1))
    written = export_nesst(game, tmp_path)
    nams = sorted(p for p in written if p.suffix == ".nam")
    assert [p.name for p in nams] == ["00_level_s00.nam", "00_level_s01.nam", "00_level_s02.nam"]
    assert all(p.stat().st_size == 1024 for p in nams)
    again, scene = import_nesst_map(None, nams, (3, 1), chr=tmp_path / "game.chr")
    original = game.scenes[0]
    assert np.array_equal(scene.nametable, original.nametable)
    assert np.array_equal(scene.attributes, original.attributes)
    with pytest.raises(ProjectFileError, match="takes 4 .nam files"):
        import_nesst_map(None, nams, (4, 1))


def test_romulus_render_draws_a_camera_view_and_the_whole_map(tmp_path, capsys):
    from PIL import Image

    from romulus_nb.cli import main

    game = random_map_game(11, (3, 1))
    game.save(tmp_path / "g.json")
    view, whole = tmp_path / "view.png", tmp_path / "map.png"
    assert main(["render", str(tmp_path / "g.json"), "--camera", "300,0", "-o", str(view)]) == 0
    assert main(["render", str(tmp_path / "g.json"), "--map", "-o", str(whole)]) == 0
    assert Image.open(view).size == (256, 240) and Image.open(whole).size == (768, 240)
    expected = game.scenes[0].render(camera=(300, 0)).rgb(game.master_palette)
    assert np.array_equal(np.asarray(Image.open(view).convert("RGB")), expected)
    assert main(["render", str(tmp_path / "g.json"), "--camera", "a,b", "-o", str(view)]) == 1
    assert "--camera 'a,b'" in capsys.readouterr().err


def test_romulus_info_lists_screens_and_metatiles(tmp_path, capsys):
    from romulus_nb.cli import main

    game = random_map_game(12, (2, 1), count=3)
    game.save(tmp_path / "g.json")
    main(["info", str(tmp_path / "g.json")])
    out = capsys.readouterr().out
    assert "2x1 screens (horizontal), a map of 3 metatiles" in out
    assert "metatiles: 3 of 256" in out and "Metatile(tiles" in out


def test_optimizing_tiles_renumbers_the_metatiles_with_the_maps():
    game = random_map_game(13, (2, 1), count=6)
    before = game.scenes[0].render(camera=(100, 0)).indices
    game.optimize_tiles()
    scene = game.scenes[0]
    assert np.array_equal(expand_map(scene.metatiles, game.metatiles)[0], scene.nametable)
    assert np.array_equal(scene.render(camera=(100, 0)).indices, before)


def test_romulus_import_nesst_makes_one_map_of_several_nam_files(tmp_path, capsys):
    from romulus_nb.cli import main

    game = random_map_game(14, (2, 1))
    written = export_nesst(game, tmp_path / "out")
    nams = sorted(str(p) for p in written if p.suffix == ".nam")
    args = ["import-nesst", "--chr", str(tmp_path / "out" / "game.chr"), "--layout", "2x1"]
    for nam in nams:
        args += ["--nam", nam]
    assert main([*args, "-o", str(tmp_path / "g.json")]) == 0
    assert "2x1-screen map" in capsys.readouterr().out
    scene = load_game(tmp_path / "g.json").scenes[0]
    assert scene.screens == (2, 1)
    assert np.array_equal(scene.nametable, game.scenes[0].nametable)
