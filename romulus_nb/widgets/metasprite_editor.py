"""`MetaspriteEditor`: compose the game's metasprites from tiles and edit the player's animations.

A metasprite is a list of parts (`romulus_nb.game.SpritePart`: a tile at a pixel offset from
the origin, with a sprite palette SPR0-SPR3 and flips). The browser sends one small message per
edit (``{"op": "add_part", "metasprite": 0, "tile": 4, "dx": 8, "dy": 0, "stroke": 7}``);
Python checks its fields and applies it through the model (`Game.add_metasprite` with the new
parts, `Game.rename_metasprite`, `Game.remove_metasprite`, ``game.player = ...``), so every
refusal is the model's own message and leaves the game as it was.

What goes back is computed here, never re-derived in JavaScript: the OAM entries the metasprite
makes at an origin (`Metasprite.place` then `romulus_nb.nes.oam.Sprite.to_bytes`), and how many
of its sprites cover each line (`romulus_nb.nes.oam.line_cover`, more than `SPRITES_PER_LINE`
is the hardware's overflow). The front end only draws, and plays the player's animations at
60 frames a second from the frames and durations it is sent, facing right or left (``facing``):
the parts facing left come from here too (`Player.drawn_part`, the rule the ROM and the
renderer use), so the preview shows what the game draws when the player faces left.
"""

from __future__ import annotations

import html
from dataclasses import replace

import numpy as np
import traitlets

from romulus_nb.bounds import MAX_METASPRITE_NAME_LENGTH, MAX_METASPRITE_PARTS, MAX_PART_OFFSET
from romulus_nb.display import img_tag
from romulus_nb.errors import InvalidValueError, RomulusError
from romulus_nb.game import Metasprite, Scene, SpritePart
from romulus_nb.nes.hardware import (
    CTRL_SPRITE_16,
    CTRL_SPRITE_TABLE,
    MASK_SPRITES,
    MASK_SPRITES_LEFT,
    SPRITES_PER_LINE,
)
from romulus_nb.nes.oam import encode_oam, line_cover, overflow_lines
from romulus_nb.player import (
    ANIMATIONS,
    FACINGS,
    MAX_ANIMATION_FRAMES,
    MAX_DURATION,
    Animation,
    Player,
)
from romulus_nb.render import render_vram, upscale
from romulus_nb.widgets._base import StrokeEditor, asset, binary, in_range
from romulus_nb.widgets._messages import get_bool, get_int, get_str

#: Where the OAM table places the origin unless told otherwise (the middle of the screen).
DEFAULT_ORIGIN = (120, 112)
#: A part's fields, in the order the front end receives them.
PART_FIELDS = ("dx", "dy", "tile", "palette", "flip_h", "flip_v", "behind")


