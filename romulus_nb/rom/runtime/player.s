; ---------------------------------------------------------------------------------------------
; The player: movement, collision with solid metatiles, animation, the camera, OAM
; ---------------------------------------------------------------------------------------------
; romulus_nb.play.physics runs the same rules in Python, step for step, with the same numbers:
; positions are pixels plus a subpixel byte (1/256 pixel), speeds signed 16-bit subpixels a
; frame. The tests compare these RAM variables with the simulation frame by frame.
;
; The builder appends the constants and tables of romulus_nb.rom.player_data after the scene
; data (PLAYER_W/H, DEAD_LEFT/RIGHT, DEAD_TOP/BOTTOM, ACCEL ... WALK_SPEED, scene_player,
; scene_start_*, anim_first, anim_count, frame_time, frame_right_*, frame_left_*, the
; metasprites).
;
; Maps across or down. A game's maps all scroll one way (one mirroring), so the builder
; assembles one of two variants: across (the default), or down when it defines MAPS_DOWN in
; front of the program (`.ifdef MAPS_DOWN` below). Positions are map pixels on both axes:
; across, x runs over the map's width and y over its 240 lines; down, x over 256 pixels and y
; over 240 * screens. The camera follows along the map's axis (cam_x with DEAD_LEFT/RIGHT
; across, cam_y with DEAD_TOP/BOTTOM down; the other stays 0), the collision probes read the
; map's columns across and its rows down, and the player's and the scene's sprites move by
; the camera on that axis.

player_on  = $0500  ; 1: the scene on screen has a player (its rules run every frame)
px_sub     = $0501  ; X: subpixel, then pixel (16 bits) of the box's left edge on the map
px_lo      = $0502
px_hi      = $0503
py_sub     = $0504  ; Y: subpixel, then pixel (16 bits, signed: above the map is negative)
py_lo      = $0505
py_hi      = $0506
vx_lo      = $0507  ; X speed, subpixels a frame, signed
vx_hi      = $0508
vy_lo      = $0509  ; Y speed, subpixels a frame, signed (down is positive)
vy_hi      = $050A
on_ground  = $050B  ; 1: a solid metatile is right under the feet
facing     = $050C  ; 0 right, 1 left (the metasprites are mirrored)
animation  = $050D  ; 0 idle, 1 walk, 2 jump
anim_frame = $050E  ; the animation's frame
anim_timer = $050F  ; display frames spent in that frame
movement   = $0510  ; 0 platform, 1 topdown
next_keys  = $0511  ; buttons that show the next scene: Start (and A without a player)
prev_keys  = $0512  ; buttons that show the previous one: Select (and B without a player)
max_x_lo   = $0513  ; the box's rightmost x on the map: map width - PLAYER_W
max_x_hi   = $0514
probe_x_lo = $0515  ; the map pixel `solid_at` looks at
probe_x_hi = $0516
probe_y_lo = $0517
probe_y_hi = $0518
new_sub    = $0519  ; a position being computed (subpixel, pixel low, pixel high)
new_lo     = $051A
new_hi     = $051B
dir        = $051C  ; bit 7: the move being checked goes left / up
row        = $051D  ; scratch for solid_at: the metatile's place in its map strip
parts      = $051E  ; scratch for build_oam
base_x_lo  = $051F  ; the box's screen x (16 bits, signed): px - camera
base_x_hi  = $0520
lands      = $0521  ; move_y's argument: 1 looks for the ground under the feet
walked     = $0522  ; topdown_move: Up or Down moved the player
arriving   = $0523  ; 1: the scene loading was entered through an exit: start at arrive_x/y
arrive_x_lo = $0524
arrive_x_hi = $0525
arrive_y_lo = $0526
arrive_y_hi = $0527
center_x_lo = $0528 ; the box's centre, the point an exit tests (16 bits; y signed)
center_x_hi = $0529
center_y_lo = $052A
center_y_hi = $052B
exits_left = $052C  ; find_exit's loop counter
bottom_lo  = $052D  ; maps down: the map's height in pixels (240 * screens); from there down
bottom_hi  = $052E  ; the player falls off the map, and solid_at finds nothing
base_y_lo  = $052F  ; maps down: the box's screen y (16 bits, signed): py - cam_y
base_y_hi  = $0530

