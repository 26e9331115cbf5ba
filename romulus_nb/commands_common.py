"""What every ``romulus`` subcommand shares, below the command modules that use it.

The command modules (`romulus_nb.game_commands`, ``rom/commands.py``, ``rom/build_commands.py``,
``emu/commands.py``, ``convert/commands.py``) import this module, never `romulus_nb.cli`, which
sits above them and imports each one only when its command runs.
"""

from __future__ import annotations

from romulus_nb.demo import demo_game
from romulus_nb.game import Game


def load_game_arg(path: str | None) -> Game:
    """The Game a command works on: the project file at ``path``, or the demo game."""
    return demo_game() if path is None else Game.load(path)
