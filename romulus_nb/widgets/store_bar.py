"""`StoreBar`: open a game from a `GameStore`, edit it with any editor, save it back.

A row of plain ipywidgets (no JavaScript of its own): the store's games in a list, **Open**,
**Save**, **Save as copy**, and a status line. Opening a game puts the editor of your choice
under the bar (``editor=SceneEditor``, ``TileEditor``, ``PaletteEditor``, or any callable that
takes a `Game` and returns a widget); every edit marks the game as changed; **Save** stores it
unless someone saved the same game meanwhile, in which case the status line shows the store's
refusal (what changed, when) and nothing is written: reload, or keep the copy as a new game.

Needs the ``server`` extra (it uses `romulus_nb.store`); ``romulus_nb.widgets`` does not import
this module, so the editors work without it.

>>> from romulus_nb.store import GameStore
>>> from romulus_nb.widgets import SceneEditor
>>> from romulus_nb.widgets.store_bar import StoreBar
>>> bar = StoreBar(GameStore(), editor=SceneEditor)     # pick a game, Open, edit, Save
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable

import ipywidgets as widgets

from romulus_nb.errors import RomulusError
from romulus_nb.game import Game
from romulus_nb.store import GameStore, StaleUpdateError

#: CSS class of the status line, plus ``-error`` when it shows a refusal.
STATUS_CLASS = "romulus-store-status"


class StoreBar(widgets.VBox):
    """Open, edit and save games of a `GameStore`.

    The parts are public, for scripts and tests: ``games_list`` (a Dropdown of game ids),
    ``open_button``, ``save_button``, ``copy_button``, ``status_line`` (HTML; its text is
    ``status``); ``game`` and ``editor`` are the open game and its editor.

    Parameters
    ----------
    store : GameStore
        Where the games are.
    editor : callable, optional
        ``editor(game) -> widget``, shown under the bar for the open game (e.g. `SceneEditor`).
        None: no editor; use `game` yourself.
    game : Game, optional
        A game to start with (not opened from the store: **Save** stores it as a new game).
    """

    def __init__(
        self,
        store: GameStore,
        *,
        editor: Callable[[Game], widgets.Widget] | None = None,
        game: Game | None = None,
    ):
        if not isinstance(store, GameStore):
            raise RomulusError(f"StoreBar: {type(store).__name__} is not a GameStore")
        self.store = store
        self.game: Game | None = None
        self.editor: widgets.Widget | None = None
        self.changed = False
        self.status = ""
        self._make_editor = editor
        self._stop_observing: Callable[[], None] = lambda: None
        self.games_list = widgets.Dropdown(description="Game", layout={"width": "22em"})
        self.open_button = widgets.Button(description="Open", icon="folder-open")
        self.save_button = widgets.Button(description="Save", icon="save", button_style="primary")
        self.copy_button = widgets.Button(description="Save as copy", icon="copy")
        self.status_line = widgets.HTML()
        self.status_line.add_class(STATUS_CLASS)
        for button, verb in ((self.open_button, "open"), (self.save_button, "save"),
                             (self.copy_button, "copy")):  # fmt: skip
            button.add_class(f"romulus-store-{verb}")
        self.open_button.on_click(lambda _: self._report(self.open_game))
        self.save_button.on_click(lambda _: self._report(self.save))
        self.copy_button.on_click(lambda _: self._report(lambda: self.save(copy=True)))
        self._area = widgets.VBox()
        toolbar = widgets.HBox(
            [self.games_list, self.open_button, self.save_button, self.copy_button]
        )
        super().__init__([toolbar, self.status_line, self._area])
        self.refresh()
        if game is not None:
            self._show(game)
        self._say("Pick a game and Open it." if game is None else self._state())

    # --- what the buttons do (callable from Python too) ------------------------------------
    def refresh(self) -> None:
        """List the store's games again (newest saves included)."""
        self.games_list.options = [
            (f"{g.name} ({g.scenes} scenes, version {g.version})", g.id) for g in self.store.games()
        ]
        ids = [game_id for _, game_id in self.games_list.options]
        if self.game is not None and self.game.id in ids:
            self.games_list.value = self.game.id
        elif ids:
            self.games_list.value = ids[0]

    def open_game(self, game_id: str | uuid.UUID | None = None) -> Game:
        """Load the game ``game_id`` (default: the one picked in the list) and show its editor.
        Unsaved changes of the game open before are dropped, as closing a file would."""
        game_id = self.games_list.value if game_id is None else str(game_id)
        if game_id is None:
            raise RomulusError("open_game: the store has no games yet; save one first")
        game = self.store.load(game_id)
        self._show(game)
        self._say(self._state())
        return game

    def save(self, *, copy: bool = False) -> None:
        """Store the open game: its new version, or (``copy``) a new game with new ids.
        Refused with `StaleUpdateError`, nothing written, if the store's copy moved on."""
        if self.game is None:
            raise RomulusError("save: no game is open; Open one first")
        info = self.store.save(self.game, copy=copy)
        self.changed = False
        self.refresh()
        saved = "Saved as a new game" if copy else "Saved"
        self._say(f"{saved}: {info.name!r}, version {info.version}.")

    # --- inside -------------------------------------------------------------------------------
    def _show(self, game: Game) -> None:
        self._stop_observing()
        self.game, self.changed = game, False
        self._stop_observing = game.observe(self._on_change)
        self.editor = None if self._make_editor is None else self._make_editor(game)
        self._area.children = () if self.editor is None else (self.editor,)

    def _on_change(self, what, scene) -> None:
        if not self.changed:
            self.changed = True
            self._say(self._state())

    def _state(self) -> str:
        version = self.store.version(self.game)
        where = "not in the store yet" if version is None else f"version {version}"
        edited = ", changed since (not saved)" if self.changed else ""
        return f"{self.game.name!r}: {where}{edited}."

    def _report(self, action: Callable[[], object]) -> None:
        """Run a button's action; a refusal goes to the status line, not to a traceback the
        person clicking may never see."""
        try:
            action()
        except StaleUpdateError as exc:
            self._say(f"Not saved: {exc}", error=True)
        except RomulusError as exc:
            self._say(str(exc), error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status = text  # the status line as text
        style = "color: #b00020" if error else "color: inherit"
        self.status_line.value = f"<span style='{style}'>{html.escape(text)}</span>"
        if error:
            self.status_line.add_class(f"{STATUS_CLASS}-error")
        else:
            self.status_line.remove_class(f"{STATUS_CLASS}-error")

    def __repr__(self) -> str:
        return f"StoreBar({self.status})"
