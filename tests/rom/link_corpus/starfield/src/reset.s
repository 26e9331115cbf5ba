.include "constants.inc"

.segment "ZEROPAGE"
.importzp player_x, player_y
.exportzp frame_count
frame_count: .res 1

.segment "CODE"
.import main, __DATA_LOAD__, __DATA_RUN__, __DATA_SIZE__
.export reset_handler
.proc reset_handler
  sei
  cld
  ldx #$40
  stx $4017
  ldx #$ff
  txs
  inx
  stx PPUCTRL
  stx PPUMASK
: bit PPUSTATUS           ; unnamed label: wait for vblank
  bpl :-
  ; copy DATA from ROM to RAM (the linker defines where)
  ldy #0
@copy:
  cpy #<__DATA_SIZE__
  beq @copied
  lda __DATA_LOAD__,y
  sta __DATA_RUN__,y
  iny
  bne @copy
@copied:
  lda #$ff
  ldx #0
@clear_oam:
  sta $0200,x
  inx
  inx
  inx
  inx
  bne @clear_oam
: bit PPUSTATUS
  bpl :-
  lda #$80
  sta player_x
  lda #$a0
  sta player_y
  jmp main
.endproc
