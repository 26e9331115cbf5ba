; romulus_nb scrolling runtime: the 6502 program of a game whose scenes include maps bigger than
; the screen. (Games of one-screen scenes only carry runtime.s, the slideshow.)
;
; It boots like runtime.s, shows scene 0, and then, once a frame:
;   - Start or A shows the next scene, Select or B the previous one (as in runtime.s; where
;     the player plays, only Start and Select: A jumps);
;   - on a map where the player plays (player.s, across or down), player_frame moves it and
;     the camera follows it; on any other map the d-pad moves the camera by the scene's speed
;     (pixels per frame): Right and Left on a horizontal map, Down and Up on a vertical one,
;     stopping at the map's edges;
;   - apply_camera turns the camera into the scroll the next NMI writes, and when the view
;     reaches a map column (row) that is not in the nametables yet, decodes it into a buffer
;     of 60 or 64 tiles and 8 attribute bytes, which the next NMI copies into the nametable
;     off screen (in vblank) before it sets PPUSCROLL and the nametable bits of PPUCTRL.
;
; THE CAMERA (the interface for code other than the d-pad, e.g. a player that the camera follows)
;   cam_x, cam_y   zero page, 16 bits each (low byte first): the map pixel at the view's top-left
;                  corner. A horizontal map uses cam_x (0 .. cam_max), cam_y stays 0; a
;                  vertical map uses cam_y (0 .. cam_max), cam_x stays 0.
;   cam_max        zero page, 16 bits: the camera's last position along the map's axis
;                  (256 * (screens - 1) across, 240 * (screens - 1) down).
;   vertical       zero page: 1 when the scene's map scrolls vertically, 0 across.
;   strips         zero page: 0 when the scene on screen is one screen (no camera at all).
;   apply_camera   call once a frame in the main loop after moving the camera, by at most 16
;                  pixels a frame (one column or row to fetch), inside 0 .. cam_max: it sets
;                  the scroll the next NMI writes and decodes the column or row it needs.
;                  Clobbers A, X, Y.
; move_camera is the d-pad's driver of it: replace `jsr move_camera` in the main loop by your
; own code that sets cam_x/cam_y, and keep `jsr apply_camera` after it (player.s's
; player_frame is such code: its `follow` sets cam_x across, cam_y down).
;
; The map: a horizontal level of W screens is 16*W columns of 15 metatiles (16x16 pixels each,
; one attribute block each); a vertical level of H screens is 15*H rows of 16 metatiles.
; Across, the two nametables side by side ($2000 and $2400, vertical mirroring) hold 32
; columns: map column c lives in column c mod 32 of that 512-pixel plane. Down, the two
; nametables stacked ($2000 and $2800, horizontal mirroring) hold 30 rows: map row r lives
; in row r mod 30 of that 480-line plane, whose Y wraps at 240 inside each nametable (rows 30
; and 31 of a nametable are its attribute table: never scrolled into). So the screen under
; the camera and the next one are always there.
; https://www.nesdev.org/wiki/PPU_scrolling, https://www.nesdev.org/wiki/Mirroring,
; https://www.nesdev.org/wiki/PPU_attribute_tables, https://www.nesdev.org/wiki/The_frame_and_NMIs
;
; Frame timing (romulus_nb.play.simulate follows it): the NMI of frame j reads the joypad; the
; main loop then handles it (scene change or camera move, strip decode) still in frame j; the
; NMI of frame j+1 uploads and sets the scroll; frame j+2 shows it. Loading a scene takes a
; fixed number of frames: rendering goes off at the first NMI, a one-screen scene uploads in
; that frame, a map uploads 4 columns (rows) a frame for 8 frames; rendering comes back two
; frames after the last upload.
;
; The code both runtimes share lives in part files (registers.s, reset.s, input.s, uploads.s,
; main_loop.s, rendering_off.s, scene_nametable.s, scene_sprites.s...); the builder
; splices each `.include` line into one source text. It also puts PRG_START and SCENE_COUNT in
; front of this file, and after it the scene tables of runtime.s plus scene_strips, scene_map*,
; scene_speed, scene_cam_max_lo/hi, scene_vertical and the metatile table
; (metatile_tl/tr/bl/br/pal).

