; The PPU's corners, drawn so that any mistake shows on screen:
; - palette written through the $3F20 mirror, and $3F10 (which is $3F00, the backdrop) written last;
; - a column of tiles written with PPUCTRL's increment-32 bit;
; - a tile copied with the buffered PPUDATA read (first read stale), a palette entry read back
;   unbuffered and used as a tile number;
; - a row written through the nametable that the cartridge's mirroring maps onto $2000;
; - sprites from pattern table $1000 while the background uses $0000, flipped, behind.
.include "common.inc"

.ifndef MIRRORING
MIRRORING = 1
.endif
.if MIRRORING = 1
MIRROR_NT = $2800               ; vertical: $2800 is $2000
.else
MIRROR_NT = $2400               ; horizontal: $2400 is $2000
.endif

.segment "CODE"
reset:
    RESET_PROLOGUE
    SET_ADDR $3F20              ; $3F20-$3F3F mirror $3F00-$3F1F
    COPY_TO_PPU palette, 32
    SET_ADDR $3F10              ; $3F10 is $3F00: the backdrop becomes $21
    lda #$21
    sta PPUDATA

    SET_ADDR $2000              ; background: tile (x + 3y) & $3F, attributes varied
    ldy #0
row:
    ldx #0
:   txa
    clc
    adc rowstart,y
    and #$3F
    sta PPUDATA
    inx
    cpx #32
    bne :-
    iny
    cpy #30
    bne row
    COPY_TO_PPU attributes, 64

    lda #%00000100              ; increment 32: a column of tile $2A down column 5
    sta PPUCTRL
    SET_ADDR $2005
    lda #$2A
    ldx #30
:   sta PPUDATA
    dex
    bne :-
    lda #0
    sta PPUCTRL

    SET_ADDR $2000 + 7*32 + 9   ; buffered read: the first read returns the stale buffer
    lda PPUDATA
    lda PPUDATA                 ; tile at (9, 7)
    tax
    SET_ADDR $2000 + 3*32 + 20
    stx PPUDATA
    stx PPUDATA
    SET_ADDR $3F05              ; palette reads are not buffered
    lda PPUDATA
    tax
    SET_ADDR $2000 + 3*32 + 24
    stx PPUDATA

    SET_ADDR MIRROR_NT + 20*32  ; a row written through the mirror
    lda #$3E
    ldx #32
:   sta PPUDATA
    dex
    bne :-

    COPY_TO_OAM sprites, sprites_end - sprites
    OAM_DMA
    SHOW %00001000, %00011110   ; sprites from $1000, background from $0000
forever:
    jmp forever

nmi:
irq:
    rti

rowstart:
    .repeat 30, I
    .byte (I * 3) & $3F
    .endrepeat
attributes:
    .repeat 64, I
    .byte (I * 29 + 7) & $FF
    .endrepeat
palette:
    .byte $0F,$16,$27,$30, $0F,$1A,$2A,$3A, $0F,$12,$22,$32, $0F,$14,$24,$34
    .byte $0F,$06,$16,$26, $0F,$09,$19,$29, $0F,$01,$11,$21, $0F,$00,$10,$20
sprites:                        ; y-1, tile, attributes (vhp...pp), x
    .byte 20, $01, %00000000, 16
    .byte 20, $02, %01000001, 32
    .byte 20, $03, %10000010, 48
    .byte 20, $04, %11000011, 64
    .byte 60, $05, %00100000, 80    ; behind the background
    .byte 60, $06, %00100001, 88
    .byte 100, $07, %00000010, 250  ; partly off the right edge
sprites_end:

.segment "VECTORS"
    .word nmi, reset, irq

.segment "CHARS"                ; pattern tables 0 and 1: a distinct pattern for every tile
    .repeat 512, K
    .repeat 8, R
    .byte (K * 37 + R * 11 + (K >> 8) * 85) & $FF
    .endrepeat
    .repeat 8, R
    .byte (K * 91 + R * 53 + 17) & $FF
    .endrepeat
    .endrepeat
