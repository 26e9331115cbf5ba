; Sprite 0 hit: sprite 0 sits over an opaque background tile at line 100. The main loop waits
; for the flag to clear (pre-render line), then to rise, and counts the hits; the NMI shows the
; count's low bits as the backdrop colour, so a missing hit shows on screen.
.include "common.inc"

.segment "ZEROPAGE"
hits: .res 1

.segment "CODE"
reset:
    RESET_PROLOGUE
    SET_ADDR $2000
    lda #0
    ldy #4
    FILL_PAGES
    SET_ADDR $2000 + 12*32 + 10  ; an opaque tile at row 12 (lines 96-103), column 10
    lda #1
    sta PPUDATA
    SET_ADDR $3F00              ; all 32 palette entries: $0F, $30, $30, $30, ...
    ldx #8
:   lda #$0F
    sta PPUDATA
    lda #$30
    sta PPUDATA
    sta PPUDATA
    sta PPUDATA
    dex
    bne :-
    lda #99                     ; sprite 0: line 100, x 82, tile 1
    sta $0200
    lda #1
    sta $0201
    lda #0
    sta $0202
    lda #82
    sta $0203
    OAM_DMA
    SHOW %10000000, %00011110
main:
:   bit PPUSTATUS               ; wait for the flag to clear ...
    bvs :-
:   bit PPUSTATUS               ; ... and to rise again
    bvc :-
    inc hits
    jmp main

nmi:
    pha
    OAM_DMA
    lda PPUSTATUS
    lda #$3F
    sta PPUADDR
    lda #$00
    sta PPUADDR
    lda hits
    cmp #3
    bcc :+
    lda #$2A                    ; colour $2A once three hits were counted
    .byte $2C                   ; BIT abs: skip the next two bytes
:   lda #$16                    ; colour $16 until then
    sta PPUDATA
    lda #%10000000              ; PPUADDR wrote t's nametable bits: select $2000 again
    sta PPUCTRL
    lda #0
    sta PPUSCROLL
    sta PPUSCROLL
    pla
irq:
    rti

.segment "VECTORS"
    .word nmi, reset, irq

.segment "CHARS"
    .res 16, 0
    .byte $FF,$FF,$FF,$FF,$FF,$FF,$FF,$FF, $00,$00,$00,$00,$00,$00,$00,$00