.include "registers.s"
BUTTON_UP     = %00001000
BUTTON_DOWN   = %00000100
BUTTON_LEFT   = %00000010
BUTTON_RIGHT  = %00000001

CTRL_NMI   = %10000000
CTRL_INC32 = %00000100  ; PPUDATA steps 32 bytes: down a nametable column

cells     = $0300   ; 15 or 16 metatile numbers: the map column (row) being decoded
tiles     = $0310   ; its 60 tiles (left column, then the right one at +32) or 64 (2 rows)
attr_lo   = $0350   ; 8 attribute-byte addresses (low bytes; the high byte is attr_hi)
attr_val  = $0358   ; 8 attribute bytes
shadow    = $0400   ; 128 bytes: the attribute tables of the two nametables in use

COLUMNS_IN_VRAM = 32    ; two nametables side by side: 2 x 16 metatile columns
ROWS_IN_VRAM    = 30    ; two nametables stacked: 2 x 15 metatile rows
LOAD_CHUNK      = 4     ; map columns (rows) uploaded per frame while rendering is off

.include "zeropage.s"
ppu_ready: .res 1   ; 1: the NMI writes PPUCTRL/PPUSCROLL/PPUMASK (0 while a scene loads)
upload:    .res 1   ; 1: a decoded column (row) waits for the NMI
ctrl:      .res 1   ; PPUCTRL of the scene (base nametable 0)
mask:      .res 1   ; PPUMASK of the scene
scroll_x:  .res 1   ; what the NMI writes to PPUSCROLL ...
scroll_y:  .res 1
scroll_nt: .res 1   ; ... and to the nametable bits of PPUCTRL (0, 1: $2400 or 2: $2800)
strips:    .res 1   ; map columns (rows) of the scene on screen; 0: a one-screen scene
vertical:  .res 1   ; 1: the map scrolls vertically (rows), 0: horizontally (columns)
speed:     .res 1   ; camera pixels per frame
cam_x:     .res 2   ; the camera (see THE CAMERA above): X then Y, 16 bits each
cam_y:     .res 2
cam_max:   .res 2   ; the camera's last position along the map's axis
strip_len: .res 1   ; metatiles in a column (15) or a row (16)
capacity:  .res 1   ; columns (rows) the nametables hold: 32 or 30
span:      .res 1   ; view width (height) - 1 in pixels: 255 or 239
lo_strip:  .res 1   ; map columns (rows) lo_strip .. hi_strip-1 are in the nametables
hi_strip:  .res 1
strip:     .res 1   ; the map column (row) being decoded
vram_hi:   .res 1   ; VRAM address of its first tile
vram_lo:   .res 1
attr_hi:   .res 1   ; $23, $27 or $2B: its attribute table
map_ptr:   .res 2   ; the scene's map: raw strips, or the low bytes of strip pointers
maphi_ptr: .res 2   ; RLE maps: the high bytes of strip pointers
map_rle:   .res 1   ; 1: strips are RLE pairs (count, metatile)
tmp:       .res 2
count:     .res 1
bits:      .res 1
keep:      .res 1   ; attribute bits of the other metatile column (row), kept
odd:       .res 1   ; 1: the strip is the right (bottom) half of its attribute bytes
spot:      .res 1   ; index into shadow
run_lo:    .res 1   ; upload_strip's own (it runs in the NMI): VRAM address low byte of a run
run_end:   .res 1   ; ... and the index in `tiles` where the run ends

.segment "CODE"
.org PRG_START

.include "reset.s"

; ---------------------------------------------------------------------------------------------
; Main loop: once a frame, change scene or move the camera and decode the strip it needs
; ---------------------------------------------------------------------------------------------
; (main_loop.s with the scene keys in RAM: player.s sets them, as A jumps where the player
; plays)
main_loop:
    jsr wait_nmi
    lda pressed
    and next_keys       ; Start or A; Start only where the player plays
    bne @next           ; scene_switch.s
    lda pressed
    and prev_keys       ; Select or B; Select only where the player plays
    bne @previous
    lda strips          ; a one-screen scene does not scroll
    beq main_loop
    lda player_on       ; where the player plays, the camera follows it (player.s) ...
    beq @pad
    jsr player_frame
    jmp @picture
