; A timed split without sprite 0: the NMI counts CPU cycles down to line 120's horizontal
; blanking and there switches the background to pattern table $1000 (PPUCTRL), scrolls X by
; $2B (PPUSCROLL, fine x 3 at once, coarse X from line 122) and hides the background's left
; column (PPUMASK). The main loop is `jmp *`, so the NMI starts within a few cycles of vblank.
.include "split.inc"

.ifndef DELAY_HI
DELAY_HI = 12
.endif
.ifndef DELAY_LO
DELAY_LO = 133
.endif

.segment "CODE"
reset:
    RESET_PROLOGUE
    FILL_NUMBERED_NAMETABLES
    LOAD_PALETTES
    SHOW %10000000, %00011110
main:
    jmp main

nmi:
    TOP_OF_FRAME                ; pattern table $0000, scroll (0, 0)
    lda #%00011110
    sta PPUMASK
    ldx #DELAY_HI               ; about 16000 cycles: DELAY_HI * 1280 + DELAY_LO * 5
    ldy #0
:   dey
    bne :-
    dex
    bne :-
    ldy #DELAY_LO
:   dey
    bne :-
    ldx #%10010000              ; background from pattern table $1000
    ldy #$2B
    lda #%00011100              ; background hidden in the left column
    stx PPUCTRL
    sty PPUSCROLL
    sty PPUSCROLL
    sta PPUMASK
irq:
    rti

SPLIT_ROM_END
