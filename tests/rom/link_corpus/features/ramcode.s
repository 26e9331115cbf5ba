.import buffer, __RAMCODE_LOAD__, __RAMCODE_SIZE__
.export copy_ramcode

.segment "CODE"
.proc copy_ramcode
  ldx #0
loop:
  lda __RAMCODE_LOAD__,x
  sta ramcode_start,x
  inx
  cpx #<__RAMCODE_SIZE__
  bne loop
  rts
.endproc

.segment "RAMCODE"
ramcode_start:
  inc buffer
  lda #>ramcode_start
  rts

.segment "TABLES"
  .align 4
  .lobytes ramcode_start, copy_ramcode::loop
  .hibytes ramcode_start, copy_ramcode::loop
