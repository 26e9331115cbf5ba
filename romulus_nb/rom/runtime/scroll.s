; romulus_nb scrolling runtime: the 6502 program of a game whose scenes include maps wider than
; the screen. (Games of one-screen scenes only carry runtime.s, the slideshow.)
;
; It boots like runtime.s, shows scene 0, and then, once a frame:
;   - Start or A shows the next scene, Select or B the previous one (as in runtime.s);
;   - on a map, Right and Left move the camera by the scene's speed (pixels per frame),
;     stopping at the map's edges;
;   - when the camera's edge reaches a map column that is not in the nametables yet, the main
;     loop decodes that column of metatiles into a buffer of 2 x 30 tiles and 8 attribute
;     bytes, and the next NMI copies them into the nametable off screen (in vblank), before it
;     sets PPUSCROLL and the nametable bits of PPUCTRL for the new camera position.
;
; The map: a horizontal level of W screens is 16*W columns of 15 metatiles (16x16 pixels each,
; one attribute block each). The two nametables side by side ($2000 and $2400, vertical
; mirroring) hold 32 columns: map column c lives in column c mod 32 of that 512-pixel plane,
; so the screen under the camera and the next one are always there.
; https://www.nesdev.org/wiki/PPU_scrolling, https://www.nesdev.org/wiki/Mirroring,
; https://www.nesdev.org/wiki/PPU_attribute_tables, https://www.nesdev.org/wiki/The_frame_and_NMIs
;
; Frame timing (romulus_nb.play.simulate follows it): the NMI of frame j reads the joypad; the
; main loop then handles it (scene change or camera move, column decode) still in frame j; the
; NMI of frame j+1 uploads and sets the scroll; frame j+2 shows it. Loading a scene takes a
; fixed number of frames: rendering goes off at the first NMI, a one-screen scene uploads in
; that frame, a map uploads 4 columns a frame for 8 frames; rendering comes back two frames
; after the last upload.
;
; The code both runtimes share lives in registers.s, reset.s, input.s and uploads.s; the builder
; splices each `.include` line into one source text. It also puts PRG_START and SCENE_COUNT in front of this file, and
; after it the scene tables of runtime.s plus scene_columns, scene_map*, scene_speed,
; scene_last_screen and the metatile table (metatile_tl/tr/bl/br/pal).

.include "registers.s"
BUTTON_LEFT   = %00000010
BUTTON_RIGHT  = %00000001

CTRL_NMI   = %10000000
CTRL_INC32 = %00000100  ; PPUDATA steps 32 bytes: down a nametable column

strip     = $0300   ; 15 metatile numbers: the map column being decoded
col_a     = $0310   ; 30 tiles: its left tile column
col_b     = $0330   ; 30 tiles: its right tile column
attr_lo   = $0350   ; 8 attribute-byte addresses (low bytes; the high byte is attr_hi)
attr_val  = $0358   ; 8 attribute bytes
shadow    = $0400   ; 128 bytes: the attribute tables of nametables $2000 and $2400

COLUMNS_IN_VRAM = 32    ; two nametables of 16 metatile columns
LOAD_CHUNK      = 4     ; map columns uploaded per frame while rendering is off

.include "zeropage.s"
ppu_ready: .res 1   ; 1: the NMI writes PPUCTRL/PPUSCROLL/PPUMASK (0 while a scene loads)
upload:    .res 1   ; 1: a decoded column waits for the NMI
ctrl:      .res 1   ; PPUCTRL of the scene (base nametable 0)
mask:      .res 1   ; PPUMASK of the scene
scroll_x:  .res 1   ; what the NMI writes to PPUSCROLL ...
scroll_nt: .res 1   ; ... and to the nametable bits of PPUCTRL
columns:   .res 1   ; map columns of the scene on screen; 0: a one-screen scene
speed:     .res 1   ; camera pixels per frame
last_screen: .res 1 ; the camera's rightmost position / 256
cam_lo:    .res 1   ; camera X in map pixels (16 bits)
cam_hi:    .res 1
lo_col:    .res 1   ; map columns lo_col .. hi_col-1 are in the nametables
hi_col:    .res 1
col:       .res 1   ; the map column being decoded
col_hi:    .res 1   ; VRAM address of its left tile column
col_lo:    .res 1
attr_hi:   .res 1   ; $23 or $27
map_ptr:   .res 2   ; the scene's map: raw columns, or the low bytes of column pointers
maphi_ptr: .res 2   ; RLE maps: the high bytes of column pointers
map_rle:   .res 1   ; 1: columns are RLE pairs (count, metatile)
tmp:       .res 2
count:     .res 1
bits:      .res 1
keep:      .res 1   ; attribute bits of the other metatile column, kept
odd:       .res 1   ; 1: the column is the right half of its attribute bytes
spot:      .res 1   ; index into shadow

