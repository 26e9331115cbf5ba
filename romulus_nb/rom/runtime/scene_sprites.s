    ldx scene           ; the scene's sprites into the shadow OAM: the NMI copies them to the
    lda scene_oam_lo,x  ; PPU at the next vblank
    sta ptr
    lda scene_oam_hi,x
    sta ptr+1
    lda scene_sprites,x
    jsr copy_sprites
