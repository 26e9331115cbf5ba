main_loop:
    jsr wait_nmi
    lda pressed
    and #BUTTON_START | BUTTON_A
    bne @next           ; scene_switch.s
    lda pressed
    and #BUTTON_SELECT | BUTTON_B
    bne @previous