; The axis the camera follows, and where the player's sprites are on the screen.
.ifdef MAPS_DOWN
FOLLOW_POS  = py_lo     ; the box's y ...
FOLLOW_CAM  = cam_y     ; ... and the camera's, kept inside DEAD_TOP..DEAD_BOTTOM
ZONE_NEAR   = DEAD_TOP
ZONE_FAR    = DEAD_BOTTOM
SCREEN_Y    = base_y_lo ; sprites: screen y = py - cam_y + dy
.else
FOLLOW_POS  = px_lo     ; the box's x ...
FOLLOW_CAM  = cam_x     ; ... and the camera's, kept inside DEAD_LEFT..DEAD_RIGHT
ZONE_NEAR   = DEAD_LEFT
ZONE_FAR    = DEAD_RIGHT
SCREEN_Y    = py_lo     ; sprites: screen y = py + dy (cam_y stays 0 across)
.endif

PAD_UP     = %00001000
PAD_DOWN   = %00000100

; ---------------------------------------------------------------------------------------------
; After a scene is loaded (X = scene): start the player, or not, and pick the scene keys
; ---------------------------------------------------------------------------------------------
.proc player_load
    lda scene_player,x
    sta player_on
    bne @play
    lda #BUTTON_START | BUTTON_A
    sta next_keys
    lda #BUTTON_SELECT | BUTTON_B
    sta prev_keys
    lda #0
    sta arriving
    rts
@play:
    lda #BUTTON_START   ; A jumps and B is free: only Start and Select change scenes
    sta next_keys
    lda #BUTTON_SELECT
    sta prev_keys
    lda scene_movement,x
    sta movement
.ifdef MAPS_DOWN
    lda #<(256 - PLAYER_W) ; map width - PLAYER_W: one screen wide
    sta max_x_lo
    lda #0
    sta max_x_hi
    clc                 ; map height = cam_max + 240
    lda cam_max
    adc #240
    sta bottom_lo
    lda cam_max+1
    adc #0
    sta bottom_hi
.else
    clc                 ; map width - PLAYER_W = cam_max + 256 - PLAYER_W
    lda cam_max
    adc #<(256 - PLAYER_W)
    sta max_x_lo
    lda cam_max+1
    adc #0
    sta max_x_hi
.endif
    jsr player_start
    lda arriving        ; through an exit: at the exit's arrival point instead
    beq @shown
    lda arrive_x_lo
    sta px_lo
    lda arrive_x_hi
    sta px_hi
    lda arrive_y_lo
    sta py_lo
    lda arrive_y_hi
    sta py_hi
@shown:
    lda #0
    sta arriving
    jmp build_oam       ; the first frame shows the player at its start
.endproc

; The player at the start of scene `scene`: still, facing the start's way, idle.
.proc player_start
    ldx scene
    lda scene_start_x_lo,x
    sta px_lo
    lda scene_start_x_hi,x
    sta px_hi
    lda scene_start_y_lo,x
    sta py_lo
    lda scene_start_y_hi,x
    sta py_hi
    lda scene_facing,x
    sta facing
    lda #0
    sta px_sub
    sta py_sub
    sta vx_lo
    sta vx_hi
    sta vy_lo
    sta vy_hi
    sta on_ground
    sta animation
    sta anim_frame
    sta anim_timer
    rts
.endproc

; ---------------------------------------------------------------------------------------------
; Once a frame (main loop): move, animate, follow with the camera, build the OAM
; ---------------------------------------------------------------------------------------------
.proc player_frame
    lda movement
    bne @topdown
    jsr platform_move
    jmp @exits
@topdown:
    jsr topdown_move
@exits:
    jsr find_exit
    bcs @leave
    jsr follow
    jmp build_oam
