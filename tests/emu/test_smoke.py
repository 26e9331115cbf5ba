"""The smoke test's verdicts and hardware-rule warnings, on hand-written ROMs that each break
one rule (tests/emu/roms/rules.s assembled with -D RULE=1), its bad-input errors, its displays
and the ``romulus smoke`` command."""

from __future__ import annotations

import base64
import io
import re

import numpy as np
import pytest
from PIL import Image

from romulus_nb.demo import demo_game
from romulus_nb.emu.buttons import button_mask, parse_buttons
from romulus_nb.emu.commands import register, run_smoke
from romulus_nb.emu.report import palette_html
from romulus_nb.emu.smoke import smoke_test
from romulus_nb.errors import InvalidValueError, RomFormatError
from romulus_nb.nes.colors import DEFAULT_PALETTE


@pytest.mark.parametrize(
    "rule, verdict, warnings",
    [
        (None, "idle", []),
        ("WARMUP", "idle", ["warmup"]),
        ("RENDER_WRITE", "idle", ["rendering"]),
        ("OVERRUN", "idle", ["overrun"]),
        ("UNINIT", "idle", ["uninitialized"]),
        ("NO_CLD", "idle", ["no-cld"]),
        ("NO_STACK", "idle", ["no-stack"]),
        ("NO_VRAM_CLEAR", "idle", ["uninitialized-vram"]),
        ("PARTIAL_PALETTE", "idle", ["uninitialized-palette"]),
        ("BUSY", "busy", []),
        ("NO_RENDER", "no-rendering", []),
        ("BRK", "brk", []),
        ("ILLEGAL", "illegal", []),
        ("GARBAGE", "garbage", []),
    ],
)
def test_each_broken_rule_gets_its_verdict_and_warning(build_rom, rule, verdict, warnings):
    rom = build_rom("rules", **({rule: 1} if rule else {}))
    result = smoke_test(rom.read_bytes(), frames=12)
    assert result.verdict == verdict
    assert result.warning_kinds() == warnings
    assert result.ok == (verdict in ("idle", "busy"))


@pytest.mark.parametrize("rom_name", ["basic", "corners", "palette", "sprite0"])
def test_correct_hand_written_roms_get_no_warning(build_rom, rom_name):
    result = smoke_test(build_rom(rom_name), frames=20)
    assert (result.verdict, result.warnings) == ("idle", ())


def test_the_demo_game_boots_idles_and_breaks_no_rule():
    from romulus_nb.demo import demo_game
    from romulus_nb.rom.build import build

    result = smoke_test(build(demo_game()), frames=30)
    assert (result.verdict, result.warnings) == ("idle", ())
    assert result.render_frame is not None and result.idle_frame >= result.render_frame


@pytest.mark.parametrize(
    "rule, pc_line",
    [("BRK", r"=> \$C00C  00 +BRK"), ("ILLEGAL", r"=> \$C00C  02 +\.byte \$02"),
     ("GARBAGE", r"=> \$0300  00 +BRK")],
)  # fmt: skip
def test_a_crash_names_the_last_pc_and_shows_the_code_around_it(build_rom, rule, pc_line):
    result = smoke_test(build_rom("rules", **{rule: 1}), frames=12)
    assert any(re.fullmatch(pc_line, line) for line in result.disassembly), result.disassembly
    assert f"${result.last_pc:04X}" in result.message


def test_a_rom_that_never_draws_ends_within_its_budget(build_rom):
    result = smoke_test(build_rom("rules", NO_RENDER=1), frames=300)
    assert result.verdict == "no-rendering" and result.frames == 300
    assert f"${result.last_pc:04X}" in result.message


def test_the_warning_says_where_the_first_offence_happened(build_rom):
    (warning,) = smoke_test(build_rom("rules", RENDER_WRITE=1), frames=12).warnings
    assert warning.scanline is not None and 0 <= warning.scanline < 240
    assert f"PC ${warning.pc:04X}" in warning.message and "PPUDATA" in warning.message


# -- bad input ---------------------------------------------------------------------------------


def _ines(prg_banks=1, chr_banks=1, flags6=0, flags7=0, prg_bytes=None, chr_bytes=None):
    header = bytes([0x4E, 0x45, 0x53, 0x1A, prg_banks, chr_banks, flags6, flags7]) + bytes(8)
    prg = bytes(0x4000 * prg_banks if prg_bytes is None else prg_bytes)
    return header + prg + bytes(0x2000 * chr_banks if chr_bytes is None else chr_bytes)


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", ["empty"]),
        (b"PK\x03\x04" + bytes(40000), ["not an iNES file"]),
        (_ines(flags6=0x10), ["mapper 1", "mapper 0"]),
        (_ines(flags6=0x40, flags7=0x00), ["mapper 4"]),
        (_ines(prg_banks=2, prg_bytes=0x4000), ["PRG"]),
        (_ines(prg_banks=4), ["PRG", "16384 or 32768"]),
        (b"NES\x1a\x01", ["16"]),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_the_problem(data, words):
    with pytest.raises(RomFormatError) as caught:
        smoke_test(data)
    for word in words:
        assert word in str(caught.value)


@pytest.mark.parametrize("frames", [0, -1, 36001, 2.5])
def test_the_frame_budget_must_be_a_sensible_whole_number(build_rom, frames):
    with pytest.raises(InvalidValueError, match="frames"):
        smoke_test(build_rom("basic"), frames=frames)


