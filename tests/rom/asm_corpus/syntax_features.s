; Syntax the common ca65 subset allows: locals, unnamed labels, macros, .if, .repeat,
; expressions with ca65 precedence, characters, scopes.
; segments: CODE=$8000

.org $8000
BASE  = $0300
COUNT = 4
ENABLE_SOUND = 1
ptr   = $10

.macro set16 dest, value
  lda #<(value)
  sta dest
  lda #>(value)
  sta dest+1
.endmacro

.macro wait_vblank
: bit $2002
  bpl :-
.endmacro

.macro add_imm amount
.if amount = 1
  inx
.elseif amount = 2
  inx
  inx
.else
  txa
  clc
  adc #amount
  tax
.endif
.endmacro

start:
  sei
  wait_vblank
  set16 ptr, message
  set16 BASE, table + 2*COUNT
  add_imm 1
  add_imm 2
  add_imm 7
  ldx #COUNT - 1
@loop:
  lda table,x
  sta BASE,x
  dex
  bpl @loop
.if ENABLE_SOUND
  lda #%00001111
  sta $4015
.else
  lda #0
  sta $4015
.endif
.if ENABLE_SOUND = 0
  brk
.endif
  beq :+
  lda #'A'
  lda #'z' - 'a' + 1
: ldy #COUNT
:
  dey
  bne :-
  jmp :+
  nop
: lda #(1 + 2) * 3
  lda #1 + 2 * 3
  lda #1 << 2 + 1
  lda #$F0 & $3C | $01
  lda #$FF ^ $0F
  lda #<(BASE + $1234)
  lda #>(BASE + $1234)
  lda #<BASE+1
  lda #100 / 7
  lda #-1 & $FF
  lda #~$0F & $FF
  lda #COUNT = 4
  lda #COUNT <> 4
  lda #(COUNT > 3) + (COUNT >= 5) * 2
  lda #>*
  ldx #<*
  jsr sub
  jmp done

.proc sub
entry:
  ldy #0
@inner:
  iny
  cpy #3
  bne @inner
  jsr helper
  rts
helper:
  rts
.endproc
  jsr sub::helper

.scope tables
  lookup: .byte 1, 2, 3
.endscope

done:
  lda tables::lookup
  jmp done

table:
  .byte $01, $02, $04, $08, 'N', "ES"
  .word start, done, $BEEF
  .dbyt $1234
  .lobytes start, done
  .hibytes start, done
  .res 3, $EA
message:
  .asciiz "HI"
  .repeat 4, i
  .byte i * 2
  .endrepeat
  .align 16, $00
aligned:
  .byte <aligned
here = *
  .word here, * + 2
  .byte 1