.segment "CODE"
.org PRG_START

.include "reset.s"

; ---------------------------------------------------------------------------------------------
; Main loop: once a frame, change scene or move the camera and decode the column it needs
; ---------------------------------------------------------------------------------------------
main_loop:
    jsr wait_nmi
    lda pressed
    and next_keys       ; Start or A; Start only where the player plays (A jumps there)
    bne @next
    lda pressed
    and prev_keys       ; Select or B; Select only where the player plays
    bne @previous
    lda columns         ; a one-screen scene does not scroll
    beq main_loop
    jsr move_camera
    jsr stream_column
    jmp main_loop

.include "scene_switch.s"

; ---------------------------------------------------------------------------------------------
; NMI: upload the waiting column, copy the sprites, set the scroll, read the joypad
; ---------------------------------------------------------------------------------------------
.include "nmi_save.s"

    lda ppu_ready       ; while a scene loads, the main code owns the PPU address
    beq @sprites
    lda upload
    beq @sprites
    jsr upload_column   ; about 1150 cycles: well inside the ~2270 of vblank
    lda #0
    sta upload

@sprites:
    lda #$00            ; copy the shadow OAM to the PPU
    sta OAMADDR
    lda #>oam
    sta OAMDMA

    lda ppu_ready
    beq @joypad
    bit PPUSTATUS       ; reset the write toggle
    lda scroll_x        ; the scroll comes last: the uploads above moved the VRAM address
    sta PPUSCROLL
    lda #0
    sta PPUSCROLL
    lda ctrl
    ora scroll_nt       ; nametable $2000 or $2400: the 9th bit of the X scroll
    sta PPUCTRL
    lda mask
    sta PPUMASK

@joypad:
.include "nmi_joypad.s"

; ---------------------------------------------------------------------------------------------
; Subroutines
; ---------------------------------------------------------------------------------------------

.include "input.s"

; Right adds `speed` to the camera, Left subtracts it (both: no move), clamped to
; 0 .. last_screen * 256. Then the scroll the next NMI writes follows the camera.
.proc move_camera
    lda player_on       ; where the player plays, the camera follows it (player.s)
    beq :+
    jmp player_frame
:   lda buttons
    and #BUTTON_RIGHT
    beq @left
    clc
    lda cam_lo
    adc speed
    sta cam_lo
    lda cam_hi
    adc #0
    sta cam_hi
    cmp last_screen     ; past the right edge?
    bcc @left
    bne @clamp_right
    lda cam_lo
    beq @left
@clamp_right:
    lda last_screen
    sta cam_hi
    lda #0
    sta cam_lo
@left:
    lda buttons
    and #BUTTON_LEFT
    beq @scroll
    sec
    lda cam_lo
    sbc speed
    sta cam_lo
    lda cam_hi
    sbc #0
    sta cam_hi
    bcs @scroll         ; no borrow: still >= 0
    lda #0
    sta cam_lo
    sta cam_hi
@scroll:
    lda cam_lo
    sta scroll_x
    lda cam_hi
    and #1
    sta scroll_nt
    rts
.endproc

; If the column under the camera's right edge ((cam + 255) / 16) or left edge (cam / 16) is
; not in the nametables, decode it (the one it replaces is off screen) for the next NMI.
.proc stream_column
    clc
    lda cam_lo
    adc #255
    sta tmp
    lda cam_hi
    adc #0
    jsr column_of       ; A = (A:tmp) / 16
    cmp hi_col
    bcc @left           ; already there
    lda hi_col
    sta col
    inc hi_col
    lda hi_col
    sec
    sbc lo_col
    cmp #COLUMNS_IN_VRAM + 1
    bcc @decode
    inc lo_col          ; its slot held column hi_col - 33: gone now
    jmp @decode