@leave:                 ; exit X: load its scene, the player at the exit's arrival point
    lda exit_to_x_lo,x
    sta arrive_x_lo
    lda exit_to_x_hi,x
    sta arrive_x_hi
    lda exit_to_y_lo,x
    sta arrive_y_lo
    lda exit_to_y_hi,x
    sta arrive_y_hi
    lda #1
    sta arriving
    lda exit_scene,x
    tax
    pla                 ; drop the return into the main loop: this frame ends in a new scene,
    pla                 ; as after a press of Start
    txa
    jsr load_scene
    jmp main_loop
.endproc

; Carry set (X = the exit) if the box's centre is inside one of the scene's exit rectangles
; (exit_x <= x < exit_x2, exit_y <= y < exit_y2), the first one in the scene's order.
.proc find_exit
    clc
    lda px_lo
    adc #PLAYER_W / 2
    sta center_x_lo
    lda px_hi
    adc #0
    sta center_x_hi
    clc
    lda py_lo
    adc #PLAYER_H / 2
    sta center_y_lo
    lda py_hi
    adc #0
    sta center_y_hi
    bmi @none           ; above the map: in no exit
    ldy scene
    lda scene_exit_count,y
    beq @none
    sta exits_left
    lda scene_exit_first,y
    tax
@exit:
    lda center_x_lo     ; x >= exit_x
    cmp exit_x_lo,x
    lda center_x_hi
    sbc exit_x_hi,x
    bcc @next
    lda center_x_lo     ; x < exit_x2
    cmp exit_x2_lo,x
    lda center_x_hi
    sbc exit_x2_hi,x
    bcs @next
    lda center_y_lo     ; y >= exit_y
    cmp exit_y_lo,x
    lda center_y_hi
    sbc exit_y_hi,x
    bcc @next
    lda center_y_lo     ; y < exit_y2
    cmp exit_y2_lo,x
    lda center_y_hi
    sbc exit_y2_hi,x
    bcc @found
@next:
    inx
    dec exits_left
    bne @exit
@none:
    clc
    rts
@found:
    sec
    rts
.endproc

; Platform rules, steps 1-6 of romulus_nb.play.physics.
.proc platform_move
    jsr accelerate
    jmp fall
.endproc

; Step 1: Left or Right (not both) accelerate and set the facing; else friction.
.proc accelerate
    lda buttons
    and #BUTTON_LEFT | BUTTON_RIGHT
    cmp #BUTTON_RIGHT
    beq @right
    cmp #BUTTON_LEFT
    beq @left
    lda vx_hi
    bmi @slow_left
    ora vx_lo
    beq @still          ; already still
    sec                 ; moving right: vx - FRICTION, not below 0
    lda vx_lo
    sbc #<FRICTION
    sta vx_lo
    lda vx_hi
    sbc #>FRICTION
    sta vx_hi
    bpl @still
    jmp @stop
@slow_left:             ; moving left: vx + FRICTION, not above 0
    clc
    lda vx_lo
    adc #<FRICTION
    sta vx_lo
    lda vx_hi
    adc #>FRICTION
    sta vx_hi
    bmi @still
@stop:
    lda #0
    sta vx_lo
    sta vx_hi
@still:
    rts
@right:
    lda #0
    sta facing
    clc                 ; vx + ACCEL, at most TOP_SPEED
    lda vx_lo
    adc #<ACCEL
    sta vx_lo
    lda vx_hi
    adc #>ACCEL
    sta vx_hi
    bmi @move_x         ; still negative: below the top speed
    cmp #>TOP_SPEED
    bcc @move_x
    bne @cap_right
    lda vx_lo
    cmp #<TOP_SPEED
    bcc @move_x
    beq @move_x
@cap_right:
    lda #<TOP_SPEED
    sta vx_lo
    lda #>TOP_SPEED
    sta vx_hi
    jmp @move_x
