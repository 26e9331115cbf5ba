; Learns an emulator's RGB palette: every frame the NMI makes colour N the backdrop and writes
; N in binary as six tiles at row 2 (tile 1 = a 1 bit, tile 2 = a 0 bit), then N goes up by 1.
; Tile 1 is white on the left and black on the right, tile 2 the reverse, so a digit reads the
; same on any backdrop.
.include "common.inc"

.segment "ZEROPAGE"
n: .res 1

.segment "CODE"
reset:
    RESET_PROLOGUE
    SET_ADDR $3F01
    lda #$30                    ; colour 1 white, colours 2 and 3 black
    sta PPUDATA
    lda #$0F
    sta PPUDATA
    sta PPUDATA
    SET_ADDR $2000
    lda #0
    ldy #8
    ldx #0
    FILL_PAGES
    lda #%10000000
    sta PPUCTRL
    lda #%00001010
    sta PPUMASK
forever:
    jmp forever

nmi:
    SET_ADDR $3F00
    lda n
    sta PPUDATA
    SET_ADDR $2042
    lda n
    ldx #6
    asl a
    asl a
:   asl a                       ; bit 5 first
    ldy #1
    bcs :+
    ldy #2
:   sty PPUDATA
    dex
    bne :--
    lda #0
    sta PPUSCROLL
    sta PPUSCROLL
    lda #%10000000
    sta PPUCTRL
    inc n
irq:
    rti

.segment "VECTORS"
    .word nmi, reset, irq

.segment "CHARS"
    .res 16, 0
    .byte $F0,$F0,$F0,$F0,$F0,$F0,$F0,$F0, $0F,$0F,$0F,$0F,$0F,$0F,$0F,$0F  ; 1: white | black
    .byte $0F,$0F,$0F,$0F,$0F,$0F,$0F,$0F, $F0,$F0,$F0,$F0,$F0,$F0,$F0,$F0  ; 2: black | white