@left:
    lda cam_lo
    sta tmp
    lda cam_hi
    jsr column_of
    cmp lo_col
    bcs @done           ; already there
    dec lo_col
    lda lo_col
    sta col
    lda hi_col
    sec
    sbc lo_col
    cmp #COLUMNS_IN_VRAM + 1
    bcc @decode
    dec hi_col
@decode:
    jsr prepare_column
    lda #1
    sta upload
@done:
    rts
.endproc

; A:tmp (a pixel X, 16 bits) -> A = the map column under it (X / 16, below 128).
.proc column_of
    asl a
    asl a
    asl a
    asl a
    sta tmp+1
    lda tmp
    lsr a
    lsr a
    lsr a
    lsr a
    ora tmp+1
    rts
.endproc

; Decode map column `col`: strip = its 15 metatiles; col_a/col_b = its 2 x 30 tiles; the
; 8 attribute bytes it touches (the other column's bits kept from the shadow copy) and the
; VRAM addresses of all of them.
.proc prepare_column
    jsr fetch_strip
    lda col             ; nametable: bit 4 of the column ($2000 or $2400)
    and #16
    lsr a
    lsr a               ; 0 or 4
    ora #$20
    sta col_hi
    ora #$03
    sta attr_hi         ; its attribute table: $23C0 or $27C0
    lda col
    and #15
    asl a
    sta col_lo          ; tile column (col mod 16) * 2 of row 0

    ldx #0              ; X: metatile row 0-14
@tiles:
    stx count
    txa
    asl a
    sta tmp             ; tile row 2 * X
    ldy strip,x         ; Y: the metatile
    ldx tmp
    lda metatile_tl,y
    sta col_a,x
    lda metatile_tr,y
    sta col_b,x
    lda metatile_bl,y
    sta col_a+1,x
    lda metatile_br,y
    sta col_b+1,x
    ldx count
    inx
    cpx #15
    bne @tiles

    lda col             ; shadow index of row 0: nametable * 64 + (col mod 16) / 2
    and #16
    asl a
    asl a
    sta tmp
    lda col
    and #15
    lsr a
    ora tmp
    sta spot
    lda col             ; the right metatile of each attribute byte: bits 3-2 and 7-6
    and #1
    sta odd
    lda #%11001100
    ldy odd
    beq :+
    lda #%00110011
:   sta keep

    ldx #0              ; X: attribute row 0-7 (metatile rows 2X and 2X+1)
@attributes:
    txa
    asl a
    sta tmp             ; the top metatile row
    lda #0
    sta bits
    cpx #7              ; row 15 does not exist: its bits stay 0
    beq @top
    ldy tmp
    lda strip+1,y
    tay
    lda metatile_pal,y
    asl a
    asl a
    asl a
    asl a
    sta bits            ; bottom palette in bits 5-4
@top:
    ldy tmp
    lda strip,y
    tay
    lda metatile_pal,y
    ora bits
    ldy odd
    beq :+
    asl a               ; the right column: bits 3-2 and 7-6
    asl a
:   sta bits
    ldy spot
    lda shadow,y
    and keep
    ora bits
    sta shadow,y
    sta attr_val,x
    tya
    and #63
    ora #$C0            ; $xxC0 + row * 8 + column / 2
    sta attr_lo,x
    tya
    clc
    adc #8
    sta spot
    inx
    cpx #8
    bne @attributes
    rts
.endproc

; strip = the 15 metatiles of map column `col`: at map_ptr + col * 15 when raw, else decoded
; from the RLE pairs (count, metatile) that the column pointer tables point to.
.proc fetch_strip
    lda map_rle
    bne @rle
    lda #0
    sta tmp+1
    lda col             ; col * 16 ...
    asl a
    rol tmp+1
    asl a
    rol tmp+1
    asl a
    rol tmp+1
    asl a
    rol tmp+1
    sec                 ; ... - col
    sbc col
    sta tmp
    lda tmp+1
    sbc #0
    sta tmp+1
    clc
    lda tmp
    adc map_ptr
    sta ptr
    lda tmp+1
    adc map_ptr+1
    sta ptr+1
    ldy #14
:   lda (ptr),y
    sta strip,y
    dey
    bpl :-
    rts
@rle:
    ldy col
    lda (map_ptr),y
    sta ptr
    lda (maphi_ptr),y
    sta ptr+1
    ldy #0
    ldx #0
@pair:
    lda (ptr),y         ; how many
    sta count
    iny
    lda (ptr),y         ; of which metatile
    iny
:   sta strip,x
    inx
    dec count
    bne :-
    cpx #15
    bne @pair
    rts
.endproc

; Copy the decoded column to VRAM: two tile columns going down (PPUDATA +32), then the 8
; attribute bytes. Call in vblank or with rendering off. Clobbers A, X.
.proc upload_column
    lda #CTRL_NMI | CTRL_INC32
    sta PPUCTRL
    bit PPUSTATUS
    lda col_hi
    sta PPUADDR
    lda col_lo
    sta PPUADDR
    ldx #0
:   lda col_a,x
    sta PPUDATA
    inx
    cpx #30
    bne :-
    lda col_hi
    sta PPUADDR
    ldx col_lo
    inx
    stx PPUADDR
    ldx #0
:   lda col_b,x
    sta PPUDATA
    inx
    cpx #30
    bne :-
    lda #CTRL_NMI
    sta PPUCTRL
    ldx #7
:   lda attr_hi
    sta PPUADDR
    lda attr_lo,x
    sta PPUADDR
    lda attr_val,x
    sta PPUDATA
    dex
    bpl :-
    rts
.endproc

; Show scene A: rendering off at the next vblank, upload the palette and the nametable (a
; one-screen scene, in that frame) or the first 32 map columns (4 a frame), then let the NMI
; turn rendering on with the scene's registers.
.proc load_scene
    sta scene
    lda #0
    sta ppu_ready       ; the NMI leaves the PPU to us from now on
    sta upload
    jsr wait_nmi        ; in vblank: turning rendering off now does not cut a frame
    lda #$00
    sta PPUMASK         ; rendering off
    lda #CTRL_NMI
    sta PPUCTRL         ; NMI stays on; PPUDATA writes step the address by 1
    ldx scene

.include "palette.s"

    lda #0
    sta cam_lo          ; every scene starts at the left edge
    sta cam_hi
    sta scroll_x
    sta scroll_nt
    lda scene_columns,x
    sta columns
    bne @map

    lda #$20            ; one screen: nametable 0 and its attribute table, raw or RLE
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
    jmp @uploaded
@raw:
    jsr copy_nametable
    jmp @uploaded

@map:
    lda scene_map_lo,x
    sta map_ptr
    lda scene_map_hi,x
    sta map_ptr+1
    lda scene_maphi_lo,x
    sta maphi_ptr
    lda scene_maphi_hi,x
    sta maphi_ptr+1
    lda scene_map_rle,x
    sta map_rle
    lda scene_speed,x
    sta speed
    lda scene_last_screen,x
    sta last_screen
    lda #0
    sta lo_col
    sta col
@chunk:                 ; LOAD_CHUNK columns, then wait for the next frame
    jsr prepare_column
    jsr upload_column
    inc col
    lda col
    and #LOAD_CHUNK - 1
    bne @chunk
    lda col
    cmp #COLUMNS_IN_VRAM
    beq @loaded
    jsr wait_nmi
    jmp @chunk
@loaded:
    sta hi_col

@uploaded:
    jsr wait_nmi        ; the last upload is done; the next NMI shows the scene
    ldx scene
    lda scene_oam_lo,x
    sta ptr
    lda scene_oam_hi,x
    sta ptr+1
    lda scene_sprites,x
    jsr copy_sprites
    ldx scene
    lda scene_ppuctrl,x
    and #%11111100      ; base nametable $2000; scroll_nt adds the 9th X bit
    ora #CTRL_NMI
    sta ctrl
    lda scene_ppumask,x
    sta mask
    lda #1
    sta ppu_ready
    ldx scene
    jmp player_load     ; the player, or not (player.s)
.endproc

.include "uploads.s"
.include "player.s"
