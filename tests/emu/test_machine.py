"""The NES memory map, the CPU's NES behaviour, the joypad, OAM DMA, interrupts and idle-loop
skipping, with expected values from the NESdev Wiki ("CPU memory map", "Standard controller",
"PPU registers#OAMDMA", "CPU interrupts") and from the 6502's documented cycle counts.
Programs are ca65 source assembled by the ``program`` fixture; they end with BRK.
"""

from __future__ import annotations

import pytest

from romulus_nb.emu.machine import NES
from romulus_nb.emu.state import PPUState

WAIT_TWO_VBLANKS = """
:   bit PPUSTATUS
    bpl :-
:   bit PPUSTATUS
    bpl :-
"""


def run(rom, frames: int = 4, **options) -> NES:
    nes = NES(rom, **options)
    nes.run_frames(frames)
    return nes


def ram(nes: NES, addr: int) -> int:
    return nes.bus.peek(addr)


def test_ram_is_mirrored_four_times_up_to_1fff(program):
    nes = run(
        program("""
    lda #$42
    sta $0801                   ; = $0001
    lda $1801                   ; = $0001
    sta $10
    lda #$24
    sta $1FFF                   ; = $07FF
    """)
    )
    assert (ram(nes, 0x0001), ram(nes, 0x10), ram(nes, 0x07FF)) == (0x42, 0x42, 0x24)
    assert nes.halt.kind == "brk"


def test_ppu_registers_repeat_every_8_bytes_up_to_3fff(program):
    nes = run(
        program(
            WAIT_TWO_VBLANKS
            + """
    lda #$21
    sta $3FFE                   ; PPUADDR, mirrored
    lda #$08
    sta $2E0E                   ; PPUADDR again
    """
        )
    )
    assert nes.ppu.v == 0x2108


def test_a_16k_prg_rom_appears_at_8000_and_at_c000(program):
    rom = program("""
    lda $8010
    sta $10
    lda $C010
    sta $11
    """)
    nes = run(rom)
    prg = rom.read_bytes()[16 : 16 + 0x4000]
    assert ram(nes, 0x10) == ram(nes, 0x11) == prg[0x10]


def test_writes_to_prg_rom_change_nothing(program):
    rom = program("""
    lda #$55
    sta $C000
    lda $C000
    sta $10
    """)
    nes = run(rom)
    assert ram(nes, 0x10) == rom.read_bytes()[16]


def test_the_cpu_starts_at_the_reset_vector_with_i_set_and_s_at_fd(program):
    nes = NES(program("    nop"))
    assert nes.cpu.pc == 0xC000 and nes.cpu.p & 0x04 and nes.cpu.sp == 0xFD


def test_the_2a03_ignores_decimal_mode(program):
    nes = run(
        program("""
    sed
    clc
    lda #$09
    adc #$01                    ; binary $0A (decimal mode would give $10)
    sta $10
    sec
    lda #$10
    sbc #$01                    ; binary $0F (decimal mode would give $09)
    sta $11
    """)
    )
    assert (ram(nes, 0x10), ram(nes, 0x11)) == (0x0A, 0x0F)


@pytest.mark.parametrize(
    "script, expected",
    [
        ({0: "a+start"}, [1, 0, 0, 1, 0, 0, 0, 0, 1, 1]),
        ({0: "b+select+up+right"}, [0, 1, 1, 0, 1, 0, 0, 1, 1, 1]),
        ("0:down+left", [0, 0, 0, 0, 0, 1, 1, 0, 1, 1]),
        ({1: "a"}, [0] * 8 + [1, 1]),  # pressed in frame 1 only: nothing in frame 0
    ],
)
def test_joypad_1_reports_a_b_select_start_up_down_left_right_then_ones(program, script, expected):
    nes = run(
        program("""
    lda #1
    sta $4016                   ; strobe: latch the buttons
    lda #0
    sta $4016
    ldx #0
:   lda $4016
    and #1
    sta $10,x
    inx
    cpx #10
    bne :-
    """),
        buttons=script,
    )
    assert [ram(nes, 0x10 + i) for i in range(10)] == expected


