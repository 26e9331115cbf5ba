; romulus_nb runtime: the 6502 program every romulus_nb ROM carries.
;
; It boots the NES the way the NESdev wiki's "Init code" page recommends, shows scene 0,
; and then idles. Every frame the NMI handler copies the sprites to the PPU (OAM DMA) and
; reads controller 1; Start or A shows the next scene, Select or B the previous one.
;
; The builder (romulus_nb.rom.build) puts two constants in front of this file:
;   PRG_START    where PRG-ROM begins: $C000 for a 16 KiB cartridge, $8000 for 32 KiB
;   SCENE_COUNT  how many scenes the game has (1-255)
; and the scene data (the tables named scene_* below) after it.
;
; Only one nametable ($2000) is ever shown, so the cartridge's mirroring does not matter;
; romulus_nb declares vertical mirroring.
;
; References: https://www.nesdev.org/wiki/Init_code, https://www.nesdev.org/wiki/PPU_registers,
; https://www.nesdev.org/wiki/Controller_reading_code, https://www.nesdev.org/wiki/The_frame_and_NMIs

; ---------------------------------------------------------------------------------------------
; Hardware registers
; ---------------------------------------------------------------------------------------------
PPUCTRL   = $2000   ; NMI enable, sprite size, pattern tables, VRAM increment, base nametable
PPUMASK   = $2001   ; rendering on/off, left-column clipping, colour emphasis
PPUSTATUS = $2002   ; bit 7: vblank; reading it also resets the $2005/$2006 write toggle
OAMADDR   = $2003
PPUSCROLL = $2005   ; written twice: X then Y
PPUADDR   = $2006   ; written twice: high byte then low byte of a VRAM address
PPUDATA   = $2007
DMC_FREQ  = $4010   ; bit 7: DMC IRQ enable
OAMDMA    = $4014   ; writing $XX copies CPU page $XX00-$XXFF to OAM (513 or 514 cycles)
JOY1      = $4016   ; controller 1: write 1 then 0 to latch, then read one bit per read
APU_FRAME = $4017   ; bit 6: frame-counter IRQ inhibit

oam       = $0200   ; the shadow OAM page that the NMI copies to the PPU every frame

; Controller bits, in the order our read loop leaves them (A is read first, ends in bit 7).
BUTTON_A      = %10000000
BUTTON_B      = %01000000
BUTTON_SELECT = %00100000
BUTTON_START  = %00010000

; ---------------------------------------------------------------------------------------------
; Zero-page variables (cleared to 0 by reset)
; ---------------------------------------------------------------------------------------------
.segment "ZEROPAGE"
.org $0000
nmi_count: .res 1   ; +1 at every NMI; the main loop waits for it to change
buttons:   .res 1   ; controller 1 as read during the last NMI
pressed:   .res 1   ; buttons that went down during the last NMI (were up the frame before)
scene:     .res 1   ; the scene on screen
ptr:       .res 2   ; pointer to the scene data being uploaded
rle_tag:   .res 1   ; RLE decoder: the byte that marks a run
rle_byte:  .res 1   ; RLE decoder: the last byte written, the one a run repeats

.segment "CODE"
.org PRG_START

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

; ---------------------------------------------------------------------------------------------
; Main loop: once a frame, look at the buttons pressed and change scene
; ---------------------------------------------------------------------------------------------
main_loop:
    jsr wait_nmi
    lda pressed
    and #BUTTON_START | BUTTON_A
    bne @next
    lda pressed
    and #BUTTON_SELECT | BUTTON_B
    bne @previous
    jmp main_loop

@next:                  ; X = scene + 1, wrapping after the last scene
    ldx scene
    inx
    cpx #SCENE_COUNT
    bne @switch
    ldx #0
    jmp @switch

@previous:              ; X = scene - 1, wrapping before the first scene
    ldx scene
    bne :+
    ldx #SCENE_COUNT
:   dex

@switch:
    cpx scene           ; a one-scene game has nothing to switch to
    beq main_loop
    txa
    jsr load_scene
    jmp main_loop

; ---------------------------------------------------------------------------------------------
; NMI: the PPU calls this at the start of every vblank (when PPUCTRL bit 7 is set)
; ---------------------------------------------------------------------------------------------
nmi:
    pha                 ; save A, X, Y: the NMI can interrupt any code
    txa
    pha
    tya
    pha

    lda #$00            ; copy the shadow OAM to the PPU
    sta OAMADDR
    lda #>oam
    sta OAMDMA

    ldx buttons         ; keep last frame's buttons in X
    jsr read_controller
    txa                 ; pressed = buttons now down that were up before
    eor #$FF
    and buttons
    sta pressed

    inc nmi_count       ; tell the main loop that a frame went by

    pla                 ; restore Y, X, A
    tay
    pla
    tax
    pla
irq:
    rti                 ; no IRQ source is ever enabled; one would return at once

; ---------------------------------------------------------------------------------------------
; Subroutines
; ---------------------------------------------------------------------------------------------

; Wait for the next NMI. Returns early in vblank, when the PPU may be written.
; Clobbers A.
.proc wait_nmi
    lda nmi_count
:   cmp nmi_count
    beq :-
    rts
.endproc

; Read controller 1 into `buttons` (bit 7 A, B, Select, Start, Up, Down, Left, bit 0 Right).
; Clobbers A. The 1 stored first in `buttons` is shifted out into the carry after 8 reads,
; which ends the loop.
.proc read_controller
    lda #$01
    sta JOY1            ; latch the buttons ...
    sta buttons
    lsr a
    sta JOY1            ; ... and start shifting them out
:   lda JOY1
    lsr a               ; bit 0 -> carry
    rol buttons         ; carry -> bit 0
    bcc :-
    rts
.endproc

; Show scene A: turn rendering off at a vblank, upload the scene, turn rendering back on at the
; next vblank. The frames in between show only the backdrop colour, never a half-drawn scene.
.proc load_scene
    sta scene
    jsr wait_nmi        ; in vblank: turning rendering off now does not cut a frame
    lda #$00
    sta PPUMASK         ; rendering off
    lda #$80
    sta PPUCTRL         ; NMI stays on; PPUDATA writes step the address by 1
    ldx scene

    ; Palette first, while still in vblank: with rendering off the PPU shows the colour at
    ; the VRAM address when that address is in the palette, so later it would draw stripes.
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
    jmp @sprites
@raw:
    jsr copy_nametable

@sprites:               ; the NMI copies the shadow OAM to the PPU at the next vblank
    ldx scene
    lda scene_oam_lo,x
    sta ptr
    lda scene_oam_hi,x
    sta ptr+1
    lda scene_sprites,x
    jsr copy_sprites

    jsr wait_nmi        ; in vblank again, with the new sprites already in OAM
    ldx scene
    bit PPUSTATUS
    lda #$00            ; scroll to the top-left corner of nametable 0
    sta PPUSCROLL
    sta PPUSCROLL
    lda scene_ppuctrl,x
    and #%11111100      ; base nametable $2000 (the scroll's 9th bits)
    ora #%10000000      ; keep NMI on
    sta PPUCTRL
    lda scene_ppumask,x
    sta PPUMASK         ; rendering on, from the next frame
    rts
.endproc

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
