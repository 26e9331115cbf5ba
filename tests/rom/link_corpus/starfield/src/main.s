.include "constants.inc"
.include "header.inc"

.segment "ZEROPAGE"
pad1: .res 1
.globalzp pad1
scroll: .res 2

.segment "DATA"
counter: .word $1234                 ; copied to RAM at reset

.segment "CODE"
.import reset_handler, update, draw_player
.import __BSS_SIZE__, __BSS_RUN__
.importzp frame_count
.global scratch
.export main

.macro set_ppu_address addr
  lda #>(addr)
  sta PPUADDR
  lda #<(addr)
  sta PPUADDR
.endmacro

.proc nmi_handler
  pha
  lda #$00
  sta OAMADDR
  lda #$02
  sta OAMDMA
  inc frame_count
  jsr read_pad
  lda scroll
  sta PPUSCROLL
  lda #0
  sta PPUSCROLL
  pla
  rti
.endproc

.proc irq_handler
  rti
.endproc

.proc read_pad
  lda #1
  sta JOYPAD1
  sta pad1
  lsr a
  sta JOYPAD1
loop:
  lda JOYPAD1
  lsr a
  rol pad1
  bcc loop
  rts
.endproc

.proc main
  ldx PPUSTATUS
  set_ppu_address $3f00
  ldx #0
@palette:
  lda palettes,x
  sta PPUDATA
  inx
  cpx #palettes_end - palettes
  bne @palette
  set_ppu_address $2000 + 12 * 32 + 10
  ldx #0
: lda message,x
  beq :+
  sta PPUDATA
  inx
  bne :-
: lda #%10010000
  sta PPUCTRL
  lda #%00011110
  sta PPUMASK
forever:
  lda frame_count
: cmp frame_count
  beq :-
  jsr update
  jsr draw_player
  lda scroll
  clc
  adc #SPEED
  sta scroll
  lda #0
  sta scratch
  jmp forever
.endproc

.align 64
handlers:
  .lobytes nmi_handler, reset_handler, irq_handler
  .hibytes nmi_handler, reset_handler, irq_handler
  .word handlers, main::forever, read_pad::loop
  .res 3
  .res 2, $EA

.segment "RODATA"
palettes:
.byte $0f, $12, $23, $27
.byte $0f, $2b, $3c, $39
.repeat 6, i
  .byte $0f, $10 + i, $20 + i, $30
.endrepeat
palettes_end:
message: .byte "HELLO", 0

; ca65's expression operators, each value checked by ld65's output
.byte 7 / 2, 7 .mod 3, -7 / 2 & $ff, $f0 | $0f, $ff ^ $0f, $81 >> 4, 3 << 2
.byte $1234 & $ff, ~$ff & $0f, <$1234, >$1234, ^$123456, .lobyte($abcd), .hibyte($abcd)
.byte 2 = 2, 2 <> 2, 1 < 2, 2 > 1, 2 <= 2, 3 >= 4, 1 && 0, 1 || 0, !5, .not 0
.byte 1 .and 1, 0 .or 0, 1 .xor 1, 5 .bitand 3, 5 .bitor 3, 5 .bitxor 3, .bitnot 0 & $ff
.byte 1 .shl 4, 64 .shr 2, .loword($12345678) & $ff, .hiword($12345678) >> 8
.byte 1 + 2 * 3, (1 + 2) * 3, -(-4), +5, 10 - 3 - 2, 100 / 10 / 2
.word .defined(palettes), .defined(nothing_here), *, * - palettes
.ifdef SPEED_UNUSED
.byte $ee
.endif
.ifndef SPEED_UNUSED
.byte $dd
.endif
.ifdef palettes
.byte $cc
.endif
.addr ::main, main::forever, __BSS_SIZE__, __BSS_RUN__

.segment "VECTORS"
.addr nmi_handler, reset_handler, irq_handler

.segment "CHARS"
.incbin "gfx/tiles.chr"
.include "gfx/more.inc"
