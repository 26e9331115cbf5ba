"""``romulus smoke``: run a ROM on the emulator and print the verdict.

``romulus smoke game.nes --frames 120 -o frame.png --buttons 30:start`` runs any mapper-0 ROM;
``romulus smoke GAME.json`` (or no argument: the demo game) builds the game's ROM and also checks
every scene against its design. The exit code is 0 when the verdict is good (the ROM boots and
draws; for a game, every scene is identical to its design), 2 otherwise.
"""

from __future__ import annotations

import argparse

from romulus_nb.cli_args import int_range
from romulus_nb.commands_common import load_game_arg
from romulus_nb.emu.buttons import MAX_FRAMES
from romulus_nb.emu.cartridge import MAX_ROM_BYTES
from romulus_nb.emu.smoke import smoke_game, smoke_test
from romulus_nb.emu.vblank import VBLANK_CYCLES
from romulus_nb.errors import InvalidValueError, RomFormatError
from romulus_nb.fileio import atomic_write, read_limited
from romulus_nb.render import png_bytes
from romulus_nb.rom.build import build

__all__ = ["register", "run_smoke"]

#: Largest picture enlargement: 16 x 256 = 4096 pixels wide is already a poster.
MAX_SCALE = 16


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "smoke",
        help="run a ROM on py65 + the PPU model and report what it did",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("rom", nargs="?", help="ROM.nes, or GAME.json (default: the demo game)")
    parser.add_argument(
        "--frames",
        type=int_range(1, MAX_FRAMES),
        default=120,
        help=f"frames to run, 1-{MAX_FRAMES} (default 120)",
    )
    parser.add_argument("-o", "--output", help="write the last frame to this .png")
    parser.add_argument(
        "--buttons",
        help=f"joypad script, e.g. '30:start,60-90:right' (frames 0-{MAX_FRAMES})",
    )
    parser.add_argument("--html", help="write the full report (frame, PPU state) to this .html")
    parser.add_argument("--gif", help="write the nametable filling up to this .gif")
    parser.add_argument(
        "--scale",
        type=int_range(1, MAX_SCALE),
        default=1,
        help=f"picture enlargement, 1-{MAX_SCALE} (default 1)",
    )
    parser.add_argument(
        "--no-warmup",
        action="store_true",
        help="accept PPU writes during the warm-up after power-on, as lax emulators do",
    )
    parser.set_defaults(func=run_smoke)


def run_smoke(args) -> int:
    """Run the smoke test the arguments describe; print it; return the exit code."""
    game = None
    if args.rom is None or args.rom.lower().endswith(".json"):
        game = load_game_arg(args.rom)
        rom = build(game)
    else:
        rom = read_limited(args.rom, MAX_ROM_BYTES, what="ROM file", error=RomFormatError)
    for option in ("output", "gif", "html"):
        path = getattr(args, option)
        suffix = {"output": ".png"}.get(option, "." + option)
        if path and not path.lower().endswith(suffix):
            raise InvalidValueError(f"--{option} {path}: the file must end in {suffix}")
    result = smoke_test(rom, frames=args.frames, buttons=args.buttons, warmup=not args.no_warmup)
    print(f"{result.verdict}: {result.message}")
    print(
        f"  {result.frames} frames, {result.cycles} CPU cycles, {result.instructions} "
        f"instructions, frame digest {result.frame.digest()}"
    )
    cycles, frame = result.worst_nmi
    if frame >= 0:
        print(f"  worst NMI: {cycles} of {VBLANK_CYCLES} vblank cycles (frame {frame})")
    for warning in result.warnings:
        print(f"  warning [{warning.kind}]: {warning.message}")
    if not result.ok:
        print("\n".join("  " + line for line in result.disassembly))
    good = result.ok
    if game is not None:
        report = smoke_game(game, rom)
        for check in report.scenes:
            state = "identical" if check.ok else f"{check.differing_pixels} pixels differ"
            print(f"  scene {check.index} {check.name!r}: {state} to the design")
        good = good and report.ok
        if args.buttons:  # the script's frames against the simulation, and the CPU time
            played = game.smoke_test(buttons=args.buttons, frames=args.frames,
                                     every=max(1, args.frames // 60))  # fmt: skip
            print("\n".join("  " + line for line in repr(played).splitlines()))
            good = good and played.ok
    if args.output:
        atomic_write(args.output, png_bytes(result.frame.image(args.scale)))
        print(f"wrote {args.output}")
    if args.gif:
        atomic_write(args.gif, result.film_gif(args.scale))
        print(f"wrote {args.gif}")
    if args.html:
        atomic_write(args.html, result._repr_html_().encode("utf-8"))
        print(f"wrote {args.html}")
    return 0 if good else 2
