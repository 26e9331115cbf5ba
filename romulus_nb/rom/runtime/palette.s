    lda scene_palette_lo,x
    sta ptr
    lda scene_palette_hi,x
    sta ptr+1
    bit PPUSTATUS       ; reset the write toggle: next PPUADDR write is the high byte
    lda #$3F
    sta PPUADDR
    lda #$00
    sta PPUADDR
    tay                 ; Y = 0
:   lda (ptr),y
    sta PPUDATA
    iny
    cpy #32
    bne :-
