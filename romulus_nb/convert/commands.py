"""``romulus import-image``: convert a picture into a scene of a new or existing project.

``romulus import-image cat.png -o cat.json`` makes a new project with one scene;
``--game GAME.json`` adds the scene to that project instead (its tiles are kept, new tiles go
into free slots). The summary (PSNR, tiles, palettes) is printed; ``--report PNG`` also writes
the original | result | error map picture.

Pixel art that already obeys the NES's rules (NES colours of a known RGB table, 3 colours + the
backdrop per 16x16 block, 4 palettes, tiles within the budget) comes back exactly, and the
summary says "exact" and names the table. Drawn with another emulator's colours? Give its
palette with ``--palette FILE.pal``. When it cannot be exact the summary says which rule
breaks, and ``--rules PNG`` writes the picture with the blocks and tiles to blame outlined.
``--sprites SHEET.png`` (a picture laid over the screen, transparent where there is no sprite;
8x8 sprites anywhere, not only on the 8-pixel grid) becomes the scene's sprites and the game's
metasprites, exactly, or is refused naming the rule it breaks.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from romulus_nb.cli_args import int_range
from romulus_nb.convert.api import add_scene_from_image
from romulus_nb.convert.lab import SPACES
from romulus_nb.convert.master_palettes import read_pal
from romulus_nb.convert.picture import FITS
from romulus_nb.convert.quantize import DITHERS
from romulus_nb.errors import InvalidValueError
from romulus_nb.fileio import atomic_write
from romulus_nb.game import Game
from romulus_nb.project_document import document_bytes, game_to_dict
from romulus_nb.render import png_bytes

__all__ = ["register", "run_import_image"]


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "import-image",
        help="convert a picture into an NES scene under the hardware's limits",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("picture", metavar="PICTURE", help="PNG, JPEG, GIF, BMP, TIFF or WebP")
    parser.add_argument("-o", "--output", required=True, metavar="GAME.json")
    parser.add_argument("--game", metavar="EXISTING.json", help="add the scene to this project")
    parser.add_argument("--name", help="the scene's name (default: the picture's file name)")
    parser.add_argument("--fit", choices=FITS, default="crop", help="default: crop")
    parser.add_argument("--dither", choices=DITHERS, default="none", help="default: none")
    parser.add_argument("--space", choices=SPACES, default="lab", help="default: lab")
    parser.add_argument("--tiles", type=int_range(1, 256), metavar="N",
                        help="tile budget (1-256, default: the free slots)")  # fmt: skip
    parser.add_argument("--seed", type=int_range(0, 2**32 - 1), default=0,
                        help="dithering seed (0-4294967295, default 0)")  # fmt: skip
    parser.add_argument("--report", metavar="REPORT.png", help="write original | result | error")
    parser.add_argument(
        "--palette",
        action="append",
        default=[],
        metavar="FILE.pal",
        help="the emulator palette the art was drawn with (192 or 1536 bytes; repeatable)",
    )
    parser.add_argument(
        "--sprites",
        metavar="SHEET.png",
        help="sprite sheet over the picture (transparent elsewhere): sprites and metasprites",
    )
    parser.add_argument(
        "--sprite-size",
        choices=("8x8", "8x16"),
        default="8x8",
        help="the sprites --sprites makes (default: 8x8)",
    )
    parser.add_argument(
        "--rules", metavar="RULES.png", help="write the picture with rule-breaking blocks outlined"
    )
    parser.set_defaults(func=run_import_image)


def run_import_image(args) -> int:
    """Convert, save atomically, print the summary; returns the exit code."""
    output = Path(args.output)
    if output.suffix.lower() != ".json":
        raise InvalidValueError(f"-o {output}: the project file must end in .json")
    for option, value in (("--report", args.report), ("--rules", args.rules)):
        if value and not value.lower().endswith(".png"):
            raise InvalidValueError(f"{option} {value}: the picture must end in .png")
    palettes = tuple(read_pal(path) for path in args.palette)
    # A game loaded from a file goes through the project schema (pydantic) at load and at save;
    # a new game is made here through the model alone, whose checks hold every rule of the
    # schema, so it is written without loading pydantic (the same bytes `save_game` writes).
    game = Game.load(args.game) if args.game else Game(Path(args.picture).stem or "Picture")
    scene, report = add_scene_from_image(
        game,
        args.picture,
        args.name,
        fit=args.fit,
        dither=args.dither,
        space=args.space,
        tile_budget=args.tiles,
        seed=args.seed,
        progress=False,
        palettes=palettes,
        sprites=args.sprites,
        sprite_size=int(args.sprite_size[2:]),
    )
    if args.game:
        game.save(output)
    else:
        atomic_write(output, document_bytes(game_to_dict(game)))
    if args.report:
        atomic_write(Path(args.report), png_bytes(report.image(1)))
    if args.rules:
        atomic_write(Path(args.rules), png_bytes(report.rules_image(1)))
    print(f"wrote {output}: scene {len(game.scenes) - 1} {scene.name!r} from {report.source}")
    for line in report.summary():
        print(f"  {line}")
    return 0
