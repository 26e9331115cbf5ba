; romulus_nb runtime: the interrupt vectors, at the top of the CPU address space.
;
; The builder appends this file last, after runtime.s and the scene data: in ca65, .org sets
; one program counter shared by all segments, so the CODE segment cannot be resumed after it.

.segment "VECTORS"
.org $FFFA
    .word nmi           ; $FFFA: NMI, every vblank
    .word reset         ; $FFFC: reset
    .word irq           ; $FFFE: IRQ and BRK
