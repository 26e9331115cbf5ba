"""Project files: round trips, validation messages, size limits, atomic saves."""

import json
import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from romulus_nb import Game, Sprite, demo_game, load_game, save_game
from romulus_nb.errors import ProjectFileError
from romulus_nb.project import MAX_PROJECT_BYTES, game_to_dict, project_schema


def _same_game(a, b):
    assert (a.id, a.name, a.font_base) == (b.id, b.name, b.font_base)
    assert a.chr_bytes() == b.chr_bytes()
    assert [s.id for s in a.scenes] == [s.id for s in b.scenes]
    assert all(x.same_design(y) and x.name == y.name for x, y in zip(a.scenes, b.scenes))
    assert a.metasprites == b.metasprites


def test_the_demo_game_saves_and_loads_unchanged(tmp_path):
    path = tmp_path / "demo.json"
    game = demo_game()
    save_game(game, path)
    _same_game(game, load_game(path))


@st.composite
def games(draw):
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    game = Game(draw(st.text(max_size=20)))
    game.tileset = rng.integers(0, 4, (512, 8, 8), dtype=np.uint8)
    for i in range(draw(st.integers(0, 3))):
        scene = game.add_scene(f"s{i}")
        scene.nametable = rng.integers(0, 256, (30, 32))
        scene.attributes = rng.integers(0, 4, (15, 16))
        scene.sprites = [
            Sprite(int(rng.integers(256)), int(rng.integers(256)), int(rng.integers(256)),
                   int(rng.integers(4)), *(bool(v) for v in rng.integers(0, 2, 3)))
            for _ in range(int(rng.integers(0, 65)))
        ]  # fmt: skip
        scene.sprite_size = int(rng.choice([8, 16]))
        scene.bg_table = int(rng.integers(2))
        colors = [c for c in range(64) if c != 0x0D]
        for p in range(8):
            for e in range(1, 4):
                scene.palettes.set(p, e, int(rng.choice(colors)))
    return game


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(games())
def test_any_game_saves_and_loads_unchanged(tmp_path, game):
    path = tmp_path / "g.json"
    save_game(game, path)
    _same_game(game, load_game(path))


def _doc():
    return game_to_dict(demo_game())


def _load(tmp_path, doc):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc) if not isinstance(doc, str) else doc)
    return load_game(path)


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d.update(format="nes-screen-tool"), "field 'format' is 'nes-screen-tool'"),
        (lambda d: d.update(version=99), "field 'version' is 99.*version 1"),
        (
            lambda d: d["game"]["scenes"][0]["palettes"]["background"][1].update(
                colors=[1, 0x40, 2]
            ),
            r"game.scenes.0.palettes.background.1.colors.1 = 64: .*less than or equal to 63",
        ),
        (
            lambda d: d["game"]["scenes"][0]["palettes"].update(backdrop=0x0D),
            r"backdrop = 13.*\$0D",
        ),
        (
            lambda d: d["game"]["scenes"][1]["sprites"][0].update(palette=4),
            r"sprites.0.palette = 4",
        ),
        (lambda d: d["game"]["scenes"][0]["nametable"].pop(), r"nametable = .*30"),
        (lambda d: d["game"]["scenes"][0]["attributes"].__setitem__(0, "4" * 16), r"attributes.0"),
        (lambda d: d["game"].update(tileset="AAAA"), r"tileset.*8192"),
        (lambda d: d["game"]["scenes"][0].update(sprite_size=12), r"sprite_size = 12"),
    ],
)
def test_bad_files_are_refused_naming_the_field_and_value(tmp_path, mutate, message):
    doc = _doc()
    mutate(doc)
    with pytest.raises(ProjectFileError, match=message):
        _load(tmp_path, doc)


def test_65_sprites_in_a_file_are_refused(tmp_path):
    doc = _doc()
    doc["game"]["scenes"][0]["sprites"] = [doc["game"]["scenes"][1]["sprites"][0]] * 65
    with pytest.raises(ProjectFileError, match="sprites.*at most 64"):
        _load(tmp_path, doc)


def test_malformed_json_is_refused_with_line_and_column(tmp_path):
    with pytest.raises(ProjectFileError, match=r"bad.json:1:\d+: not valid JSON"):
        _load(tmp_path, '{"format": ')


def test_a_gigabyte_of_spaces_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.json"
    chunk = b" " * (1 << 20)
    with open(path, "wb") as f:
        for _ in range(1024):
            f.write(chunk)
    with pytest.raises(ProjectFileError, match=f"at most {MAX_PROJECT_BYTES} bytes"):
        load_game(path)


def test_a_failed_save_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "g.json"
    save_game(demo_game(), path)
    before = path.read_bytes()

    def broken_fsync(fd):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    game = demo_game()
    game.name = "changed"
    with pytest.raises(OSError, match="disk full"):
        save_game(game, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["g.json"]  # no temporary file left behind


def test_the_schema_uses_the_domain_names():
    schema = json.dumps(project_schema())
    for name in ("NESScene", "NESPalette", "NESColor"):
        assert name in schema
