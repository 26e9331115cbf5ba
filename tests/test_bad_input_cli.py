# ruff: noqa: E501 (the parametrize tables read best one case a line)
"""The README's promise, through the real ``romulus`` command: bad input prints one line,
``romulus: error: ...``, and exits non-zero; nothing hangs, nothing is half written; every
numeric option has its range in its help and in its error."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from romulus_nb import demo_game
from romulus_nb.cli import build_parser
from romulus_nb.cli_args import int_range
from romulus_nb.project import save_game

REPO = Path(__file__).resolve().parents[1]
#: Subcommands whose options their own parts check (the emulator's and the converter's).
OWNED_ELSEWHERE: set[str] = set()  # every command names its ranges now


def romulus(*args, cwd):
    """Run the installed ``romulus`` on this tree; a hang fails the test after 120 s."""
    command = shutil.which("romulus")
    assert command, "the romulus command is not installed (pip install -e .)"
    return subprocess.run(
        [command, *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """One of each bad input, made once."""
    root = tmp_path_factory.mktemp("bad")
    save_game(demo_game(), root / "game.json")
    os.mkfifo(root / "fifo")
    (root / "zero.json").symlink_to("/dev/zero")
    (root / "deep.json").write_text("[" * 200_000 + "]" * 200_000)
    document = json.loads((root / "game.json").read_text())
    document["game"]["master_palette"] = "abc"
    (root / "base64.json").write_text(json.dumps(document))
    (root / "scene.nam").write_bytes(bytes(1024))
    Image.new("RGB", (16, 16), (200, 30, 30)).save(root / "red.png")
    (root / "demo.nes").write_bytes(demo_game().build())
    # NES 2.0, PRG-ROM in exponent notation: 2^0 * (2*0 + 1) = 1 byte
    (root / "tiny.nes").write_bytes(b"NES\x1a" + bytes([0, 0, 0, 8, 0, 0x0F]) + bytes(6) + b"\xea")
    return root


@pytest.mark.parametrize(
    "args, message",
    [
        (["render", "-o", "x.png", "--scale", "100000"], "render: argument --scale: 100000 is out of range; use 1-16"),
        (["render", "-o", "x.png", "--scale", "0"], "--scale: 0 is out of range; use 1-16"),
        (["render", "-o", "x.png", "--scale", "two"], "--scale: 'two' is not a whole number; use 1-16"),
        (["inspect", "demo.nes", "--disasm", "--rows", "1000000000"], "--rows: 1000000000 is out of range; use 1-32768"),
        (["inspect", "tiny.nes", "--disasm"], "the PRG-ROM of 1 bytes has no vectors"),
        (["new", "x.json", "--name", "N" * 201], "game name: 201 characters; use at most 200"),
        (["import-nesst", "-o", "x.json"], "give --nam FILE.nam"),
        (["import-nesst", "--nam", "scene.nam", "--name", "N" * 300, "-o", "x.json"], "scene name: 300 characters"),
        (["info", "zero.json"], "zero.json: a character device, not a regular file"),
        (["info", "fifo"], r"fifo: a FIFO \(named pipe\)"),
        (["inspect", "fifo"], "FIFO"),
        (["asm", "fifo", "-o", "x.bin"], "FIFO"),
        (["smoke", "fifo"], "FIFO"),
        (["import-nesst", "--nam", "fifo", "-o", "x.json"], "FIFO"),
        (["import-image", "fifo", "-o", "x.json"], "FIFO"),
        (["import-image", "red.png", "--name", "N" * 300, "-o", "x.json"], "scene name: 300 characters"),
        (["info", "deep.json"], "JSON nested too deeply"),
        (["info", "base64.json"], "master_palette = 'abc'.*not base64"),
        (["frobnicate"], "invalid choice"),
    ],
)  # fmt: skip
def test_bad_input_prints_one_error_line_exits_non_zero_and_writes_nothing(files, args, message):
    before = sorted(os.listdir(files))
    out = romulus(*args, cwd=files)
    assert out.returncode != 0
    assert out.stderr.startswith("romulus: error: ") and out.stderr.count("\n") == 1, out.stderr
    assert re.search(message, out.stderr), out.stderr
    assert sorted(os.listdir(files)) == before


def test_info_prints_terminal_escapes_in_names_escaped(files, tmp_path):
    game = demo_game()
    game.name = "evil\x1b[2J\x1b]0;owned\x07"
    game.scenes[0].name = "scene\x1b[31m"
    save_game(game, tmp_path / "evil.json")
    out = romulus("info", tmp_path / "evil.json", cwd=tmp_path)
    assert "\x1b" not in out.stdout and "\x07" not in out.stdout
    assert out.stdout.startswith("evil\\x1b[2J\\x1b]0;owned\\x07: 5 scenes")
    assert "scene\\x1b[31m:" in out.stdout


# --- every numeric option has a range in its help and its error ----------------------------------
def numeric_options():
    parser = build_parser()
    (commands,) = [a for a in parser._actions if a.dest == "command"]
    for name, sub in commands.choices.items():
        if name in OWNED_ELSEWHERE:
            continue
        for action in sub._actions:
            kind = getattr(action.type, "__name__", "")
            if action.type in (int, float) or kind.startswith("whole number"):
                yield pytest.param(name, action, id=f"{name} {action.option_strings[0]}")


@pytest.mark.parametrize("command, action", list(numeric_options()))
def test_every_numeric_option_names_its_range_in_its_help_and_its_error(command, action):
    assert action.type not in (int, float), "a bare int/float type has no range: use int_range"
    span = action.type.__name__.removeprefix("whole number ")
    assert span in action.help
    low, high = (int(v) for v in span.split("-"))
    for outside in (low - 1, high + 1, 10**18):
        with pytest.raises(Exception, match=f"{outside} is out of range; use {span}"):
            action.type(str(outside))
    assert action.type(str(high)) == high


def test_int_range_refuses_what_is_not_a_whole_number():
    for text in ("1.5", "", "0x10", "ten"):
        with pytest.raises(Exception, match="is not a whole number; use 1-16"):
            int_range(1, 16)(text)
