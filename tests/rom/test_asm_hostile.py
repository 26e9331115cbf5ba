"""A hostile source gets a one-line file:line:column error: never a hang, a memory blow-up or a
traceback, and never a file outside the directories it may read (issue 11)."""

import os
import subprocess
import sys

import pytest

from romulus_nb.errors import AssemblyError
from romulus_nb.rom.asm import assemble

# source, line, words the message must contain
REFUSED = [
    (".repeat 100000000\n; a comment\n.endrepeat", 1, [".repeat 100000000", "0 to 65536"]),
    (".repeat 60000\n.repeat 60000\n;x\n.endrepeat\n.endrepeat", 3, ["more than 500000"]),
    (".res $FFFFFFFF", 1, ["run past $FFFF"]),
    (".res $7FFFFFFF", 1, ["run past $FFFF"]),
    (".byte (1 << 40000000000) >> 40000000000", 1, ["shift count 40000000000"]),
    (".byte 1 << 100000000", 1, ["shift count 100000000 is outside 0-63"]),
    (".byte 1 << -1", 1, ["shift count -1"]),
    (".byte " + "(" * 5000 + "1" + ")" * 5000, 1, ["expression too long"]),
    (".byte " + "+".join(["1"] * 3000), 1, ["expression too long"]),
    (".byte " + "9" * 5000, 1, ["too large"]),
    ("x = $FFFFFFFF * $FFFFFFFF * $FFFFFFFF", 1, ["64 bits"]),
    ('.incbin "d.bin", -5', 1, ["start -5", "must not be negative"]),
    ('.incbin "d.bin", 0, -3', 1, ["size -3", "must not be negative"]),
    ('.include "binary.inc"', 1, ["not UTF-8 text", ".incbin"]),
    ('.include "latin1.inc"', 1, ["not UTF-8 text"]),
    ('.include "/etc/passwd"', 1, ["outside the directories"]),
    ('.incbin "/etc/passwd"', 1, ["outside the directories"]),
]


@pytest.fixture
def project(tmp_path):
    (tmp_path / "d.bin").write_bytes(b"abcdef")
    (tmp_path / "binary.inc").write_bytes(b"\x00\xff\xfe")
    (tmp_path / "latin1.inc").write_bytes("lda #'\xe9'\n".encode("latin-1"))
    return tmp_path


@pytest.mark.parametrize(("source", "line", "words"), REFUSED, ids=[c[0][:40] for c in REFUSED])
def test_a_hostile_source_is_refused_with_file_and_line(project, source, line, words):
    main = project / "main.s"
    main.write_text(source)
    with pytest.raises(AssemblyError) as info:
        assemble(source, filename=str(main), allowed_dirs=[project])
    e = info.value
    assert (e.file, e.line) == (str(main), line)
    assert e.column >= 1
    for word in words:
        assert word in str(e)
    assert len(str(e)) < 400
    assert "root:" not in str(e)  # never quotes a file it may not read


def make_special(path, special):
    """A FIFO (a read would block forever) or a link to /dev/zero (a read never ends)."""
    if special == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")


@pytest.mark.parametrize("special", ["fifo", "dev_zero"])
def test_include_of_a_fifo_or_dev_zero_is_refused_without_reading(tmp_path, special):
    make_special(tmp_path / "evil.inc", special)
    with pytest.raises(AssemblyError, match="not a regular file"):
        assemble('.include "evil.inc"', filename=str(tmp_path / "main.s"))


def test_without_allowed_dirs_an_include_outside_the_project_still_works(tmp_path):
    (tmp_path / "inc").mkdir()
    (tmp_path / "inc" / "c.inc").write_text("VALUE = 7\n")
    (tmp_path / "p").mkdir()
    source = '.include "../inc/c.inc"\n.byte VALUE\n'
    assert assemble(source, filename=str(tmp_path / "p" / "m.s")).image() == b"\x07"
    with pytest.raises(AssemblyError, match="outside the directories"):
        assemble(source, filename=str(tmp_path / "p" / "m.s"), allowed_dirs=[tmp_path / "p"])


@pytest.mark.parametrize("special", ["fifo", "dev_zero"])
def test_romulus_asm_on_a_fifo_or_dev_zero_prints_one_line(tmp_path, special):
    source = tmp_path / "game.s"
    make_special(source, special)
    done = subprocess.run(
        [sys.executable, "-m", "romulus_nb.cli", "asm", str(source), "-o", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("romulus: error:") and "not a regular file" in done.stderr
