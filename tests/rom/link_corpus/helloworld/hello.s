; One file, linked with ld65's built-in nes target (ld65 -t nes), in the
; shape of the Famicom Party book's first program: HEADER, CODE with .proc
; handlers, VECTORS and an empty 8 KiB CHARS bank.
.segment "HEADER"
.byte "NES", $1a, $02, $01, $00, $00

.segment "CODE"
.proc irq_handler
  rti
.endproc

.proc nmi_handler
  rti
.endproc

.proc reset_handler
  sei
  cld
  ldx #$00
  stx $2000
  stx $2001
vblankwait:
  bit $2002
  bpl vblankwait
  jmp main
.endproc

.proc main
  ldx $2002
  ldx #$3f
  stx $2006
  ldx #$00
  stx $2006
  lda #$29          ; green backdrop
  sta $2007
  lda #%00011110
  sta $2001
forever:
  jmp forever
.endproc

.segment "VECTORS"
.addr nmi_handler, reset_handler, irq_handler

.segment "CHARS"
.res 8192
.segment "STARTUP"
