"""What ``romulus info`` prints: a game's scenes, tiles used, palettes, metatiles and limits.

`info_report` is the whole computation, from the project file's bytes to the text and the exit
code, so that `romulus_nb.info_commands` can keep its answer in the user's cache
(`romulus_nb.cache`) and print it again without loading numpy, pydantic or the assembler.
"""

from __future__ import annotations

import os

from romulus_nb.cli_args import printable
from romulus_nb.demo import demo_game
from romulus_nb.game import Game, tiles_used
from romulus_nb.services import service

__all__ = ["info_report", "info_text"]


def info_report(raw: bytes | None, path: str | os.PathLike | None = None) -> tuple[str, int]:
    """The text of ``romulus info`` and its exit code (0, or 2 when the limits report has an
    error) for the project file whose bytes are ``raw`` (named ``path`` in errors), or for the
    demo game when ``raw`` is None. Raises `romulus_nb.errors.ProjectFileError` for a bad file."""
    if raw is None:
        game = demo_game()
    else:  # the project files' loader (pydantic) is imported on first use: the demo needs none
        game = service("game_from_bytes")(raw, path or "project file")
    return info_text(game)


def info_text(game: Game) -> tuple[str, int]:
    """The text of ``romulus info`` for ``game``, and its exit code."""
    # names come from the file: printable() keeps them from driving the terminal
    lines = [f"{printable(game.name)}: {len(game.scenes)} scenes"]
    for t in (0, 1):
        lines.append(f"  pattern table {t}: {len(tiles_used(game, t))} of 256 tiles used")
    for i, scene in enumerate(game.scenes):
        bg = ", ".join(" ".join(f"{c:02X}" for c in scene.palettes.array[p][1:]) for p in range(4))
        w, h = scene.screens
        size = "" if (w, h) == (1, 1) else f"{w}x{h} screens ({scene.scrolls}), "
        if scene.metatiles is not None:
            size += f"a map of {len(set(scene.metatiles.ravel().tolist()))} metatiles, "
        lines.append(
            f"  [{i}] {printable(scene.name)}: {size}"
            f"{len(scene.background_tiles_used())} background tiles, {len(scene.sprites)} sprites, "
            f"backdrop ${scene.palettes.backdrop:02X}, "
            f"background palettes {bg}"
        )
    if game.metatiles:
        lines.append(f"  metatiles: {len(game.metatiles)} of 256")
        for i, m in enumerate(game.metatiles):
            lines.append(f"    {i:3d} {m!r}")
    report = game.check()
    problems = [f for f in report if f.level != "info"]
    lines.append("limits: " + ("OK" if not problems else f"{len(problems)} findings"))
    for finding in problems:
        lines.append(f"  {printable(str(finding))}")
    return "".join(f"{line}\n" for line in lines), 0 if report.ok else 2