@pad:
    jsr move_camera     ; ... elsewhere the d-pad drives the camera ...
@picture:
    jsr apply_camera    ; ... and the picture follows it
    jmp main_loop

.include "scene_switch.s"

; ---------------------------------------------------------------------------------------------
; NMI: upload the waiting strip, copy the sprites, set the scroll, read the joypad
; ---------------------------------------------------------------------------------------------
.include "nmi_save.s"

    lda ppu_ready       ; while a scene loads, the main code owns the PPU address
    beq @sprites
    lda upload
    beq @sprites
    jsr upload_strip    ; about 1150 cycles: well inside the ~2270 of vblank
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
    lda scroll_y
    sta PPUSCROLL
    lda ctrl
    ora scroll_nt       ; nametable $2000, $2400 or $2800: the 9th bit of the scroll
    sta PPUCTRL
    lda mask
    sta PPUMASK

@joypad:
.include "nmi_joypad.s"

; ---------------------------------------------------------------------------------------------
; Subroutines
; ---------------------------------------------------------------------------------------------

.include "input.s"

; The d-pad moves the camera along the map's axis: Right (Down) adds `speed`, then Left (Up)
; subtracts it (both: no move), clamped to 0 .. cam_max.
.proc move_camera
    ldx #0              ; X: the axis, cam_x + X
    lda #BUTTON_RIGHT
    sta tmp             ; forward
    lda #BUTTON_LEFT
    sta tmp+1           ; back
    lda vertical
    beq @forward
    ldx #cam_y - cam_x
    lda #BUTTON_DOWN
    sta tmp
    lda #BUTTON_UP
    sta tmp+1
@forward:
    lda buttons
    and tmp
    beq @back
    clc
    lda cam_x,x
    adc speed
    sta cam_x,x
    lda cam_x+1,x
    adc #0
    sta cam_x+1,x
    lda cam_max         ; cam_max - camera: a borrow means past the end
    cmp cam_x,x
    lda cam_max+1
    sbc cam_x+1,x
    bcs @back
    lda cam_max
    sta cam_x,x
    lda cam_max+1
    sta cam_x+1,x
@back:
    lda buttons
    and tmp+1
    beq @done
    sec
    lda cam_x,x
    sbc speed
    sta cam_x,x
    lda cam_x+1,x
    sbc #0
    sta cam_x+1,x
    bcs @done           ; no borrow: still >= 0
    lda #0
    sta cam_x,x
    sta cam_x+1,x
@done:
    rts
.endproc

; The camera -> the scroll the next NMI writes (see THE CAMERA above), then the strip the view
; needs. Across: X = cam_x mod 512 (nametable $2000 or $2400). Down: Y = cam_y mod 480, in
; nametable $2000 (0-239) or $2800 (240-479, written as Y - 240).
.proc apply_camera
    lda vertical
    bne @vertical
    lda cam_x
    sta scroll_x
    lda cam_x+1
    and #1
    sta scroll_nt
    lda #0
    sta scroll_y
    ldx #0              ; stream along cam_x
    jmp stream_strip
@vertical:
    lda cam_y
    sta tmp
    lda cam_y+1
    sta tmp+1
@wrap:                  ; tmp = cam_y mod 480 (cam_y < 1920: at most 3 passes)
    sec
    lda tmp
    sbc #<480
    tay
    lda tmp+1
    sbc #>480
    bcc @plane
    sta tmp+1
    sty tmp
    jmp @wrap
@plane:
    sec
    lda tmp
    sbc #240
    tay
    lda tmp+1
    sbc #0
    bcc @top            ; below 240: the top nametable
    sty scroll_y
    lda #2              ; $2800
    bne @nametable
@top:
    lda tmp
    sta scroll_y
    lda #0
