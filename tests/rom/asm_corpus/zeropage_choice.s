; Where ca65 picks zero page and where absolute.
; segments: CODE=$8000

.org $8000
zp_const  = $42
abs_const = $0300
  lda zp_const          ; known, < $100: zero page
  lda abs_const         ; known, >= $100: absolute
  lda $0010             ; a literal is judged by its value: zero page
  lda a:$10             ; forced absolute
  lda a:zp_const,x
  lda z:zp_const
  lda later             ; forward reference: absolute
  lda <later            ; low byte: zero page even before definition
  lda zp_const+1        ; still < $100
  lda zp_const*16       ; $420: absolute
  sta $10,y             ; STA has no zero page,Y: absolute,Y
  ldx $10,y             ; LDX has zero page,Y
  stx $10,y
  sty $10,x
  jmp ($0010)           ; JMP (indirect) is always 16-bit
  lda ($10),y
  lda ($10,x)
  asl
  asl a
  rol A
  lda later2,x          ; forward: absolute,X
later = $20
later2 = $30
  lda later             ; now known: zero page
  lda later2,x
