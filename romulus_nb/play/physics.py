"""The player's rules in Python, step for step as ``rom/runtime/player.s`` runs them.

Same numbers, same order, same fixed point: positions are pixels plus a subpixel byte (1/256),
speeds are subpixels a frame (`romulus_nb.player.Physics`). One frame of ``platform`` movement:

1. Left/Right (not both) accelerate towards the top speed and set the facing; with neither (or
   both) held, friction brings the speed to 0.
2. X moves by the speed; the map's edges stop it; moving right, the box's right edge probes its
   column at the box's top and bottom rows, moving left the left edge: a solid metatile there
   puts the box against it (subpixel 0) and stops it.
3. A newly pressed on the ground jumps (speed up = jump velocity); gravity pulls, less while A
   is held going up; falls are capped at ``max_fall``.
4. Y moves; falling (or resting), the bottom row under the box's two corners lands it on a solid
   metatile; rising, the top row bumps its head. It is on the ground when a solid metatile is
   right under its feet (then the speed and subpixel are 0).
5. Below the map (y >= its height: 240 a screen down), the player starts again at the
   scene's start.
6. Animation: ``jump`` in the air, ``walk`` with a speed, else ``idle``; a new animation starts
   at its frame 0, the same one counts its frame's duration down.
7. Exits: the box's centre inside an exit's rectangle loads the exit's scene (as Start
   does), the player at the exit's arrival point; nothing else happens in that frame.
8. The camera follows along the map's axis with a dead zone (the box's screen x in
   ``dead_zone`` on a map across, its screen y in ``dead_zone_y`` on a map down), at most
   `CAMERA_STEP` pixels a frame, clamped to the map.

``topdown``: Right/Left/Down/Up move ``walk_speed`` (both of a pair: none), X first with the
collision of step 2, then Y with step 4's probes (no gravity, never on the ground).

Speeds stay under 8 pixels a frame and the box is at most 16x16, so no move can cross a
16-pixel metatile (no tunnelling) and two corners probe every metatile a side touches.
Positions are map pixels on both axes (``y`` is map-wide as ``x`` is: 0 .. 240 * screens
down). Rows above and below the map are empty; columns outside it cannot be reached.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from romulus_nb.emu.buttons import button_mask
from romulus_nb.nes.hardware import (
    ATTR_BEHIND,
    ATTR_FLIP_H,
    ATTR_FLIP_V,
    HIDDEN_Y,
    SCREEN_HEIGHT,
    SCREEN_WIDTH,
)
from romulus_nb.rom.build import game_maps

A, RIGHT, LEFT = button_mask("a"), button_mask("right"), button_mask("left")
DOWN, UP = button_mask("down"), button_mask("up")
IDLE, WALK, JUMP = 0, 1, 2
ANIMATION_NAMES = ("idle", "walk", "jump")
#: The camera moves at most this many pixels a frame (the scroll runtime writes one new map
#: column a frame, 16 pixels).
CAMERA_STEP = 8
METATILE = 16
HIDDEN = bytes([HIDDEN_Y] * 4)


@dataclass(frozen=True)
class PlayerState:
    """The player in one frame, as the runtime keeps it in RAM (see ``player.s``).

    ``x``, ``y``: pixels of the box's top-left corner on the map (``y`` may be negative, above
    the map); ``x_sub``, ``y_sub``: subpixels 0-255; ``vx``, ``vy``: subpixels a frame, signed;
    ``facing`` 0 right, 1 left; ``animation`` 0 idle, 1 walk, 2 jump; ``anim_frame`` its frame,
    ``anim_timer`` display frames spent in it.
    """

    x: int
    y: int
    x_sub: int = 0
    y_sub: int = 0
    vx: int = 0
    vy: int = 0
    on_ground: bool = False
    facing: int = 0
    animation: int = IDLE
    anim_frame: int = 0
    anim_timer: int = 0


class Level:
    """What the rules need of a scene: which metatiles are solid, the map's size (pixels), the
    axis its camera follows (``vertical``), the start."""

    def __init__(self, game, index: int):
        scene = game.scenes[index]
        self.scene, self.player, self.play = scene, game.player, scene.play
        self.width = SCREEN_WIDTH * scene.screens[0]
        self.height = SCREEN_HEIGHT * scene.screens[1]
        self.vertical = scene.screens[1] > 1
        table, cells = game_maps(game)
        flags = [m.solid for m in game.metatiles] + [False] * (len(table) - len(game.metatiles))
        if index in cells:
            self.solid = np.array(flags, bool)[np.asarray(cells[index], np.intp)]
        else:  # a one-screen scene: its metatiles if it has them
            grid = scene.metatiles
            self.solid = np.zeros((15, 16), bool) if grid is None else np.array(flags, bool)[grid]

    def solid_at(self, px: int, py: int) -> bool:
        """Whether the map pixel (px, py) is in a solid metatile (rows off the map: no)."""
        if not 0 <= py < self.height:
            return False
        return bool(self.solid[py // METATILE, px // METATILE])

    def start(self, at: tuple[int, int] | None = None) -> PlayerState:
        """The player still at the scene's start (or at ``at``, an exit's arrival point)."""
        x, y = self.play.start if at is None else at
        return PlayerState(x, y, facing=int(self.play.facing == "left"))

    def exit_taken(self, s: PlayerState):
        """The first of the scene's exits (`romulus_nb.player.Exit`) whose rectangle holds
        the box's centre, or None."""
        cx, cy = s.x + self.player.width // 2, s.y + self.player.height // 2
        return next((e for e in self.play.exits if e.contains(cx, cy)), None)


