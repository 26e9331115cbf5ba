"""Notebook 11: the player's fixed-point arithmetic, and a higher jump proven in the simulation."""

from __future__ import annotations

from romulus_nb.demo import demo_game
from romulus_nb.exercises._core import as_int, exercise
from romulus_nb.play import simulate
from romulus_nb.player import Physics

#: The question's numbers: Super Mario Bros.' walking acceleration in subpixels (1/256 pixel)
#: a frame a frame, the player's start, and the frames Right is held.
ACCELERATION = 10
START_X = 32
RUN_FRAMES = 8
#: The jump the higher-jump exercise measures: Start at the title, then A held from the
#: ground (the demo level's start, (32, 192), has no ceiling above it).
JUMP_SCRIPT = "10:start,40-100:a"
JUMP_FRAMES = 110
HIGHER_THAN = 100


@exercise(
    "11",
    f"The player stands still at x = {START_X}, subpixel 0, and Right is held for "
    f"{RUN_FRAMES} frames (acceleration {ACCELERATION}, far below the top speed). Each frame "
    "vx grows, then x moves by vx. What are the pixel and the subpixel after those frames?",
    "a speed of 10 moves 10/256 of a pixel a frame; the subpixel byte keeps the rest",
)
def subpixel_position(pixel, subpixel):
    pixel, subpixel = as_int(pixel, "the pixel"), as_int(subpixel, "the subpixel")
    # Each frame: the speed grows first, then the position moves by the new speed.
    speeds = [ACCELERATION * k for k in range(1, RUN_FRAMES + 1)]
    total = START_X * 256 + sum(speeds)
    right = (total // 256, total % 256)
    if (pixel, subpixel) == right:
        return True, f"x = {right[0]}, subpixel {right[1]}: {sum(speeds)} subpixels moved", ""
    late = START_X * 256 + sum(speeds[:-1])
    if (pixel, subpixel) == (late // 256, late % 256):
        return (
            False,
            f"({pixel}, {subpixel}) moves by the speed before it grew",
            "the runtime adds the acceleration first, then moves by the new speed",
        )
    if pixel == START_X and subpixel == sum(speeds):
        return (
            False,
            f"subpixel {subpixel} does not fit in a byte",
            "a pixel is 256 subpixels: carry every 256 into the pixel byte",
        )
    if (pixel * 256 + subpixel) == START_X * 256 + ACCELERATION * RUN_FRAMES:
        return (
            False,
            f"({pixel}, {subpixel}) moves {ACCELERATION} subpixels every frame",
            "the speed grows by 10 every frame: the moves are 10, 20, ... 80 subpixels",
        )
    return (
        False,
        f"({pixel}, {subpixel})",
        "add the speeds 10, 20, ... 80 to 32 × 256, then split into pixel and subpixel",
    )


def jump_height(physics) -> tuple[int, int]:
    """(height in pixels, peak y) of the demo player's jump under `JUMP_SCRIPT` with
    ``physics``, from `romulus_nb.play.simulate`."""
    game = demo_game()
    game.player = game.player.replace(physics=physics)
    ys = [v.player.y for v in simulate(game, JUMP_SCRIPT, JUMP_FRAMES) if v.player]
    return ys[0] - min(ys), min(ys)


@exercise(
    "11",
    f"Give the player a Physics whose jump (A held from the ground) rises at least "
    f"{HIGHER_THAN} pixels, proven by the simulation, and stays on the screen.",
    "game.player.physics.replace(jump_velocity=...) keeps the other numbers",
)
def higher_jump(physics):
    if not isinstance(physics, Physics):
        raise TypeError(f"give a Physics (game.player.physics.replace(...)), not {physics!r}")
    height, peak = jump_height(physics)
    default = jump_height(Physics())[0]
    if peak < 0:
        return (
            False,
            f"{height} pixels: the peak is above the top of the screen (y = {peak})",
            "the peak must stay at y >= 0: a smaller jump_velocity, or a larger gravity_held",
        )
    if height >= HIGHER_THAN:
        return True, f"{height} pixels high (the default jumps {default}): peak at y = {peak}", ""
    if physics.gravity != Physics().gravity and physics.jump_velocity == Physics().jump_velocity:
        return (
            False,
            f"{height} pixels: changing gravity did not change the rise",
            "while A is held going up, gravity_held pulls, not gravity: change jump_velocity "
            "or gravity_held",
        )
    if physics.jump_velocity < 256:
        return (
            False,
            f"{height} pixels: jump_velocity {physics.jump_velocity} is under a pixel a frame",
            "speeds are in subpixels (1/256 pixel): 4 pixels a frame is 1024",
        )
    return (
        False,
        f"{height} pixels high (the default jumps {default}); {HIGHER_THAN} wanted",
        "a bigger jump_velocity (subpixels a frame upward at the press) rises longer",
    )