class MetaspriteEditor(StrokeEditor):
    """An editor of the game's metasprites and of the player's animations.

    Parameters
    ----------
    game : Game
    scene : int, str or Scene
        Whose sprite palettes and sprite pattern table draw the tiles (the browser can switch).
    metasprite : int or str
        The metasprite to show first (index in ``list(game.metasprites)`` or name).

    Every edit is one undoable stroke and works from Python as from the browser: `add_part`,
    `move_part`, `update_part`, `remove_part`, `add_metasprite`, `rename_metasprite`,
    `remove_metasprite`, `add_player`, `set_frame`, `add_frame`, `remove_frame`, `undo`, `redo`.
    """

    _esm = asset("metasprite_editor", "js")
    _css = asset("metasprite_editor", "css")
    _ops = {
        **StrokeEditor._ops,
        "add_part": "_op_add_part",
        "move_part": "_op_move_part",
        "update_part": "_op_update_part",
        "delete_part": "_op_delete_part",
        "add_metasprite": "_op_add_metasprite",
        "rename_metasprite": "_op_rename_metasprite",
        "delete_metasprite": "_op_delete_metasprite",
        "add_player": "_op_add_player",
        "set_frame": "_op_set_frame",
        "add_frame": "_op_add_frame",
        "delete_frame": "_op_delete_frame",
    }

    # The model, as the front end draws it.
    chr = binary(512 * 64)  # (512, 8, 8) pixel values 0-3, pattern table 0 then 1
    palettes = binary(32)  # the scene's palette RAM (sprite palettes at 16-31)
    sprite_table = traitlets.Int(1).tag(sync=True)
    #: Every metasprite: ``{"name", "height", "parts": [[dx, dy, tile, palette, flip_h,
    #: flip_v, behind], ...]}``, in index order; with a player, also ``"left"``: the parts as
    #: the player draws them facing left (`Player.drawn_part`).
    metasprites = traitlets.List(traitlets.Dict()).tag(sync=True)
    #: The player's animations, ``{"idle": [[metasprite, duration], ...], ...}``; {} without one.
    animations = traitlets.Dict().tag(sync=True)
    #: The player's collision box ``[width, height]`` from the origin, [] without a player.
    box = traitlets.List(traitlets.Int()).tag(sync=True)
    # What the kernel computes for the metasprite shown.
    oam = traitlets.List(traitlets.List(traitlets.Int())).tag(sync=True)  # [[Y-1, tile, attr, X]]
    oam_error = traitlets.Unicode("").tag(sync=True)  # why it cannot be placed at the origin
    line_top = traitlets.Int(0).tag(sync=True)  # dy of the first line in line_counts
    line_counts = traitlets.List(traitlets.Int()).tag(sync=True)  # sprites on each line
    line_warning = traitlets.Unicode("").tag(sync=True)
    # View state (the browser sets these directly).
    current = traitlets.Int(-1).tag(sync=True)  # the metasprite shown, -1: none
    selected_part = traitlets.Int(-1).tag(sync=True)
    origin_x = traitlets.Int(DEFAULT_ORIGIN[0]).tag(sync=True)
    origin_y = traitlets.Int(DEFAULT_ORIGIN[1]).tag(sync=True)
    tile = traitlets.Int(0).tag(sync=True)  # the tile picked in the pattern table
    palette = traitlets.Int(0).tag(sync=True)  # the sprite palette new parts get
    facing = traitlets.Unicode("right").tag(sync=True)  # the animation previews: right or left

    _ranges = {
        "current": (-1, 255),
        "selected_part": (-1, MAX_METASPRITE_PARTS - 1),
        "origin_x": (0, 255),
        "origin_y": (0, 255),
        "tile": (0, 255),
        "palette": (0, 3),
    }

    def __init__(self, game, scene=0, *, metasprite: int | str = 0, **kwargs):
        super().__init__(game, scene, **kwargs)
        self.observe(self._on_view, names=["current", "origin_x", "origin_y"])
        if game.metasprites:
            self.current = self._index(metasprite)

    @traitlets.validate("facing")
    def _check_facing(self, proposal):
        if proposal["value"] not in FACINGS:
            raise traitlets.TraitError(
                f"facing: {proposal['value']!r}; use one of {', '.join(FACINGS)}"
            )
        return proposal["value"]

    @traitlets.validate(*_ranges)
    def _check_range(self, proposal):
        value = in_range(proposal, *self._ranges[proposal["trait"].name])
        if proposal["trait"].name == "current" and value >= len(self._game.metasprites):
            raise traitlets.TraitError(
                f"current: {value}; the game has metasprites 0-{len(self._game.metasprites) - 1}"
            )
        return value

    # --- editing from Python (each call is one undoable stroke) -------------------------------
    @property
    def metasprite(self) -> Metasprite | None:
        """The metasprite shown (None when the game has none)."""
        if self.current < 0:
            return None
        return list(self._game.metasprites.values())[self.current]

    def add_part(self, tile: int, dx: int, dy: int, palette: int = 0, **flips) -> int:
        """Append a part (a sprite) to the metasprite shown; returns its index. ``flips``:
        ``flip_h``, ``flip_v``, ``behind``."""
        unknown = sorted(set(flips) - {"flip_h", "flip_v", "behind"})
        if unknown:
            raise InvalidValueError(
                f"add_part: no option {unknown[0]!r}; use flip_h, flip_v, behind"
            )
        return self._stroke(
            lambda: self._add_part(self.current, SpritePart(dx, dy, tile, palette, **flips))
        )

    def move_part(self, index: int, dx: int, dy: int) -> SpritePart:
        """Put part ``index`` at offset (dx, dy) from the origin."""
        return self.update_part(index, dx=dx, dy=dy)

    def update_part(self, index: int, **changes) -> SpritePart:
        """Change a part's ``dx``, ``dy``, ``tile``, ``palette``, ``flip_h``, ``flip_v`` or
        ``behind``."""
        unknown = sorted(set(changes) - set(PART_FIELDS))
        if unknown:
            raise InvalidValueError(
                f"update_part: no field {unknown[0]!r}; use {', '.join(PART_FIELDS)}"
            )
        return self._stroke(lambda: self._update_part(self.current, index, changes))

    def remove_part(self, index: int) -> SpritePart:
        return self._stroke(lambda: self._remove_part(self.current, index))

    def add_metasprite(self, name: str) -> int:
        """A new empty metasprite (8 or 16 high as the scene's sprites), shown; its index."""
        return self._stroke(lambda: self._add_metasprite(name))

    def rename_metasprite(self, metasprite: int | str, name: str) -> None:
        key = self._name(metasprite)
        self._stroke(lambda: self._game.rename_metasprite(key, name))

    def remove_metasprite(self, metasprite: int | str) -> Metasprite:
        """Delete a metasprite (refused while an animation of the player shows it)."""
        key = self._name(metasprite)
        return self._stroke(lambda: self._game.remove_metasprite(key))

    def add_player(self) -> Player:
        """Give the game a default `Player` (every animation shows metasprite 0)."""
        return self._stroke(self._add_player)

    def set_frame(self, animation: str, frame: int, *, metasprite=None, duration=None) -> None:
        """Change frame ``frame`` of ``animation``: which metasprite it shows, for how long."""
        self._stroke(lambda: self._edit_frames(animation, "set", frame, metasprite, duration))

    def add_frame(self, animation: str, metasprite: int, duration: int) -> None:
        self._stroke(lambda: self._edit_frames(animation, "add", None, metasprite, duration))

    def remove_frame(self, animation: str, frame: int) -> None:
        self._stroke(lambda: self._edit_frames(animation, "remove", frame, None, None))

    # --- the model operations -----------------------------------------------------------------
    def _replace_parts(self, index: int, parts: list[SpritePart]) -> None:
        """Redefine metasprite ``index`` with ``parts`` (the model checks them all)."""
        old = self._at(index)
        self._game.add_metasprite(replace(old, parts=tuple(parts)))

    def _add_part(self, index: int, part: SpritePart) -> int:
        parts = [*self._at(index).parts, part]
        self._replace_parts(index, parts)
        self.selected_part = len(parts) - 1
        return len(parts) - 1

    def _update_part(self, index: int, part: int, changes: dict) -> SpritePart:
        parts = list(self._at(index).parts)
        part = self._part_index(parts, part)
        parts[part] = SpritePart(**{**parts[part].__dict__, **changes})
        self._replace_parts(index, parts)
        return parts[part]

    def _remove_part(self, index: int, part: int) -> SpritePart:
        parts = list(self._at(index).parts)
        removed = parts.pop(self._part_index(parts, part))
        self._replace_parts(index, parts)
        self.selected_part = -1
        return removed

    def _add_metasprite(self, name: str) -> int:
        if isinstance(name, str) and name in self._game.metasprites:
            raise InvalidValueError(f"add_metasprite: {name!r} is already defined")
        height = self._scene.sprite_size if self._scene is not None else 8
        self._game.add_metasprite(Metasprite(name, (), height=height))
        self.current = len(self._game.metasprites) - 1
        return self.current

    def _add_player(self) -> Player:
        if self._game.player is not None:
            raise InvalidValueError("add_player: the game has a player already")
        if not self._game.metasprites:
            raise InvalidValueError("add_player: the game has no metasprite to show; add one first")
        self._game.player = Player()
        return self._game.player

    def _edit_frames(self, animation, how: str, frame, metasprite, duration) -> None:
        player = self._game.player
        if player is None:
            raise InvalidValueError("animations: the game has no player; add one first")
        if animation not in ANIMATIONS:
            raise InvalidValueError(f"animation {animation!r}: use one of {', '.join(ANIMATIONS)}")
        frames = list(player.animations[animation].frames)
        if how == "add":
            frames.append((metasprite, duration))
        else:
            count = len(frames)
            if isinstance(frame, bool) or not isinstance(frame, int) or not 0 <= frame < count:
                raise InvalidValueError(
                    f"animation {animation!r}: no frame {frame!r}; it has 0-{count - 1}"
                )
            if how == "remove":
                if count == 1:
                    raise InvalidValueError(
                        f"animation {animation!r}: its only frame stays (a still)"
                    )
                frames.pop(frame)
            else:
                old_metasprite, old_duration = frames[frame]
                frames[frame] = (
                    old_metasprite if metasprite is None else metasprite,
                    old_duration if duration is None else duration,
                )
        new = Animation(tuple(frames))  # checks indices, durations and the frame count
        self._game.player = player.replace(animations={**player.animations, animation: new})

    # --- undo snapshots -----------------------------------------------------------------------
    def _snapshot(self) -> dict:
        return {"metasprites": tuple(self._game.metasprites.items()), "player": self._game.player}

    def _restore(self, fields: dict) -> None:
        game = self._game
        if "metasprites" in fields:
            game.metasprites.clear()
            game.metasprites.update(fields["metasprites"])
            self.selected_part = -1
        if "player" in fields:
            game.player = fields["player"]  # touches the game
        else:
            game.touch("metasprites")

    # --- messages from the browser ------------------------------------------------------------
    def _begin(self, content: dict) -> None:
        self._history.begin(get_int(content, "stroke", 0, 2**31 - 1))

    def _edit(self, content: dict, edit) -> None:
        """Run ``edit()`` in the message's stroke."""
        self._begin(content)
        try:
            edit()
        finally:
            self._sync_history()

    def _message_metasprite(self, content: dict) -> int:
        count = len(self._game.metasprites)
        if count == 0:
            raise InvalidValueError("metasprite: the game has none; add one first")
        return get_int(content, "metasprite", 0, count - 1)

    def _message_part(self, content: dict) -> SpritePart:
        return SpritePart(
            get_int(content, "dx", -MAX_PART_OFFSET, MAX_PART_OFFSET),
            get_int(content, "dy", -MAX_PART_OFFSET, MAX_PART_OFFSET),
            get_int(content, "tile", 0, 255),
            get_int(content, "palette", 0, 3) if "palette" in content else 0,
            flip_h=get_bool(content, "flip_h"),
            flip_v=get_bool(content, "flip_v"),
            behind=get_bool(content, "behind"),
        )

    def _op_add_part(self, content: dict) -> None:
        index, part = self._message_metasprite(content), self._message_part(content)
        self._edit(content, lambda: self._add_part(index, part))

    def _op_move_part(self, content: dict) -> None:
        index = self._message_metasprite(content)
        part = get_int(content, "index", 0, MAX_METASPRITE_PARTS - 1)
        changes = {
            "dx": get_int(content, "dx", -MAX_PART_OFFSET, MAX_PART_OFFSET),
            "dy": get_int(content, "dy", -MAX_PART_OFFSET, MAX_PART_OFFSET),
        }
        self._edit(content, lambda: self._update_part(index, part, changes))

    def _op_update_part(self, content: dict) -> None:
        index = self._message_metasprite(content)
        part = get_int(content, "index", 0, MAX_METASPRITE_PARTS - 1)
        changes = {}
        for key, (low, high) in (("tile", (0, 255)), ("palette", (0, 3))):
            if key in content:
                changes[key] = get_int(content, key, low, high)
        for key in ("flip_h", "flip_v", "behind"):
            if key in content:
                changes[key] = get_bool(content, key)
        if not changes:
            raise InvalidValueError("update_part: nothing to change (tile, palette, flips)")
        self._edit(content, lambda: self._update_part(index, part, changes))

    def _op_delete_part(self, content: dict) -> None:
        index = self._message_metasprite(content)
        part = get_int(content, "index", 0, MAX_METASPRITE_PARTS - 1)
        self._edit(content, lambda: self._remove_part(index, part))

    def _op_add_metasprite(self, content: dict) -> None:
        name = get_str(content, "name", MAX_METASPRITE_NAME_LENGTH)
        self._edit(content, lambda: self._add_metasprite(name))

    def _op_rename_metasprite(self, content: dict) -> None:
        key = self._name(self._message_metasprite(content))
        name = get_str(content, "name", MAX_METASPRITE_NAME_LENGTH)
        self._edit(content, lambda: self._game.rename_metasprite(key, name))

    def _op_delete_metasprite(self, content: dict) -> None:
        key = self._name(self._message_metasprite(content))
        self._edit(content, lambda: self._game.remove_metasprite(key))

    def _op_add_player(self, content: dict) -> None:
        self._edit(content, self._add_player)

    def _frame_fields(self, content: dict, *, frame: bool, optional: bool):
        animation = content.get("animation")
        if animation not in ANIMATIONS:
            raise InvalidValueError(
                f"message field 'animation': {animation!r}; use one of {', '.join(ANIMATIONS)}"
            )
        index = get_int(content, "frame", 0, MAX_ANIMATION_FRAMES - 1) if frame else None
        count = max(1, len(self._game.metasprites))
        fields = {"metasprite": (0, count - 1), "duration": (1, MAX_DURATION)}
        values = {
            key: get_int(content, key, low, high) if key in content or not optional else None
            for key, (low, high) in fields.items()
        }
        return animation, index, values["metasprite"], values["duration"]

    def _op_set_frame(self, content: dict) -> None:
        animation, frame, metasprite, duration = self._frame_fields(
            content, frame=True, optional=True
        )
        if metasprite is None and duration is None:
            raise InvalidValueError("set_frame: nothing to change (metasprite, duration)")
        self._edit(
            content, lambda: self._edit_frames(animation, "set", frame, metasprite, duration)
        )

    def _op_add_frame(self, content: dict) -> None:
        animation, _, metasprite, duration = self._frame_fields(
            content, frame=False, optional=False
        )
        self._edit(content, lambda: self._edit_frames(animation, "add", None, metasprite, duration))

    def _op_delete_frame(self, content: dict) -> None:
        animation, frame, _, _ = self._frame_fields(content, frame=True, optional=True)
        self._edit(content, lambda: self._edit_frames(animation, "remove", frame, None, None))

    # --- lookups ------------------------------------------------------------------------------
    def _at(self, index: int) -> Metasprite:
        items = list(self._game.metasprites.values())
        if not items:
            raise InvalidValueError("metasprite: the game has none; add one first")
        if not 0 <= index < len(items):
            raise InvalidValueError(f"metasprite {index}: the game has 0-{len(items) - 1}")
        return items[index]

    def _index(self, metasprite: int | str) -> int:
        names = list(self._game.metasprites)
        if isinstance(metasprite, str):
            if metasprite not in names:
                raise InvalidValueError(f"metasprite {metasprite!r}: not defined in this game")
            return names.index(metasprite)
        if isinstance(metasprite, bool) or not isinstance(metasprite, int):
            raise InvalidValueError(f"metasprite {metasprite!r}: give its index or its name")
        self._at(metasprite)
        return metasprite

    def _name(self, metasprite: int | str) -> str:
        return list(self._game.metasprites)[self._index(metasprite)]

    @staticmethod
    def _part_index(parts: list, part: int) -> int:
        if not 0 <= part < len(parts):
            have = f"0-{len(parts) - 1}" if parts else "none"
            raise InvalidValueError(f"part {part}: the metasprite has {have}")
        return part

    # --- views --------------------------------------------------------------------------------
    def _refresh(self, what: str, scene: Scene | None) -> None:
        game = self._game
        self.chr = game.tileset.tobytes()  # an unchanged value is not sent again
        if self._scene is not None and (scene is None or scene is self._scene):
            self.palettes = self._scene.palettes.to_bytes()
            self.sprite_table = self._scene.sprite_table
        player = game.player
        self.metasprites = [metasprite_rows(m, player) for m in game.metasprites.values()]
        self.animations = (
            {}
            if player is None
            else {n: [list(f) for f in a.frames] for n, a in player.animations.items()}
        )
        self.box = [] if player is None else [player.width, player.height]
        count = len(game.metasprites)
        if self.current >= count or (self.current < 0 and count):
            self.current = count - 1 if self.current >= count else 0
        if self.metasprite is not None and self.selected_part >= len(self.metasprite.parts):
            self.selected_part = -1
        self._show_current()

    def _on_view(self, change) -> None:
        if change["name"] == "current":
            self.selected_part = -1
        self._show_current()

    def _show_current(self) -> None:
        """The OAM entries and the per-line counts of the metasprite shown."""
        m = self.metasprite
        oam, error, top, counts, warning = [], "", 0, [], ""
        if m is not None:
            try:
                oam = [list(s.to_bytes()) for s in m.place(self.origin_x, self.origin_y)]
            except RomulusError as exc:
                error = str(exc)
            top, counts, warning = line_counts(m)
        with self.hold_sync():
            self.oam, self.oam_error = oam, error
            self.line_top, self.line_counts, self.line_warning = top, counts, warning

    def preview_picture(self, animation: str = "idle", frame: int = 0):
        """``(h, w, 3) uint8`` RGB of what the preview of ``animation`` shows at ``frame``,
        facing `facing`, as the one renderer draws it (None without a player or parts)."""
        player = self._game.player
        if player is None or self._scene is None:
            return None
        index = player.animations[animation].frames[frame][0]
        metasprite = self._game.player_metasprites()[index]
        try:
            shown = facing_metasprite(metasprite, player, self.facing == "left")
        except RomulusError:  # a part mirrored past the offsets a part may have
            return None
        return metasprite_picture(shown, self._game.tileset, self._scene)

    def _static_html(self) -> str:
        head = html.escape(repr(self))
        m = self.metasprite
        if m is None or self._scene is None:
            return f"<div class='romulus-static'><b>{head}</b></div>"
        picture = metasprite_picture(m, self._game.tileset, self._scene)
        image = img_tag(upscale(picture, 8), 1, m.name) if picture is not None else ""
        rows = "".join(
            f"<tr><td>{i}</td>" + "".join(f"<td>${b:02X}</td>" for b in entry) + "</tr>"
            for i, entry in enumerate(self.oam)
        )
        table = (
            "<table><tr><th>#</th><th>Y-1</th><th>tile</th><th>attr</th><th>X</th></tr>"
            f"{rows}</table>"
            if rows
            else html.escape(self.oam_error)
        )
        animations = "".join(
            f"<li>{name}: " + ", ".join(f"{i}&times;{d}" for i, d in frames) + "</li>"
            for name, frames in self.animations.items()
        )
        return (
            f"<div class='romulus-static'><b>{head}</b><br>{image}{table}"
            f"{html.escape(self.line_warning)}<ul>{animations}</ul></div>"
        )

    def __repr__(self) -> str:
        m = self.metasprite
        if m is None:
            return f"MetaspriteEditor({self._game.name!r}: no metasprites)"
        return (
            f"MetaspriteEditor({self._game.name!r}: metasprite {self.current} {m.name!r}, "
            f"{len(m.parts)} parts, {len(self._game.metasprites)} metasprites)"
        )


