; Shows what the NMI read from PPUSTATUS: colour 1 of background palette 0 becomes
; $0F (neither flag), $16 (bit 5, sprite overflow), $2A (bit 6, sprite 0 hit) or $12 (both).
; The sprites sit on lines 101-108 (Y byte 100):
;   LAYOUT 0: sprite 0 over opaque background (a hit) and nine sprites on the line (overflow);
;   LAYOUT 1: sprite 0 off screen (Y $F0) and seven sprites on the line: neither flag;
;   LAYOUT 2: eight sprites on the line, sprite 8 off it, sprite 9's tile number 104 read as a
;             Y by the buggy overflow search: a false positive (flag set, only eight sprites);
;   LAYOUT 3: sprites 0-7 and 9 on the line, 8 off it: the search reads sprite 9's tile byte
;             (200) instead of its Y and misses the ninth sprite: a false negative.
.include "split.inc"

.ifndef LAYOUT
LAYOUT = 0
.endif

.segment "ZEROPAGE"
status: .res 1

.segment "CODE"
reset:
    RESET_PROLOGUE
    FILL_NUMBERED_NAMETABLES
    LOAD_PALETTES
    ldx #0
:   lda sprites,x               ; 16 sprites from the table, the rest stay off screen ($FF)
    sta $0200,x
    inx
    cpx #64
    bne :-
    OAM_DMA
    SHOW %10000000, %00011110
main:
    jmp main

nmi:
    pha
    txa
    pha
    lda PPUSTATUS               ; the flags of the frame just drawn
    and #%01100000
    lsr
    lsr
    lsr
    lsr
    lsr
    tax
    SET_ADDR $3F01
    lda colours,x
    sta PPUDATA
    OAM_DMA
    TOP_OF_FRAME
    pla
    tax
    pla
irq:
    rti

colours:
    .byte $0F, $16, $2A, $12

.if LAYOUT = 0
ZERO_Y = 100
COUNT = 9
.elseif LAYOUT = 1
ZERO_Y = $F0
COUNT = 8
.else
ZERO_Y = 100
COUNT = 8
.endif

sprites:
    .byte ZERO_Y, $FF, 0, 40    ; sprite 0
.repeat 7, I
    .byte 100, $FF, 0, 60 + 20 * I
.endrepeat
.if LAYOUT = 0
    .byte 100, $FF, 0, 220      ; sprite 8: the ninth on the line
    .byte $F0, $FF, 0, 0
.elseif LAYOUT = 1
    .byte $F0, $FF, 0, 0
    .byte $F0, $FF, 0, 0
.elseif LAYOUT = 2
    .byte $F0, $FF, 0, 0        ; sprite 8 off the line ...
    .byte $F0, 104, 0, 0        ; ... sprite 9's tile 104 looks like a Y on the line
.else
    .byte $F0, $FF, 0, 0        ; sprite 8 off the line ...
    .byte 100, 200, $F0, $F0    ; ... sprite 9 on it, but its tile/attribute/X are read instead
.endif
.repeat 6
    .byte $F0, $F0, $F0, $F0
.endrepeat

SPLIT_ROM_END
