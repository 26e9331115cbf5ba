; Sprite-0 status bar: the top 25 lines scroll (0, 0) in nametable $2000; sprite 0 sits at
; x 240 on line 25, over opaque background, and when its hit rises (dot ~242) the main loop
; writes PPUSCROLL ($53, 0) and PPUCTRL (nametable $2400) in horizontal blanking. Line 26 keeps
; its coarse X (copied at dot 257, before the writes) but takes fine x 3 at once; from line 27
; on the picture is $2400 scrolled by $53 (as on hardware, and in cynes).
.include "split.inc"

.segment "ZEROPAGE"
frames: .res 1

.segment "CODE"
reset:
    RESET_PROLOGUE
    FILL_NUMBERED_NAMETABLES
    LOAD_PALETTES
    SPRITE0_AT 24, 240  ; top line 25
    OAM_DMA
    SHOW %10000000, %00011110
main:
    WAIT_FOR_NMI frames         ; polling $2002 only after vblank began never races the NMI
:   bit PPUSTATUS               ; wait for the hit flag to clear (pre-render line) ...
    bvs :-
:   bit PPUSTATUS               ; ... and to rise on line 25
    bvc :-
    lda #$53
    sta PPUSCROLL
    lda #0
    sta PPUSCROLL
    lda #%10000001              ; nametable $2400 for the rest of the frame
    sta PPUCTRL
    jmp main

nmi:
    pha
    OAM_DMA
    TOP_OF_FRAME                ; the status bar: nametable $2000, scroll (0, 0)
    inc frames
    pla
irq:
    rti

SPLIT_ROM_END
