"""`PPUState`: the snapshot holds what the PPU holds, in the shapes the renderer takes."""

from __future__ import annotations

import numpy as np
import pytest

from romulus_nb.emu import run
from romulus_nb.emu.machine import NES
from romulus_nb.emu.scroll import line_registers
from romulus_nb.emu.state import PPUState
from romulus_nb.nes.chr import decode_chr
from romulus_nb.render import line_splits


@pytest.mark.parametrize("mirroring, same, other", [(1, (0, 2), (1, 3)), (0, (0, 1), (2, 3))])
def test_the_four_logical_nametables_follow_the_mirroring(build_rom, mirroring, same, other):
    state = run(build_rom("corners", MIRRORING=mirroring), 8)
    assert state.mirroring == ("vertical" if mirroring else "horizontal")
    assert np.array_equal(state.nametables[same[0]], state.nametables[same[1]])
    assert np.array_equal(state.nametables[other[0]], state.nametables[other[1]])
    assert not np.array_equal(state.nametables[same[0]], state.nametables[other[0]])


def test_pattern_tables_are_the_cartridge_chr(build_rom):
    rom = build_rom("corners")
    state = run(rom, 4)
    chr_rom = rom.read_bytes()[16 + 0x4000 :]
    assert state.chr == chr_rom
    assert np.array_equal(state.pattern_tables.reshape(512, 8, 8), decode_chr(chr_rom))


def test_palette_ram_reads_as_the_cpu_sees_it(build_rom):
    state = run(build_rom("corners"), 4)
    assert state.palette_ram.shape == (32,) and state.palette_ram.dtype == np.uint8
    assert [state.palette_ram[i] for i in (0x10, 0x14, 0x18, 0x1C)] == [
        state.palette_ram[i] for i in (0x00, 0x04, 0x08, 0x0C)
    ]
    assert state.palette_ram[0] == 0x21  # corners.s writes $21 through $3F10 last


def test_the_state_is_read_only_and_compares_by_content(build_rom):
    rom = build_rom("basic")
    first, second = run(rom, 6), run(rom, 6)
    assert first == second and first.digest() == second.digest()
    assert first != run(rom, 7)
    with pytest.raises(ValueError):
        first.oam[0] = 1


@pytest.mark.parametrize("rom_name", ["basic", "split_sprite0"])
def test_a_frame_repeated_without_changes_gets_the_same_lines_and_hit_as_worked_out_afresh(
    build_rom, rom_name
):
    # The per-line picture is remembered between captures; a fresh machine works it out anew.
    rom = build_rom(rom_name).read_bytes()
    nes = NES(rom)
    for frames in (20, 21, 40):
        nes.run_frames(frames - nes.ppu.frame)
        kept = PPUState.capture(nes.ppu, nes.cycles, writes=False)
        fresh = NES(rom)
        fresh.run_frames(frames)
        anew = PPUState.capture(fresh.ppu, fresh.cycles, writes=False)
        assert kept.lines.tolist() == line_registers(nes.ppu.picture_segments()).tolist()
        assert kept.lines.tolist() == anew.lines.tolist()
        assert kept.sprite0_hit == anew.sprite0_hit


def test_without_mid_frame_writes_the_per_line_and_the_whole_frame_pictures_are_equal(build_rom):
    nes = NES(build_rom("basic").read_bytes())
    nes.run_frames(12)
    per_line = PPUState.capture(nes.ppu, nes.cycles)
    whole = PPUState.capture(nes.ppu, nes.cycles, per_line=False)
    assert whole.lines is None and whole.sprite0_hit is None
    assert len(line_splits(per_line.lines)) == 1
    assert per_line.render() == whole.render()
