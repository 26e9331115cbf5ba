    ; Nametable 0 and its attribute table: $2000-$23FF, stored raw or RLE-compressed.
    lda #$20
    sta PPUADDR
    lda #$00
    sta PPUADDR
    lda scene_nametable_lo,x
    sta ptr
    lda scene_nametable_hi,x
    sta ptr+1
    lda scene_rle,x
    beq @raw
    jsr unrle
    jmp @nametable_done
@raw:
    jsr copy_nametable
@nametable_done:
