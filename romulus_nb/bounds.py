"""What a Game may hold, said once: the model refuses at the edit, the project file's schema
refuses at load and at save, the ROM builder at build, all with these numbers.

A limit that lived only in the schema let an edit succeed and the save that followed write a
file that would not load again; so every name, id and count is checked here, by the model.
"""

from __future__ import annotations

import uuid

from romulus_nb.errors import InvalidValueError, LimitError, shown

#: Characters in a game's or a scene's name.
MAX_NAME_LENGTH = 200
#: Characters in a metasprite's name (at least one: it is the key it is found by).
MAX_METASPRITE_NAME_LENGTH = 100
#: Characters in a game's or a scene's id (a UUID has 36).
MAX_ID_LENGTH = 64
#: Scenes in a game: the runtime compares scene numbers with ``cpx #SCENE_COUNT``, one byte.
MAX_SCENES = 255
#: Metasprites a game defines.
MAX_METASPRITES = 256
#: Parts of one metasprite: each is a hardware sprite, and OAM holds 64.
MAX_METASPRITE_PARTS = 64
#: A part's offset from the metasprite's origin, pixels either way (the screen is 256 wide).
MAX_PART_OFFSET = 255
#: Bytes of a project file: larger files are refused unread (a 64-scene game is about 300 KiB).
MAX_PROJECT_BYTES = 16 * 1024 * 1024


def check_text(value, *, where: str, max_length: int, min_length: int = 0) -> str:
    """``value`` if it is a str of ``min_length``-``max_length`` characters that UTF-8 can
    hold (no lone surrogates); otherwise InvalidValueError naming ``where`` and the rule."""
    if not isinstance(value, str):
        raise InvalidValueError(f"{where}: {shown(value)} is not text")
    if not min_length <= len(value) <= max_length:
        least = f"{min_length}-" if min_length else "at most "
        raise InvalidValueError(
            f"{where}: {len(value)} characters; use {least}{max_length} characters"
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidValueError(
            f"{where}: character {exc.start} is a lone surrogate "
            f"({value[exc.start]!r}), which a UTF-8 file cannot hold"
        ) from None
    return value


def check_name(value, where: str = "name") -> str:
    """A game's or a scene's name: text of at most `MAX_NAME_LENGTH` characters."""
    return check_text(value, where=where, max_length=MAX_NAME_LENGTH)


def check_id(value, where: str = "id") -> str:
    """An id as str (a `uuid.UUID` is taken as its text): 1-`MAX_ID_LENGTH` characters."""
    if isinstance(value, uuid.UUID):
        value = str(value)
    return check_text(value, where=where, min_length=1, max_length=MAX_ID_LENGTH)


def check_items(values, kind: type, most: int, where: str, why: str) -> list:
    """``values`` as a list of at most ``most`` ``kind`` objects: LimitError over ``most``
    (``why`` says whose limit it is), InvalidValueError for anything else."""
    try:
        items = list(values)
    except TypeError:
        raise InvalidValueError(f"{where}: {shown(values)} is not a sequence") from None
    if len(items) > most:
        raise LimitError(f"{where}: {len(items)} given; at most {most} ({why})")
    for i, item in enumerate(items):
        if not isinstance(item, kind):
            raise InvalidValueError(f"{where}[{i}]: {shown(item)} is not a {kind.__name__}")
    return items


class Checked:
    """A validated attribute: every assignment goes through ``check(value, where)`` and the
    checked value is kept in ``_<name>``; a refused assignment leaves the old value.

    >>> class Game:
    ...     name = Checked(check_name, "game name")
    >>> g = Game(); g.name = "ok"; g.name
    'ok'
    """

    def __init__(self, check, where: str, doc: str | None = None):
        self.check, self.where, self.__doc__ = check, where, doc

    def __set_name__(self, owner, name: str) -> None:
        self.private = f"_{name}"

    def __get__(self, obj, objtype=None):
        return self if obj is None else getattr(obj, self.private)

    def __set__(self, obj, value) -> None:
        setattr(obj, self.private, self.check(value, self.where))
