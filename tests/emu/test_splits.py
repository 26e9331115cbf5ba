"""Mid-frame register changes draw as cynes draws them, pixel for pixel: our own split-screen
ROMs (tests/emu/roms/split_*.s, status_bits.s, scroll_y244.s), assembled by ca65/ld65 and run on
both emulators. Each ROM's comment says what the hardware does with its writes."""

from __future__ import annotations

import pytest

from romulus_nb.emu.smoke import smoke_test
from tests.emu.conftest import cynes_frame, differing_pixels


def ours_and_cynes(rom, frames: int, palette) -> tuple:
    ours = smoke_test(rom, frames=frames, film=False)
    assert ours.ok, ours.message
    return ours, differing_pixels(ours.frame.indices, cynes_frame(rom, frames), palette)


@pytest.mark.parametrize("frames", [10, 11, 30])
def test_a_sprite_0_status_bar_splits_the_scroll_as_in_cynes(build_rom, cynes_palette, frames):
    ours, differing = ours_and_cynes(build_rom("split_sprite0"), frames, cynes_palette)
    assert differing == 0
    assert ours.state.sprite0_hit == (25, 240)


@pytest.mark.parametrize(
    "layout, colour",
    [
        (0, 0x12),  # sprite 0 hit and nine sprites on a line: both flags
        (1, 0x0F),  # no hit, seven sprites: neither
        (2, 0x12),  # eight sprites and a tile number read as a Y: overflow's false positive
        (3, 0x2A),  # nine sprites, the ninth missed by the buggy search: a false negative
    ],
)
def test_what_a_rom_reads_from_ppustatus_bits_5_and_6_is_what_cynes_shows(
    build_rom, cynes_palette, layout, colour
):
    ours, differing = ours_and_cynes(build_rom("status_bits", LAYOUT=layout), 12, cynes_palette)
    assert differing == 0
    assert ours.state.palette_ram[1] == colour


@pytest.mark.parametrize("scroll_y", [244, 255, 239, 100])
def test_a_y_scroll_of_240_to_255_draws_attribute_rows_and_wraps_like_cynes(
    build_rom, cynes_palette, scroll_y
):
    ours, differing = ours_and_cynes(build_rom("scroll_y244", SCROLL_Y=scroll_y), 8, cynes_palette)
    assert differing == 0


@pytest.mark.parametrize("frames", [10, 13])
def test_the_2006_trick_sets_x_and_y_mid_frame_like_cynes(build_rom, cynes_palette, frames):
    ours, differing = ours_and_cynes(build_rom("split_2006"), frames, cynes_palette)
    assert differing == 0
    lines = ours.state.lines
    # Worked by hand from the writes: t = $0000 (PPUADDR $00), then fine Y 5 and coarse Y 9
    # (PPUSCROLL 77), coarse X 6 (PPUSCROLL $35), low byte $26 (PPUADDR): v = $5126, x = 5.
    assert lines[122].tolist() == [0x5126, 5, 0x80, 0x1E]
    assert lines[123].tolist() == [0x6126, 5, 0x80, 0x1E]  # fine Y + 1
    assert lines[121].tolist() == [(1 << 12) | (15 << 5), 0, 0x80, 0x1E]  # line 121: Y 121
    assert ours.state.sprite0_hit == (121, 240)


@pytest.mark.parametrize("frames", [10, 11, 12, 13])
def test_a_timed_split_changes_pattern_table_scroll_and_mask_in_hblank_like_cynes(
    build_rom, cynes_palette, frames
):
    ours, differing = ours_and_cynes(build_rom("split_timed"), frames, cynes_palette)
    assert differing == 0
    lines = ours.state.lines
    assert lines[120].tolist() == [(15 << 5) | 0, 0, 0x80, 0x1E]
    # Written at dots 266-309 of line 120: after the dot-257 copy, so line 121 keeps coarse X 0
    # but takes fine x 3, the pattern table and the mask; line 122 gets coarse X 5 ($2B >> 3).
    assert lines[121].tolist() == [(1 << 12) | (15 << 5), 3, 0x90, 0x1C]
    assert lines[122].tolist() == [(2 << 12) | (15 << 5) | 5, 3, 0x90, 0x1C]
