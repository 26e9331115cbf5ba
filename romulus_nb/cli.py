"""The ``romulus`` command: design files in, pictures, reports and ROMs out.

Every subcommand works on the demo game when no GAME.json is given. Errors print one line
(``romulus: error: ...``) and exit 1; a traceback means a bug in romulus_nb.

The command starts fast because it imports only the module of the command it runs (see
`COMMANDS`); ``romulus --help`` and unknown commands load them all to list every command.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from romulus_nb.cli_args import CommandParser
from romulus_nb.errors import RomulusError

# command -> the module whose register(subparsers) adds it (a module may add several commands)
COMMANDS = {
    "new": "romulus_nb.game_commands",
    "info": "romulus_nb.game_commands",
    "render": "romulus_nb.game_commands",
    "export": "romulus_nb.game_commands",
    "import-nesst": "romulus_nb.game_commands",
    "asm": "romulus_nb.rom.commands",
    "inspect": "romulus_nb.rom.inspect_commands",
    "build": "romulus_nb.rom.build_commands",
    "smoke": "romulus_nb.emu.commands",
    "import-image": "romulus_nb.convert.commands",
    "db": "romulus_nb.server.commands",  # the game store's server, where it is installed
    "serve": "romulus_nb.server.commands",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser: with only ``command``'s module loaded when ``command`` is known and
    installed, else with every installed command."""
    parser = CommandParser(prog="romulus", description="Design NES graphics and build NES ROMs.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    if command not in COMMANDS or not _register(COMMANDS[command], sub):
        for name in dict.fromkeys(COMMANDS.values()):
            _register(name, sub)
    return parser


def _register(name: str, subparsers) -> bool:
    """Add the commands of module ``name``; False when this installation does not have it."""
    try:
        # Imported by name, one command's module at a time: the fast start of `romulus`.
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name not in (name, name.rpartition(".")[0]):
            raise
        return False
    module.register(subparsers)
    return True


def _command(argv: list[str]) -> str | None:
    """The subcommand named in ``argv`` (its first word that is not an option), if any."""
    return next((word for word in argv if not word.startswith("-")), None)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_command(argv))
    args = parser.parse_args(argv)
    if getattr(args, "scene", None) is not None and str(args.scene).lstrip("-").isdigit():
        args.scene = int(args.scene)
    try:
        return int(args.func(args) or 0)
    except (RomulusError, OSError) as exc:
        print(f"romulus: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
