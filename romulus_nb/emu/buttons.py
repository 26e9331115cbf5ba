"""Scripted joypad input: which buttons are held during which frame.

A script is written as ``{frame: "a+start"}``, as ``[(frame, "a"), ...]`` or as the string
``"30:start,90:a"``; each entry holds its buttons for that one frame (a game that polls once a
frame sees one press). ``"60-90:right"`` holds Right for frames 60 to 90 inclusive.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from romulus_nb.emu.bus import BUTTONS
from romulus_nb.errors import InvalidValueError

ButtonSpec = Mapping[int, "str | int"] | Iterable[tuple] | str | None
#: The longest run the emulator makes (ten minutes of NTSC frames): no script reaches further.
MAX_FRAMES = 36000

_SPLIT = re.compile(r"\s*[+|]\s*|\s+")  # one "+" or "|" (spaces around it allowed), or spaces


def button_mask(buttons: str | int | Iterable[str]) -> int:
    """Joypad byte for ``buttons``: bit 0 = A ... bit 7 = Right.

    >>> button_mask("a+start")
    9
    """
    if isinstance(buttons, bool):
        raise InvalidValueError(f"buttons: {buttons!r}; give names ('a+start') or a mask 0-255")
    if isinstance(buttons, int):
        if not 0 <= buttons <= 0xFF:
            raise InvalidValueError(f"button mask {buttons} is outside 0-255")
        return buttons
    if isinstance(buttons, str):
        text = buttons.strip().lower()
        names = _SPLIT.split(text) if text else []  # "" holds no button
    else:
        try:
            names = [n.lower() if isinstance(n, str) else n for n in buttons]
        except TypeError:
            raise InvalidValueError(
                f"buttons: {buttons!r}; give names ('a+start'), a list of names or a mask 0-255"
            ) from None
    mask = 0
    for name in names:
        if name == "":
            raise InvalidValueError(
                f"buttons {buttons!r}: an empty button name; join names with '+' (e.g. 'a+start')"
            )
        if name not in BUTTONS:
            raise InvalidValueError(
                f"unknown button {name!r}; buttons are {', '.join(BUTTONS)} (joined with '+')"
            )
        mask |= 1 << BUTTONS.index(name)
    return mask


def parse_buttons(spec: ButtonSpec) -> dict[int, int]:
    """Normalise a button script to ``{frame: mask}``.

    Raises
    ------
    InvalidValueError
        A negative or non-integer frame, an unknown button name or a malformed string entry.
    """
    if spec is None:
        return {}
    if isinstance(spec, str):
        items = []
        for entry in filter(None, (part.strip() for part in spec.split(","))):
            frames, sep, names = entry.partition(":")
            match = re.fullmatch(r"(\d+)(?:-(\d+))?", frames.strip())
            if not sep or not match:
                raise InvalidValueError(
                    f"button entry {entry!r} is not FRAME:BUTTONS or FIRST-LAST:BUTTONS "
                    "(e.g. '30:start,60-90:right')"
                )
            first = int(match.group(1))
            last = int(match.group(2) or first)
            if last < first:
                raise InvalidValueError(
                    f"button entry {entry!r}: frames {first}-{last} run backwards; "
                    "write FIRST-LAST with FIRST <= LAST"
                )
            if last > MAX_FRAMES:
                raise InvalidValueError(
                    f"button entry {entry!r}: frames {first}-{last}; use frames from 0 to "
                    f"{MAX_FRAMES}, the first not after the last"
                )
            items.extend((frame, names) for frame in range(first, last + 1))
    elif isinstance(spec, Mapping):
        items = list(spec.items())
    else:
        items = list(spec)
    script: dict[int, int] = {}
    for item in items:
        try:
            frame, buttons = item
        except (TypeError, ValueError):
            message = f"button entry {item!r} is not a (frame, buttons) pair"
            raise InvalidValueError(message) from None
        if not isinstance(frame, int) or isinstance(frame, bool) or not 0 <= frame <= MAX_FRAMES:
            raise InvalidValueError(
                f"button frame {frame!r} must be an integer >= 0, a whole number from 0 to "
                f"{MAX_FRAMES}"
            )
        script[frame] = script.get(frame, 0) | button_mask(buttons)
    return script