@left:
    lda #1
    sta facing
    sec                 ; vx - ACCEL, at least -TOP_SPEED
    lda vx_lo
    sbc #<ACCEL
    sta vx_lo
    lda vx_hi
    sbc #>ACCEL
    sta vx_hi
    bpl @move_x         ; still >= 0: above -TOP_SPEED
    cmp #>(-TOP_SPEED)  ; both negative: compare as unsigned
    bcc @cap_left
    bne @move_x
    lda vx_lo
    cmp #<(-TOP_SPEED)
    bcs @move_x
@cap_left:
    lda #<(-TOP_SPEED)
    sta vx_lo
    lda #>(-TOP_SPEED)
    sta vx_hi
@move_x:
    rts
.endproc

; Steps 2-6 of the platform rules.
.proc fall
    ; 2. X moves; the map's edges and solid metatiles stop it.
    jsr move_x

    ; 3. A newly pressed on the ground jumps; gravity, lighter while A holds a rise.
    lda pressed
    and #BUTTON_A
    beq @gravity
    lda on_ground
    beq @gravity
    lda #<(-JUMP_VELOCITY)
    sta vy_lo
    lda #>(-JUMP_VELOCITY)
    sta vy_hi
@gravity:
    lda vy_hi
    bpl @heavy
    lda buttons
    and #BUTTON_A
    beq @heavy
    clc
    lda vy_lo
    adc #<GRAVITY_HELD
    sta vy_lo
    lda vy_hi
    adc #>GRAVITY_HELD
    sta vy_hi
    jmp @cap_fall
@heavy:
    clc
    lda vy_lo
    adc #<GRAVITY
    sta vy_lo
    lda vy_hi
    adc #>GRAVITY
    sta vy_hi
@cap_fall:              ; at most MAX_FALL
    bmi @move_y
    cmp #>MAX_FALL
    bcc @move_y
    bne @cap
    lda vy_lo
    cmp #<MAX_FALL
    bcc @move_y
    beq @move_y
@cap:
    lda #<MAX_FALL
    sta vy_lo
    lda #>MAX_FALL
    sta vy_hi

    ; 4. Y moves: land on, or bump into, solid metatiles; look for the ground.
@move_y:
    lda #1
    jsr move_y

    ; 5. Below the map: start again.
.ifdef MAPS_DOWN
    lda py_hi
    bmi @animate        ; above the map
    lda py_lo           ; py - bottom: no borrow means at or below the bottom
    cmp bottom_lo
    lda py_hi
    sbc bottom_hi
    bcc @animate
.else
    lda py_hi
    bne @animate
    lda py_lo
    cmp #240
    bcc @animate
.endif
    jmp player_start

    ; 6. Animation: jump in the air, walk with a speed, idle still.
@animate:
    ldx #2
    lda on_ground
    beq @chosen
    dex
    lda vx_lo
    ora vx_hi
    bne @chosen
    dex
@chosen:
    jmp animate
.endproc

; Top-down rules: each axis moves WALK_SPEED one way (both buttons of a pair: none), X first.
.proc topdown_move
    lda #0
    sta vx_lo
    sta vx_hi
    lda buttons
    and #BUTTON_LEFT | BUTTON_RIGHT
    cmp #BUTTON_RIGHT
    bne :+
    lda #<WALK_SPEED
    sta vx_lo
    lda #>WALK_SPEED
    sta vx_hi
    lda #0
    sta facing
    jmp @x
:   cmp #BUTTON_LEFT
    bne @x
    lda #<(-WALK_SPEED)
    sta vx_lo
    lda #>(-WALK_SPEED)
    sta vx_hi
    lda #1
    sta facing
@x:
    jsr move_x
    lda #0
    sta vx_lo           ; the speeds are not kept from frame to frame
    sta vx_hi
    sta vy_lo
    sta vy_hi
    lda buttons
    and #PAD_UP | PAD_DOWN
    cmp #PAD_DOWN
    bne :+
    lda #<WALK_SPEED
    sta vy_lo
    lda #>WALK_SPEED
    sta vy_hi
    jmp @y
