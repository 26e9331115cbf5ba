"""The ``romulus`` command: design files in, pictures, reports and ROMs out.

Every subcommand works on the demo game when no GAME.json is given. Errors print one line
(``romulus: error: ...``) and exit 1; a traceback means a bug in romulus_nb.

The command starts fast because it imports only the module of the command it runs (see
`COMMANDS`); ``romulus --help``, ``romulus --version`` and unknown commands load none of them:
the menu lists each command with the help line `COMMANDS` keeps for it (the same line its module
gives; a test checks that they agree).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.machinery
import os
import sys

import romulus_nb
from romulus_nb.cli_args import CommandParser
from romulus_nb.errors import RomulusError

# command -> (the module whose register(subparsers) adds it, the command's line in the menu);
# a module may add several commands
COMMANDS = {
    "new": ("romulus_nb.game_commands", "start a project file from the demo game"),
    "info": ("romulus_nb.info_commands", "scenes, tiles used, palettes and the limits report"),
    "render": ("romulus_nb.game_commands", "draw a scene to a PNG"),
    "export": ("romulus_nb.game_commands", "write the game in another format"),
    "import-nesst": (
        "romulus_nb.game_commands",
        "make or extend a project from NES Screen Tool files",
    ),
    "asm": (
        "romulus_nb.rom.commands",
        "assemble 6502 source (ca65 syntax) to a binary, or link several like ld65",
    ),
    "inspect": (
        "romulus_nb.rom.inspect_commands",
        "show an iNES file's header, vectors and CHR use",
    ),
    "build": ("romulus_nb.rom.build_commands", "build an iNES ROM (mapper 0) from a game"),
    "smoke": (
        "romulus_nb.emu.commands",
        "run a ROM on py65 + the PPU model and report what it did",
    ),
    "import-image": (
        "romulus_nb.convert.commands",
        "convert a picture into an NES scene under the hardware's limits",
    ),
    # the game store's server, where it is installed
    "db": ("romulus_nb.server.commands", "the game store's database: migrate it"),
    "serve": ("romulus_nb.server.commands", "serve the game store over HTTP (FastAPI)"),
}
DESCRIPTION = "Design NES graphics and build NES ROMs."


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser: with only ``command``'s module loaded when ``command`` is known and
    installed, else with every installed command."""
    parser, sub = _top_parser()
    if command not in COMMANDS or not _register(COMMANDS[command][0], sub):
        for module in dict.fromkeys(module for module, _ in COMMANDS.values()):
            _register(module, sub)
    return parser


def menu_parser() -> argparse.ArgumentParser:
    """The parser of ``romulus --help``, ``--version`` and unknown commands: every installed
    command listed with its line from `COMMANDS`, no command module imported."""
    parser, sub = _top_parser()
    for command, (module, line) in COMMANDS.items():
        if _installed(module):
            sub.add_parser(command, help=line, add_help=False)
    return parser


def _top_parser() -> tuple[argparse.ArgumentParser, argparse._SubParsersAction]:
    parser = CommandParser(prog="romulus", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"romulus {romulus_nb.__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    return parser, sub


def _installed(module: str) -> bool:
    """Whether this installation has ``module`` (looked up on disk: nothing is imported)."""
    *packages, leaf = module.split(".")[1:]
    paths = [os.path.join(root, *packages) for root in romulus_nb.__path__]
    return importlib.machinery.PathFinder.find_spec(leaf, paths) is not None


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
    command = _command(argv)
    parser = build_parser(command) if command in COMMANDS else menu_parser()
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
