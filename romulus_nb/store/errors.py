"""What the store refuses: a missing game or scene, a stale save, a database of another version.

Every error is a `RomulusError`, so the ``romulus`` command prints it as one line; the server turns
them into 404, 409 and 503 answers.
"""

from __future__ import annotations

from datetime import datetime

from romulus_nb.errors import RomulusError


class StoreError(RomulusError):
    """Something the game store cannot do."""


class GameNotFoundError(StoreError):
    """No game with that id in the store."""


class SceneNotFoundError(StoreError):
    """No scene with that id in that game."""


class DatabaseVersionError(StoreError):
    """The database's tables were made by another version of romulus_nb; it is not read."""


class StaleUpdateError(StoreError):
    """A save made from an old copy: someone else changed the game (or scene) since it was read.

    Attributes
    ----------
    what : str
        ``"game 'Name'"`` or ``"scene 'Name'"``.
    expected_version, current_version : int
        The version the save was made from, and the one in the store now.
    changed_at : datetime
        When the store's copy last changed.
    """

    def __init__(
        self,
        what: str,
        expected_version: int,
        current_version: int,
        changed_at: datetime,
        hint: str = "",
    ):
        self.what = what
        self.expected_version = expected_version
        self.current_version = current_version
        self.changed_at = changed_at
        when = changed_at.isoformat(timespec="seconds")
        super().__init__(
            f"{what} was changed in the store at {when} (now version {current_version}; this "
            f"copy is version {expected_version}): nothing was saved. {hint}".rstrip()
        )
