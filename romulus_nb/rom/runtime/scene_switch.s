@next:                  ; X = scene + 1, wrapping after the last scene
    ldx scene
    inx
    cpx #SCENE_COUNT
    bne @switch
    ldx #0
    jmp @switch

@previous:              ; X = scene - 1, wrapping before the first scene
    ldx scene
    bne :+
    ldx #SCENE_COUNT
:   dex

@switch:
    cpx scene           ; a one-scene game has nothing to switch to
    beq main_loop
    txa
    jsr load_scene
    jmp main_loop
