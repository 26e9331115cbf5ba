.segment "HEADER"
.byte "NES", $1a, 1, 1, 1, 0

.segment "ZEROPAGE"
ptr: .res 2
.segment "FASTZP": zeropage
fast: .res 1

.segment "BSS"
buffer: .res 16

.segment "CODE"
.import copy_ramcode, __RAMCODE_RUN__, __TABLES_LOAD__, __TABLES_SIZE__
.import __PRG_START__, __PRG_LAST__, __RAM_START__, __BSS_SIZE__, __TABLESIZE__
.export buffer
reset:
  sei
  ldx #$ff
  txs
  jsr copy_ramcode
  jsr __RAMCODE_RUN__
  lda fast                  ; a zero-page segment by its .segment address size
  sta ptr
  lda #<__TABLES_LOAD__
  ldx #>__TABLES_LOAD__
  ldy #<__TABLESIZE__
@wait:
  jmp @wait
nmi:
irq:
  rti
sizes:
  .word __TABLES_SIZE__, __PRG_START__, __PRG_LAST__ - 1, __RAM_START__, __BSS_SIZE__
  .res 5                    ; written with PRG's fill value $FF, as ld65 does
  .align 4

.segment "TABLES"
  .byte 1, 2, 3
  .align 8                  ; the gap takes TABLES' own fillval $AA
  .byte 4

.segment "PADDED"
  .byte "padded"

.segment "VECTORS"
  .addr nmi, reset, irq

.segment "CHARS"
  .res 16, $11
