"""PPU register semantics, with expected values worked by hand from the NESdev Wiki pages
"PPU registers", "PPU scrolling", "PPU memory map", "PPU palettes", "Mirroring" and
"PPU frame timing". Register numbers are $2000 + n; cycles are CPU cycles since power-on.
"""

from __future__ import annotations

import pytest

from romulus_nb.emu.ppu import (
    OAMADDR,
    OAMDATA,
    PPUADDR,
    PPUCTRL,
    PPUDATA,
    PPUMASK,
    PPUSCROLL,
    PPUSTATUS,
    Ppu,
)

WARM = 30000  # a CPU cycle after the warm-up (29658 cycles)
# Line 241 dot 1 of frame 0 is dot 241 * 341 + 1 = 82182 = CPU cycle 27394 exactly.
VBLANK_SET_CYCLE = 27394


def fresh(mirroring: str = "vertical", chr_data: bytes = bytes(0x2000)) -> Ppu:
    return Ppu(chr_data, mirroring)


def write(ppu: Ppu, reg: int, *values: int, cycle: int = WARM) -> None:
    for value in values:
        ppu.write_register(reg, value, cycle, 0xC000)


def read(ppu: Ppu, reg: int, cycle: int = WARM) -> int:
    return ppu.read_register(reg, cycle)


def set_address(ppu: Ppu, address: int) -> None:
    read(ppu, PPUSTATUS)
    write(ppu, PPUADDR, address >> 8, address & 0xFF)


# -- the shared write toggle and t/v ---------------------------------------------------------


def test_two_ppuaddr_writes_set_v_high_byte_first():
    ppu = fresh()
    write(ppu, PPUADDR, 0x21, 0x08)
    assert ppu.v == 0x2108


def test_the_first_ppuaddr_write_keeps_six_bits_and_clears_bit_14():
    ppu = fresh()
    write(ppu, PPUADDR, 0xFF, 0xFF)
    assert ppu.v == 0x3FFF


def test_reading_ppustatus_resets_the_write_toggle():
    ppu = fresh()
    write(ppu, PPUADDR, 0x21)
    read(ppu, PPUSTATUS)
    write(ppu, PPUADDR, 0x23, 0x45)
    assert ppu.v == 0x2345


def test_the_nesdev_scrolling_example_step_by_step():
    """PPU scrolling, "Summary": $2000<-0, $2002 read, $2005<-$7D, $2005<-$5E, $2006<-$3D,
    $2006<-$F0. Worked by hand: t = ...,$000F (x=5), $616F, $3D6F, $3DF0 = v."""
    ppu = fresh()
    write(ppu, PPUCTRL, 0x00)
    read(ppu, PPUSTATUS)
    write(ppu, PPUSCROLL, 0x7D)
    assert (ppu.t, ppu.x, ppu.w) == (0x000F, 5, 1)
    write(ppu, PPUSCROLL, 0x5E)
    assert (ppu.t, ppu.w) == (0x616F, 0)
    write(ppu, PPUADDR, 0x3D)
    assert (ppu.t, ppu.w) == (0x3D6F, 1)
    write(ppu, PPUADDR, 0xF0)
    assert (ppu.t, ppu.v, ppu.w) == (0x3DF0, 0x3DF0, 0)


def test_ppuscroll_and_ppuaddr_share_one_toggle():
    ppu = fresh()
    write(ppu, PPUSCROLL, 0x00)  # first write
    write(ppu, PPUADDR, 0x45)  # second write: low byte of t, and t -> v
    assert ppu.w == 0 and ppu.v & 0xFF == 0x45


@pytest.mark.parametrize("ctrl, bits", [(0x00, 0x0000), (0x01, 0x0400), (0x02, 0x0800),
                                        (0x03, 0x0C00), (0xFC, 0x0000)])  # fmt: skip
def test_ppuctrl_puts_the_nametable_select_into_t_bits_10_and_11(ctrl, bits):
    ppu = fresh()
    ppu.t = 0x73FF & ~0x0C00
    write(ppu, PPUCTRL, ctrl)
    assert ppu.t & 0x0C00 == bits and ppu.t & ~0x0C00 == 0x73FF & ~0x0C00