:   cmp #PAD_UP
    bne @y
    lda #<(-WALK_SPEED)
    sta vy_lo
    lda #>(-WALK_SPEED)
    sta vy_hi
@y:
    lda vy_lo           ; walking: any direction held (and not cancelled)
    ora vy_hi
    sta walked
    lda #0
    jsr move_y
    lda #0
    sta vy_lo
    sta vy_hi
    ldx #1
    lda buttons
    and #BUTTON_LEFT | BUTTON_RIGHT
    cmp #BUTTON_LEFT | BUTTON_RIGHT
    beq :+
    cmp #0
    bne @chosen         ; Left or Right alone
:   lda walked
    bne @chosen         ; Up or Down alone
    dex
@chosen:
    jmp animate
.endproc

; Step 2: px += vx; at the map's edges stop (speed 0, subpixel 0); moving right the box's right
; edge, moving left its left edge, probes its top and bottom rows: a solid metatile puts the
; box against it.
.proc move_x
    lda vx_hi
    sta dir
    and #$80            ; the speed's sign extended to a third byte
    beq :+
    lda #$FF
:   tay
    clc
    lda px_sub
    adc vx_lo
    sta new_sub
    lda px_lo
    adc vx_hi
    sta new_lo
    tya
    adc px_hi
    sta new_hi
    bpl @inside_left
    lda #0              ; left of the map: x = 0
    sta px_lo
    sta px_hi
    jmp @stopped
@inside_left:
    lda max_x_hi        ; right of max_x: x = max_x
    cmp new_hi
    bcc @clamp_right
    bne @inside
    lda max_x_lo
    cmp new_lo
    bcs @inside
@clamp_right:
    lda max_x_lo
    sta px_lo
    lda max_x_hi
    sta px_hi
    jmp @stopped
@inside:
    lda new_sub
    sta px_sub
    lda new_lo
    sta px_lo
    lda new_hi
    sta px_hi
    lda vx_lo
    ora vx_hi
    beq @done           ; no speed: nothing to probe
    lda px_lo           ; the leading edge: x, or x + PLAYER_W - 1 moving right
    sta probe_x_lo
    lda px_hi
    sta probe_x_hi
    bit dir
    bmi :+
    clc
    lda probe_x_lo
    adc #PLAYER_W - 1
    sta probe_x_lo
    bcc :+
    inc probe_x_hi
:   jsr probe_rows
    bcc @done
    lda probe_x_lo      ; against the metatile: its column * 16 ...
    and #$F0
    sta px_lo
    lda probe_x_hi
    sta px_hi
    bit dir
    bmi @after
    sec                 ; ... - PLAYER_W moving right
    lda px_lo
    sbc #PLAYER_W
    sta px_lo
    bcs @stopped
    dec px_hi
    jmp @stopped
@after:
    clc                 ; ... + 16 moving left
    lda px_lo
    adc #16
    sta px_lo
    bcc @stopped
    inc px_hi
@stopped:
    lda #0
    sta px_sub
    sta vx_lo
    sta vx_hi
@done:
    rts
.endproc

; Carry set if (probe_x, py) or (probe_x, py + PLAYER_H - 1) is in a solid metatile.
.proc probe_rows
    lda py_lo
    sta probe_y_lo
    lda py_hi
    sta probe_y_hi
    jsr solid_at
    bcs @done
    clc
    lda py_lo
    adc #PLAYER_H - 1
    sta probe_y_lo
    lda py_hi
    adc #0
    sta probe_y_hi
    jsr solid_at
@done:
    rts
.endproc

; Carry set if (px, probe_y) or (px + PLAYER_W - 1, probe_y) is in a solid metatile.
.proc probe_columns
    lda px_lo
    sta probe_x_lo
    lda px_hi
    sta probe_x_hi
    jsr solid_at
    bcs @done
    clc
    lda px_lo
    adc #PLAYER_W - 1
    sta probe_x_lo
    lda px_hi
    adc #0
    sta probe_x_hi
    jsr solid_at
@done:
    rts
.endproc

