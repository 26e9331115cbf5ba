"""What every romulus_nb widget over a Game shares: binary traits, the message dispatcher,
game observation and the static picture shown where no kernel runs.

Edits from the browser arrive as small custom messages (``{"op": "paint", "cells": [[5, 6]],
"tile": 134, "seq": 12}``). Each is validated (`romulus_nb.widgets._messages`) before it reaches
a model method, so a buggy or hostile front end is refused with a message and the model is left
as it was. State goes back
to the browser as ``bytes`` traits, which ipywidgets sends as binary buffers (never JSON lists).
"""

from __future__ import annotations

import re
import weakref
import zlib
from pathlib import Path

import anywidget
import numpy as np
import traitlets

from romulus_nb.errors import InvalidValueError, RomulusError, shown
from romulus_nb.game import Game, Scene
from romulus_nb.nes.scene import MAX_SCREENS
from romulus_nb.render import HEIGHT, WIDTH
from romulus_nb.widgets._history import History

#: A picture of the screen as colour indices, one byte a pixel: (240, 256).
FRAME_BYTES = WIDTH * HEIGHT

_HERE = Path(__file__).parent


def asset(name: str, suffix: str, *parts: str) -> str:
    """A widget's front end as one string: ``_common.<suffix>``, each of ``parts`` (files of
    named parts the widget shares or keeps apart), then ``<name>.<suffix>``.

    anywidget loads ``_esm`` from a blob URL, where a module cannot import a sibling file, so
    the JavaScript (and CSS) every widget shares is written once and put in front of each
    widget's own file here, at import time: ``_esm = asset("tile_editor", "js")``.
    """
    names = ("_common", *parts, name)
    files = [_HERE / f"{n}.{suffix}" for n in names]
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


def _bytes_from_json(value, widget) -> bytes:
    """A buffer from the browser arrives as a ``memoryview``, which `traitlets.Bytes` refuses."""
    if isinstance(value, (memoryview, bytearray)):
        return bytes(value)
    return value


def binary(size: int | None = None, *, deflate: bool = False, **tags):
    """A ``bytes`` trait synced as a binary buffer; ``size`` pins its length.

    ``deflate=True`` sends it deflate-compressed (zlib): for large pictures, which a notebook
    saved with its widget state would otherwise hold as raw base64 (a 4-screen frame is 327 KB
    of it, 4 KB deflated). The trait still holds the plain bytes in Python; the browser must read
    it through `inflating` (``_common.js``), listing the trait in its ``DEFLATED`` names.
    """
    trait = BinaryTrait(size=size, default_value=bytes(size or 0))
    if deflate:
        return trait.tag(sync=True, deflate=True, to_json=_deflated, from_json=_inflated, **tags)
    return trait.tag(sync=True, from_json=_bytes_from_json, **tags)


#: zlib's fastest level: a frame goes out on every edit, and level 1 already shrinks a screen's
#: picture 50 times (61,440 bytes to about 1,200; level 9 saves 600 more bytes at 15 times the
#: time).
_DEFLATE_LEVEL = 1
#: The most a deflated buffer from the browser may inflate to: the largest map's picture.
_INFLATE_LIMIT = MAX_SCREENS * FRAME_BYTES


def _deflated(value: bytes, widget) -> bytes:
    return zlib.compress(value, _DEFLATE_LEVEL)


def _inflated(value, widget) -> bytes:
    """A deflated buffer from the browser, inflated (at most `_INFLATE_LIMIT` bytes)."""
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(bytes(value), _INFLATE_LIMIT)
    except zlib.error as exc:
        raise traitlets.TraitError(f"a deflated buffer that does not inflate: {exc}") from None
    if inflater.unconsumed_tail or not inflater.eof:
        raise traitlets.TraitError(
            f"a deflated buffer that is cut short or inflates past {_INFLATE_LIMIT} bytes"
        )
    return data


class BinaryTrait(traitlets.Bytes):
    """`traitlets.Bytes` that also takes memoryviews and bytearrays, and checks the length."""

    def __init__(self, size: int | None = None, **kwargs):
        self.size = size
        super().__init__(**kwargs)

    def validate(self, obj, value):
        if isinstance(value, (memoryview, bytearray)):
            value = bytes(value)
        value = super().validate(obj, value)
        if self.size is not None and len(value) != self.size:
            raise traitlets.TraitError(
                f"{self.name}: {len(value)} bytes; this trait holds exactly {self.size}"
            )
        return value


def ranged(low: int, high: int, default: int | None = None, **tags):
    """A synced whole-number trait that takes ``low``-``high`` only (``default``: ``low``): a
    view setting the browser may change, refused when out of range."""
    value = low if default is None else default
    return RangedInt(low, high, default_value=value).tag(sync=True, **tags)


