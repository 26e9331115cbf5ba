    jsr wait_nmi        ; in vblank: turning rendering off now does not cut a frame
    lda #$00
    sta PPUMASK         ; rendering off
    lda #$80
    sta PPUCTRL         ; NMI stays on; PPUDATA writes step the address by 1
    ldx scene
