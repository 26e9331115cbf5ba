"""`romulus` starts fast without changing an answer: the menu, --version and a repeated `info`
load no command module, numpy or pydantic, and every answer kept in the cache
(`romulus_nb.cache`) equals the answer computed afresh."""

import json
import os
import subprocess
import sys
import time

import pytest

from romulus_nb import __version__, cache, demo_game
from romulus_nb.cli import COMMANDS, build_parser
from romulus_nb.info_report import info_report, info_text
from romulus_nb.project import save_game
from romulus_nb.rom.build import assembled_runtime_size, runtime_size

HEAVY = ("numpy", "pydantic", "PIL", "py65", "romulus_nb.game", "romulus_nb.rom.asm")


def romulus(*args, cache_dir, code=""):
    """Run ``romulus ARGS`` in a fresh interpreter; then ``code`` (may look at sys.modules)."""
    program = (
        "import sys\nfrom romulus_nb.cli import main\nstatus = main(sys.argv[1:])\n"
        f"{code}\nsys.exit(status)"
    )
    return subprocess.run(
        [sys.executable, "-c", program, *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, "ROMULUS_CACHE_DIR": str(cache_dir)},
        timeout=120,
    )


def loaded(*names):
    return f"print('LOADED', sorted(n for n in {names!r} if n in sys.modules))"


def with_findings(path):
    """Save a game whose limits report has a finding: 12 sprites on the same lines."""
    game = demo_game()
    game.name = "Crowded"
    scene = game.scenes[1]
    scene.sprites = [type(scene.sprites[0])(x=8 * i, y=100, tile=1) for i in range(12)]
    save_game(game, path)


@pytest.mark.parametrize("args", [("--help",), ("--version",), ("bogus",)])
def test_the_menu_and_the_version_load_no_command_module(tmp_path, args):
    modules = tuple(dict.fromkeys(module for module, _ in COMMANDS.values()))
    program = (
        "import sys\nfrom romulus_nb.cli import main\ntry:\n    main(sys.argv[1:])\n"
        f"except SystemExit:\n    pass\n{loaded(*HEAVY, *modules)}"
    )
    out = subprocess.run([sys.executable, "-c", program, *args], capture_output=True, text=True)
    assert out.stdout.endswith("LOADED []\n")


def test_the_menu_lists_every_command_with_the_line_its_module_gives():
    full = build_parser()
    (commands,) = [a for a in full._actions if a.dest == "command"]
    given = {a.dest: a.help for a in commands._choices_actions}
    assert given == {name: line for name, (_, line) in COMMANDS.items()}


def test_version_prints_the_package_version(tmp_path):
    out = romulus("--version", cache_dir=tmp_path)
    assert out.returncode == 0 and out.stdout == f"romulus {__version__}\n"


@pytest.mark.parametrize("which", ["demo", "file", "findings"])
def test_info_asked_again_prints_the_same_report_without_loading_the_model(tmp_path, which):
    args = []
    if which != "demo":
        path = tmp_path / "g.json"
        save_game(demo_game(), path)
        if which == "findings":
            with_findings(path)
        args = [path]
    first = romulus("info", *args, cache_dir=tmp_path / "kept")
    again = romulus("info", *args, cache_dir=tmp_path / "kept", code=loaded(*HEAVY))
    fresh = romulus("info", *args, cache_dir=tmp_path / "other")
    assert first.returncode == again.returncode == fresh.returncode
    assert first.stdout == fresh.stdout
    assert again.stdout == fresh.stdout + "LOADED []\n"
    raw = None if which == "demo" else args[0].read_bytes()
    assert (fresh.stdout, fresh.returncode) == info_report(raw, "g.json")


def test_info_of_changed_bytes_is_computed_again(tmp_path):
    path = tmp_path / "g.json"
    save_game(demo_game(), path)
    assert romulus("info", path, cache_dir=tmp_path / "kept").stdout.startswith("Romulus demo:")
    document = json.loads(path.read_text())
    document["game"]["name"] = "Renamed"
    path.write_text(json.dumps(document))
    assert romulus("info", path, cache_dir=tmp_path / "kept").stdout.startswith("Renamed:")


def test_a_file_that_does_not_load_is_refused_every_time(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "romulus-nb-project", "version": 7}))
    for _ in range(2):
        out = romulus("info", path, cache_dir=tmp_path / "kept")
        assert out.returncode == 1 and "version" in out.stderr and out.stdout == ""


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"key": "other", "value": ["x", 0]}',
                                    b'{"key": "K", "value": ["text", 7]}'])  # fmt: skip
def test_a_damaged_entry_is_a_miss_and_is_replaced(tmp_path, monkeypatch, damage):
    monkeypatch.setenv("ROMULUS_CACHE_DIR", str(tmp_path))
    key = cache.answer_key("info", b"demo")
    (tmp_path / f"{key}.json").write_bytes(damage.replace(b"K", key.encode()))
    out = romulus("info", cache_dir=tmp_path)
    assert (out.stdout, out.returncode) == info_text(demo_game())
    assert cache.recall(key) == [out.stdout, out.returncode]


def test_a_cache_folder_that_cannot_be_written_only_makes_info_slower(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    out = romulus("info", cache_dir=blocker / "cache")
    assert out.returncode == 0 and (out.stdout, 0) == info_text(demo_game())


def test_recall_gives_what_remember_kept_and_nothing_for_other_keys(tmp_path, monkeypatch):
    monkeypatch.setenv("ROMULUS_CACHE_DIR", str(tmp_path / "new"))
    key = cache.answer_key("test", b"input")
    assert cache.recall(key) is None
    cache.remember(key, ["text", 2])
    assert cache.recall(key) == ["text", 2]
    assert cache.recall(cache.answer_key("test", b"other input")) is None
    assert cache.recall(cache.answer_key("other kind", b"input")) is None


def test_the_oldest_answers_go_past_the_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("ROMULUS_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    keys = [cache.answer_key("test", bytes([i])) for i in range(5)]
    for i, key in enumerate(keys):
        cache.remember(key, i)
        os.utime(tmp_path / f"{key}.json", ns=(i * 10**9, i * 10**9))
    cache.remember(keys[4], 4)
    assert [cache.recall(key) for key in keys] == [None, None, 2, 3, 4]


def test_the_fingerprint_changes_with_any_file_of_the_code(tmp_path):
    (tmp_path / "part").mkdir()
    source = tmp_path / "part" / "module.py"
    source.write_text("x = 1\n")
    before = cache.code_fingerprint.__wrapped__(tmp_path)
    assert cache.code_fingerprint.__wrapped__(tmp_path) == before
    source.write_text("x = 2\n")
    os.utime(source, ns=(time.time_ns() + 10**9,) * 2)
    changed = cache.code_fingerprint.__wrapped__(tmp_path)
    (tmp_path / "part" / "new.s").write_text("")
    assert len({before, changed, cache.code_fingerprint.__wrapped__(tmp_path)}) == 3


@pytest.mark.parametrize(
    ("scrolling", "maps_down", "kind"),
    [(False, False, b"slideshow"), (True, False, b"scrolling"), (True, True, b"scrolling-down")],
)
def test_the_runtime_size_kept_in_the_cache_is_the_assembled_size(scrolling, maps_down, kind):
    runtime_size.cache_clear()
    computed = runtime_size(scrolling, maps_down)  # the test's cache is empty: assembled, kept
    runtime_size.cache_clear()
    key = cache.answer_key("runtime-size", kind)
    assert (
        cache.recall(key)
        == computed
        == assembled_runtime_size(scrolling, maps_down)
        == runtime_size(scrolling, maps_down)
    )
