"""The game commands of ``romulus``: ``new``, ``render``, ``export``, ``import-nesst`` (``info``
is `romulus_nb.info_commands`, which starts without loading the model).

Each works on a project file (or the demo game when none is given). `romulus_nb.cli` imports this
module only when one of these commands runs.
"""

from __future__ import annotations

from pathlib import Path

from romulus_nb.cli_args import int_range
from romulus_nb.commands_common import load_game_arg
from romulus_nb.demo import demo_game
from romulus_nb.errors import RomulusError
from romulus_nb.fileio import atomic_write
from romulus_nb.game import Game
from romulus_nb.nesst import export_nesst, import_nesst, import_nesst_map, parse_layout
from romulus_nb.render import MAX_SCREEN_SCALE, png_bytes, to_image
from romulus_nb.rom.export_ca65 import export_ca65

__all__ = ["register"]


def _new(args) -> int:
    path = Path(args.game)
    if path.exists() and not args.force:
        raise RomulusError(f"{path}: already exists; use --force to replace it")
    game = demo_game()
    if args.name:
        game.name = args.name
    game.save(path)
    print(f"wrote {path}: {game.name!r}, {len(game.scenes)} scenes (from the demo game)")
    return 0


def _render(args) -> int:
    game = load_game_arg(args.game)
    scene = game.scene(args.scene)
    if args.map:
        image = scene.render_map(screen_lines=args.grid).image(args.scale)
    elif args.camera:
        camera = _camera(args.camera)
        frame = scene.render(camera=camera)
        image = to_image(frame.rgb(game.master_palette), args.scale, grid=args.grid,
                         attribute_grid=args.attribute_grid)  # fmt: skip
    else:
        image = scene.image(
            args.scale,
            grid=args.grid,
            attribute_grid=args.attribute_grid,
            sprite_boxes=scene.sprites if args.sprite_boxes else (),
        )
    out = Path(args.output)
    if out.suffix.lower() != ".png":
        raise RomulusError(f"{out}: the output must be a .png file")
    atomic_write(out, png_bytes(image))
    print(f"wrote {out}: scene {scene.name!r}, {image.width}x{image.height}")
    return 0


def _camera(text: str) -> tuple[int, int]:
    """``"300,0"`` -> (300, 0)."""
    try:
        x, y = (int(part) for part in text.split(","))
    except ValueError:
        raise RomulusError(f"--camera {text!r}: write X,Y in map pixels, e.g. 300,0") from None
    return x, y


def _export(args) -> int:
    game = load_game_arg(args.game)
    if args.format == "nesst":
        written = export_nesst(game, args.output)
    else:
        written = export_ca65(game, args.output)
    print(f"wrote {len(written)} files to {args.output}")
    return 0


def _import_nesst(args) -> int:
    target = Path(args.output)
    if not args.nam and not (args.game and args.chr):
        raise RomulusError(
            "import-nesst: give --nam FILE.nam (a new project needs a scene), "
            "or --game GAME.json with --chr to replace its tiles"
        )
    base = Game.load(args.game) if args.game else None
    nams = args.nam or []
    if len(nams) > 1 or args.layout:
        layout = parse_layout(args.layout or f"{len(nams)}x1")
        game, scene = import_nesst_map(base, nams, layout, chr=args.chr, pal=args.pal,
                                       name=args.name)  # fmt: skip
        game.save(target)
        print(f"wrote {target}, added the {layout[0]}x{layout[1]}-screen map {scene.name!r}")
        return 0
    nam = nams[0] if nams else None
    game, scene = import_nesst(base, chr=args.chr, nam=nam, pal=args.pal, name=args.name)
    game.save(target)
    added = f", added scene {scene.name!r}" if scene else ""
    print(f"wrote {target}{added}")
    return 0


def register(sub) -> None:
    """Add the game commands to the ``romulus`` parser's subcommands."""
    p = sub.add_parser("new", help="start a project file from the demo game")
    p.add_argument("game", metavar="GAME.json")
    p.add_argument("--name", help="the game's name")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.set_defaults(func=_new)

    p = sub.add_parser("render", help="draw a scene to a PNG")
    p.add_argument("game", nargs="?", metavar="GAME.json")
    p.add_argument("--scene", default="0", help="position, name or id (default 0)")
    p.add_argument("-o", "--output", required=True, metavar="OUT.png")
    p.add_argument("--scale", type=int_range(1, MAX_SCREEN_SCALE), default=1,
                   help=f"enlarge each pixel (1-{MAX_SCREEN_SCALE}, default 1)")  # fmt: skip
    p.add_argument("--grid", action="store_true", help="draw the 8x8 tile grid")
    p.add_argument("--attribute-grid", action="store_true", help="draw the 16x16 attribute grid")
    p.add_argument("--sprite-boxes", action="store_true", help="outline every sprite")
    p.add_argument("--camera", metavar="X,Y", help="a map's view from this camera position")
    p.add_argument(
        "--map",
        action="store_true",
        help="the whole map's background (with --grid: screen boundaries)",
    )
    p.set_defaults(func=_render)

    p = sub.add_parser("export", help="write the game in another format")
    p.add_argument("game", nargs="?", metavar="GAME.json")
    p.add_argument("--format", choices=("nesst", "ca65"), required=True)
    p.add_argument("-o", "--output", required=True, metavar="DIR")
    p.set_defaults(func=_export)

    p = sub.add_parser("import-nesst", help="make or extend a project from NES Screen Tool files")
    p.add_argument("--chr", metavar="FILE.chr")
    p.add_argument(
        "--nam",
        metavar="FILE.nam",
        action="append",
        help="a screen; several (row by row) with --layout make one map",
    )
    p.add_argument("--layout", metavar="WxH", help="screens of the map, e.g. 4x1")
    p.add_argument("--pal", metavar="FILE.pal")
    p.add_argument("--game", metavar="GAME.json", help="add to this project instead of a new one")
    p.add_argument("--name", help="the new scene's name")
    p.add_argument("-o", "--output", required=True, metavar="GAME.json")
    p.set_defaults(func=_import_nesst)
