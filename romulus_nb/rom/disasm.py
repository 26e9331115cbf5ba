"""Show any region of a ROM as a 6502 listing, with our labels, using py65's disassembler."""

import html
import re
from typing import NamedTuple

from py65.devices.mpu6502 import MPU
from py65.disassembler import Disassembler
from py65.utils.addressing import AddressParser

from romulus_nb.errors import InvalidValueError
from romulus_nb.rom.asm_opcodes import DECODE

__all__ = ["DisasmRow", "Listing", "disassemble"]

_HEX = re.compile(r"\$[0-9a-f]+")
_ABSOLUTE = frozenset({"abs", "abx", "aby"})


class DisasmRow(NamedTuple):
    """One instruction (or one undecodable byte) of a disassembly."""

    address: int
    data: bytes
    label: str | None
    text: str


class Listing:
    """Rows of a disassembly; prints as text, shows as a table in a notebook."""

    def __init__(self, rows: list[DisasmRow]):
        self.rows = rows

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i):
        return self.rows[i]

    def text(self) -> str:
        """``label:`` lines, then ``ADDR  BYTES     INSTRUCTION`` per row."""
        lines = []
        for row in self.rows:
            if row.label:
                lines.append(f"{row.label}:")
            hexes = " ".join(f"{b:02X}" for b in row.data)
            lines.append(f"  {row.address:04X}  {hexes:<9} {row.text}")
        return "\n".join(lines) + ("\n" if lines else "")

    __str__ = text

    def __repr__(self) -> str:
        if not self.rows:
            return "<Listing: empty>"
        first, last = self.rows[0].address, self.rows[-1].address
        return f"<Listing: {len(self.rows)} rows, ${first:04X}-${last:04X}>"

    def _repr_html_(self) -> str:
        body = "".join(
            f"<tr><td>{html.escape(r.label + ':') if r.label else ''}</td>"
            f"<td>${r.address:04X}</td><td>{' '.join(f'{b:02X}' for b in r.data)}</td>"
            f"<td><code>{html.escape(r.text)}</code></td></tr>"
            for r in self.rows
        )
        return (
            '<table class="romulus-disasm" style="font-family:monospace">'
            "<tr><th>label</th><th>address</th><th>bytes</th><th>instruction</th></tr>"
            f"{body}</table>"
        )


def _label_choice(labels: dict[str, int]) -> dict[int, str]:
    """One name per address: plain names before ``scope::`` names before ``@locals``."""
    best: dict[int, str] = {}
    for name, address in labels.items():
        rank = (name.count("@"), name.count("::"), len(name))
        old = best.get(address)
        if old is None or rank < (old.count("@"), old.count("::"), len(old)):
            best[address] = name
    return best


def disassemble(
    data: bytes,
    origin: int,
    start: int | None = None,
    end: int | None = None,
    labels: dict[str, int] | None = None,
    *,
    max_rows: int | None = None,
) -> Listing:
    """Disassemble ``data`` (placed at CPU address ``origin``) from ``start`` to ``end``.

    Parameters
    ----------
    data : bytes
        The memory image, e.g. ``INESRom.prg`` or ``Assembly.image()``.
    origin : int
        CPU address of ``data[0]`` (``$C000`` for 16 KiB PRG-ROM).
    start, end : int, optional
        CPU address range ``[start, end)`` to show; defaults to all of ``data``.
    labels : dict of str to int, optional
        Names for addresses (``Assembly.symbols``): shown as ``label:`` rows and in operands.
    max_rows : int, optional
        Stop after this many rows even before ``end``.

    Returns
    -------
    Listing
        One row per instruction; bytes that are no official opcode show as ``.byte $XX``.
    """
    data = bytes(data)
    if not 0 <= origin <= 0xFFFF or origin + len(data) > 0x10000:
        raise InvalidValueError(
            f"{len(data)} bytes at ${origin:04X} do not fit in the 6502 address space"
        )
    start = origin if start is None else start
    end = origin + len(data) if end is None else end
    if not origin <= start <= end <= origin + len(data):
        raise InvalidValueError(
            f"range ${start:04X}-${end:04X} is outside the data "
            f"(${origin:04X}-${origin + len(data):04X})"
        )
    by_address = _label_choice(labels or {})
    mpu = MPU()
    mpu.memory[origin : origin + len(data)] = data
    # py65 reads an instruction's operand bytes before we check them against ``end``: two
    # bytes past $FFFF keep a last opcode at $FFFE/$FFFF from reading off the 64 KiB list
    mpu.memory.extend([0, 0])
    parser = AddressParser(labels={name: a for a, name in by_address.items()})
    dis = Disassembler(mpu, parser)
    rows = []
    pc = start
    while pc < end and (max_rows is None or len(rows) < max_rows):
        opcode = mpu.memory[pc]
        length, text = dis.instruction_at(pc)
        if opcode not in DECODE or pc + length > end:
            length, text = 1, f".byte ${opcode:02X}"
        else:  # py65 writes hex in lower case; listings here use upper case
            text = _HEX.sub(lambda m: m.group(0).upper(), text)
            if DECODE[opcode][1] in _ABSOLUTE and mpu.memory[pc + 2] == 0:
                # an absolute operand below $100: say so, or it reassembles as zero page
                mnemonic, _, operand = text.partition(" ")
                text = f"{mnemonic} a:{operand}"
        rows.append(DisasmRow(pc, bytes(mpu.memory[pc : pc + length]), by_address.get(pc), text))
        pc += length
    return Listing(rows)