@nametable:
    sta scroll_nt
    lda #0
    sta scroll_x
    ldx #cam_y - cam_x  ; stream along cam_y
    ; fall through
.endproc

; If the strip under the view's far edge ((camera + span) / 16) or near edge (camera / 16)
; is not in the nametables, decode it (the one it replaces is off screen) for the next NMI.
; X: the camera's axis (cam_x + X).
.proc stream_strip
    clc
    lda cam_x,x
    adc span
    sta tmp
    lda cam_x+1,x
    adc #0
    jsr strip_of        ; A = (A:tmp) / 16
    cmp hi_strip
    bcc @near           ; already there
    lda hi_strip
    sta strip
    inc hi_strip
    jsr strips_in_vram
    bcc @decode
    inc lo_strip        ; its slot held strip hi_strip - capacity - 1: gone now
    jmp @decode
@near:
    lda cam_x,x
    sta tmp
    lda cam_x+1,x
    jsr strip_of
    cmp lo_strip
    bcs @done           ; already there
    dec lo_strip
    lda lo_strip
    sta strip
    jsr strips_in_vram
    bcc @decode
    dec hi_strip
@decode:
    jsr prepare_strip
    lda #1
    sta upload
@done:
    rts
.endproc

; Carry set when hi_strip - lo_strip is more than the nametables hold. Clobbers A.
.proc strips_in_vram
    lda hi_strip
    sec
    sbc lo_strip        ; strips in the nametables now ...
    clc
    sbc capacity        ; ... - capacity - 1: no borrow (carry set) when more than capacity
    rts
.endproc

; A:tmp (a pixel position, 16 bits) -> A = the map strip under it (position / 16, below 128).
.proc strip_of
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

