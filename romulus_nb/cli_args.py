"""Argument checks every ``romulus`` subcommand shares.

`int_range` is the ``type=`` of every numeric option: the range goes in the option's help and
in its error, so ``--scale 100000`` is refused before anything is allocated. `CommandParser`
turns argparse's usage-and-error block into the one line the README promises.
"""

from __future__ import annotations

import argparse
import sys


def int_range(low: int, high: int):
    """An argparse ``type`` taking a decimal whole number ``low``-``high``.

    >>> scale = int_range(1, 16)
    >>> scale("4")
    4
    >>> scale("100000")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: 100000 is out of range; use 1-16
    """

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not a whole number; use {low}-{high}"
            ) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is out of range; use {low}-{high}")
        return value

    parse.__name__ = f"whole number {low}-{high}"
    return parse


class CommandParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line, ``romulus: error: ...``, exit code 2.

    Subparsers made with ``add_subparsers`` are of the same class, so every subcommand's
    errors look the same; ``--help`` still prints the usage.
    """

    def error(self, message: str):
        command = self.prog.split(" ", 1)[1] + ": " if " " in self.prog else ""
        print(f"romulus: error: {command}{message} (see {self.prog} --help)", file=sys.stderr)
        sys.exit(2)


def printable(text: str) -> str:
    """``text`` with every non-printable character (terminal escapes, newlines, lone
    surrogates) written as its Python escape, so a name cannot drive the user's terminal.

    >>> printable("ok\x1b[2Jgone")
    'ok\\x1b[2Jgone'
    """
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
