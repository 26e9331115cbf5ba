"""What every exercise shares: a question, a check, and a verdict that reads as plain text.

A check never raises on a wrong answer: it returns a `Verdict` that says what is right, or what
is not yet right and a hint aimed at the usual mistake. The expected values are worked out in
each check with the arithmetic the notebook teaches (the NESdev Wiki's rules written out), not
by asking the toolkit, so an exercise also shows the rule it tests. An answer left as ``...``
(the stored notebooks leave it so) is "not yet answered".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

#: What the notebooks put where the learner's answer goes.
UNANSWERED = ...


@dataclass(frozen=True)
class Verdict:
    """The outcome of one check: ``ok``, what was found, and a hint when not yet right."""

    exercise: str
    ok: bool
    message: str
    hint: str = ""

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        if self.ok:
            return f"right ({self.exercise}): {self.message}"
        text = f"not yet ({self.exercise}): {self.message}"
        return f"{text}\n  hint: {self.hint}" if self.hint else text

    __repr__ = __str__


@dataclass(frozen=True)
class Exercise:
    """One exercise of a notebook: ``check(answer)`` returns a `Verdict`.

    ``rule(answer) -> (ok, message, hint)`` is the check itself; `check` adds the shared parts
    (the unanswered case, and answers of the wrong kind).
    """

    name: str
    notebook: str
    question: str
    rule: Callable[..., tuple[bool, str, str]] = field(repr=False)
    first_hint: str = ""

    def check(self, *answer, **context) -> Verdict:
        if not answer or any(a is UNANSWERED for a in answer):
            return Verdict(
                self.name,
                False,
                "replace the ... with your answer, then run the cell again",
                self.first_hint,
            )
        try:
            ok, message, hint = self.rule(*answer, **context)
        except (TypeError, ValueError, IndexError, KeyError) as error:
            ok, message, hint = False, f"that answer could not be read ({error})", self.first_hint
        return Verdict(self.name, ok, message, "" if ok else hint)

    def __repr__(self) -> str:
        return f"Exercise {self.notebook}.{self.name}: {self.question}"


def exercise(notebook: str, question: str, first_hint: str = ""):
    """Make the decorated rule ``(answer) -> (ok, message, hint)`` an `Exercise` of
    ``notebook`` with the rule's name::

        @exercise("02", "At which byte does tile $41 of table 1 start?", "t × $1000 + n × 16")
        def chr_offset(answer): ...
    """

    def make(rule: Callable[..., tuple[bool, str, str]]) -> Exercise:
        return Exercise(rule.__name__, notebook, question, rule, first_hint)

    return make


def as_int(value, what: str) -> int:
    """``value`` as an int, accepting ints and strings like "$3F", "0x3F", "63"."""
    if isinstance(value, bool):
        raise ValueError(f"{what} is True/False, not a number")
    if isinstance(value, int):
        return value
    if hasattr(value, "__index__"):
        return value.__index__()
    if isinstance(value, str):
        text = value.strip().replace("_", "")
        if text.startswith("$"):
            return int(text[1:], 16)
        return int(text, 0)
    raise ValueError(f"{what} should be a number, not {type(value).__name__}")


def as_bytes(value, what: str) -> bytes:
    """``value`` as bytes: bytes, a list of numbers, or hex text like "8D 06 20"."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        return bytes.fromhex(value.replace("$", "").replace(",", " "))
    return bytes(as_int(v, what) for v in value)


def hexes(data: bytes) -> str:
    return " ".join(f"{b:02X}" for b in data)