; Decode map strip `strip` (a column, or a row on a vertical map) into `tiles`, and the 8
; attribute bytes it touches (the other half's bits kept from the shadow copy) and their
; VRAM addresses into attr_lo/attr_val.
.proc prepare_strip
    jsr fetch_strip
    lda vertical
    beq prepare_column
    jmp prepare_row
.endproc

; A column: vram_hi:vram_lo of its top tile, 2 x 30 tiles, attribute bytes down the column.
.proc prepare_column
    lda strip           ; nametable: bit 4 of the column ($2000 or $2400)
    and #16
    lsr a
    lsr a               ; 0 or 4
    ora #$20
    sta vram_hi
    ora #$03
    sta attr_hi         ; its attribute table: $23C0 or $27C0
    lda strip
    and #15
    asl a
    sta vram_lo         ; tile column (strip mod 16) * 2 of row 0

    ldx #0              ; X: metatile row 0-14
@tiles:
    stx count
    txa
    asl a
    sta tmp             ; tile row 2 * X
    ldy cells,x         ; Y: the metatile
    ldx tmp
    lda metatile_tl,y
    sta tiles,x
    lda metatile_tr,y
    sta tiles+32,x
    lda metatile_bl,y
    sta tiles+1,x
    lda metatile_br,y
    sta tiles+33,x
    ldx count
    inx
    cpx #15
    bne @tiles

    lda strip           ; shadow index of row 0: nametable * 64 + (column mod 16) / 2
    and #16
    asl a
    asl a
    sta tmp
    lda strip
    and #15
    lsr a
    ora tmp
    sta spot
    lda strip           ; the right metatile of each attribute byte: bits 3-2 and 7-6
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
    lda cells+1,y
    tay
    lda metatile_pal,y
    asl a
    asl a
    asl a
    asl a
    sta bits            ; bottom palette in bits 5-4
@top:
    ldy tmp
    lda cells,y
    tay
    lda metatile_pal,y
    ora bits
    ldy odd
    beq :+
    asl a               ; the right column: bits 3-2 and 7-6
    asl a
:   jsr set_attribute
    lda spot
    clc
    adc #8              ; the next attribute row
    sta spot
    inx
    cpx #8
    bne @attributes
    rts
.endproc

; A row: map row `strip` lives in row p = strip mod 30 of the plane: nametable $2000 for
; p < 15, $2800 below; its tiles at $2000/$2800 + 64 * (p mod 15), 2 x 32 of them, then its
; attribute row (p mod 15) / 2, the top or bottom half of each byte.
.proc prepare_row
    lda strip
:   cmp #ROWS_IN_VRAM   ; A = strip mod 30
    bcc :+
    sbc #ROWS_IN_VRAM
    jmp :-
:   ldy #0              ; Y: shadow offset of the nametable (0 or 64)
    ldx #$20
    cmp #15
    bcc :+
    sbc #15
    ldy #64
    ldx #$28
:   sta count           ; metatile row 0-14 in its nametable
    sty spot
    stx vram_hi
    txa
    ora #$03
    sta attr_hi         ; $23C0 or $2BC0
    lda count           ; 64 * row: the high bits into vram_hi, the low into vram_lo
    lsr a
    lsr a
    ora vram_hi
    sta vram_hi
    lda count
    ror a               ; bits 1-0 -> 7-6 through the carry ...
    ror a
    ror a
    and #%11000000      ; ... and nothing else
    sta vram_lo

    ldx #0              ; X: metatile 0-15 across the row
@tiles:
    stx tmp
    txa
    asl a
    tax                 ; X: tile column 2 * metatile
    ldy tmp
    lda cells,y
    tay                 ; Y: the metatile
    lda metatile_tl,y
    sta tiles,x
    lda metatile_tr,y
    sta tiles+1,x
    lda metatile_bl,y
    sta tiles+32,x
    lda metatile_br,y
    sta tiles+33,x
    ldx tmp
    inx
    cpx #16
    bne @tiles

    lda count           ; attribute row count / 2: shadow index spot + row * 8
    lsr a
    asl a
    asl a
    asl a
    ora spot
    sta spot
    lda count           ; the bottom metatile row of each attribute byte: bits 7-4
    and #1
    sta odd
    lda #%11110000
    ldy odd
    beq :+
    lda #%00001111
:   ldy count
    cpy #14             ; row 14 is the top of the last attribute row: the missing row
    bne :+              ; 15 below it keeps no bits
    lda #0
:   sta keep

    ldx #0              ; X: attribute byte 0-7 (metatile columns 2X and 2X+1)
@attributes:
    txa
    asl a
    tay
    lda cells+1,y       ; the right metatile: bits 3-2
    tay
    lda metatile_pal,y
    asl a
    asl a
    sta bits
    txa
    asl a
    tay
    lda cells,y         ; the left one: bits 1-0
    tay
    lda metatile_pal,y
    ora bits
    ldy odd
    beq :+
    asl a               ; the bottom row: bits 7-4
    asl a
    asl a
    asl a
:   jsr set_attribute
    inc spot            ; the next byte of the attribute row
    inx
    cpx #8
    bne @attributes
    rts
.endproc

; Attribute byte X of the strip: A = its new bits; the shadow byte at `spot` keeps the bits in
; `keep`; note the byte and its address ($xxC0 + spot mod 64) for the upload. Keeps X.
.proc set_attribute
    sta bits
    ldy spot
    lda shadow,y
    and keep
    ora bits
    sta shadow,y
    sta attr_val,x
    tya
    and #63
    ora #$C0
    sta attr_lo,x
    rts
.endproc

; cells = the strip_len metatiles of map strip `strip`: at map_ptr + strip * strip_len when
; raw, else decoded from the RLE pairs (count, metatile) that the strip pointer tables point to.
.proc fetch_strip
    lda strip
    jsr strip_pointer
    lda map_rle
    bne @rle
    ldy strip_len
    dey
:   lda (ptr),y
    sta cells,y
    dey
    bpl :-
    rts
@rle:
    ldy #0
    ldx #0
@pair:
    lda (ptr),y         ; how many
    sta count
    iny
    lda (ptr),y         ; of which metatile
    iny
:   sta cells,x
    inx
    dec count
    bne :-
    cpx strip_len
    bne @pair
    rts
.endproc

; ptr = where map strip A starts: map_ptr + A * strip_len in a raw map, else the strip's
; pointer (its RLE pairs). Also player.s's solid_at. Clobbers A, Y, tmp.
.proc strip_pointer
    ldy map_rle
    bne @rle
    sta tmp
    lda #0
    sta tmp+1
    lda tmp             ; strip * 16 ...
    asl a
    rol tmp+1
    asl a
    rol tmp+1
    asl a
    rol tmp+1
    asl a
    rol tmp+1
    ldy vertical        ; ... - strip for columns of 15
    bne :+
    sec
    sbc tmp
    bcs :+
    dec tmp+1
:   clc
    adc map_ptr
    sta ptr
    lda tmp+1
    adc map_ptr+1
    sta ptr+1
    rts
@rle:
    tay
    lda (map_ptr),y
    sta ptr
    lda (maphi_ptr),y
    sta ptr+1
    rts
.endproc

; Copy the decoded strip to VRAM: a row as one run of 64 tiles (its two tile rows follow each
; other in VRAM), a column as two runs of 30 going down (PPUDATA +32), tiles 0-29 and 32-61;
; then the 8 attribute bytes. Call in vblank or with rendering off. Clobbers A, X.
.proc upload_strip
    bit PPUSTATUS
    lda vram_lo
    sta run_lo
    lda #64             ; a row: tiles 0-63 ...
    sta run_end
    lda #CTRL_NMI
    ldx vertical
    bne :+
    lda #30             ; ... a column: tiles 0-29, then 32-61
    sta run_end
    lda #CTRL_NMI | CTRL_INC32
:   sta PPUCTRL
    ldx #0
@run:
    lda vram_hi
    sta PPUADDR
    lda run_lo
    sta PPUADDR
:   lda tiles,x         ; two tiles a pass (runs are 30 or 64 long): 13 cycles a tile
    sta PPUDATA
    lda tiles+1,x
    sta PPUDATA
    inx
    inx
    cpx run_end
    bne :-
    cpx #30             ; the left tile column of a column is done: now the right one
    bne @attributes
    inc run_lo
    lda #62
    sta run_end
    ldx #32
    bne @run
@attributes:
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
; one-screen scene, in that frame) or the first 32 map columns (30 rows), 4 a frame, then let
; the NMI turn rendering on with the scene's registers.
.proc load_scene
    sta scene
    lda #0
    sta ppu_ready       ; the NMI leaves the PPU to us from now on
    sta upload
