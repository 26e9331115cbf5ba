; A correct ROM: palette, a tiled nametable with attributes, two sprites, NMI-driven main loop.
.include "common.inc"

.segment "ZEROPAGE"
nmi_count: .res 1

.segment "CODE"
reset:
    RESET_PROLOGUE
    SET_ADDR $3F00
    COPY_TO_PPU palette, 32
    SET_ADDR $2000
    ldy #4                      ; 1 KiB: 960 tiles cycling 0-3 then 64 attribute bytes
    ldx #0
:   txa
    and #$03
    sta PPUDATA
    inx
    bne :-
    dey
    bne :-
    SET_ADDR $23C0
    ldx #0
:   txa
    and #$03
    sta PPUDATA
    inx
    cpx #64
    bne :-
    COPY_TO_OAM sprites, 8
    SHOW %10000000, %00011110
main:
    WAIT_FOR_NMI nmi_count
    jmp main

nmi:
    pha
    OAM_DMA
    inc nmi_count
    pla
irq:
    rti

palette:
    .byte $0F,$16,$27,$30, $0F,$1A,$2A,$3A, $0F,$12,$22,$32, $0F,$14,$24,$34
    .byte $0F,$06,$16,$26, $0F,$09,$19,$29, $0F,$01,$11,$21, $0F,$00,$10,$20
sprites:
    .byte 99, 1, %00000000, 40     ; y-1, tile, attributes, x
    .byte 49, 2, %01000001, 200

.segment "VECTORS"
    .word nmi, reset, irq

.segment "CHARS"
    .byte $00,$00,$00,$00,$00,$00,$00,$00, $00,$00,$00,$00,$00,$00,$00,$00  ; 0: colour 0
    .byte $FF,$81,$81,$81,$81,$81,$81,$FF, $00,$00,$00,$00,$00,$00,$00,$00  ; 1: box, colour 1
    .byte $00,$7E,$7E,$7E,$7E,$7E,$7E,$00, $00,$00,$3C,$3C,$3C,$3C,$00,$00  ; 2: colours 1 and 3
    .byte $F0,$F0,$F0,$F0,$0F,$0F,$0F,$0F, $F0,$F0,$F0,$F0,$0F,$0F,$0F,$0F  ; 3: checker, colour 3
