"""``%%nes``: a cell of ca65 source is linked like ld65, run by the smoke test and kept as _nes;
an error points at the cell's line."""

import subprocess
import sys
from pathlib import Path

import pytest
from IPython.core.interactiveshell import InteractiveShell

from romulus_nb import demo_game
from romulus_nb.errors import AssemblyError, RomulusError
from romulus_nb.nes_magic import NesCell, run_cell
from romulus_nb.rom.linker import link

HELLO = (Path(__file__).parent / "link_corpus" / "helloworld" / "hello.s").read_text()
# the same program without its own header and CHR segment
BARE = HELLO.replace('.segment "HEADER"\n.byte "NES", $1a, $02, $01, $00, $00\n', "").replace(
    '.segment "CHARS"\n.res 8192\n', ""
)


@pytest.fixture(scope="module")
def shell():
    ip = InteractiveShell.instance()
    ip.run_line_magic("load_ext", "romulus_nb")
    return ip


def test_load_ext_registers_the_nes_cell_magic_and_keeps_the_result_as_underscore_nes(shell):
    result = shell.run_cell_magic("nes", "--frames 20", HELLO)
    assert isinstance(result, NesCell)
    assert shell.user_ns["_nes"] is result
    assert result.rom == link([("<cell>", HELLO)], "nes").image


def test_an_error_prints_the_cells_line_and_column_with_a_caret(shell, capsys):
    shell.run_cell_magic("nes", "--frames 5", HELLO)
    cell = '.segment "CODE"\nreset:\n  ldq #1\n'
    assert shell.run_cell_magic("nes", "", cell) is None
    out = capsys.readouterr().out
    assert out.startswith("<cell>:3:3: unknown mnemonic 'ldq'")
    assert "\n      ldq #1\n      ^\n" in out
    assert shell.user_ns["_nes"] is None  # not the previous cell's result


def test_a_cell_without_header_or_chr_gets_an_ines_header_and_the_games_tileset():
    game = demo_game()
    result = run_cell("--game g --frames 20", BARE, {"g": game})
    assert result.rom[:8] == bytes([0x4E, 0x45, 0x53, 0x1A, 2, 1, 1, 0])
    assert result.rom[-0x2000:] == game.chr_bytes()
    assert len(result.rom) == 16 + 0x8000 + 0x2000


def test_a_chr_file_goes_into_chr_rom(tmp_path):
    chr_file = tmp_path / "tiles.chr"
    chr_file.write_bytes(bytes(range(256)) * 32)
    result = run_cell(f"--chr {chr_file} --frames 10", BARE)
    assert result.rom[-0x2000:] == chr_file.read_bytes()


def test_the_result_shows_verdict_frame_state_viewers_and_listing():
    result = run_cell("--frames 20", HELLO)
    page = result._repr_html_()
    assert result.smoke.verdict in page and "<img" in page and "listing" in page
    assert "nmi_handler" in page  # the listing of the cell's source
    assert repr(result).startswith(f"NesCell: 40976 bytes, {result.smoke.verdict}")
    assert result.symbols["main::forever"] > 0x8000


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("--game nothing", "no Game in a variable"),
        ("--frames many", "%%nes options"),
        ("--chr /dev/zero", "not a regular file"),
    ],
)
def test_bad_options_are_refused_with_a_message(line, words):
    with pytest.raises(RomulusError) as info:
        run_cell(line, BARE, {})
    assert words in str(info.value)


def test_the_button_script_goes_to_the_emulator():
    with pytest.raises(RomulusError, match="bogus"):
        run_cell("--frames 20 --buttons 5-10:bogus", BARE)


def test_importing_romulus_nb_does_not_import_ipython():
    code = "import sys, romulus_nb; print('IPython' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_an_error_outside_the_cell_names_its_own_file(tmp_path):
    (tmp_path / "bad.inc").write_text("  lda #$100\n")
    with pytest.raises(AssemblyError) as info:
        run_cell(f"-I {tmp_path}", '.include "bad.inc"\n')
    assert info.value.file.endswith("bad.inc") and info.value.line == 1