def _toward_zero(v: int, amount: int) -> int:
    return max(v - amount, 0) if v > 0 else min(v + amount, 0)


def _move_x(s: PlayerState, level: Level, vx: int) -> PlayerState:
    """Step 2: X moves by ``vx`` subpixels; map edges and solid metatiles stop it."""
    w, h = level.player.width, level.player.height
    pos = (s.x << 8) + s.x_sub + vx
    if pos < 0:
        return replace(s, x=0, x_sub=0, vx=0)
    x, sub = pos >> 8, pos & 0xFF
    if x > level.width - w:
        return replace(s, x=level.width - w, x_sub=0, vx=0)
    edge = x + w - 1 if vx > 0 else x
    if vx and (level.solid_at(edge, s.y) or level.solid_at(edge, s.y + h - 1)):
        column = edge // METATILE
        x = column * METATILE - w if vx > 0 else (column + 1) * METATILE
        return replace(s, x=x, x_sub=0, vx=0)
    return replace(s, x=x, x_sub=sub, vx=vx)


def _move_y(s: PlayerState, level: Level, vy: int, *, lands: bool) -> PlayerState:
    """Step 4: Y moves by ``vy`` subpixels; solid metatiles stop it (``lands``: platform
    rules, which also look for the ground under the feet)."""
    w, h = level.player.width, level.player.height
    pos = (s.y << 8) + s.y_sub + vy
    y, sub = pos >> 8, pos & 0xFF
    left, right = s.x, s.x + w - 1
    if vy >= 0:
        feet = y + h - 1
        if level.solid_at(left, feet) or level.solid_at(right, feet):
            y, sub, vy = (feet // METATILE) * METATILE - h, 0, 0
        ground = lands and (level.solid_at(left, y + h) or level.solid_at(right, y + h))
        if ground:
            sub, vy = 0, 0
        return replace(s, y=y, y_sub=sub, vy=vy, on_ground=ground)
    if level.solid_at(left, y) or level.solid_at(right, y):
        y, sub, vy = (y // METATILE + 1) * METATILE, 0, 0
    return replace(s, y=y, y_sub=sub, vy=vy, on_ground=False)


def _animate(s: PlayerState, level: Level, animation: int) -> PlayerState:
    """Step 6: a new animation starts at frame 0; the same one advances by its durations."""
    if animation != s.animation:
        return replace(s, animation=animation, anim_frame=0, anim_timer=0)
    frames = level.player.animations[ANIMATION_NAMES[animation]].frames
    timer, frame = s.anim_timer + 1, s.anim_frame
    if timer >= frames[frame][1]:
        timer, frame = 0, (frame + 1) % len(frames)
    return replace(s, anim_frame=frame, anim_timer=timer)


def step_platform(s: PlayerState, held: int, pressed: int, level: Level) -> PlayerState:
    """One frame of platform movement (steps 1-6 of the module docstring)."""
    ph = level.player.physics
    right, left = bool(held & RIGHT), bool(held & LEFT)
    vx, facing = s.vx, s.facing
    if right and not left:
        vx, facing = min(vx + ph.acceleration, ph.top_speed), 0
    elif left and not right:
        vx, facing = max(vx - ph.acceleration, -ph.top_speed), 1
    else:
        vx = _toward_zero(vx, ph.friction)
    s = _move_x(replace(s, facing=facing), level, vx)
    vy, on_ground = s.vy, s.on_ground
    if pressed & A and on_ground:
        vy, on_ground = -ph.jump_velocity, False
    vy += ph.gravity_held if vy < 0 and held & A else ph.gravity
    vy = min(vy, ph.max_fall)
    s = _move_y(replace(s, on_ground=on_ground), level, vy, lands=True)
    if s.y >= level.height:  # fell off the map: start again
        return level.start()
    animation = WALK if s.vx else IDLE
    return _animate(s, level, animation if s.on_ground else JUMP)


def step_topdown(s: PlayerState, held: int, level: Level) -> PlayerState:
    """One frame of top-down movement: 8 directions at ``walk_speed``, solid metatiles block."""
    speed = level.player.physics.walk_speed
    dx = (speed if held & RIGHT else 0) - (speed if held & LEFT else 0)
    dy = (speed if held & DOWN else 0) - (speed if held & UP else 0)
    facing = 0 if dx > 0 else 1 if dx < 0 else s.facing
    s = _move_x(replace(s, facing=facing), level, dx)
    s = _move_y(replace(s, vx=0), level, dy, lands=False)
    s = replace(s, vy=0)
    return _animate(s, level, WALK if dx or dy else IDLE)


def step(s: PlayerState, held: int, pressed: int, level: Level) -> PlayerState:
    """One frame of the scene's movement style."""
    if level.play.movement == "topdown":
        return step_topdown(s, held, level)
    return step_platform(s, held, pressed, level)


def follow(camera: tuple[int, int], s: PlayerState, level: Level) -> tuple[int, int]:
    """Step 8: the camera ``(x, y)`` after the player moved: along x on a map across, along y
    on a map down (the other coordinate stays 0)."""
    if level.vertical:
        y = _follow_axis(camera[1], s.y, level.player.dead_zone_y, level.height - SCREEN_HEIGHT)
        return 0, y
    return _follow_axis(camera[0], s.x, level.player.dead_zone, level.width - SCREEN_WIDTH), 0


def _follow_axis(camera: int, position: int, zone: tuple[int, int], last: int) -> int:
    """The camera on one axis: toward keeping ``position - camera`` inside ``zone``, at most
    `CAMERA_STEP` a frame, within 0 .. ``last``."""
    low, high = zone
    on_screen = position - camera
    target = (position - high if on_screen > high
              else position - low if on_screen < low else camera)  # fmt: skip
    camera += max(-CAMERA_STEP, min(CAMERA_STEP, target - camera))
    return max(0, min(camera, last))


def player_oam(game, s: PlayerState, camera: tuple[int, int]) -> list[bytes]:
    """The OAM entries of the player's sprites (4 bytes each; $FF x 4 when off screen) seen
    from ``camera`` (x, y): the animation frame's metasprite, mirrored across the box when
    facing left."""
    player = game.player
    frames = player.animations[ANIMATION_NAMES[s.animation]].frames
    metasprite = game.player_metasprites()[frames[s.anim_frame][0]]
    out = []
    for p in metasprite.parts:
        dx, flip = player.drawn_part(p, bool(s.facing))
        sx, sy = s.x - camera[0] + dx, s.y - camera[1] + p.dy
        attributes = (
            p.palette
            | (ATTR_BEHIND if p.behind else 0)
            | (ATTR_FLIP_H if flip else 0)
            | (ATTR_FLIP_V if p.flip_v else 0)
        )
        visible = 0 <= sx <= 255 and 0 < sy < SCREEN_HEIGHT
        out.append(bytes([sy - 1, p.tile, attributes, sx]) if visible else HIDDEN)
    return out


def frame_oam(game, index: int, s: PlayerState | None, camera: tuple[int, int]) -> bytes:
    """The 256 OAM bytes the runtime builds in a frame: the player's sprites first, then the
    scene's sprites at their map positions (hidden off screen), the rest $FF.

    A scene sprite's ``(x, y)`` is a map position. Across, its OAM entry keeps its Y byte and
    gets x - camera x (hidden unless 0-255). Down (a tower), it gets y - camera y as well,
    hidden unless that screen line is 1-255 (OAM's Y byte holds the line - 1)."""
    scene = game.scenes[index]
    entries = [] if s is None else player_oam(game, s, camera)
    down = scene.screens[1] > 1
    for sprite in scene.sprites:
        sx, sy = sprite.x - camera[0], sprite.y - camera[1]
        if not 0 <= sx <= 255 or down and not 1 <= sy <= 255:
            entries.append(HIDDEN)
            continue
        y_byte = sy - 1 if down else sprite.to_bytes()[0]
        entries.append(bytes([y_byte]) + sprite.to_bytes()[1:3] + bytes([sx]))
    data = b"".join(entries[:64])
    return data + bytes([HIDDEN_Y]) * (256 - len(data))
