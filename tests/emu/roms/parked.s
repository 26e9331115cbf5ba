; Rendering on, NMI off, and the CPU parked in `jmp *`: nothing can change until an interrupt,
; so the emulator skips to the end of every frame (benchmarks/smoke.py, test_idle_skip.py).
.include "common.inc"

.segment "CODE"
reset:
    RESET_PROLOGUE
    SHOW %00000000, %00011110
:   jmp :-
nmi:
irq:
    rti

.segment "VECTORS"
    .word nmi, reset, irq

.segment "CHARS"
    .res $2000, 0