def part_row(part: SpritePart, drawn: tuple[int, bool] | None = None) -> list:
    """A part as the front end reads it: ``[dx, dy, tile, palette, flip_h, flip_v, behind]``
    (``drawn``: its ``(dx, flip_h)`` as the player draws it, instead of its own)."""
    row = [getattr(part, name) for name in PART_FIELDS]
    if drawn is not None:
        row[PART_FIELDS.index("dx")], row[PART_FIELDS.index("flip_h")] = drawn
    return row


def metasprite_rows(metasprite: Metasprite, player: Player | None) -> dict:
    """A metasprite as the front end reads it: name, height, parts, and with a player the
    parts facing left (each part's dx and H bit as `Player.drawn_part` gives them)."""
    out = {"name": metasprite.name, "height": metasprite.height,
           "parts": [part_row(p) for p in metasprite.parts]}  # fmt: skip
    if player is not None:
        out["left"] = [part_row(p, player.drawn_part(p, True)) for p in metasprite.parts]
    return out


def facing_metasprite(metasprite: Metasprite, player: Player, left: bool) -> Metasprite:
    """``metasprite`` as the player draws it facing left (``left``) or right."""
    if not left:
        return metasprite
    parts = []
    for p in metasprite.parts:
        dx, flip_h = player.drawn_part(p, True)
        parts.append(replace(p, dx=dx, flip_h=flip_h))
    return replace(metasprite, parts=tuple(parts))


