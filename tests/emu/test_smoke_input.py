"""`romulus smoke` under hostile input (issue 11): every numeric option has a range named in its
help and its error, a ROM that is a FIFO or a device is refused in one line, and an NMI handler
that never returns is called stuck, not idle."""

from __future__ import annotations

import os

import pytest

from romulus_nb.cli import main
from romulus_nb.emu.buttons import parse_buttons
from romulus_nb.emu.commands import MAX_SCALE
from romulus_nb.emu.smoke import smoke_test
from romulus_nb.errors import InvalidValueError


def one_error_line(argv, capsys) -> str:
    """The one error line; exit code 1 for a refused value, 2 for a bad argument (argparse)."""
    try:
        code = main(argv)
    except SystemExit as exit:
        code = exit.code
    assert code in (1, 2)
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("romulus: error: "), captured.err
    return lines[0]


@pytest.mark.parametrize(
    "option, words",
    [
        (["--scale", "100000"], ["--scale: 100000", "1-16"]),
        (["--scale", "0"], ["--scale: 0", "1-16"]),
        (["--buttons", "0-200000000:start"], ["0-200000000", "0 to 36000"]),
        (["--buttons", "36001:a"], ["36001", "0 to 36000"]),
        (["--frames", "36001"], ["36001", "1-36000"]),
        (["--frames", "0"], ["frames", "1-36000"]),
    ],
)
def test_out_of_range_numbers_are_refused_in_one_line_naming_the_range(
    build_rom, capsys, option, words
):
    line = one_error_line(["smoke", str(build_rom("basic")), *option], capsys)
    for word in words:
        assert word in line


def test_the_help_names_every_numeric_range(capsys):
    with pytest.raises(SystemExit):
        main(["smoke", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for words in ("1-36000", f"1-{MAX_SCALE}", "frames 0-36000"):
        assert words in text


def test_the_largest_allowed_values_are_accepted(build_rom, tmp_path):
    assert max(parse_buttons("35999-36000:start")) == 36000
    out = tmp_path / "big.png"
    assert main(["smoke", str(build_rom("basic")), "--frames", "3", "--scale", "16",
                 "-o", str(out)]) in (0, 2)  # fmt: skip
    assert out.stat().st_size > 0


def test_a_fifo_is_refused_by_name_without_waiting(tmp_path, capsys):
    fifo = tmp_path / "game.nes"
    os.mkfifo(fifo)
    assert "FIFO" in one_error_line(["smoke", str(fifo)], capsys)


def test_a_link_to_dev_zero_is_refused_without_reading_it(tmp_path, capsys):
    link = tmp_path / "zero.nes"
    link.symlink_to("/dev/zero")
    assert "character device" in one_error_line(["smoke", str(link)], capsys)


def test_an_oversized_rom_file_is_refused(tmp_path, capsys):
    big = tmp_path / "big.nes"
    big.write_bytes(b"NES\x1a" + bytes(2 << 20))
    assert "over" in one_error_line(["smoke", str(big)], capsys)


def test_an_nmi_handler_that_never_returns_is_stuck_in_nmi_not_idle(program):
    rom = program(
        "    RESET_PROLOGUE\n    SHOW %10000000, %00011110\n:   jmp :-",
        nmi="nmi_loop:\n    jmp nmi_loop",
    )
    result = smoke_test(rom, frames=30)
    assert result.verdict == "stuck-in-nmi" and not result.ok
    assert "never returned" in result.message and "NMI" in result.message


def test_a_handler_that_returns_late_is_not_stuck(program):
    # With NMI off meanwhile, the handler spends 1.3 frames (a lag frame), then returns.
    rom = program(
        "    RESET_PROLOGUE\n    SHOW %10000000, %00011110\n:   jmp :-",
        nmi="    lda #0\n    sta PPUCTRL\n    ldx #30\n:   ldy #0\n:   dey\n    bne :-\n"
        "    dex\n    bne :--\n    lda #$80\n    sta PPUCTRL\n    rti",
    )
    assert smoke_test(rom, frames=30).verdict == "idle"


def test_buttons_beyond_the_budget_are_refused_before_any_work():
    with pytest.raises(InvalidValueError, match="0 to 36000"):
        parse_buttons({36001: "a"})
