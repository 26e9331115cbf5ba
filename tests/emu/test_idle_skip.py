"""Idle-loop skipping with the line-by-line PPU: a ROM parked in `jmp *` with NMI off skips to
the end of each frame, and loops that wait on sprite 0 hit skip to the hit; either way the
machine ends in exactly the state it reaches without skipping."""

from __future__ import annotations

import pytest

from romulus_nb.emu.machine import NES


def run_both(rom, frames: int) -> tuple[NES, NES]:
    fast, slow = NES(rom), NES(rom, skip_idle=False)
    fast.run_frames(frames)
    slow.run_frames(frames)
    return fast, slow


def test_a_rom_parked_with_nmi_off_skips_whole_frames_with_the_same_result(build_rom):
    fast, slow = run_both(build_rom("parked"), 8)
    assert fast.state() == slow.state()
    assert (fast.cycles, fast.instructions) == (slow.cycles, slow.instructions)
    # Six idle frames of ~9900 jmp each: all but a few instructions per event are skipped.
    assert fast.skipped_instructions > 0.99 * (fast.instructions - 30000)


def test_sprites_stacked_on_one_line_do_not_stop_the_skipping(build_rom):
    # OAM left at zeros: 64 sprites on lines 1-8 raise the overflow flag on line 0; nobody reads
    # it, and the parked loop still skips.
    fast, _ = run_both(build_rom("parked"), 4)
    assert fast.ppu.status_flags()[1] is not None
    assert fast.skipped_instructions > 0.9 * fast.instructions - 30000


@pytest.mark.parametrize("rom_name", ["split_sprite0", "split_2006", "sprite0"])
def test_waiting_for_sprite_0_hit_skips_to_the_hit_with_the_same_result(build_rom, rom_name):
    fast, slow = run_both(build_rom(rom_name), 12)
    assert fast.state() == slow.state()
    assert fast.instructions == slow.instructions
    assert fast.skipped_instructions > fast.instructions / 3


def test_a_halted_rom_shows_the_registers_it_left_not_its_last_frame(program):
    # Rendering goes on after a frame has completed, then BRK: the screen keeps drawing with
    # the registers as the CPU left them, so the picture is the next frame, not the blank one.
    rom = program(
        "    RESET_PROLOGUE\n    lda #$21\n    ldx #$3F\n    stx PPUADDR\n    ldx #0\n"
        "    stx PPUADDR\n    sta PPUDATA\n    SHOW %00000000, %00001010"
    )
    nes = NES(rom)
    nes.run_frames(5)
    assert nes.halt is not None and nes.ppu.last_segments is not None
    state = nes.state()
    assert (state.lines[:, 3] == 0x0A).all()
    assert all(segment[6] == 0 for segment in nes.ppu.last_segments)  # that frame was dark
