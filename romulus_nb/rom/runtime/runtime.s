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

.include "registers.s"

.include "zeropage.s"

.segment "CODE"
.org PRG_START

.include "reset.s"

; ---------------------------------------------------------------------------------------------
; Main loop: once a frame, look at the buttons pressed and change scene
; ---------------------------------------------------------------------------------------------
.include "main_loop.s"
    jmp main_loop

.include "scene_switch.s"

; ---------------------------------------------------------------------------------------------
; NMI: the PPU calls this at the start of every vblank (when PPUCTRL bit 7 is set)
; ---------------------------------------------------------------------------------------------
.include "nmi_save.s"

    lda #$00            ; copy the shadow OAM to the PPU
    sta OAMADDR
    lda #>oam
    sta OAMDMA

.include "nmi_joypad.s"

; ---------------------------------------------------------------------------------------------
; Subroutines
; ---------------------------------------------------------------------------------------------

.include "input.s"

; Show scene A: turn rendering off at a vblank, upload the scene, turn rendering back on at the
; next vblank. The frames in between show only the backdrop colour, never a half-drawn scene.
.proc load_scene
    sta scene
.include "rendering_off.s"

    ; Palette first, while still in vblank: with rendering off the PPU shows the colour at
    ; the VRAM address when that address is in the palette, so later it would draw stripes.
.include "palette.s"

.include "scene_nametable.s"

.include "scene_sprites.s"

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

.include "uploads.s"
