; ---------------------------------------------------------------------------------------------
; Zero-page variables (cleared to 0 by reset)
; ---------------------------------------------------------------------------------------------
.segment "ZEROPAGE"
.org $0000
nmi_count: .res 1   ; +1 at every NMI; the main loop waits for it to change
buttons:   .res 1   ; controller 1 as read during the last NMI
pressed:   .res 1   ; buttons that went down during the last NMI (were up the frame before)
scene:     .res 1   ; the scene on screen
ptr:       .res 2   ; pointer to the scene data being uploaded
rle_tag:   .res 1   ; RLE decoder: the byte that marks a run
rle_byte:  .res 1   ; RLE decoder: the last byte written, the one a run repeats