@pytest.mark.parametrize(
    "spec, expected",
    [
        ("30:start", {30: 0x08}),
        ("1:a+b, 2:select", {1: 0x03, 2: 0x04}),
        ("5-7:right", {5: 0x80, 6: 0x80, 7: 0x80}),
        ({3: "up down"}, {3: 0x30}),
        ([(4, "left")], {4: 0x40}),
        (None, {}),
    ],
)
def test_button_scripts(spec, expected):
    assert parse_buttons(spec) == expected


@pytest.mark.parametrize("spec", ["start", "x:start", "3:turbo", {-1: "a"}])
def test_malformed_button_scripts_are_refused(spec):
    with pytest.raises(InvalidValueError):
        parse_buttons(spec)


def test_button_masks_follow_the_report_order():
    assert [button_mask(b) for b in ("a", "b", "select", "start", "up", "down", "left",
                                     "right")] == [1, 2, 4, 8, 16, 32, 64, 128]  # fmt: skip


# -- displays ----------------------------------------------------------------------------------


def test_the_result_and_the_state_display_as_deterministic_self_contained_html(build_rom):
    rom = build_rom("basic")
    first, second = smoke_test(rom, frames=10), smoke_test(rom, frames=10)
    page = first._repr_html_()
    assert page == second._repr_html_()
    assert first.state._repr_html_() == second.state._repr_html_()
    for part in (
        "idle",
        "Nametables",
        "Pattern tables",
        "Palette RAM",
        "OAM",
        "PPU writes per frame",
        "data:image/png;base64,",
        "data:image/gif;base64,",
    ):
        assert part in page, part  # fmt: skip
    assert not re.search(r"0x[0-9a-f]{6,}", page)  # no memory addresses


def test_the_film_is_an_animated_gif_ending_on_the_frame(build_rom):
    result = smoke_test(build_rom("basic"), frames=10)
    gif = result.film_gif()
    assert gif[:6] == b"GIF89a" and len(result.film) > 2
    assert result.film[-1][2] == result.frame


def test_the_write_log_records_address_value_cycle_frame_and_scanline(build_rom):
    state = smoke_test(build_rom("basic"), frames=4, film=False).state
    dma = [w for w in state.writes if w.register == "OAMDMA"]
    assert dma and all(w.value == 2 and 241 <= w.scanline < 261 for w in dma)
    cycles = [w.cycle for w in state.writes]
    assert cycles == sorted(cycles)
    assert {w.frame for w in state.writes_in_frame(3)} == {3}


# -- the command -------------------------------------------------------------------------------


def _args(*argv):
    import argparse

    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    return parser.parse_args(["smoke", *argv])


def test_the_command_writes_the_frame_and_exits_0_for_a_good_rom(build_rom, tmp_path, capsys):
    out = tmp_path / "frame.png"
    code = run_smoke(_args(str(build_rom("basic")), "--frames", "10", "-o", str(out)))
    assert code == 0 and out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert capsys.readouterr().out.startswith("idle: booted")


def test_the_command_exits_non_zero_and_shows_the_code_for_a_crash(build_rom, capsys):
    code = run_smoke(_args(str(build_rom("rules", BRK=1))))
    assert code == 2 and "=> $C00C" in capsys.readouterr().out


def test_a_rom_that_waits_for_sprite_0_hit_keeps_running(build_rom):
    result = smoke_test(build_rom("sprite0"), frames=20)
    assert result.state.palette_ram[0] == 0x2A  # its NMI saw three hits or more


@pytest.mark.parametrize("seed", range(12))
def test_random_bytes_as_a_program_end_in_a_verdict_never_an_exception(seed):
    import numpy as np

    from romulus_nb.emu.smoke import VERDICTS

    rng = np.random.default_rng(seed)
    prg = bytearray(rng.integers(0, 256, 0x4000, dtype=np.uint8).tobytes())
    start = 0xC000 + int(rng.integers(0, 0x3F00))
    prg[0x3FFC:0x3FFE] = start.to_bytes(2, "little")  # reset vector into the noise
    rom = _ines(prg_bytes=bytes(prg))
    result = smoke_test(rom, frames=3)
    assert result.verdict in VERDICTS
    assert result.disassembly and result.frame.indices.shape == (240, 256)


def test_the_command_without_a_rom_checks_every_scene_of_the_demo_game(capsys):
    code = run_smoke(_args("--frames", "20"))
    out = capsys.readouterr().out
    assert code == 0 and out.count("identical to the design") == 5  # the five scenes


def test_the_palette_ram_view_is_a_picture_of_its_32_bytes_in_the_wiki_colours():
    """Saved notebooks strip inline styles (GitHub): palette RAM goes out as a PNG whose
    swatches hold the NESdev Wiki 2C02 colours of the bytes the PPU holds."""
    state = smoke_test(demo_game().build(), frames=10).state
    html_text = palette_html(state)
    assert "background:" not in html_text
    uri = re.search(r'src="data:image/png;base64,([^"]+)"', html_text)
    picture = np.asarray(Image.open(io.BytesIO(base64.b64decode(uri.group(1)))).convert("RGB"))
    shown = {tuple(int(v) for v in pixel) for pixel in picture.reshape(-1, 3)}
    for value in state.palette_ram:
        assert tuple(int(v) for v in DEFAULT_PALETTE.rgb[int(value)]) in shown
