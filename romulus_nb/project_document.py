"""A Game as the project file's document: the dict (and the bytes) that a save writes.

`game_to_dict` is the Game -> document half of `romulus_nb.project`, kept apart from the pydantic
schema so that a command that only writes a game it made itself (``romulus import-image`` into a
new project) need not load pydantic: the model's own checks (`romulus_nb.bounds`,
``Scene.validate``) hold every rule the schema does for a game built through the model, and
`romulus_nb.project.save_game` still checks the whole document against the schema before
writing any game a user could have changed behind the model's back.
"""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING

import numpy as np

from romulus_nb.errors import InvalidValueError
from romulus_nb.game import Game, Metasprite, Scene
from romulus_nb.nes.colors import DEFAULT_PALETTE
from romulus_nb.nes.palettes import PaletteSet

if TYPE_CHECKING:
    from romulus_nb.player import Player, ScenePlay

FORMAT = "romulus-nb-project"
VERSION = 3  # 2: scenes of several screens, metatile maps and the game's metatile table;
# 3: the player (animations, physics) and each scene's play settings (start, movement, exits)


def _palettes_doc(p: PaletteSet) -> dict:
    rows = p.array.tolist()
    return {
        "backdrop": p.backdrop,
        "background": [{"colors": r[1:]} for r in rows[:4]],
        "sprites": [{"colors": r[1:]} for r in rows[4:]],
    }


def game_to_dict(game: Game) -> dict:
    scenes = []
    for i, s in enumerate(game.scenes):
        if not isinstance(s, Scene):
            raise InvalidValueError(f"game.scenes[{i}]: {s!r} is not a Scene of the game")
        s.validate()
        scenes.append(
            {
                "id": s.id,
                "name": s.name,
                "created_at": s.created_at.isoformat(),
                "updated_at": s.updated_at.isoformat(),
                "nametable": [bytes(row).hex().upper() for row in s.nametable],
                "attributes": ["".join(str(int(v)) for v in row) for row in s.attributes],
                "palettes": _palettes_doc(s.palettes),
                "sprites": [sp.__dict__.copy() for sp in s.sprites],
                "bg_table": s.bg_table,
                "sprite_table": s.sprite_table,
                "sprite_size": s.sprite_size,
                "show_left_background": s.show_left_background,
                "show_left_sprites": s.show_left_sprites,
                **_map_doc(s),
                **({"play": _play_doc(s.play)} if s.play is not None else {}),
            }
        )
    master = None
    if not np.array_equal(game.master_palette.rgb, DEFAULT_PALETTE.rgb):
        master = base64.b64encode(game.master_palette.to_pal()).decode("ascii")
    for key, m in game.metasprites.items():
        if not isinstance(m, Metasprite) or key != m.name:
            raise InvalidValueError(
                f"game.metasprites[{key!r}]: {m!r} is not a Metasprite named {key!r}"
            )
    return {
        "format": FORMAT,
        "version": VERSION,
        "game": {
            "id": game.id,
            "name": game.name,
            "created_at": game.created_at.isoformat(),
            "updated_at": game.updated_at.isoformat(),
            "tileset": base64.b64encode(game.chr_bytes()).decode("ascii"),
            "master_palette": master,
            "font_base": game.font_base,
            "metasprites": [
                {
                    "name": m.name,
                    "parts": [p.__dict__.copy() for p in m.parts],
                    **({"height": m.height} if m.height != 8 else {}),
                }
                for m in game.metasprites.values()
            ],
            "metatiles": [
                {"tiles": list(m.tiles), "palette": m.palette, "flags": m.flags, "name": m.name}
                for m in game.metatiles
            ],
            "scenes": scenes,
            **({"player": _player_doc(game.player)} if game.player is not None else {}),
        },
    }


def _play_doc(play: ScenePlay) -> dict:
    return {
        "start": list(play.start),
        "movement": play.movement,
        "facing": play.facing,
        "exits": [e.__dict__.copy() for e in play.exits],
    }


def _player_doc(player: Player) -> dict:
    # Imported here, for a rarely-used part: only a game with a player loads the player model
    # (``romulus import-image`` writes games without one), and then it is loaded already.
    from romulus_nb.player import DEAD_ZONE_Y

    doc = {
        "animations": {n: [list(f) for f in a.frames] for n, a in player.animations.items()},
        "physics": player.physics.__dict__.copy(),
        "width": player.width,
        "height": player.height,
        "dead_zone": list(player.dead_zone),
    }
    if player.dead_zone_y != DEAD_ZONE_Y:  # written only when set: older files stay as they were
        doc["dead_zone_y"] = list(player.dead_zone_y)
    return doc


def _map_doc(scene) -> dict:
    """The version-2 fields of a scene: written only when they differ from a one-screen scene."""
    doc: dict = {}
    if scene.screens != (1, 1):
        doc["screens"] = list(scene.screens)
    if scene.metatiles is not None:
        doc["metatiles"] = [bytes(row).hex().upper() for row in scene.metatiles]
    if scene.scroll_speed != 2:
        doc["scroll_speed"] = scene.scroll_speed
    return doc


def document_bytes(document: dict) -> bytes:
    """The project file's bytes for ``document``: JSON, one space of indent, a final newline."""
    return (json.dumps(document, indent=1) + "\n").encode("utf-8")
