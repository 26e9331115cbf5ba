; The "$2006 trick" (https://www.nesdev.org/wiki/PPU_scrolling, "Split X/Y scroll"): PPUSCROLL
; can set a new X mid-frame but not Y, since t's Y bits reach v only on the pre-render line.
; Writing PPUADDR's second byte copies t into v at once: coarse X/Y, nametable and fine Y in one
; go. The first two writes (nametable 0 via PPUADDR, Y to PPUSCROLL) only touch t and are made
; early, after the pre-render line's vertical copy (made earlier, the whole frame would start
; at Y 77); after sprite 0's hit (x 240, line 121), X to PPUSCROLL and the low byte to PPUADDR
; land in horizontal blanking. From line 122 on the picture shows $2000 from (X, Y) = ($35, 77).
.include "split.inc"

SPLIT_X = $35
SPLIT_Y = 77

.segment "ZEROPAGE"
frames: .res 1

.segment "CODE"
reset:
    RESET_PROLOGUE
    FILL_NUMBERED_NAMETABLES
    LOAD_PALETTES
    SPRITE0_AT 120, 240  ; top line 121
    OAM_DMA
    SHOW %10000000, %00011110
main:
    WAIT_FOR_NMI frames
:   bit PPUSTATUS               ; wait for the hit flag to clear ...
    bvs :-
    ldx #40                     ; 200 cycles: past the pre-render line's copy of t's Y to v
:   dex
    bne :-
    lda #%00000000              ; t: nametable 0 ($2000), high bits of Y (here 0)
    sta PPUADDR
    lda #SPLIT_Y
    sta PPUSCROLL               ; t: fine Y and coarse Y
    ldx #SPLIT_X
    lda #(((SPLIT_Y & $F8) << 2) | (SPLIT_X >> 3)) & $FF
:   bit PPUSTATUS               ; ... and to rise on line 121
    bvc :-
    stx PPUSCROLL               ; fine x at once, coarse X into t
    sta PPUADDR                 ; v = t: the new X and Y from the next line on
    jmp main

nmi:
    pha
    OAM_DMA
    TOP_OF_FRAME
    inc frames
    pla
irq:
    rti

SPLIT_ROM_END