class RangedInt(traitlets.Int):
    """`traitlets.Int` that takes ``low``-``high`` only, ends included."""

    def __init__(self, low: int, high: int, **kwargs):
        self.low, self.high = low, high
        super().__init__(**kwargs)

    def validate(self, obj, value):
        return _within(self.name, super().validate(obj, value), self.low, self.high)


def _within(name: str, value: int, low: int, high: int) -> int:
    if not low <= value <= high:
        raise traitlets.TraitError(f"{name}: {value} is out of range; use {low}-{high}")
    return value


#: What a message handler's name starts with: ``_op_paint`` handles ``{"op": "paint"}``.
OP_PREFIX = "_op_"

#: The first PNG data URI in a static picture's HTML.
_PNG_URI = re.compile(r"""src=["']data:image/png;base64,([A-Za-z0-9+/=]+)["']""")


# --- pictures without a kernel ------------------------------------------------------------------
class StaticFallback:
    """Mixin for an anywidget: its text repr, a static HTML picture and that picture as a PNG go
    with the widget view, so a saved notebook (GitHub, nbval, no kernel) still shows something
    deterministic.

    Subclasses draw the picture in ``_static_html`` (its first ``<img>`` data URI also goes out
    as ``image/png``); put this class before the widget class.
    """

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
        data["text/plain"] = repr(self)
        # Lab typesets "$...$" in HTML outputs as TeX ("PPUCTRL=$88 PPUMASK=$1E" would turn into
        # italic maths); MathJax skips elements of its ignore class.
        data["text/html"] = f"<div class='mathjax_ignore'>{self._static_html()}</div>"
        picture = _PNG_URI.search(data["text/html"])
        if picture:
            data["image/png"] = picture.group(1)  # base64 text, as Jupyter stores a PNG
        return data, metadata

    def _static_html(self) -> str:
        raise NotImplementedError


# --- the widget base -----------------------------------------------------------------------------
class GameWidget(StaticFallback, anywidget.AnyWidget):
    """An anywidget over a `Game` that stays in step with it and validates every message.

    Subclasses handle the message ``{"op": "paint", ...}`` in a method named ``_op_paint``
    (`_ops`, op name -> method name, is made from those names unless a class sets it), refresh
    their traits in ``_refresh(what, scene)`` and draw their static picture in ``_static_html``.
    """

    #: Op name -> the method that handles it: every ``_op_<name>`` method, inherited ones too.
    _ops: dict[str, str] = {}
    #: Ops that edit nothing, so that the last refusal stays shown (a stroke's closing "end").
    _keeps_error: frozenset[str] = frozenset()

    master_rgb = binary(64 * 3)
    scene_index = traitlets.Int(0).tag(sync=True)
    scene_names = traitlets.List(traitlets.Unicode()).tag(sync=True)
    #: Sequence number of the last message handled (the browser measures round trips with it).
    ack = traitlets.Int(0).tag(sync=True)
    #: Why the last message was refused ("" when it was accepted).
    error = traitlets.Unicode("").tag(sync=True)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "_ops" not in vars(cls):
            cls._ops = {n.removeprefix(OP_PREFIX): n for n in dir(cls) if n.startswith(OP_PREFIX)}

    def __init__(self, game: Game, scene: int | str | Scene = 0, **kwargs):
        if not isinstance(game, Game):
            raise InvalidValueError(f"{type(self).__name__}: {game!r} is not a romulus_nb Game")
        self._game = game
        self._scene = _resolve_scene(game, scene) if game.scenes else None
        super().__init__(**kwargs)
        self.master_rgb = game.master_palette.rgb.tobytes()
        self._sync_scene_list()
        self._refresh("all", None)
        self._stop_observing = game.observe(_weak_observer(self))
        self.on_msg(_on_message)
        self.observe(self._on_scene_index, names="scene_index")

    # --- model access -------------------------------------------------------------------------
    @property
    def game(self) -> Game:
        return self._game

    @property
    def scene(self) -> Scene:
        if self._scene is None:
            name = type(self).__name__
            raise InvalidValueError(f"{name}: the game {self._game.name!r} has no scenes")
        return self._scene

    @traitlets.validate("scene_index")
    def _check_scene_index(self, proposal):
        value = proposal["value"]
        if not 0 <= value < max(1, len(self._game.scenes)):
            raise traitlets.TraitError(
                f"scene_index: {value}; the game has scenes 0-{len(self._game.scenes) - 1}"
            )
        return value

    def _on_scene_index(self, change) -> None:
        if self._game.scenes and self._scene is not self._game.scenes[change["new"]]:
            self._scene = self._game.scenes[change["new"]]
            self._scene_changed()
            self._refresh("all", self._scene)

    def _scene_changed(self) -> None:
        """Called when the widget switches to another scene (subclasses drop their history)."""

    def _sync_scene_list(self) -> None:
        scenes = self._game.scenes
        if not any(s is self._scene for s in scenes):  # removed: show the first scene instead
            self._scene = scenes[0] if scenes else None
            self._scene_changed()
        self.scene_names = [s.name for s in scenes]
        if self._scene is not None:
            self.scene_index = scenes.index(self._scene)

    # --- change from the model ----------------------------------------------------------------
    def _game_changed(self, what: str, scene: Scene | None) -> None:
        with self.hold_sync():
            if what == "scenes":
                self._sync_scene_list()
            self._refresh(what, scene)

    def _refresh(self, what: str, scene: Scene | None) -> None:
        raise NotImplementedError

    # --- messages from the browser ------------------------------------------------------------
    def handle_message(self, content) -> None:
        """Apply one message from the front end, or refuse it (``error`` says why) and leave the
        model unchanged. This is what the browser's ``model.send`` reaches."""
        with self.hold_sync():
            try:
                if not isinstance(content, dict):
                    raise InvalidValueError(
                        f"message {shown(content)}: expected an object with an 'op'"
                    )
                op = content.get("op")
                if not isinstance(op, str) or op not in self._ops:  # a list is not hashable
                    allowed = ", ".join(sorted(self._ops))
                    raise InvalidValueError(f"message op {shown(op, 40)}: not one of {allowed}")
                getattr(self, self._ops[op])(content)
            except RomulusError as exc:
                self.error = str(exc)
            except Exception as exc:  # a bug: still say so, so that error matches the ack
                self.error = f"internal error: {type(exc).__name__}: {exc}"
                raise
            else:
                if content["op"] not in self._keeps_error:
                    self.error = ""
            finally:  # answered even if a bug raised: the browser waits for this
                seq = content.get("seq") if isinstance(content, dict) else None
                if isinstance(seq, int) and not isinstance(seq, bool):
                    self.ack = seq

    def close(self) -> None:
        self._stop_observing()
        super().close()

    def _where(self) -> str:
        scene = f"scene {self._scene.name!r} of " if self._scene is not None else ""
        return f"{scene}{self._game.name!r}"


