"""`simulate`: the scrolling runtime's rules (``rom/runtime/scroll.s``) frame by frame.

The ROM and this module follow the same timeline, counted in frames from power-on (frame ``n``
is what the PPU draws after ``n`` frames have run, what ``romulus smoke --frames n`` shows):

- The NMI of frame ``j`` reads the joypad (the buttons the script holds in frame ``j``); the main
  loop handles them in frame ``j``: Start/A (newly pressed) shows the next scene, Select/B the
  previous one; otherwise, on a map, Right (Down on a vertical map) adds the scene's speed to
  the camera and Left (Up) subtracts it, clamped to 0 .. 256 (240) * (screens - 1). Frame
  ``j + 2`` shows the result.
- Where the player plays (`romulus_nb.rom.player_data.plays`: a map with a `ScenePlay`),
  only Start/Select change scenes; otherwise the player's rules (`romulus_nb.play.physics`)
  run, an exit loads its scene as Start does, and the camera follows the player along the
  map's axis (``(x, 0)`` across, ``(0, y)`` down).
- Loading a scene: the main loop sees the press in frame ``j``; from frame ``j + 2`` the screen
  is blank (rendering off); a one-screen scene uploads in 1 frame, a map in 8 (4 columns or
  rows a frame); the scene shows from frame ``j + 3 + upload frames``, camera at 0, and the
  main loop handles input again from frame ``j + 2 + upload frames``. Presses in between are
  not seen.
- Power-on: the reset code waits two vblanks and loads scene 0 as if a press of script frame
  2 had been seen (`BOOT_PRESS_FRAME`).
"""

from __future__ import annotations

from dataclasses import dataclass

from romulus_nb.emu.buttons import ButtonSpec, button_mask, parse_buttons
from romulus_nb.errors import InvalidValueError
from romulus_nb.play.physics import Level, PlayerState, follow, step
from romulus_nb.rom.player_data import plays

#: Frames a load uploads for: one-screen scenes in one frame, maps 32 columns (30 rows) at 4
#: a frame.
STATIC_LOAD_FRAMES = 1
MAP_LOAD_FRAMES = 8
# The reset code starts loading scene 0 as a press of script frame 2 would: it calls the
# loader in the vblank after frame 1, where the NMI reads script frame 2 and the main loop
# answers it (the picture after n frames is frame n - 1 as drawn, as cynes' step n - 1).
BOOT_PRESS_FRAME = 2
_NEXT, _PREVIOUS = button_mask("start+a"), button_mask("select+b")
# Where the player plays, A jumps: only Start and Select change scenes.
_PLAY_NEXT, _PLAY_PREVIOUS = button_mask("start"), button_mask("select")
_RIGHT, _LEFT = button_mask("right"), button_mask("left")
_DOWN, _UP = button_mask("down"), button_mask("up")


@dataclass(frozen=True)
class FrameView:
    """What one frame shows: ``scene`` (index, or None while rendering is off), ``camera``
    ``(x, y)`` in map pixels and, where the player plays, ``player`` (`PlayerState`)."""

    frame: int
    scene: int | None
    camera: tuple[int, int]
    player: PlayerState | None = None


def load_frames(scene) -> int:
    """Frames the runtime spends uploading ``scene`` with rendering off."""
    return MAP_LOAD_FRAMES if scene.screens != (1, 1) else STATIC_LOAD_FRAMES


def simulate(game, buttons: ButtonSpec = None, frames: int = 600) -> list[FrameView]:
    """The scene and camera of each of the first ``frames + 1`` frames (0 .. ``frames``).

    Parameters
    ----------
    game : Game
    buttons : dict, list or str
        Joypad 1 script as `romulus_nb.emu.buttons.parse_buttons` takes it ("0-299:right").
    frames : int
        How many frames to follow.

    Returns
    -------
    list of FrameView
        Entry ``n`` is what the PPU shows after ``n`` frames.
    """
    if not isinstance(frames, int) or not 0 <= frames <= 36000:
        raise InvalidValueError(f"frames: {frames!r}; use a whole number from 0 to 36000")
    if not game.scenes:
        raise InvalidValueError(f"game {game.name!r} has no scenes")
    script = parse_buttons(buttons)
    count = len(game.scenes)
    views: list[FrameView] = [FrameView(n, None, (0, 0)) for n in range(frames + 1)]
    scene, camera = 0, (0, 0)
    ready = BOOT_PRESS_FRAME + 2 + load_frames(game.scenes[0])  # first frame handled

    def show(first: int, index: int | None, camera: tuple[int, int],
             state: PlayerState | None = None) -> None:  # fmt: skip
        for n in range(first, frames + 1):
            views[n] = FrameView(n, index, camera, state)

    def start(index: int, at=None) -> tuple[Level | None, PlayerState | None]:
        level = Level(game, index) if plays(game, index) else None
        return level, (level.start(at) if level else None)

    level, player = start(scene)
    show(ready + 1, scene, (0, 0), player)
    previous = 0
    for j in range(frames + 1):
        held = script.get(j, 0)
        pressed = held & ~previous
        previous = held
        if j < ready:
            continue
        target = None
        if pressed & (_PLAY_NEXT if level else _NEXT):
            target = (scene + 1) % count
        elif pressed & (_PLAY_PREVIOUS if level else _PREVIOUS):
            target = (scene - 1) % count
        if target is not None and target != scene:
            scene, camera = target, (0, 0)
            ready = j + 2 + load_frames(game.scenes[scene])
            level, player = start(scene)
            show(j + 2, None, (0, 0))
            show(ready + 1, scene, (0, 0), player)
            continue
        if level is not None:  # the player's rules, and the camera follows it
            player = step(player, held, pressed, level)
            gone = level.exit_taken(player)
            if gone is not None:  # loads the exit's scene, as Start does (even the same one)
                scene, camera = gone.scene, (0, 0)
                ready = j + 2 + load_frames(game.scenes[scene])
                level, player = start(scene, (gone.to_x, gone.to_y))
                show(j + 2, None, (0, 0))
                show(ready + 1, scene, (0, 0), player)
                continue
            camera = follow(camera, player, level)
            show(j + 2, scene, camera, player)
            continue
        if game.scenes[scene].screens == (1, 1):
            continue
        camera = _move(camera, held, game.scenes[scene])
        show(j + 2, scene, camera)
    return views


def _move(camera: tuple[int, int], held: int, scene) -> tuple[int, int]:
    """The camera after one frame of the d-pad along the map's axis (Right/Down first, then
    Left/Up), clamped to the map."""
    vertical = scene.scrolls == "vertical"
    forward, back = (_DOWN, _UP) if vertical else (_RIGHT, _LEFT)
    position = camera[vertical]
    last = (240 if vertical else 256) * (scene.screens[vertical] - 1)
    if held & forward:
        position = min(position + scene.scroll_speed, last)
    if held & back:
        position = max(position - scene.scroll_speed, 0)
    return (0, position) if vertical else (position, 0)
