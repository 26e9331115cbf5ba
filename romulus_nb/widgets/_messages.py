"""Fields of the messages the browser sends, checked before anything reaches the model.

A JSON message can hold anything: ``True`` where a number belongs, ``5.0``, ``"5"``, a list of
a million cells. Each reader here returns the field as the exact Python type the model expects,
or raises `InvalidValueError` naming the field and the allowed range.
"""

from __future__ import annotations

from romulus_nb.errors import InvalidValueError, shown

#: How many cells one message may name: a whole nametable.
MAX_CELLS = 960


def get_int(content: dict, key: str, low: int, high: int) -> int:
    """``content[key]`` as a whole number in ``low..high``, or InvalidValueError saying so."""
    allowed = f"{low}-{high}" if low >= 0 else f"{low} to {high}"  # not "-255-255"
    if key not in content:
        raise InvalidValueError(f"message field {key!r} is missing (a number {allowed})")
    value = content[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValueError(
            f"message field {key!r}: {shown(value)} is not a whole number {allowed}"
        )
    if not low <= value <= high:
        raise InvalidValueError(
            f"message field {key!r}: {shown(value)} is out of range; use {allowed}"
        )
    return value


def get_bool(content: dict, key: str, default: bool = False) -> bool:
    value = content.get(key, default)
    if not isinstance(value, bool):
        raise InvalidValueError(f"message field {key!r}: {shown(value)} is not true or false")
    return value


def get_str(content: dict, key: str, max_len: int) -> str:
    value = content.get(key)
    if not isinstance(value, str) or len(value) > max_len:
        raise InvalidValueError(
            f"message field {key!r}: expected text of at most {max_len} characters"
        )
    return value


def get_points(content: dict, key: str, width: int, height: int, limit: int = MAX_CELLS):
    """``content[key]`` as a list of (x, y) pairs inside ``width`` x ``height``."""
    points = content.get(key)
    if not isinstance(points, list) or not 1 <= len(points) <= limit:
        raise InvalidValueError(f"message field {key!r}: expected a list of 1-{limit} [x, y] pairs")
    out = []
    for i, point in enumerate(points):
        if not isinstance(point, list) or len(point) != 2:
            raise InvalidValueError(f"message field {key!r}[{i}]: {point!r} is not an [x, y] pair")
        pair = {"x": point[0], "y": point[1]}
        out.append((get_int(pair, "x", 0, width - 1), get_int(pair, "y", 0, height - 1)))
    return out