; Step 4: py += vy. Falling or resting (vy >= 0): feet in a solid metatile land on it; then,
; if A = 1 (platform rules), the ground is a solid metatile under the feet (speed and
; subpixel 0 there). Rising: the head in a solid metatile goes under it.
.proc move_y
    sta lands           ; 1: look for the ground
    lda vy_hi
    sta dir
    and #$80
    beq :+
    lda #$FF
:   tay
    clc
    lda py_sub
    adc vy_lo
    sta py_sub
    lda py_lo
    adc vy_hi
    sta py_lo
    tya
    adc py_hi
    sta py_hi
    bit dir
    bmi @rising
    clc                 ; the feet: y + PLAYER_H - 1
    lda py_lo
    adc #PLAYER_H - 1
    sta probe_y_lo
    lda py_hi
    adc #0
    sta probe_y_hi
    jsr probe_columns
    bcc @ground
    lda probe_y_lo      ; on the metatile: its row * 16 - PLAYER_H
    and #$F0
    sec
    sbc #PLAYER_H
    sta py_lo
.ifdef MAPS_DOWN
    lda probe_y_hi      ; map-wide y: the high byte too
.else
    lda #0
.endif
    sbc #0
    sta py_hi
    lda #0
    sta py_sub
    sta vy_lo
    sta vy_hi
@ground:
    lda #0
    sta on_ground
    lda lands
    beq @done
    clc                 ; under the feet: y + PLAYER_H
    lda py_lo
    adc #PLAYER_H
    sta probe_y_lo
    lda py_hi
    adc #0
    sta probe_y_hi
    jsr probe_columns
    bcc @done
    lda #1
    sta on_ground
    lda #0
    sta py_sub
    sta vy_lo
    sta vy_hi
@done:
    rts
@rising:
    lda #0
    sta on_ground
    lda py_lo
    sta probe_y_lo
    lda py_hi
    sta probe_y_hi
    jsr probe_columns
    bcc @done
    lda py_lo           ; under the metatile: (row + 1) * 16
    and #$F0
    clc
    adc #16
    sta py_lo
.ifdef MAPS_DOWN
    lda py_hi           ; map-wide y: + the carry
    adc #0
    sta py_hi
    lda #0
.else
    lda #0
    sta py_hi
.endif
    sta py_sub
    sta vy_lo
    sta vy_hi
    rts
.endproc

