; A small correct ROM, and (with -D RULE=1) one variant per hardware rule or crash that the smoke
; test must name. Without defines it breaks no rule.
.include "common.inc"


.segment "ZEROPAGE"
nmi_count: .res 1
scratch:   .res 1

.segment "CODE"
reset:
    sei
.ifdef UNINIT
    lda $0010                   ; RAM read before anything wrote there
.endif
.ifndef NO_CLD
    cld
.endif
.ifdef NO_STACK
    jsr nothing                 ; the stack is used before TXS
.endif
    ldx #$FF
    txs
    inx
.ifdef WARMUP
    lda #$80                    ; NMI on, long before the PPU is warm
    sta PPUCTRL
.else
    stx PPUCTRL
.endif
    stx PPUMASK
.ifdef BRK
    brk
    nop
.endif
.ifdef ILLEGAL
    .byte $02                   ; not a 6502 instruction (KIL/JAM)
.endif
.ifdef GARBAGE
    jmp $0300                   ; RAM that nothing wrote
.endif
    WAIT_VBLANKS_CLEARING_RAM
.ifdef NO_RENDER
:   jmp :-
.endif
.ifndef NO_VRAM_CLEAR
    SET_ADDR $2000              ; nametable RAM holds garbage at power-on: clear it
    lda #0
    ldy #4
    FILL_PAGES
.endif
    SET_ADDR $3F00
    lda #$11
    sta PPUDATA
    lda #$30
    sta PPUDATA
.ifndef PARTIAL_PALETTE
    sta PPUDATA                 ; background palette 0 is $3F00-$3F03: write all four
    sta PPUDATA
.endif
    SHOW %10000000, %00011110
main:
.ifdef BUSY
    inc scratch                 ; never waits for anything
    jmp main
.endif
.ifdef RENDER_WRITE
    ldx #4                      ; wait ~5000 cycles: vblank is over, the PPU is drawing
    ldy #0
:   dey
    bne :-
    dex
    bne :-
    SET_ADDR $2000              ; rendering is on and this is not vblank
    lda #1
    sta PPUDATA
.endif
    WAIT_FOR_NMI nmi_count
    jmp main

nmi:
    pha
    txa
    pha
    OAM_DMA
.ifdef OVERRUN
    SET_ADDR $2000              ; far more than vblank's ~2270 cycles can hold
    ldx #0
    txa
:   sta PPUDATA
    sta PPUDATA
    sta PPUDATA
    sta PPUDATA
    inx
    bne :-
.endif
    lda #0
    sta PPUSCROLL
    sta PPUSCROLL
    inc nmi_count
    pla
    tax
    pla
irq:
    rti

nothing:
    rts

.segment "VECTORS"
    .word nmi, reset, irq

.segment "CHARS"
    .byte $00,$00,$00,$00,$00,$00,$00,$00, $00,$00,$00,$00,$00,$00,$00,$00
    .byte $FF,$81,$81,$81,$81,$81,$81,$FF, $00,$00,$00,$00,$00,$00,$00,$00