def line_counts(metasprite: Metasprite) -> tuple[int, list[int], str]:
    """How many of the metasprite's sprites cover each line, from its top line down.

    Returns ``(top, counts, warning)``: ``top`` is the dy of the first line, ``counts[i]`` the
    sprites on line ``top + i`` (the first 240 lines), and ``warning`` names the lines over
    `SPRITES_PER_LINE` (the PPU drops the sprites after the 8th there), or is "".
    """
    if not metasprite.parts:
        return 0, [], ""
    top = min(p.dy for p in metasprite.parts)
    cover = line_cover([p.dy - top for p in metasprite.parts], metasprite.height)
    bottom = max(p.dy for p in metasprite.parts) + metasprite.height - top
    counts = [int(c) for c in cover.sum(axis=0)[:bottom]]
    over = [line + top for line in overflow_lines(cover)]
    if not over:
        return top, counts, ""
    most = max(counts)
    return (
        top,
        counts,
        (
            f"{most} sprites on a line (dy {over[0]} to {over[-1]}): the PPU shows "
            f"{SPRITES_PER_LINE} a line and drops the rest"
        ),
    )


def metasprite_picture(metasprite: Metasprite, tileset: np.ndarray, scene: Scene):
    """``(h, w, 3) uint8`` RGB of the metasprite on the scene's backdrop, drawn by the one
    renderer (`render_vram`) from the OAM it makes; None if it is too big for the screen."""
    if not metasprite.parts:
        return None
    left = min(p.dx for p in metasprite.parts)
    top = min(p.dy for p in metasprite.parts)
    width = max(p.dx for p in metasprite.parts) + 8 - left
    height = max(p.dy for p in metasprite.parts) + metasprite.height - top
    if width > 240 or height > 224:
        return None
    try:
        sprites = metasprite.place(8 - left, 8 - top)
    except RomulusError:
        return None
    ctrl = (CTRL_SPRITE_16 if metasprite.height == 16 else 0) | (
        CTRL_SPRITE_TABLE if scene.sprite_table else 0
    )
    frame = render_vram(
        chr_bank=tileset,
        nametables=np.zeros((4, 1024), np.uint8),
        palette_ram=np.frombuffer(scene.palettes.to_bytes(), np.uint8),
        oam=np.frombuffer(encode_oam(sprites), np.uint8),
        ppuctrl=ctrl,
        ppumask=MASK_SPRITES | MASK_SPRITES_LEFT,
        sprite_limit=False,
    )
    rgb = frame.rgb(scene.game.master_palette if scene.game else None)
    return rgb[8 : 8 + height, 8 : 8 + width]