.include "rendering_off.s"

.include "palette.s"

    lda #0
    sta cam_x           ; every scene starts at the top-left corner
    sta cam_x+1
    sta cam_y
    sta cam_y+1
    sta scroll_x
    sta scroll_y
    sta scroll_nt
    lda scene_strips,x
    sta strips
    bne @map

.include "scene_nametable.s"
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
    lda scene_cam_max_lo,x
    sta cam_max
    lda scene_cam_max_hi,x
    sta cam_max+1
    lda scene_vertical,x
    sta vertical
    beq @across
    lda #16             ; down: rows of 16 metatiles, 30 in VRAM, a view 240 lines high
    sta strip_len
    lda #ROWS_IN_VRAM
    sta capacity
    lda #239
    sta span
    bne @first
@across:
    lda #15             ; across: columns of 15 metatiles, 32 in VRAM, a view 256 pixels wide
    sta strip_len
    lda #COLUMNS_IN_VRAM
    sta capacity
    lda #255
    sta span
@first:
    lda #0
    sta lo_strip
    sta strip
@chunk:                 ; LOAD_CHUNK strips, then wait for the next frame
    jsr prepare_strip
    jsr upload_strip
    inc strip
    lda strip
    cmp capacity
    beq @loaded
    and #LOAD_CHUNK - 1
    bne @chunk
    jsr wait_nmi
    jmp @chunk
@loaded:
    sta hi_strip

@uploaded:
    jsr wait_nmi        ; the last upload is done; the next NMI shows the scene
.include "scene_sprites.s"
    ldx scene
    lda scene_ppuctrl,x
    and #%11111100      ; base nametable $2000; scroll_nt adds the 9th bits
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
