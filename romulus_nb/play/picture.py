"""What a frame of a scene where the player plays looks like: the map at the camera, the
player's sprites and the scene's sprites moved by the camera (`romulus_nb.play.physics`)."""

from __future__ import annotations

import numpy as np

from romulus_nb.play.physics import Level, PlayerState, frame_oam
from romulus_nb.render import Frame, camera_nametables, render_scene, render_vram
from romulus_nb.rom.player_data import plays


def play_frame(game, index: int, camera: tuple[int, int], state: PlayerState | None) -> Frame:
    """Scene ``index`` seen from ``camera`` with the OAM the runtime builds for ``state``."""
    scene = game.scenes[index]
    tables, scroll_x, scroll_y = camera_nametables(scene, camera)
    return render_vram(
        chr_bank=game.tileset,
        nametables=tables,
        palette_ram=np.frombuffer(scene.palettes.to_bytes(), np.uint8),
        oam=np.frombuffer(frame_oam(game, index, state, camera), np.uint8),
        ppuctrl=scene.ppuctrl,
        ppumask=scene.ppumask,
        scroll_x=scroll_x,
        scroll_y=scroll_y,
    )


def start_frame(game, index: int) -> Frame:
    """The first picture of scene ``index``: its design, and where the player plays, the
    player at its start with the camera at the map's top-left corner."""
    if not plays(game, index):
        return render_scene(game.scenes[index], game.tileset)
    return play_frame(game, index, (0, 0), Level(game, index).start())
