"""``romulus asm``: the assembler on the command line (``romulus inspect``: `inspect_commands`).

``romulus asm SOURCE.s -o OUT.bin [--listing OUT.lst]`` writes the bytes from the first
``.org`` on (gaps filled with $FF). ``romulus asm A.s B.s --target nes -o game.nes`` (or
``--config nes.cfg``) assembles each source and links them as ``ld65`` does, with ``--map`` for
the placement report. ``romulus inspect ROM.nes`` prints the header fields, sizes, vectors and
the CHR tiles used, and with ``--disasm`` a listing from the reset vector.
"""

import argparse
from pathlib import Path

from romulus_nb.errors import InvalidValueError
from romulus_nb.fileio import atomic_write
from romulus_nb.rom.asm import assemble, read_source
from romulus_nb.rom.inspect_commands import run_inspect  # noqa: F401 (its old home)
from romulus_nb.rom.linker import link

__all__ = ["register", "run_asm"]


def _name_value(text: str) -> tuple[str, int]:
    name, _, value = text.partition("=")
    try:
        number = int(value.replace("$", "0x"), 0) if value else 1
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r}: expected NAME or NAME=VALUE with a decimal, $hex or 0x value"
        ) from None
    return name, number


def run_link(args) -> int:
    """Assemble every source and link them by ``--config`` or ``--target``."""
    if args.origin or args.segment:
        raise InvalidValueError("--origin and --segment are for one source without a linker; "
                                "the linker configuration places segments")  # fmt: skip
    linked = link(
        args.source,
        args.config or args.target,
        include_dirs=args.include or (),
        defines=dict(args.define or ()),
    )
    atomic_write(args.output, linked.image)
    if args.listing:
        atomic_write(args.listing, linked.listing_text().encode("utf-8"))
    if args.map:
        atomic_write(args.map, linked.map_text().encode("utf-8"))
    for warning in linked.warnings:
        print(f"warning: {warning}")
    print(f"wrote {args.output}: {len(linked.image)} bytes linked from {len(args.source)} "
          f"source(s)" + "".join(f"; {k} {v}" for k, v in (("listing", args.listing),
                                                            ("map", args.map)) if v))  # fmt: skip
    return 0


def run_asm(args) -> int:
    """Assemble ``args.source``; write the image and, if asked, the listing."""
    if args.config or args.target:
        return run_link(args)
    if len(args.source) > 1:
        raise InvalidValueError(
            f"{len(args.source)} sources: linking several needs --target nes or --config FILE"
        )
    if args.map:
        raise InvalidValueError("--map needs the linker: give --target nes or --config FILE")
    args.source = args.source[0]
    source_path = Path(args.source)
    source = read_source(source_path)
    assembly = assemble(
        source,
        filename=str(source_path),
        include_dirs=args.include or (),
        defines=dict(args.define or ()),
        origins=dict(args.origin or ()),
    )
    image = assembly.image(segments=args.segment)
    atomic_write(args.output, image)
    if args.listing:
        atomic_write(args.listing, assembly.listing_text().encode("utf-8"))
    chosen = (
        [assembly.segments[n] for n in args.segment]
        if args.segment
        else [s for s in assembly.segments.values() if s.initialized]
    )
    start = min((c.address for s in chosen for c in s.chunks if c.data), default=0)
    print(
        f"wrote {args.output}: {len(image)} bytes from ${start:04X}, "
        f"{len(assembly.symbols)} symbols" + (f"; listing {args.listing}" if args.listing else "")
    )
    return 0


def register(subparsers) -> None:
    """Add ``asm`` to the ``romulus`` command."""
    p = subparsers.add_parser(
        "asm",
        help="assemble 6502 source (ca65 syntax) to a binary, or link several like ld65",
    )
    p.add_argument("source", metavar="SOURCE.s", nargs="+",
                   help="one source placed by .org, or several to link")  # fmt: skip
    p.add_argument("-o", "--output", required=True, metavar="OUT.bin")
    p.add_argument("--listing", metavar="OUT.lst", help="also write address/bytes/source")
    linker = p.add_mutually_exclusive_group()
    linker.add_argument("-t", "--target", choices=["nes"],
                        help="link with ld65's built-in target configuration")  # fmt: skip
    linker.add_argument("-C", "--config", metavar="FILE.cfg",
                        help="link with this ld65 configuration (MEMORY, SEGMENTS)")  # fmt: skip
    p.add_argument("-m", "--map", metavar="OUT.map",
                   help="with the linker: write where each segment and symbol went")  # fmt: skip
    p.add_argument("-I", "--include", action="append", metavar="DIR",
                   help="search DIR for .include and .incbin")  # fmt: skip
    p.add_argument("-D", "--define", action="append", type=_name_value, metavar="NAME=VALUE",
                   help="define a constant before the first line")  # fmt: skip
    p.add_argument(
        "--origin",
        action="append",
        type=_name_value,
        metavar="SEGMENT=ADDR",
        help="start address of a segment that has no .org ($8000 or 0x8000)",
    )
    p.add_argument(
        "--segment",
        action="append",
        metavar="NAME",
        help="write only these segments (repeatable; default all with bytes)",
    )
    p.set_defaults(func=run_asm)