class StrokeEditor(GameWidget):
    """A `GameWidget` whose edits are undone and redone a whole stroke at a time (`History`).

    Subclasses say what a stroke changes with ``_snapshot() -> dict`` and put it back with
    ``_restore(fields)``; the ``end``, ``undo`` and ``redo`` messages are handled here.
    """

    _keeps_error = frozenset({"end"})

    can_undo = traitlets.Bool(False).tag(sync=True)
    can_redo = traitlets.Bool(False).tag(sync=True)

    def __init__(self, game: Game, scene: int | str | Scene = 0, **kwargs):
        self._history = History(self._snapshot, self._restore)
        super().__init__(game, scene, **kwargs)

    def undo(self) -> bool:
        """Undo the last stroke (from the browser or from Python); False if there is none."""
        done = self._history.undo()
        self._sync_history()
        return done

    def redo(self) -> bool:
        done = self._history.redo()
        self._sync_history()
        return done

    def _stroke(self, edit):
        """Run ``edit()`` as one stroke of its own and return what it returns."""
        self._history.end()
        self._history.begin(object())
        try:
            return edit()
        finally:
            self._history.end()
            self._sync_history()

    def _snapshot(self) -> dict:
        raise NotImplementedError

    def _restore(self, fields: dict) -> None:
        raise NotImplementedError

    def _sync_history(self) -> None:
        self.can_undo, self.can_redo = self._history.can_undo, self._history.can_redo

    def _op_end(self, content: dict) -> None:
        self._history.end()
        self._sync_history()

    def _op_undo(self, content: dict) -> None:
        self.undo()

    def _op_redo(self, content: dict) -> None:
        self.redo()


def in_range(proposal, low: int, high: int) -> int:
    """A `traitlets.validate` body: the proposed whole number if ``low <= value <= high``."""
    return _within(proposal["trait"].name, proposal["value"], low, high)


def _on_message(widget: GameWidget, content, buffers) -> None:
    widget.handle_message(content)


def _weak_observer(widget: GameWidget):
    """An observer that does not keep the widget alive (the game outlives its views)."""
    ref = weakref.ref(widget)

    def observer(what: str, scene: Scene | None) -> None:
        target = ref()
        if target is not None:
            target._game_changed(what, scene)

    return observer


def _resolve_scene(game: Game, scene: int | str | Scene) -> Scene:
    if isinstance(scene, Scene):
        if scene not in game.scenes:
            raise InvalidValueError(f"scene {scene.name!r} is not one of the game's scenes")
        return scene
    return game.scene(scene)


def indices_to_bytes(indices: np.ndarray) -> bytes:
    """A picture of colour indices as the bytes the browser colours with ``master_rgb``."""
    return np.ascontiguousarray(indices, np.uint8).tobytes()
