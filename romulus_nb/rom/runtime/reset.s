; ---------------------------------------------------------------------------------------------
; Reset: the CPU starts here at power-on and when the reset button is pressed
; ---------------------------------------------------------------------------------------------
reset:
    sei                 ; no IRQs
    cld                 ; the NES CPU has no decimal mode; clear the flag anyway
    ldx #$40
    stx APU_FRAME       ; APU frame-counter IRQ off
    ldx #$FF
    txs                 ; stack pointer: top of page $01
    inx                 ; X = 0
    stx PPUCTRL         ; NMI off
    stx PPUMASK         ; rendering off
    stx DMC_FREQ        ; DMC IRQ off
    bit PPUSTATUS       ; clear a vblank flag left over from before the reset

    ; The PPU ignores most writes for about 29658 CPU cycles after power-on;
    ; two vblanks is the usual wait. Clear the RAM in between.
:   bit PPUSTATUS       ; first vblank
    bpl :-

    txa                 ; A = 0
:   sta $0000,x         ; clear all 2 KiB of RAM ...
    sta $0100,x
    sta $0200,x
    sta $0300,x
    sta $0400,x
    sta $0500,x
    sta $0600,x
    sta $0700,x
    inx
    bne :-

    lda #$FF            ; ... then hide every sprite: Y = $FF is below the screen
:   sta oam,x
    inx
    bne :-

:   bit PPUSTATUS       ; second vblank: the PPU is ready
    bpl :-

    lda #$80            ; NMI on (the vblank flag was just cleared by the read above,
    sta PPUCTRL         ; so the first NMI comes at the next vblank, not now)
    lda #0
    jsr load_scene      ; show scene 0
