"""``romulus build [GAME.json] -o game.nes``: the ROM builder on the command line.

(``romulus export GAME.json --format ca65 -o DIR`` lives in ``romulus_nb.cli`` and calls
`romulus_nb.rom.export_ca65.export_ca65`.)
"""

from __future__ import annotations

from pathlib import Path

from romulus_nb.commands_common import load_game_arg
from romulus_nb.fileio import atomic_write
from romulus_nb.rom.build import NROM_128_PRG, build_game


def run_build(args) -> int:
    game = load_game_arg(args.game)
    built = build_game(game, compress=not args.raw)
    out = Path(args.output)
    atomic_write(out, built.rom)
    cost = built.budget
    kind = "NROM-128" if cost.prg_size == NROM_128_PRG else "NROM-256"
    rle = sum(built.layout.rle)
    print(
        f"wrote {out}: {len(built.rom)} bytes, {kind}, {len(game.scenes)} scenes "
        f"({rle} nametables RLE-compressed), PRG-ROM {cost.needed} of {cost.prg_size} bytes used"
    )
    if built.scrolling:
        for i, scene in enumerate(game.scenes):
            w, h = scene.screens
            print(
                f"  scene {i} {scene.name!r}: {w}x{h} screens, {cost.scene_bytes[i]} bytes of "
                f"PRG-ROM, {cost.scene_bytes[i] / (w * h):.0f} per screen"
            )
    return 0


def register(subparsers) -> None:
    """Add ``build`` to the ``romulus`` command."""
    p = subparsers.add_parser("build", help="build an iNES ROM (mapper 0) from a game")
    p.add_argument("game", nargs="?", help="GAME.json (default: the demo game)")
    p.add_argument("-o", "--output", default="game.nes", help="the .nes file to write")
    p.add_argument("--raw", action="store_true", help="store nametables uncompressed (no RLE)")
    p.set_defaults(func=run_build)
