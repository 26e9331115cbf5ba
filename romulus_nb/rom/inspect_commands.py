"""``romulus inspect ROM.nes``: what an iNES file holds, on the command line.

Prints the header fields, sizes, vectors and the CHR tiles used, and with ``--disasm`` a listing
from the reset vector (or any address). Imports only the iNES reader and the disassembler, so
the command answers as fast as Python starts.
"""

from romulus_nb.cli_args import int_range
from romulus_nb.errors import InvalidValueError, RomFormatError
from romulus_nb.fileio import read_limited
from romulus_nb.rom.ines import MAX_ROM_FILE_BYTES, parse_ines

__all__ = ["register", "run_inspect"]

#: Rows of a listing without an END: one per byte of a 32 KiB PRG-ROM window at most.
MAX_ROWS = 0x8000


def _address(text: str, rom) -> int:
    if text.lower() in rom.vectors:
        return rom.vectors[text.lower()]
    if text.lower() in ("nmi", "reset", "irq"):
        raise InvalidValueError(
            f"--disasm {text}: the PRG-ROM of {len(rom.prg)} bytes has no vectors; "
            "give a hex address"
        )
    try:
        return int(text.lstrip("$"), 16)
    except ValueError:
        raise InvalidValueError(
            f"--disasm {text!r}: expected a hex address ($C000) or nmi/reset/irq"
        ) from None


def run_inspect(args) -> int:
    """Print what the iNES header says, the vectors and the CHR tiles used."""
    rom = parse_ines(
        read_limited(args.rom, MAX_ROM_FILE_BYTES, what="ROM file", error=RomFormatError)
    )
    print(f"{args.rom}")
    print(rom.summary())
    if args.disasm:
        first, _, last = args.disasm.partition("-")
        start = _address(first, rom)
        if not rom.prg_start <= start <= 0xFFFF:
            raise InvalidValueError(
                f"--disasm start ${start:04X} is outside PRG-ROM (${rom.prg_start:04X}-$FFFF)"
            )
        end = _address(last, rom) if last else 0x10000
        listing = rom.disassemble(start, end, max_rows=None if last else args.rows)
        print()
        print(listing.text(), end="")
    return 0


def register(subparsers) -> None:
    """Add ``inspect`` to the ``romulus`` command."""
    p = subparsers.add_parser("inspect", help="show an iNES file's header, vectors and CHR use")
    p.add_argument("rom", metavar="ROM.nes")
    p.add_argument("--disasm", nargs="?", const="reset", metavar="START[-END]",
                   help="disassemble from START (hex or nmi/reset/irq; default reset)")  # fmt: skip
    p.add_argument(
        "--rows",
        type=int_range(1, MAX_ROWS),
        default=24,
        help=f"instructions to show when no END is given (1-{MAX_ROWS}, default 24)",
    )
    p.set_defaults(func=run_inspect)
