; ---------------------------------------------------------------------------------------------
; Hardware registers
; ---------------------------------------------------------------------------------------------
PPUCTRL   = $2000   ; NMI enable, sprite size, pattern tables, VRAM increment, base nametable
PPUMASK   = $2001   ; rendering on/off, left-column clipping, colour emphasis
PPUSTATUS = $2002   ; bit 7: vblank; reading it also resets the $2005/$2006 write toggle
OAMADDR   = $2003
PPUSCROLL = $2005   ; written twice: X then Y
PPUADDR   = $2006   ; written twice: high byte then low byte of a VRAM address
PPUDATA   = $2007
DMC_FREQ  = $4010   ; bit 7: DMC IRQ enable
OAMDMA    = $4014   ; writing $XX copies CPU page $XX00-$XXFF to OAM (513 or 514 cycles)
JOY1      = $4016   ; controller 1: write 1 then 0 to latch, then read one bit per read
APU_FRAME = $4017   ; bit 6: frame-counter IRQ inhibit

oam       = $0200   ; the shadow OAM page that the NMI copies to the PPU every frame

; Controller bits, in the order our read loop leaves them (A is read first, ends in bit 7).
BUTTON_A      = %10000000
BUTTON_B      = %01000000
BUTTON_SELECT = %00100000
BUTTON_START  = %00010000
