"""Undo and redo of whole strokes, for editors whose edits arrive in many small messages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

#: Strokes kept for undo.
HISTORY_LIMIT = 200


@dataclass
class Edit:
    """One undoable stroke: the fields it changed, before and after."""

    before: dict
    after: dict


class History:
    """Undo and redo of whole strokes.

    A stroke opens with a snapshot of the state (taken by ``snapshot``), collects any number of
    edits, and closes when a message with another stroke id arrives, on an ``end`` message, or
    before undo/redo. Only fields that differ between the two snapshots are kept.
    """

    def __init__(self, snapshot: Callable[[], dict], restore: Callable[[dict], None]):
        self._snapshot, self._restore = snapshot, restore
        self._undo: list[Edit] = []
        self._redo: list[Edit] = []
        self._open: tuple[object, dict] | None = None

    def begin(self, stroke) -> None:
        if self._open is not None and self._open[0] == stroke:
            return
        self.end()
        self._open = (stroke, self._snapshot())

    def end(self) -> None:
        if self._open is None:
            return
        _, before = self._open
        self._open = None
        after = self._snapshot()
        changed = [k for k in before if not _same(before[k], after[k])]
        if changed:
            self._undo.append(Edit({k: before[k] for k in changed}, {k: after[k] for k in changed}))
            del self._undo[:-HISTORY_LIMIT]
            self._redo.clear()

    def undo(self) -> bool:
        self.end()
        if not self._undo:
            return False
        edit = self._undo.pop()
        self._restore(edit.before)
        self._redo.append(edit)
        return True

    def redo(self) -> bool:
        self.end()
        if not self._redo:
            return False
        edit = self._redo.pop()
        self._restore(edit.after)
        self._undo.append(edit)
        return True

    @property
    def can_undo(self) -> bool:
        return bool(self._undo) or self._open is not None

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)


def _same(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):  # None is no array (no map)
        return a is not None and b is not None and np.array_equal(a, b)
    return a == b
