; Wait for the next NMI. Returns early in vblank, when the PPU may be written.
; Clobbers A.
.proc wait_nmi
    lda nmi_count
:   cmp nmi_count
    beq :-
    rts
.endproc

; Read controller 1 into `buttons` (bit 7 A, B, Select, Start, Up, Down, Left, bit 0 Right).
; Clobbers A. The 1 stored first in `buttons` is shifted out into the carry after 8 reads,
; which ends the loop.
.proc read_controller
    lda #$01
    sta JOY1            ; latch the buttons ...
    sta buttons
    lsr a
    sta JOY1            ; ... and start shifting them out
:   lda JOY1
    lsr a               ; bit 0 -> carry
    rol buttons         ; carry -> bit 0
    bcc :-
    rts
.endproc
