"""``romulus info [GAME.json]``: scenes, tiles used, palettes, metatiles and the limits report.

The report is a pure function of the file's bytes (or of the demo game) and of this
installation's code, so its text is kept in the user's cache (`romulus_nb.cache`): asked again
about the same bytes, the command prints the stored text without loading numpy, pydantic or the
assembler, and answers as fast as Python starts. Only reports are kept; a file that cannot be
loaded is refused afresh each time.
"""

from __future__ import annotations

from romulus_nb.bounds import MAX_PROJECT_BYTES
from romulus_nb.cache import answer_key, recall, remember
from romulus_nb.fileio import read_limited

__all__ = ["register", "run_info"]


def run_info(args) -> int:
    """Print the report of ``args.game`` (the demo game when None); returns the exit code."""
    raw = None
    if args.game is not None:
        raw = read_limited(args.game, MAX_PROJECT_BYTES, what="project file")
    key = answer_key("info", b"demo" if raw is None else b"file\0" + raw)
    answer = recall(key)
    if not _is_answer(answer):
        # Heavy (numpy, pydantic, the limits report and the ROM budget), and needed only when
        # the cache has no answer for these bytes.
        from romulus_nb.info_report import info_report

        answer = list(info_report(raw, args.game))
        remember(key, answer)
    text, code = answer
    print(text, end="")
    return code


def _is_answer(value) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], str)
        and value[1] in (0, 2)
    )


def register(sub) -> None:
    """Add ``info`` to the ``romulus`` command."""
    p = sub.add_parser("info", help="scenes, tiles used, palettes and the limits report")
    p.add_argument("game", nargs="?", metavar="GAME.json")
    p.set_defaults(func=run_info)
