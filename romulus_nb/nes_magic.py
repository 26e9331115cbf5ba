"""``%%nes``: a notebook cell of ca65 source, linked like ld65, run by the smoke test, shown inline.

``%load_ext romulus_nb`` registers it. The cell is one source file; the line after ``%%nes``
takes options::

    %%nes [--target nes | --config FILE.cfg] [--chr FILE.chr | --game NAME]
          [--frames N] [--buttons SCRIPT] [--include FILE.s ...] [--no-listing]

``--chr`` puts an 8 KiB CHR file, ``--game`` the tileset of a `Game` held in the notebook
variable NAME, in the CHARS segment (when the cell has none). With the ``nes`` target a cell
without a HEADER segment gets a mapper-0 iNES header (2 x 16 KiB PRG, 1 x 8 KiB CHR, vertical
mirroring), as ld65's ``nes`` configuration lays out. The result (verdict, warnings, the frame,
the PPU state viewers and the listing) is shown and kept in the variable ``_nes``
(``_nes.rom`` is the ``.nes`` file). An error is shown as ``<cell>:line:column`` with the line,
and leaves ``_nes`` None.

This module is the top layer (like the CLI): it joins the linker and the emulator, and knows
IPython only through the shell object ``load_ipython_extension`` hands it.
"""

from __future__ import annotations

import argparse
import html
import shlex
from dataclasses import dataclass

from romulus_nb.emu.smoke import SmokeResult, smoke_test
from romulus_nb.errors import AssemblyError, RomulusError
from romulus_nb.fileio import read_limited
from romulus_nb.game import Game
from romulus_nb.rom.linker import Linked, link

__all__ = ["NesCell", "register", "run_cell"]

CELL = "<cell>"
CHR_BYTES = 0x2000
DEFAULT_HEADER = (
    '.segment "HEADER"\n'
    '.byte "NES", $1A, 2, 1, %00000001, 0  ; mapper 0, 2 x 16 KiB PRG, 1 x 8 KiB CHR, vertical\n'
)


@dataclass(frozen=True, eq=False)
class NesCell:
    """What a ``%%nes`` cell built and what its ROM did.

    Attributes
    ----------
    rom : bytes
        The linked ``.nes`` file.
    linked : Linked
        Segments, symbols by scope, the listing (`romulus_nb.rom.linker.Linked`).
    smoke : SmokeResult
        The smoke test's verdict, warnings, frame and PPU state.
    show_listing : bool
    """

    rom: bytes
    linked: Linked
    smoke: SmokeResult
    show_listing: bool = True

    @property
    def symbols(self) -> dict[str, int]:
        """The cell's symbols by full scoped name."""
        return self.linked.symbols[CELL]

    @property
    def frame(self):
        """The last frame (`romulus_nb.render.Frame`)."""
        return self.smoke.frame

    def __repr__(self) -> str:
        lines = [f"NesCell: {len(self.rom)} bytes, {self.smoke.verdict}: {self.smoke.message}",
                 f"  frame digest {self.smoke.frame.digest()}"]  # fmt: skip
        lines += [f"  warning [{w.kind}]: {w.message}" for w in self.smoke.warnings]
        lines += [f"  link warning: {w}" for w in self.linked.warnings]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        notes = "".join(f"<li>{html.escape(w)}</li>" for w in self.linked.warnings)
        notes = f"<div>linker warnings:<ul>{notes}</ul></div>" if notes else ""
        listing = ""
        if self.show_listing:
            text = html.escape(self.linked.objects[0].listing_text())
            listing = f"<details><summary>listing</summary><pre>{text}</pre></details>"
        return notes + self.smoke._repr_html_() + listing


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="%%nes", add_help=False, exit_on_error=False)
    linker = p.add_mutually_exclusive_group()
    linker.add_argument("--target", "-t", default=None)
    linker.add_argument("--config", "-C", default=None)
    tiles = p.add_mutually_exclusive_group()
    tiles.add_argument("--chr", default=None)
    tiles.add_argument("--game", default=None)
    p.add_argument("--frames", type=int, default=120)
    p.add_argument("--buttons", default=None)
    p.add_argument("--include", "-I", action="append", default=[])
    p.add_argument("--no-listing", action="store_true")
    return p


def run_cell(line: str, cell: str, namespace: dict | None = None) -> NesCell:
    """Build and run the cell; what ``%%nes`` does, callable without IPython.

    Raises
    ------
    RomulusError
        ``AssemblyError`` with the cell's line and column, or a bad option.
    """
    namespace = namespace if namespace is not None else {}
    try:
        args = _parser().parse_args(shlex.split(line))
    except (argparse.ArgumentError, ValueError) as e:
        raise AssemblyError(f"%%nes options: {e}", CELL, 0, 0) from None
    config = args.config or args.target or "nes"
    sources = [(CELL, cell)]
    lowered = cell.lower()
    if config == "nes" and '"header"' not in lowered:
        sources.append(("<header>", DEFAULT_HEADER))
    if (args.chr or args.game) and '"chars"' not in lowered:
        sources.append(("<tiles>", _chars_source(_tiles(args, namespace))))
    linked = link(sources, config, include_dirs=args.include)
    result = smoke_test(linked.image, frames=args.frames, buttons=args.buttons)
    return NesCell(linked.image, linked, result, not args.no_listing)


def _tiles(args, namespace) -> bytes:
    if args.chr:
        data = read_limited(args.chr, CHR_BYTES, what="CHR file")
    else:
        game = namespace.get(args.game)
        if not isinstance(game, Game):
            raise AssemblyError(f"--game {args.game}: no Game in a variable of that name",
                                CELL, 0, 0)  # fmt: skip
        data = game.chr_bytes()
    if len(data) != CHR_BYTES:
        raise AssemblyError(f"CHR data is {len(data)} bytes; one CHR-ROM bank is 8192 bytes",
                            CELL, 0, 0)  # fmt: skip
    return data


def _chars_source(data: bytes) -> str:
    rows = (", ".join(f"${b:02X}" for b in data[i : i + 16]) for i in range(0, len(data), 16))
    return '.segment "CHARS"\n' + "".join(f".byte {row}\n" for row in rows)


def _error_text(e: AssemblyError, cell: str) -> str:
    """``<cell>:line:column: message`` and, for an error in the cell, the line with a caret."""
    text = str(e)
    if e.file == CELL and 1 <= e.line <= len(cell.splitlines()):
        source = cell.splitlines()[e.line - 1]
        text += f"\n    {source}\n    {' ' * max(e.column - 1, 0)}^"
    return text


def register(ipython) -> None:
    """Register ``%%nes`` on an IPython shell."""

    def nes(line, cell):
        ipython.user_ns["_nes"] = None  # a failed cell leaves no stale result behind
        try:
            result = run_cell(line, cell, ipython.user_ns)
        except AssemblyError as e:
            print(_error_text(e, cell))
            return None
        except RomulusError as e:
            print(f"%%nes: {e}")
            return None
        ipython.user_ns["_nes"] = result
        return result

    nes.__doc__ = __doc__
    ipython.register_magic_function(nes, "cell", "nes")
