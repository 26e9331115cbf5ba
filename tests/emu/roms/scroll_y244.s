; A Y scroll of 244 (coarse Y 30, fine Y 4): the PPU fetches the attribute bytes of rows 30-31
; as tiles for the first 12 lines, then wraps to row 0 of the *same* nametable ($2000), not to
; the one below (https://www.nesdev.org/wiki/PPU_scrolling). X scroll 20 for good measure.
.include "split.inc"

.ifndef SCROLL_Y
SCROLL_Y = 244
.endif

.segment "CODE"
reset:
    RESET_PROLOGUE
    FILL_NUMBERED_NAMETABLES
    LOAD_PALETTES
    SHOW %10000000, %00001110
main:
    jmp main

nmi:
    pha
    lda #%10000000
    sta PPUCTRL
    lda #20
    sta PPUSCROLL
    lda #SCROLL_Y
    sta PPUSCROLL
    pla
irq:
    rti

SPLIT_ROM_END
