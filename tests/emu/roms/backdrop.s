; Shows one colour over the whole screen: the backdrop, palette RAM $3F00, set from the byte at
; $C000 (file offset 16), which the tests patch to each of the 64 colours.
.include "common.inc"

.segment "CODE"
color:
    .byte $0F
reset:
    RESET_PROLOGUE
    SET_ADDR $3F00
    lda color
    sta PPUDATA
    SET_ADDR $2000              ; nametable: tile 0 (blank) everywhere
    lda #0
    ldy #8
    ldx #0
    FILL_PAGES
    sta PPUSCROLL
    sta PPUSCROLL
    lda #%00001010
    sta PPUMASK
forever:
    jmp forever

nmi:
irq:
    rti

.segment "VECTORS"
    .word nmi, reset, irq

.segment "CHARS"
    .res $2000, 0
