; Copy the 1024 bytes at (ptr) to PPUDATA. Clobbers A, X, Y and ptr.
.proc copy_nametable
    ldx #4              ; four pages of 256 bytes
    ldy #0
:   lda (ptr),y
    sta PPUDATA
    iny
    bne :-
    inc ptr+1
    dex
    bne :-
    rts
.endproc

; Decompress the RLE data at (ptr) to PPUDATA. The format is the one NES Screen Tool writes
; (decoded by Shiru's neslib as vram_unrle): the first byte is a tag, a value the data never
; uses; any other byte is written as is; the tag followed by n > 0 writes the last byte n more
; times; the tag followed by 0 ends the data. Clobbers A, X, Y and ptr.
.proc unrle
    ldy #0
    lda (ptr),y
    sta rle_tag
@next:
    iny
    bne :+
    inc ptr+1
:   lda (ptr),y
    cmp rle_tag
    beq @run
    sta PPUDATA         ; a literal byte
    sta rle_byte
    jmp @next
@run:
    iny
    bne :+
    inc ptr+1
:   lda (ptr),y         ; the run length; 0 ends the data
    beq @done
    tax
    lda rle_byte
:   sta PPUDATA
    dex
    bne :-
    jmp @next
@done:
    rts
.endproc

; Copy A sprites (4 bytes each, 0-64) from (ptr) to the shadow OAM and hide the rest
; (all four bytes $FF). Clobbers A, X, Y.
.proc copy_sprites
    ldy #0
    tax
    beq @hide           ; no sprites: hide all 64
@copy:
    lda (ptr),y         ; Y
    sta oam,y
    iny
    lda (ptr),y         ; tile
    sta oam,y
    iny
    lda (ptr),y         ; attributes
    sta oam,y
    iny
    lda (ptr),y         ; X
    sta oam,y
    iny
    dex
    bne @copy
    tya                 ; Y wrapped to 0: all 64 sprites are in use
    beq @done
@hide:
    lda #$FF
:   sta oam,y
    iny
    bne :-
@done:
    rts
.endproc

; ---------------------------------------------------------------------------------------------
; The builder appends the scene data here (still in the CODE segment), then vectors.s.
; ---------------------------------------------------------------------------------------------
