; The controller-reading pattern as modern ca65 tutorials write it (after code198x.com's
; "Controller Reading" pattern page, which follows https://www.nesdev.org/wiki/Controller_reading_code).
; segments: ZEROPAGE=$0000:zp CODE=$8000

JOYPAD1   = $4016               ; Controller 1 port
JOYPAD2   = $4017               ; Controller 2 port

; Button masks
BTN_A      = %10000000
BTN_B      = %01000000
BTN_SELECT = %00100000
BTN_START  = %00010000
BTN_UP     = %00001000
BTN_DOWN   = %00000100
BTN_LEFT   = %00000010
BTN_RIGHT  = %00000001

.segment "ZEROPAGE"
buttons:   .res 1               ; Current button state
player_y:  .res 1

.segment "CODE"

; Read controller and store button state
read_controller:
    ; Strobe the controller
    lda #1
    sta JOYPAD1
    lda #0
    sta JOYPAD1

    ; Read 8 buttons into 'buttons' variable
    ldx #8
@read_loop:
    lda JOYPAD1
    lsr a                       ; Bit 0 -> Carry
    rol buttons                 ; Carry -> buttons
    dex
    bne @read_loop

    rts

main_loop:
    jsr read_controller

    ; Check specific buttons
    lda buttons
    and #BTN_A
    bne @a_pressed

    lda buttons
    and #BTN_UP
    beq @no_up
    dec player_y
@no_up:

    lda buttons
    and #BTN_DOWN
    beq @no_down
    inc player_y
@no_down:

    jmp main_loop

@a_pressed:
    jmp main_loop
