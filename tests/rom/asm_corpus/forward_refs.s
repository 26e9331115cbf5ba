; Forward references, unnamed-label chains, .include and .incbin.
; segments: ZEROPAGE=$0000:zp CODE=$8000 RODATA=$9000

.include "registers.inc"

.segment "ZEROPAGE"
counter: .res 1
temp:    .res 2

.segment "CODE"
start:
  ldx #0
  lda counter            ; ZEROPAGE label defined above: zero page
  sta temp+1
  jsr later_sub          ; forward
  lda #<data_table       ; forward, low byte
  ldy #>data_table
  lda data_table+3,y
  beq :++
: dex
  bne :-
: inx
  cpx #10
  bcc :--
  bne :+
  jmp (vector)
: lda #(end_of_data - data_table)
  ldx #(end_of_data - data_table) / 2
  sta PPU_DATA
  rts

later_sub:
  ldy #<-1 & $FF
  rts

.segment "RODATA"
data_table:
  .byte 1, 2, 3, 4, 5
  .word start, later_sub, data_table
  .word end_of_data - data_table
vector:
  .addr start
font:
  .incbin "tiles.bin"
  .incbin "tiles.bin", 16, 8
end_of_data:
