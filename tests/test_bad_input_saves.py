# ruff: noqa: E501 (the parametrize tables read best one case a line)
"""Bad input never costs the user a file: what the model accepts, a save writes and a load reads;
a save that cannot be reopened is refused before the disk is touched; a replaced file keeps its
mode and its symlink; a killed save leaves no temporary file behind."""

import json
import os
import signal
import time
from pathlib import Path

import pytest

from romulus_nb import Game, load_game
from romulus_nb.errors import InvalidValueError, LimitError, ProjectFileError, RomulusError
from romulus_nb.fileio import atomic_write
from romulus_nb.game import Metasprite, Scene, SpritePart
from romulus_nb.project import save_game


def small_game() -> Game:
    game = Game("kept")
    game.add_scene("one")
    return game


# --- the model refuses at the edit what the file would refuse -----------------------------------
def _many_scenes(game):
    for _ in range(255 - len(game.scenes)):
        game.add_scene()
    game.add_scene("the 256th")


@pytest.mark.parametrize(
    "edit, error, message",
    [
        (lambda g: setattr(g, "name", "G" * 1000), InvalidValueError, "1000 characters; use at most 200"),
        (lambda g: setattr(g.scenes[0], "name", "S" * 300), InvalidValueError, "300 characters"),
        (lambda g: g.add_scene("S" * 300), InvalidValueError, "scene name: 300 characters"),
        (lambda g: setattr(g, "name", "A\ud800B"), InvalidValueError, "lone surrogate"),
        (lambda g: setattr(g.scenes[0], "name", "\udfff"), InvalidValueError, "lone surrogate"),
        (lambda g: setattr(g, "id", "i" * 100), InvalidValueError, "game id: 100 characters; use 1-64"),
        (lambda g: setattr(g.scenes[0], "id", ""), InvalidValueError, "scene id: 0 characters"),
        (lambda g: setattr(g, "name", 5), InvalidValueError, "game name: 5 is not text"),
        (_many_scenes, LimitError, "255 scenes"),
        (lambda g: g.add_metasprite(Metasprite("m", (SpritePart(0, 0, 1),) * 65)), LimitError, "parts: 65 given; at most 64"),
        (lambda g: g.add_metasprite(Metasprite("m", (SpritePart(1000, 0, 1),))), InvalidValueError, "dx: 1000 is out of range; use -255 to 255"),
        (lambda g: g.add_metasprite(Metasprite("", ())), InvalidValueError, "metasprite name: 0 characters; use 1-100"),
        (lambda g: g.add_metasprite(Metasprite("m\ud800", ())), InvalidValueError, "lone surrogate"),
        (lambda g: g.add_metasprite(Metasprite("m", (), height=12)), InvalidValueError, "height 12"),
        (lambda g: g.add_metasprite("hero"), InvalidValueError, "is not a Metasprite"),
    ],
)  # fmt: skip
def test_an_edit_the_file_could_not_hold_is_refused_and_the_save_still_reloads(
    tmp_path, edit, error, message
):
    game = small_game()
    path = tmp_path / "g.json"
    save_game(game, path)
    before = path.read_bytes()
    with pytest.raises(error, match=message):
        edit(game)
    if len(game.scenes) <= 255:
        save_game(game, path)
        assert load_game(path).name == game.name
    else:
        assert path.read_bytes() == before


# --- a save validates the whole document before it touches the disk -----------------------------
def _appended_scene(game):
    for _ in range(254):
        game.add_scene()
    game.scenes.append(Scene("appended", game=game))


def _same_id(game):
    twin = game.add_scene("twin")
    game.scenes[-1] = Scene("twin", id=game.scenes[0].id, game=game, **twin._fields())