def test_while_strobe_is_high_the_joypad_keeps_reporting_a(program):
    nes = run(
        program("""
    lda #1
    sta $4016
    lda $4016
    and #1
    sta $10
    lda $4016
    and #1
    sta $11
    """),
        buttons={0: "a"},
    )
    assert (ram(nes, 0x10), ram(nes, 0x11)) == (1, 1)


@pytest.mark.parametrize(
    "load, dma_cycles",
    [
        ("lda #2", 513),  # LDA # 2 cycles: the STA writes on cycle 7+2+3 = 12, even
        ("lda $FF", 514),  # LDA zp 3 cycles: the write is on cycle 13, odd
    ],
)
def test_oam_dma_costs_513_or_514_cycles_and_copies_the_page(program, load, dma_cycles):
    rom = program(f"""
    {load}
    sta OAMDMA
    """)
    nes = NES(rom)
    nes.bus.mem[0xFF] = 2  # page number for the zero-page variant
    nes.run_frames(1)
    load_cycles = 2 if "#" in load else 3
    assert nes.halt.kind == "brk"
    assert nes.cycles == 7 + load_cycles + 4 + dma_cycles
    assert [w[0] for w in nes.ppu.writes] == [0x4014]


def test_oam_dma_copies_256_bytes_of_the_page_into_oam(program):
    nes = run(
        program("""
    ldx #0
:   txa
    eor #$5A
    sta $0300,x
    inx
    bne :-
    lda #3
    sta OAMDMA
    """)
    )
    assert bytes(nes.ppu.oam) == bytes(i ^ 0x5A for i in range(256))


def test_nmi_goes_through_the_vector_at_vblank_when_enabled(program):
    nes = run(
        program(
            WAIT_TWO_VBLANKS
            + """
    lda #$80
    sta PPUCTRL
:   jmp :-
    """,
            nmi="""
    lda #$99
    sta $10
    brk
    """,
        )
    )
    assert ram(nes, 0x10) == 0x99 and nes.halt.kind == "brk"
    # It came at the vblank of frame 2: line 241 dot 1 is dot 2 * 89342 + 82182.
    vblank_cycle = -(-(2 * 89342 + 82182) // 3)
    assert vblank_cycle <= nes.cycles < vblank_cycle + 20


def test_brk_goes_through_the_irq_vector_when_allowed(program):
    nes = run(
        program(
            """
    brk
    .byte 0
    """,
            irq="""
    lda #$77
    sta $10
:   jmp :-
    """,
        ),
        stop_on_brk=False,
    )
    assert ram(nes, 0x10) == 0x77 and nes.halt is None


@pytest.mark.parametrize("rom_name", ["basic", "corners", "rules", "palette", "sprite0"])
def test_skipping_idle_loops_changes_no_result(build_rom, rom_name):
    rom = build_rom(rom_name)
    fast, slow = run(rom, 16), run(rom, 16, skip_idle=False)
    assert fast.skipped_instructions > 0
    assert (fast.cycles, fast.instructions) == (slow.cycles, slow.instructions)
    assert PPUState.capture(fast.ppu, fast.cycles) == PPUState.capture(slow.ppu, slow.cycles)
    assert bytes(b & 0xFF for b in fast.bus.mem[:0x800]) == bytes(
        b & 0xFF for b in slow.bus.mem[:0x800]
    )


def test_skipping_idle_loops_changes_no_result_for_the_demo_game_with_presses():
    from romulus_nb.demo import demo_game
    from romulus_nb.rom.build import build

    rom = build(demo_game())
    script = {10: "start", 20: "start", 30: "select"}
    fast, slow = run(rom, 40, buttons=script), run(rom, 40, buttons=script, skip_idle=False)
    assert fast.skipped_instructions > 0
    assert PPUState.capture(fast.ppu, fast.cycles) == PPUState.capture(slow.ppu, slow.cycles)


def test_a_loop_that_writes_is_not_skipped(program):
    nes = run(
        program("""
:   inc $10
    jmp :-
    """),
        2,
    )
    assert nes.skipped_instructions == 0


def test_run_returns_the_state_the_smoke_test_sees(build_rom):
    from romulus_nb.emu import run, smoke_test

    rom = build_rom("basic")
    assert run(rom, 8) == smoke_test(rom, frames=8, film=False).state
