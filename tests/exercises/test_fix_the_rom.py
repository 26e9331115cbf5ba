"""Notebook 07's exercise: the broken program is called not yet right (with the fix for its
first warning as the hint), and a program fixed by hand by the NESdev Wiki's "Init code" page
is called right."""

from __future__ import annotations

from romulus_nb.exercises import frames

BROKEN = """
.segment "ZEROPAGE"
.org $0000
counter: .res 1
.segment "CODE"
.org $C000
reset:
    sei
    jsr setup
    lda counter
    lda #$3F
    sta $2006
    lda #$00
    sta $2006
    lda #$16
    sta $2007
    lda #$1E
    sta $2001
loop:
    lda #$20
    sta $2006
    lda #$00
    sta $2006
    sta $2007
    jmp loop
setup:
    rts
nmi:
irq:
    rti
.segment "VECTORS"
.org $FFFA
    .word nmi, reset, irq
"""

FIXED = """
.segment "ZEROPAGE"
.org $0000
counter: .res 1
.segment "CODE"
.org $C000
reset:
    sei
    cld                 ; decimal mode off
    ldx #$FF
    txs                 ; the stack before any JSR
    inx
    stx $2000           ; NMI off
    stx $2001           ; rendering off
    jsr setup
:   bit $2002           ; two vblanks: the PPU warms up
    bpl :-
:   bit $2002
    bpl :-
    lda #$00
    ldx #$00
clear_ram:
    sta $0000,x
    inx
    bne clear_ram
    lda counter         ; now written
    lda #$20            ; the whole of nametable $2000
    sta $2006
    lda #$00
    sta $2006
    ldy #4
    ldx #0
clear_vram:
    sta $2007
    inx
    bne clear_vram
    dey
    bne clear_vram
    lda #$3F            ; all 32 bytes of palette RAM: red backdrop
    sta $2006
    lda #$00
    sta $2006
    ldx #32
palette:
    lda #$16
    sta $2007
    dex
    bne palette
    lda #$00
    sta $2000           ; nametable $2000 again: PPUADDR writes changed the PPU's t register
    sta $2005           ; scroll 0, 0 after the address writes
    sta $2005
:   bit $2002           ; turn rendering on in vblank
    bpl :-
    lda #$1E
    sta $2001
loop:
    jmp loop            ; nothing more to write while the PPU draws
setup:
    rts
nmi:
irq:
    rti
.segment "VECTORS"
.org $FFFA
    .word nmi, reset, irq
"""


def test_the_broken_rom_is_not_yet_right_and_the_hint_is_its_first_fix():
    verdict = frames.fix_the_rom.check(BROKEN)
    assert not verdict.ok
    assert "verdict no-rendering" in verdict.message
    assert "two vblanks" in verdict.hint


def test_a_rom_that_waits_but_keeps_its_other_mistakes_lists_what_is_left():
    waits = BROKEN.replace(
        "    lda counter\n",
        "    lda counter\n:   bit $2002\n    bpl :-\n:   bit $2002\n    bpl :-\n",
    )
    verdict = frames.fix_the_rom.check(waits)
    assert not verdict.ok and "warning(s) left" in verdict.message
    for kind in ("uninitialized", "no-cld", "no-stack"):
        assert kind in verdict.message


def test_the_rom_fixed_by_the_init_code_rules_is_right():
    verdict = frames.fix_the_rom.check(FIXED)
    assert verdict.ok, str(verdict)


def test_source_that_does_not_assemble_points_at_the_line():
    verdict = frames.fix_the_rom.check(".org $C000\n    lda #$100\n")
    assert not verdict.ok and "does not assemble" in verdict.message and ":2:" in verdict.message
