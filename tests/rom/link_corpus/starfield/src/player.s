.include "constants.inc"

.segment "ZEROPAGE"
player_x: .res 1
player_y: .res 1
.exportzp player_x, player_y
.globalzp pad1

.segment "OAM"
oam: .res 256

.segment "BSS"
.global scratch
scratch: .res 4

.segment "CODE"
.scope player
.export update = update_player
.proc update_player
  lda pad1
  and #BTN_LEFT
  beq :+
  dec player_x
: lda pad1
  and #BTN_RIGHT
  beq :+
  inc player_x
: lda pad1
  and #(BTN_UP | BTN_DOWN)
  beq :++
  and #BTN_UP
  beq :+
  dec player_y
  jmp :++
: inc player_y
: rts
.endproc

.proc draw
  ldx #0
@loop:
  lda sprite_offsets,x
  clc
  adc player_y
  sta oam,x
  lda tiles,x
  sta oam+1,x
  lda #0
  sta oam+2,x
  lda sprite_offsets+1,x
  clc
  adc player_x
  sta oam+3,x
  inx
  inx
  inx
  inx
  cpx #16
  bne @loop
  rts
.endproc

sprite_offsets: .byte 0, 0, 0, 0, 0, 8, 0, 0, 8, 0, 0, 0, 8, 8, 0, 0
tiles:          .byte 5, 0, 0, 0, 6, 0, 0, 0, 7, 0, 0, 0, 8, 0, 0, 0
.endscope

.export draw_player = player::draw
