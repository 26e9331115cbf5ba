; Macros with optional arguments, nested macros, .repeat inside macros, .ifdef/.ifndef.
; segments: CODE=$8000

.org $8000
OAM = $0200

.macro store value, dest
.ifblank dest
  sta $00
.else
  lda #value
  sta dest
.endif
.endmacro

.macro fill_oam count
  ldx #0
  lda #$FF
.repeat count, i
  sta OAM + i * 4, x
.endrepeat
.endmacro

.macro twice instruction
  instruction
  instruction
.endmacro

.macro call_store v
  store v, $4000
.endmacro

.ifndef SKIP_INIT
init:
  store 1, $2000
  store 2
  call_store 7
  fill_oam 3
  twice inx
  twice {lda #1}
.endif

.ifdef init
  jmp init
.endif
.ifdef not_defined_anywhere
  brk
.elseif 1
  nop
.endif

.enum state
  title
  playing = 5
  paused
.endenum
.enum
  RED
  GREEN = RED + 10
  BLUE
.endenum
  lda #state::paused
  ldx #state::title
  ldy #BLUE
  lda GREEN

.if .defined(init) && (!.defined(nowhere))
  .dword $12345678, $FFFFFFFF, init
.endif
.if .defined(nowhere)
  brk
.endif

.macro delay n
.local again
    ldx #n
again:
    dex
    bne again
.endmacro
    delay 2
    delay 3

.define SCREEN_ON %00011110
.define PPU_MASK_REG $2001
  lda #SCREEN_ON        ; SCREEN_ON in a comment stays
  sta PPU_MASK_REG
  .byte "SCREEN_ON", SCREEN_ON
.undefine SCREEN_ON
SCREEN_ON = 3
  lda #SCREEN_ON