@pytest.mark.parametrize(
    "scroll_writes, ctrl, expected",
    [
        ((0, 0), 0x00, (0, 0)),
        ((13, 7), 0x00, (13, 7)),
        ((255, 239), 0x03, (511, 479)),
        ((8, 16), 0x01, (264, 16)),
    ],
)
def test_the_scroll_of_the_next_frame_comes_from_t_and_fine_x(scroll_writes, ctrl, expected):
    ppu = fresh()
    write(ppu, PPUCTRL, ctrl)
    read(ppu, PPUSTATUS)
    write(ppu, PPUSCROLL, *scroll_writes)
    assert ppu.scroll() == expected


# -- PPUDATA -----------------------------------------------------------------------------------


@pytest.mark.parametrize("ctrl, addresses", [(0x00, (0x2000, 0x2001, 0x2002)),
                                             (0x04, (0x2000, 0x2020, 0x2040))])  # fmt: skip
def test_ppudata_writes_advance_by_1_or_by_32(ctrl, addresses):
    ppu = fresh()
    write(ppu, PPUCTRL, ctrl)
    set_address(ppu, 0x2000)
    write(ppu, PPUDATA, 0x11, 0x22, 0x33)
    assert [ppu.peek(a) for a in addresses] == [0x11, 0x22, 0x33]
    assert ppu.v == addresses[-1] + (addresses[1] - addresses[0])


def test_a_ppudata_read_returns_the_buffer_then_refills_it():
    ppu = fresh()
    set_address(ppu, 0x2400)
    write(ppu, PPUDATA, 0xA1, 0xA2, 0xA3)
    set_address(ppu, 0x2400)
    assert [read(ppu, PPUDATA) for _ in range(4)] == [0x00, 0xA1, 0xA2, 0xA3]


def test_the_read_buffer_survives_an_address_change():
    ppu = fresh()
    set_address(ppu, 0x2000)
    write(ppu, PPUDATA, 0x55)
    set_address(ppu, 0x2000)
    read(ppu, PPUDATA)  # buffer <- $55
    set_address(ppu, 0x2100)
    assert read(ppu, PPUDATA) == 0x55


def test_palette_reads_are_immediate_and_buffer_the_nametable_byte_underneath():
    ppu = fresh()
    set_address(ppu, 0x2F01)  # the nametable byte "under" $3F01
    write(ppu, PPUDATA, 0x77)
    set_address(ppu, 0x3F01)
    write(ppu, PPUDATA, 0x16)
    set_address(ppu, 0x3F01)
    assert read(ppu, PPUDATA) == 0x16
    set_address(ppu, 0x2000)
    assert read(ppu, PPUDATA) == 0x77


# -- palette RAM and its mirrors -------------------------------------------------------------


@pytest.mark.parametrize(
    "written, seen",
    [(0x3F10, 0x3F00), (0x3F14, 0x3F04), (0x3F18, 0x3F08), (0x3F1C, 0x3F0C),
     (0x3F00, 0x3F10), (0x3F20, 0x3F00), (0x3FFF, 0x3F1F), (0x3FE5, 0x3F05)],
)  # fmt: skip
def test_palette_mirrors(written, seen):
    ppu = fresh()
    set_address(ppu, written)
    write(ppu, PPUDATA, 0x2A)
    set_address(ppu, seen)
    assert read(ppu, PPUDATA) == 0x2A


@pytest.mark.parametrize("address", [0x3F11, 0x3F15, 0x3F01, 0x3F13])
def test_palette_entries_other_than_the_four_mirrors_are_their_own(address):
    ppu = fresh()
    set_address(ppu, address ^ 0x10)
    write(ppu, PPUDATA, 0x2A)
    set_address(ppu, address)
    assert read(ppu, PPUDATA) == 0x00


def test_palette_ram_keeps_six_bits():
    ppu = fresh()
    set_address(ppu, 0x3F01)
    write(ppu, PPUDATA, 0xFF)
    assert ppu.peek(0x3F01) == 0x3F


