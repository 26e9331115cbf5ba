    ldx buttons         ; keep last frame's buttons in X
    jsr read_controller
    txa                 ; pressed = buttons now down that were up before
    eor #$FF
    and buttons
    sta pressed

    inc nmi_count       ; tell the main loop that a frame went by

    pla                 ; restore Y, X, A
    tay
    pla
    tax
    pla
irq:
    rti                 ; no IRQ source is ever enabled; one would return at once