@pytest.mark.parametrize(
    "spoil, message",
    [
        (_appended_scene, "at most 255"),
        (_same_id, "both .*; each of the game's scenes needs its own id"),
        (lambda g: g.scenes.append("not a scene"), "is not a Scene"),
        (lambda g: setattr(g, "font_base", 200), "font_base"),
        (lambda g: g.metasprites.__setitem__("a", Metasprite("b", ())), "not a Metasprite named 'a'"),
    ],
)  # fmt: skip
def test_a_game_spoiled_behind_the_models_back_is_not_saved_and_the_old_file_stays(
    tmp_path, spoil, message
):
    game = small_game()
    path = tmp_path / "g.json"
    save_game(game, path)
    before = path.read_bytes()
    spoil(game)
    with pytest.raises(RomulusError, match=message):
        save_game(game, path)
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["g.json"]


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["game"].__setitem__("master_palette", "abc"), "master_palette = 'abc'.*not base64"),
        (lambda d: d["game"].__setitem__("master_palette", "AAAA"), "3 bytes; a master palette is 192"),
        (lambda d: d["game"]["scenes"].append(dict(d["game"]["scenes"][0])), "scenes 0 and 1 are both"),
        (lambda d: d["game"]["metasprites"].extend([{"name": "m", "parts": []}] * 2), "metasprites 0 and 1 are both 'm'"),
    ],
)  # fmt: skip
def test_bad_project_documents_are_refused_naming_the_field(tmp_path, change, message):
    path = tmp_path / "g.json"
    save_game(small_game(), path)
    document = json.loads(path.read_text())
    change(document)
    path.write_text(json.dumps(document))
    with pytest.raises(ProjectFileError, match=message):
        load_game(path)


def test_json_nested_200000_deep_is_refused_as_too_deep(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 200_000 + "]" * 200_000)
    with pytest.raises(ProjectFileError, match="nested too deeply"):
        load_game(path)


# --- replacing a file: mode, symlinks ----------------------------------------------------------
@pytest.mark.parametrize("mode", [0o644, 0o600, 0o664, 0o640])
def test_saving_over_a_file_keeps_its_permission_bits(tmp_path, mode):
    path = tmp_path / "g.json"
    save_game(small_game(), path)
    path.chmod(mode)
    save_game(small_game(), path)
    assert path.stat().st_mode & 0o7777 == mode


def test_a_new_file_gets_the_mode_the_umask_gives(tmp_path):
    old = os.umask(0o027)
    try:
        atomic_write(tmp_path / "new.bin", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "new.bin").stat().st_mode & 0o777 == 0o640


def test_saving_through_a_symlink_updates_the_target_and_keeps_the_link(tmp_path):
    real = tmp_path / "real" / "g.json"
    real.parent.mkdir()
    save_game(small_game(), real)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    game = small_game()
    game.name = "through the link"
    save_game(game, link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert load_game(real).name == "through the link"
    assert sorted(os.listdir(real.parent)) == ["g.json"]


def test_a_fifo_is_not_replaced_by_a_save(tmp_path):
    fifo = tmp_path / "g.json"
    os.mkfifo(fifo)
    with pytest.raises(ProjectFileError, match="FIFO"):
        save_game(small_game(), fifo)
    assert fifo.is_fifo()


# --- interrupted saves -------------------------------------------------------------------------
def _saving_child(target: Path, unnamed: bool) -> int:
    """Fork a process that saves ``target`` over and over until it is killed."""
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        try:
            if not unnamed:
                del os.O_TMPFILE  # take the named-temporary path, as on other systems
            while True:
                atomic_write(target, b"x" * 2_000_000)
        finally:
            os._exit(0)
    return pid


@pytest.mark.parametrize("unnamed", [True, False], ids=["O_TMPFILE", "named temporary"])
def test_saves_killed_40_times_leave_the_file_whole_and_no_temporary_behind(tmp_path, unnamed):
    target = tmp_path / "g.bin"
    target.write_bytes(b"x" * 2_000_000)
    for kill in range(40):
        pid = _saving_child(target, unnamed)
        time.sleep(0.002 * (kill % 9))  # land the kills at different points of a save
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        assert target.read_bytes() == b"x" * 2_000_000
    atomic_write(target, b"done")  # the next save sweeps what dead saves left
    assert sorted(os.listdir(tmp_path)) == ["g.bin"]
    assert target.read_bytes() == b"done"


def test_a_live_saves_temporary_file_is_not_swept(tmp_path):
    target = tmp_path / "g.bin"
    live = tmp_path / f".g.bin.{os.getppid()}.0000.romulus-tmp"  # our parent is alive
    live.write_bytes(b"being written")
    atomic_write(target, b"new")
    assert live.exists()