# -- nametable mirroring and CHR ---------------------------------------------------------------


@pytest.mark.parametrize(
    "mirroring, same, different",
    [
        ("vertical", (0x2000, 0x2800, 0x3000), (0x2400, 0x2C00)),
        ("horizontal", (0x2000, 0x2400, 0x3000), (0x2800, 0x2C00)),
        ("four-screen", (0x2000, 0x3000), (0x2400, 0x2800, 0x2C00)),
    ],
)
def test_nametable_mirroring_follows_the_header(mirroring, same, different):
    ppu = fresh(mirroring)
    set_address(ppu, 0x2005)
    write(ppu, PPUDATA, 0x99)
    assert [ppu.peek(a + 5) for a in same] == [0x99] * len(same)
    assert [ppu.peek(a + 5) for a in different] == [0x00] * len(different)


def test_chr_rom_ignores_writes():
    ppu = fresh(chr_data=bytes(range(256)) * 32)
    set_address(ppu, 0x0003)
    write(ppu, PPUDATA, 0xEE)
    assert ppu.peek(0x0003) == 0x03


def test_chr_ram_takes_writes():
    ppu = fresh(chr_data=b"")
    set_address(ppu, 0x1003)
    write(ppu, PPUDATA, 0xEE)
    assert ppu.peek(0x1003) == 0xEE


# -- OAM ------------------------------------------------------------------------------------------


def test_oamdata_writes_go_to_oamaddr_and_advance_it():
    ppu = fresh()
    write(ppu, OAMADDR, 0x10)
    write(ppu, OAMDATA, 1, 2, 3, 4)
    assert bytes(ppu.oam[0x10:0x14]) == bytes([1, 2, 3, 4]) and ppu.oamaddr == 0x14


def test_oamdata_reads_do_not_advance_and_attribute_bits_2_to_4_read_as_zero():
    ppu = fresh()
    write(ppu, OAMADDR, 0x02)
    write(ppu, OAMDATA, 0xFF)
    write(ppu, OAMADDR, 0x02)
    assert [read(ppu, OAMDATA), read(ppu, OAMDATA)] == [0xE3, 0xE3]


def test_oam_dma_copies_from_oamaddr_on_and_wraps():
    ppu = fresh()
    write(ppu, OAMADDR, 0xFE)
    ppu.oam_dma(0x02, bytes(range(256)), WARM, 0xC000)
    assert ppu.oam[0xFE] == 0 and ppu.oam[0xFF] == 1 and ppu.oam[0] == 2


# -- PPUSTATUS, vblank and NMI timing ------------------------------------------------------------


@pytest.mark.parametrize(
    "cycle, vblank",
    [
        (VBLANK_SET_CYCLE - 1, 0),  # line 240 dot 339: not yet
        (VBLANK_SET_CYCLE, 1),  # line 241 dot 1: set on this very dot
        (VBLANK_SET_CYCLE + 100, 1),
        (29667, 1),  # line 261 dot 0: still set
        (29668, 0),  # line 261 dot 3: cleared at dot 1 of the pre-render line
    ],
)
def test_the_vblank_flag_rises_at_line_241_dot_1_and_falls_at_line_261_dot_1(cycle, vblank):
    ppu = fresh()
    assert read(ppu, PPUSTATUS, cycle) >> 7 == vblank


def test_reading_ppustatus_clears_the_vblank_flag():
    ppu = fresh()
    assert read(ppu, PPUSTATUS, 28000) & 0x80
    assert not read(ppu, PPUSTATUS, 28001) & 0x80


def test_ppustatus_low_bits_are_the_last_value_on_the_bus():
    ppu = fresh()
    write(ppu, OAMADDR, 0x1F, cycle=100)
    assert read(ppu, PPUSTATUS, 200) == 0x1F


def test_nmi_fires_at_vblank_start_when_ppuctrl_bit_7_is_set():
    ppu = fresh()
    ppu.ctrl = 0x80
    ppu.catch_up(241 * 341)  # line 241 dot 0
    assert not ppu.nmi_pending
    ppu.catch_up(241 * 341 + 1)
    assert ppu.nmi_pending