; Carry set if the map pixel (probe_x, probe_y) is in a solid metatile; rows off the map
; (y < 0 or y >= the map's height) are empty. The metatile comes from the map in ROM: its
; strip (a column across, a row down) raw (15 or 16 metatiles) or RLE pairs (count,
; metatile) through the strip pointers. Clobbers A, Y, ptr, tmp.
.proc solid_at
.ifdef MAPS_DOWN
    lda probe_y_hi      ; above the map: empty
    bmi @empty
    lda probe_y_lo      ; y - bottom: no borrow means below the map: empty
    cmp bottom_lo
    lda probe_y_hi
    sbc bottom_hi
    bcs @empty
    lda probe_x_lo      ; the metatile's place in its row: x / 16 (0-15)
    lsr a
    lsr a
    lsr a
    lsr a
    sta row
    lda probe_y_lo      ; row = y / 16 (0-119)
    sta tmp
    lda probe_y_hi
.else
    lda probe_y_hi
    bne @empty
    lda probe_y_lo
    cmp #240
    bcs @empty
    lsr a
    lsr a
    lsr a
    lsr a
    sta row             ; the metatile's place in its column: row 0-14
    lda probe_x_lo      ; column = x / 16 (0-127)
    sta tmp
    lda probe_x_hi
.endif
    jsr strip_of        ; scroll.s
    jsr strip_pointer   ; scroll.s: the strip's metatiles (raw) or RLE pairs
    ldy map_rle
    bne @rle
    ldy row
    lda (ptr),y
    jmp @flags
@rle:
    ldy #0
@pair:
    lda row             ; in this run? (row: the place in the strip)
    cmp (ptr),y
    bcc @found
    sbc (ptr),y         ; carry set: row - count
    sta row
    iny
    iny
    jmp @pair
@found:
    iny
    lda (ptr),y
@flags:
    tay
    lda metatile_flags,y
    lsr a               ; bit 0, solid, into the carry
    rts
@empty:
    clc
    rts
.endproc

; Step 6 with X = the animation to show: a new one starts at frame 0; the same one spends
; frame_time frames on each of its frames, in a loop.
.proc animate
    cpx animation
    beq @same
    stx animation
    lda #0
    sta anim_frame
    sta anim_timer
    rts
@same:
    inc anim_timer
    lda anim_first,x
    clc
    adc anim_frame
    tay
    lda anim_timer
    cmp frame_time,y
    bcc @done
    lda #0
    sta anim_timer
    inc anim_frame
    lda anim_frame
    cmp anim_count,x
    bcc @done
    lda #0
    sta anim_frame
@done:
    rts
.endproc

; Step 8: the camera follows the box out of the dead zone (across: screen x DEAD_LEFT..
; DEAD_RIGHT with cam_x; down: screen y DEAD_TOP..DEAD_BOTTOM with cam_y; the FOLLOW_* and
; ZONE_* names above), at most 8 pixels a frame, and stays on the map (the main loop then
; calls apply_camera). "Left" and "right" below are "up" and "down" on a map down.
.proc follow
    sec                 ; d = position - camera: the box on the screen
    lda FOLLOW_POS
    sbc FOLLOW_CAM
    sta base_x_lo
    lda FOLLOW_POS+1
    sbc FOLLOW_CAM+1
    sta base_x_hi
    bmi @left_of_zone   ; negative: left of any dead zone
    bne @right_of_zone  ; 256 or more
    lda base_x_lo
    cmp #ZONE_FAR + 1
    bcs @right_of_zone
    cmp #ZONE_NEAR
    bcs @scroll         ; inside the dead zone
@left_of_zone:
    sec                 ; delta = d - ZONE_NEAR (negative), at least -8
    lda base_x_lo
    sbc #ZONE_NEAR
    tax
    lda base_x_hi
    sbc #0
    bpl @step           ; cannot happen (d < DEAD_LEFT), kept for symmetry
    cmp #$FF
    bne @most_left
    cpx #$100 - 8
    bcs @step
@most_left:
    ldx #$100 - 8
    lda #$FF
    jmp @step
@right_of_zone:
    sec                 ; delta = d - ZONE_FAR (positive), at most 8
    lda base_x_lo
    sbc #ZONE_FAR
    tax
    lda base_x_hi
    sbc #0
    bne @most_right
    cpx #9
    bcc @step
@most_right:
    ldx #8
    lda #0
@step:                  ; camera += A:X, then clamp to 0 .. cam_max
    sta tmp
    clc
    txa
    adc FOLLOW_CAM
    sta FOLLOW_CAM
    lda tmp
    adc FOLLOW_CAM+1
    sta FOLLOW_CAM+1
    bpl :+
    lda #0
    sta FOLLOW_CAM
    sta FOLLOW_CAM+1
:   lda cam_max         ; cam_max - camera: a borrow means past the end
    cmp FOLLOW_CAM
    lda cam_max+1
    sbc FOLLOW_CAM+1
    bcs @scroll
    lda cam_max
    sta FOLLOW_CAM
    lda cam_max+1
    sta FOLLOW_CAM+1
@scroll:                ; apply_camera (main loop) turns it into the scroll
    rts
.endproc

; The OAM of the frame: the player's metasprite (mirrored when facing left) at its screen
; position, then the scene's sprites moved by the camera; off-screen ones and the rest $FF.
.proc build_oam
    sec                 ; the box's screen x
    lda px_lo
    sbc cam_x
    sta base_x_lo
    lda px_hi
    sbc cam_x+1
    sta base_x_hi
.ifdef MAPS_DOWN
    sec                 ; the box's screen y
    lda py_lo
    sbc cam_y
    sta base_y_lo
    lda py_hi
    sbc cam_y+1
    sta base_y_hi
.endif
    ldy animation       ; the frame's metasprite
    lda anim_first,y
    clc
    adc anim_frame
    tay
    lda facing
    bne @left
    lda frame_right_lo,y
    sta ptr
    lda frame_right_hi,y
    sta ptr+1
    jmp @parts
@left:
    lda frame_left_lo,y
    sta ptr
    lda frame_left_hi,y
    sta ptr+1
@parts:
    ldy #0
    ldx #0              ; X: OAM offset
    lda (ptr),y
    sta parts
    iny
    lda parts
    beq @scene
@part:                  ; Y: the part's dy
    jsr signed_part     ; screen y = SCREEN_Y + dy (signed), shown on lines 1-239
    clc
    lda tmp
    adc SCREEN_Y
    sta tmp
    lda tmp+1
    adc SCREEN_Y+1
    bne @hide
    lda tmp
    beq @hide
    cmp #240
    bcs @hide
    sbc #0              ; carry clear: y - 1, OAM's byte 0
    sta oam,x
    iny
    lda (ptr),y         ; tile
    sta oam+1,x
    iny
    lda (ptr),y         ; attributes
    sta oam+2,x
    iny
    jsr signed_part     ; screen x = base x + dx (signed), shown at 0-255
    clc
    lda tmp
    adc base_x_lo
    sta oam+3,x
    lda tmp+1
    adc base_x_hi
    beq @next
    jsr hide_entry      ; off screen after all
    jmp @next
@hide:
    jsr hide_entry
    iny
    iny
    iny
@next:
    iny
    inx
    inx
    inx
    inx
    dec parts
    bne @part

@scene:                 ; the scene's sprites at map x - camera
    stx tmp+1
    ldx scene
    lda scene_oam_lo,x
    sta ptr
    lda scene_oam_hi,x
    sta ptr+1
    lda scene_sprites,x
    sta parts
    ldx tmp+1
    ldy #0
    lda parts
    beq @rest
@sprite:
    cpx #0              ; OAM full (X wrapped)?
    bne :+
    cpy #0
    bne @done
:   iny
    iny
    iny
    lda (ptr),y         ; x - camera: on screen if 0-255
    sec
    sbc cam_x
    sta oam+3,x
    lda #0
    sbc cam_x+1
    bne @off
    dey
    dey
    dey
.ifdef MAPS_DOWN
    lda (ptr),y         ; down: the map y (the Y byte + 1) - cam_y, shown on lines 1-255
    clc
    adc #1
    sec
    sbc cam_y
    sta oam,x
    lda #0
    sbc cam_y+1
    bne @off_y
    lda oam,x
    beq @off_y
    dec oam,x           ; OAM's Y byte: the line - 1
.else
    lda (ptr),y
    sta oam,x
.endif
    iny
    lda (ptr),y
    sta oam+1,x
    iny
    lda (ptr),y
    sta oam+2,x
    iny
    jmp @counted
.ifdef MAPS_DOWN
@off_y:
    iny                 ; Y back on the sprite's X byte, as @off wants it
    iny
    iny
.endif
@off:
    jsr hide_entry
@counted:
    iny
    inx
    inx
    inx
    inx
    dec parts
    bne @sprite
@rest:                  ; hide the rest of OAM
    cpx #0
    beq @done
    lda #$FF
:   sta oam,x
    inx
    bne :-
@done:
    rts
.endproc

; tmp = the signed byte at (ptr),Y (a part's dy or dx), 16 bits. Keeps X, Y.
.proc signed_part
    lda (ptr),y
    sta tmp
    and #$80
    beq :+
    lda #$FF
:   sta tmp+1
    rts
.endproc

; OAM entry X hidden: $FF in its 4 bytes (Y $FF is below the screen). Keeps X, Y.
.proc hide_entry
    lda #$FF
    sta oam,x
    sta oam+1,x
    sta oam+2,x
    sta oam+3,x
    rts
.endproc
