"""The player: a metasprite that moves by rules, and where it plays in each scene.

- `Animation`: a list of (metasprite index, duration in frames); the index points into the
  game's metasprites in their order (``list(game.metasprites)``).
- `Physics`: the movement rules' numbers in NES units. Positions are 8.8 fixed point: a pixel
  is 256 subpixels, and speeds are subpixels per frame (accelerations subpixels per frame per
  frame), as NES games keep them (a pixel byte and a subpixel byte).
- `Player`: the animations ``idle``, ``walk``, ``jump``, the physics, the collision box and the
  camera's dead zones; facing left draws the metasprites mirrored across the box
  (`Player.drawn_part`).
- `ScenePlay`: per scene, where the player starts, which way it faces, the movement style
  (``platform`` or ``topdown``) and the exits (`Exit`: a rectangle of the map that takes the
  player to scene N at (x, y)). A scene without one (a title screen) has no player.

The rules themselves live twice, in ``romulus_nb.play.physics`` (Python) and
``romulus_nb/rom/runtime/player.s`` (6502), proven equal by the tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np

from romulus_nb.bounds import check_items
from romulus_nb.errors import InvalidValueError, shown
from romulus_nb.nes.hardware import SCREEN_HEIGHT, SCREEN_WIDTH

#: Subpixels in a pixel: positions and speeds are 8.8 fixed point.
SUBPIXELS = 256
#: The collision box is at most one metatile wide and high, so that probing its two corners
#: on a side finds every metatile that side touches.
MAX_BOX = 16
#: Speeds stay under half a metatile a frame: nothing can pass through a 16-pixel wall or floor
#: between two frames (no tunnelling), and every speed fits a signed 16-bit number.
MAX_SPEED = 8 * SUBPIXELS
#: Frames of one animation, and the longest a frame can stay (the runtime counts in a byte).
MAX_ANIMATION_FRAMES = 16
MAX_DURATION = 255
ANIMATIONS = ("idle", "walk", "jump")
MOVEMENTS = ("platform", "topdown")
FACINGS = ("right", "left")
#: Exits per scene (the runtime tests each one every frame).
MAX_EXITS = 8
#: Positions on a map: 8 screens of 256 pixels wide, 8 of 240 high.
MAX_MAP_PIXELS = 8 * 256
#: The default vertical dead zone: the box's screen y from 80 to 144 keeps its centre within
#: 32 lines of the screen's middle (120).
DEAD_ZONE_Y = (80, 144)


def _int(value, low: int, high: int, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise InvalidValueError(f"{where}: {shown(value)} is not a whole number ({low}-{high})")
    if not low <= value <= high:
        raise InvalidValueError(f"{where}: {shown(int(value))} is out of range; use {low}-{high}")
    return int(value)


def _choice(value, allowed: tuple[str, ...], where: str) -> str:
    if value not in allowed:
        raise InvalidValueError(f"{where}: {shown(value)}; use one of {', '.join(allowed)}")
    return value


def _pair(value, where: str, high: int) -> tuple[int, int]:
    try:
        x, y = value
    except (TypeError, ValueError):
        raise InvalidValueError(f"{where}: {shown(value)} is not an (x, y) pair") from None
    return _int(x, 0, high, f"{where} x"), _int(y, 0, high, f"{where} y")


@dataclass(frozen=True)
class Animation:
    """Frames of an animation: ``(metasprite index, duration in frames)`` each, played in a
    loop (a one-frame animation is a still)."""

    frames: tuple[tuple[int, int], ...]

    def __post_init__(self) -> None:
        try:
            frames = list(self.frames)
        except TypeError:
            raise InvalidValueError(
                f"animation frames: {shown(self.frames)} is not a list"
            ) from None
        if not 1 <= len(frames) <= MAX_ANIMATION_FRAMES:
            raise InvalidValueError(
                f"animation: {len(frames)} frames; use 1-{MAX_ANIMATION_FRAMES}"
            )
        checked = []
        for i, item in enumerate(frames):
            try:
                index, duration = item
            except (TypeError, ValueError):
                raise InvalidValueError(
                    f"animation frame {i}: {shown(item)} is not a (metasprite index, duration) pair"
                ) from None
            where = f"animation frame {i}"
            checked.append((_int(index, 0, 255, f"{where} metasprite index"),
                            _int(duration, 1, MAX_DURATION, f"{where} duration")))  # fmt: skip
        object.__setattr__(self, "frames", tuple(checked))

    @property
    def length(self) -> int:
        """Frames of one loop, in display frames (the sum of the durations)."""
        return sum(d for _, d in self.frames)


@dataclass(frozen=True)
class Physics:
    """The movement rules' numbers, in subpixels (1/256 pixel) per frame.

    The defaults are Super Mario Bros.' (1985) walking and jumping values as measured in
    Jdaster64's "SMB Physics" chart (TASVideos), which gives them in 1/4096 pixel: walking
    acceleration $00098, release deceleration $000D0, top walking speed $01900 (1.5625 px a
    frame), jump velocity $04000 (4 px), gravity $00200 while A is held going up and $00700
    otherwise, falls capped at $04800. Divided by 16 into our 1/256 pixel and rounded.
    Top-down walking (``walk_speed``) moves one pixel a frame, with no inertia.
    """

    acceleration: int = 10  # $98 / 16 = 9.5
    top_speed: int = 400  # $1900 / 16
    friction: int = 13  # $D0 / 16: slowing down with no direction held
    gravity: int = 112  # $700 / 16
    gravity_held: int = 32  # $200 / 16: rising with A held, so a longer press jumps higher
    jump_velocity: int = 1024  # $4000 / 16: 4 pixels a frame upwards
    max_fall: int = 1152  # $4800 / 16
    walk_speed: int = 256  # topdown: pixels a frame in each of the 8 directions

    def __post_init__(self) -> None:
        for f in fields(self):
            low = 0 if f.name == "friction" else 1
            _int(getattr(self, f.name), low, MAX_SPEED - 1, f"physics {f.name} (subpixels)")
            object.__setattr__(self, f.name, int(getattr(self, f.name)))

    def replace(self, **changes) -> Physics:
        return Physics(**{**self.__dict__, **changes})


@dataclass(frozen=True)
class Exit:
    """A rectangle of the map (pixels, ``x, y, width, height``) that takes the player to
    scene ``scene`` (its index in the game) at ``(to_x, to_y)``."""

    x: int
    y: int
    width: int
    height: int
    scene: int
    to_x: int
    to_y: int

    def __post_init__(self) -> None:
        for name in ("x", "y", "to_x", "to_y"):
            _int(getattr(self, name), 0, MAX_MAP_PIXELS - 1, f"exit {name}")
        for name in ("width", "height"):
            _int(getattr(self, name), 1, MAX_MAP_PIXELS, f"exit {name}")
        _int(self.scene, 0, 254, "exit scene")

    def contains(self, x: int, y: int) -> bool:
        return self.x <= x < self.x + self.width and self.y <= y < self.y + self.height


@dataclass(frozen=True)
class ScenePlay:
    """How the player plays in one scene: start position (the collision box's top-left corner,
    map pixels), facing, movement style and exits."""

    start: tuple[int, int]
    movement: str = "platform"
    facing: str = "right"
    exits: tuple[Exit, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", _pair(self.start, "start", MAX_MAP_PIXELS - 1))
        _choice(self.movement, MOVEMENTS, "movement")
        _choice(self.facing, FACINGS, "facing")
        exits = check_items(self.exits, Exit, MAX_EXITS, "exits", "the runtime tests each one")
        object.__setattr__(self, "exits", tuple(exits))

    def replace(self, **changes) -> ScenePlay:
        return ScenePlay(**{**self.__dict__, **changes})


def _zone(value, where: str, axis: str, last: int) -> tuple[int, int]:
    """A dead zone ``(low, high)``: screen positions of the box, ``low <= high <= last``."""
    low, high = _pair(value, where, last)
    if low > high:
        raise InvalidValueError(
            f"{where}: ({low}, {high}); use low <= high <= {last} (screen {axis} of the box)"
        )
    return low, high


def _default_animations() -> dict[str, Animation]:
    return {name: Animation(((0, 8),)) for name in ANIMATIONS}


@dataclass(frozen=True)
class Player:
    """The game's player.

    Parameters
    ----------
    animations : dict
        ``idle``, ``walk`` and ``jump`` (`Animation` each). Walk plays while the player moves,
        jump while it is in the air (platform), idle otherwise.
    physics : Physics
    width, height : int
        The collision box, 1-16 pixels, from the player's position (its top-left corner, which
        is also the metasprites' origin).
    dead_zone : (left, right)
        Screen x range of the box in which the player moves without the camera, on a map
        across; outside it the camera follows (at most 8 pixels a frame), stopping at the
        map's edges.
    dead_zone_y : (top, bottom)
        The same for the box's screen y on a map that scrolls down (a tower).
    """

    animations: dict = field(default_factory=_default_animations)
    physics: Physics = field(default_factory=Physics)
    width: int = 16
    height: int = 16
    dead_zone: tuple[int, int] = (96, 144)
    dead_zone_y: tuple[int, int] = DEAD_ZONE_Y

    def __post_init__(self) -> None:
        if not isinstance(self.animations, dict):
            raise InvalidValueError(f"animations: {shown(self.animations)} is not a dict")
        unknown = sorted(set(self.animations) - set(ANIMATIONS), key=str)
        if unknown:
            raise InvalidValueError(f"animations: no {unknown[0]!r}; use {', '.join(ANIMATIONS)}")
        missing = [n for n in ANIMATIONS if n not in self.animations]
        if missing:
            raise InvalidValueError(f"animations: {missing[0]!r} is missing; give idle, walk, jump")
        for name in ANIMATIONS:
            if not isinstance(self.animations[name], Animation):
                raise InvalidValueError(
                    f"animations[{name!r}]: {shown(self.animations[name])} is not an Animation"
                )
        object.__setattr__(self, "animations", {n: self.animations[n] for n in ANIMATIONS})
        if not isinstance(self.physics, Physics):
            raise InvalidValueError(f"physics: {shown(self.physics)} is not a Physics")
        _int(self.width, 1, MAX_BOX, "player width")
        _int(self.height, 1, MAX_BOX, "player height")
        object.__setattr__(self, "dead_zone", _zone(self.dead_zone, "dead_zone", "x",
                                                    SCREEN_WIDTH - 1 - self.width))  # fmt: skip
        object.__setattr__(self, "dead_zone_y", _zone(self.dead_zone_y, "dead_zone_y", "y",
                                                      SCREEN_HEIGHT - 1 - self.height))  # fmt: skip

    def drawn_part(self, part, facing_left: bool) -> tuple[int, bool]:
        """``(dx, flip_h)`` of a metasprite part (`romulus_nb.game.SpritePart`) as the player is
        drawn: as it is facing right; facing left, mirrored across the collision box (its dx
        becomes ``width - 8 - dx``) with its H bit flipped.

        The one rule of the ROM's tables (`romulus_nb.rom.player_data`), the simulation's OAM
        (`romulus_nb.play.physics.player_oam`) and the MetaspriteEditor's facing preview.
        """
        if facing_left:
            return self.width - 8 - part.dx, not part.flip_h
        return part.dx, part.flip_h

    def metasprite_indices(self) -> set[int]:
        """Every metasprite index the animations use."""
        return {index for a in self.animations.values() for index, _ in a.frames}

    def replace(self, **changes) -> Player:
        return Player(**{**self.__dict__, **changes})


def check_player_metasprites(player: Player, count: int) -> None:
    """Refuse animations that name a metasprite the game does not have (``count`` of them)."""
    for name, animation in player.animations.items():
        for i, (index, _) in enumerate(animation.frames):
            if index >= count:
                have = f"0-{count - 1}" if count else "none: define one with game.add_metasprite"
                raise InvalidValueError(
                    f"animation {name!r} frame {i}: metasprite {index}; the game has {have}"
                )
