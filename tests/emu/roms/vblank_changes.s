; Every NMI changes what the next frame draws: the backdrop colour (a palette write) and sprite
; 0's X (the shadow OAM, then OAM DMA), both in vblank. The picture of a frame is drawn with
; what the memories held while it was drawn; the change shows in the frame after.
.include "common.inc"

count = $10                     ; frames counted by the NMI

.segment "CODE"
nmi:
    pha
    inc count
    bit PPUSTATUS
    lda #$3F
    sta PPUADDR
    lda #$00
    sta PPUADDR
    lda count
    and #$0F
    ora #$10                    ; backdrop $10-$1F, a new one every frame
    sta PPUDATA
    lda count
    asl a
    sta $0203                   ; sprite 0 moves 2 pixels a frame
    OAM_DMA
    lda #%10000000              ; PPUADDR wrote t's nametable bits: select $2000 again ...
    sta PPUCTRL
    lda #0                      ; ... and scroll (0, 0)
    sta PPUSCROLL
    sta PPUSCROLL
    pla
irq:
    rti

reset:
    bit PPUSTATUS               ; the vblank flag may be set at power-on (it is in cynes)
    RESET_PROLOGUE
    SET_ADDR $2000              ; nametables: tile 0 (blank) everywhere
    lda #0
    ldy #8
    ldx #0
    FILL_PAGES
    SET_ADDR $3F11              ; sprite palette 0, colour 1: white
    lda #$30
    sta PPUDATA
    lda #$40                    ; sprite 0: Y, tile 1 (a solid bar), attributes, X
    sta $0200
    lda #1
    sta $0201
    lda #0
    sta $0202
    sta $0203
    SHOW %10000000, %00011110   ; NMI on; background and sprites, left columns shown
forever:
    jmp forever

.segment "VECTORS"
    .word nmi, reset, irq

.segment "CHARS"
    .res 16, 0                  ; tile 0: blank
    .res 8, $FF                 ; tile 1: colour 1 everywhere
    .res 8, 0
    .res $2000 - 32, 0
