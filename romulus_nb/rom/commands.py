"""``romulus asm``: the assembler on the command line (``romulus inspect``: `inspect_commands`).

``romulus asm SOURCE.s -o OUT.bin [--listing OUT.lst]`` writes the bytes from the first
``.org`` on (gaps filled with $FF); ``romulus inspect ROM.nes`` prints the header fields,
sizes, vectors and the CHR tiles used, and with ``--disasm`` a listing from the reset vector.
"""

import argparse
from pathlib import Path

from romulus_nb.rom.asm import assemble
from romulus_nb.rom.inspect_commands import run_inspect  # noqa: F401 (its old home)

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


def run_asm(args) -> int:
    """Assemble ``args.source``; write the image and, if asked, the listing."""
    source_path = Path(args.source)
    source = source_path.read_text(encoding="utf-8")
    assembly = assemble(
        source,
        filename=str(source_path),
        include_dirs=args.include or (),
        defines=dict(args.define or ()),
        origins=dict(args.origin or ()),
    )
    image = assembly.image(segments=args.segment)
    Path(args.output).write_bytes(image)
    if args.listing:
        Path(args.listing).write_text(assembly.listing_text(), encoding="utf-8")
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
    p = subparsers.add_parser("asm", help="assemble 6502 source (ca65 syntax) to a binary")
    p.add_argument("source", metavar="SOURCE.s")
    p.add_argument("-o", "--output", required=True, metavar="OUT.bin")
    p.add_argument("--listing", metavar="OUT.lst", help="also write address/bytes/source")
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