def test_no_nmi_at_vblank_when_ppuctrl_bit_7_is_clear():
    ppu = fresh()
    ppu.catch_up(241 * 341 + 1)
    assert ppu.status & 0x80 and not ppu.nmi_pending


def test_enabling_nmi_during_vblank_fires_it_at_once():
    ppu = fresh()
    ppu.catch_up(89342 + 241 * 341 + 10)  # frame 1, in vblank, flag set
    write(ppu, PPUCTRL, 0x80, cycle=(89342 + 241 * 341 + 12) // 3)
    assert ppu.nmi_pending


def test_reading_ppustatus_one_dot_before_vblank_suppresses_the_flag_and_the_nmi():
    """Frame 2 starts at dot 178684 (two 89342-dot frames, rendering off); its vblank dot is
    178684 + 82182 = 260866. CPU cycle 86955 is dot 260865, one dot before."""
    ppu = fresh()
    ppu.ctrl = 0x80
    ppu.catch_up(86955 * 3 - 100)
    ppu.nmi_pending = False
    assert ppu.frame == 2
    assert not read(ppu, PPUSTATUS, 86955) & 0x80
    assert not read(ppu, PPUSTATUS, 87000) & 0x80
    assert not ppu.nmi_pending


def test_reading_ppustatus_on_the_vblank_dot_reads_it_set_but_cancels_the_nmi():
    ppu = fresh()
    ppu.ctrl = 0x80
    assert read(ppu, PPUSTATUS, VBLANK_SET_CYCLE) & 0x80
    assert not ppu.nmi_pending


@pytest.mark.parametrize("rendering, second_frame_start", [(False, 2 * 89342),
                                                           (True, 2 * 89342 - 1)])  # fmt: skip
def test_odd_frames_are_one_dot_shorter_while_rendering(rendering, second_frame_start):
    ppu = fresh()
    ppu.mask = 0x18 if rendering else 0
    ppu.catch_up(2 * 89342)
    assert (ppu.frame, ppu.frame_start) == (2, second_frame_start)


# -- warm-up ------------------------------------------------------------------------------------


@pytest.mark.parametrize("reg", [PPUCTRL, PPUMASK, PPUSCROLL, PPUADDR])
def test_writes_during_warm_up_are_ignored(reg):
    ppu = fresh()
    write(ppu, reg, 0x1E, cycle=29657)
    assert (ppu.ctrl, ppu.mask, ppu.t, ppu.x, ppu.w) == (0, 0, 0, 0, 0)
    assert [e[0] for e in ppu.events] == ["warmup"]


def test_the_same_writes_count_after_warm_up():
    ppu = fresh()
    write(ppu, PPUCTRL, 0x80, cycle=29658)
    write(ppu, PPUMASK, 0x1E, cycle=29658)
    assert (ppu.ctrl, ppu.mask) == (0x80, 0x1E) and ppu.events == []


def test_oam_and_ppudata_writes_are_honoured_during_warm_up():
    ppu = fresh()
    ppu.v = 0x2000
    write(ppu, OAMADDR, 0x04, cycle=1000)
    write(ppu, OAMDATA, 0x12, cycle=1000)
    write(ppu, PPUDATA, 0x34, cycle=1000)
    assert (ppu.oam[4], ppu.peek(0x2000), ppu.events) == (0x12, 0x34, [])


# -- sprite 0 hit --------------------------------------------------------------------------------


def sprite0_ppu(sprite_x: int, bg_column: int, mask: int, bg_row: int = 12) -> Ppu:
    """Tile 1 is all colour 1; the background has one tile 1 at (bg_column, bg_row); sprite 0
    is tile 1 with its top on line 100 (OAM Y byte 99) at ``sprite_x``."""
    chr_data = bytearray(0x2000)
    chr_data[0x10:0x18] = b"\xff" * 8  # table 0, tile 1
    chr_data[0x1010:0x1018] = b"\xff" * 8  # table 1, tile 1
    ppu = fresh(chr_data=bytes(chr_data))
    ppu.vram[bg_row * 32 + bg_column] = 1
    ppu.oam[0:4] = bytes([99, 1, 0, sprite_x])
    ppu.mask = mask
    ppu.catch_up(89342)  # frame 1 begins
    return ppu


def status_at(ppu: Ppu, line: int, dot: int) -> int:
    return read(ppu, PPUSTATUS, -(-(89342 + line * 341 + dot) // 3))


@pytest.mark.parametrize(
    "sprite_x, bg_column, mask, first_hit",
    [
        (82, 10, 0x1E, (100, 82)),  # background tile covers x 80-87, lines 96-103
        (76, 10, 0x1E, (100, 80)),
        (255, 31, 0x1E, None),  # the only overlap is at x = 255: never a hit
        (0, 0, 0x1E, (100, 0)),
        (0, 0, 0x18, None),  # both layers clipped in the left 8 pixels
        (4, 0, 0x1A, None),  # sprites clipped: the overlap at x 4-7 does not count
        (4, 1, 0x1A, (100, 8)),  # ... but x = 8 does
        (82, 20, 0x1E, None),  # sprite over transparent background
        (82, 10, 0x10, None),  # background off
    ],
)
def test_sprite_0_hit_rises_where_sprite_0_first_covers_the_background(
    sprite_x, bg_column, mask, first_hit
):
    ppu = sprite0_ppu(sprite_x, bg_column, mask)
    if first_hit is None:
        assert not status_at(ppu, 239, 0) & 0x40
        return
    line, x = first_hit
    assert not status_at(ppu, line - 1, 300) & 0x40
    assert status_at(ppu, line, x + 4) & 0x40
    assert status_at(ppu, 250, 0) & 0x40  # reading does not clear it
    assert not status_at(ppu, 261, 4) & 0x40  # cleared on the pre-render line


def test_without_the_warm_up_early_writes_count_and_are_still_reported():
    ppu = Ppu(bytes(0x2000), "vertical", warmup=False)
    write(ppu, PPUMASK, 0x1E, cycle=100)
    assert ppu.mask == 0x1E and [e[0] for e in ppu.events] == ["warmup"]


# -- uploads and the picture being drawn ---------------------------------------------------------


def _cycle_at(line: int, dot: int = 10) -> int:
    return (89342 + line * 341 + dot) // 3  # frame 1


@pytest.mark.parametrize(
    "line, mask, kinds",
    [
        (100, 0x1E, ["rendering"]),  # the PPU is fetching tiles
        (261, 0x1E, ["rendering"]),  # ... and on the pre-render line
        (240, 0x1E, []),  # post-render line: idle
        (250, 0x1E, []),  # vblank
        (100, 0x00, []),  # rendering off: any time is fine
    ],
)
def test_ppudata_writes_while_the_ppu_draws_are_reported(line, mask, kinds):
    ppu = fresh()
    ppu.mask = mask
    write(ppu, PPUDATA, 0x00, cycle=_cycle_at(line))
    assert [e[0] for e in ppu.events] == kinds


def test_an_upload_that_runs_from_vblank_into_the_pre_render_line_is_an_overrun():
    ppu = fresh()
    ppu.mask = 0x1E
    cycle = _cycle_at(260, 300)
    for _ in range(8):
        write(ppu, PPUDATA, 0x00, cycle=cycle)
        cycle += 8
    assert [e[0] for e in ppu.events] == ["overrun"] * len(ppu.events) and ppu.events


@pytest.mark.parametrize("mask, frame, line", [(0x00, 1, 261), (0x18, 2, 0)])
def test_the_last_dot_of_an_odd_frame_exists_only_with_rendering_off(mask, frame, line):
    """Dot 178683 (CPU cycle 59561) is line 261 dot 340 of frame 1 when frame 1 is 89342 dots
    long, and the first dot of frame 2 when rendering makes odd frame 1 one dot shorter."""
    ppu = fresh()
    ppu.mask = mask
    write(ppu, OAMADDR, 0x00, cycle=59561)
    assert ppu.writes[-1][3:] == (frame, line)
