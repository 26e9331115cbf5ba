"""What the assembler hands back: segments of placed bytes, symbols and a listing."""

import html
from dataclasses import dataclass, field
from typing import NamedTuple

from romulus_nb.errors import AssemblyError
from romulus_nb.rom.disasm import Listing, disassemble

__all__ = ["Assembly", "Chunk", "ListingRow", "Segment"]


@dataclass
class Chunk:
    """A run of bytes starting at ``address`` (one per ``.org`` in a segment).

    ``data`` holds the bytes; in an uninitialized segment (ZEROPAGE, BSS) it stays empty and
    ``size`` counts the reserved bytes instead.
    """

    address: int
    data: bytearray
    file: str
    line: int
    reserved: int = 0

    @property
    def size(self) -> int:
        """Bytes covered, emitted or reserved."""
        return len(self.data) + self.reserved

    @property
    def end(self) -> int:
        """First address after the chunk."""
        return self.address + self.size

    def __repr__(self) -> str:
        return f"<Chunk ${self.address:04X}-${self.end:04X}, {self.size} bytes>"


@dataclass
class Segment:
    """A named region with its own location counter (``.segment "NAME"``).

    ``initialized`` is False for ZEROPAGE and BSS: they reserve RAM with ``.res`` and put no
    bytes in the image.
    """

    name: str
    initialized: bool = True
    chunks: list[Chunk] = field(default_factory=list)
    file: str = ""  # where the source first switched to it
    line: int = 0

    @property
    def start(self) -> int | None:
        """Lowest address used, or None for an empty segment."""
        used = [c.address for c in self.chunks if c.size]
        return min(used) if used else None

    @property
    def end(self) -> int | None:
        """One past the highest address used, or None for an empty segment."""
        used = [c.end for c in self.chunks if c.size]
        return max(used) if used else None

    @property
    def size(self) -> int:
        """Bytes emitted or reserved in all chunks."""
        return sum(c.size for c in self.chunks)

    def image(self, fill: int = 0xFF) -> bytes:
        """The segment's bytes from ``start`` to ``end``, gaps filled with ``fill``."""
        return _place([self], self.start, self.end, fill)

    def __repr__(self) -> str:
        if self.start is None:
            return f"<Segment {self.name}: empty>"
        kind = "" if self.initialized else ", reserved only"
        return f"<Segment {self.name}: ${self.start:04X}-${self.end:04X}, {self.size} bytes{kind}>"


class ListingRow(NamedTuple):
    """One listing line: where it landed, the bytes it produced, and the source it came from."""

    address: int
    data: bytes
    file: str
    line: int
    source: str


def _place(segments, start, end, fill) -> bytes:
    if start is None:
        return b""
    out = bytearray([fill]) * (end - start)
    owner = bytearray(end - start)  # 1 where a byte was placed, to find overlaps
    for seg in segments:
        for chunk in seg.chunks:
            if not chunk.data:
                continue
            lo, hi = chunk.address, chunk.address + len(chunk.data)
            if lo < start or hi > end:
                raise AssemblyError(
                    f"segment {seg.name} places bytes at ${lo:04X}-${hi - 1:04X}, outside the "
                    f"image ${start:04X}-${end - 1:04X}",
                    chunk.file,
                    chunk.line,
                    1,
                )
            if any(owner[lo - start : hi - start]):
                first = lo + next(i for i, b in enumerate(owner[lo - start : hi - start]) if b)
                raise AssemblyError(
                    f"segment {seg.name} overlaps bytes already placed at ${first:04X}; each "
                    "address can hold bytes from one place only (segments without .org are "
                    "placed by a linker: romulus asm --target nes or --config FILE.cfg)",
                    chunk.file,
                    chunk.line,
                    1,
                )
            owner[lo - start : hi - start] = b"\x01" * (hi - lo)
            out[lo - start : hi - start] = chunk.data
    return bytes(out)


class Assembly:
    """The result of :func:`romulus_nb.rom.asm.assemble`.

    Attributes
    ----------
    segments : dict of str to Segment
        In order of first use; each chunk records where its bytes go.
    symbols : dict of str to int
        Labels and constants by full name (``proc::label``, cheap locals as ``label@local``).
    listing : list of ListingRow
        One row per source line assembled (macro and ``.include`` lines included).
    imports : dict of str to tuple
        For the linker: ``name -> (zeropage?, file, line, column)`` of each ``.import`` that an
        expression uses (as ca65, which writes only referenced imports to its object).
    exports : dict of str to tuple
        ``name -> (value, zeropage?, file, line, column)`` of each ``.export``.
    alignment : dict of str to int
        Per segment, the alignment its ``.align``s need from the linker.
    """

    def __init__(self, segments: dict[str, Segment], symbols: dict[str, int], rows):
        self.segments = segments
        self.symbols = symbols
        self.imports: dict[str, tuple] = {}
        self.exports: dict[str, tuple] = {}
        self.alignment: dict[str, int] = {}
        self._rows = rows  # (address, data, offset, length, (file, line, source, note))
        self._listing = None

    @property
    def listing(self) -> list[ListingRow]:
        """One row per source line assembled (built on first use)."""
        if self._listing is None:
            self._listing = [
                ListingRow(addr, bytes(data[off : off + n]), loc[0], loc[1], loc[2])
                for addr, data, off, n, loc in self._rows
            ]
            self._rows = None
        return self._listing

    def image(
        self,
        start: int | None = None,
        end: int | None = None,
        fill: int = 0xFF,
        segments=None,
    ) -> bytes:
        """The emitted bytes placed by address, gaps filled with ``fill``.

        Parameters
        ----------
        start, end : int, optional
            Address range ``[start, end)``; defaults to the lowest and one past the highest
            address emitted (so, for one ``.org``, the bytes from that ``.org`` on).
        segments : iterable of str, optional
            Names of the segments to include; default all initialized segments.

        Raises
        ------
        AssemblyError
            When bytes fall outside ``[start, end)`` or two segments overlap.
        """
        if segments is None:
            chosen = [s for s in self.segments.values() if s.initialized]
        else:
            missing = [n for n in segments if n not in self.segments]
            if missing:
                raise AssemblyError(
                    f"no segment named {missing[0]!r}; the source defines "
                    f"{', '.join(self.segments) or 'none'}"
                )
            chosen = [self.segments[n] for n in segments]
        used = [c for s in chosen for c in s.chunks if c.data]
        if not used and (start is None or end is None):
            return b""
        if start is None:
            start = min(c.address for c in used)
        if end is None:
            end = max(c.address + len(c.data) for c in used) if used else start
        return _place(chosen, start, end, fill)

    def disassemble(
        self, start: int | None = None, end: int | None = None, *, segments=None, max_rows=None
    ) -> Listing:
        """Disassemble the assembled bytes (``image(segments=segments)``) with our symbols.

        ``start``/``end`` default to the whole image; see `romulus_nb.rom.disasm.disassemble`.
        """
        image = self.image(segments=segments)
        origin = min(
            c.address
            for name, s in self.segments.items()
            if (s.initialized if segments is None else name in segments)
            for c in s.chunks
            if c.data
        )
        return disassemble(image, origin, start, end, self.symbols, max_rows=max_rows)

    def listing_text(self) -> str:
        """The listing as text: ``ADDR  BYTES      SOURCE`` (long data wraps over rows)."""
        lines = []
        for row in self.listing:
            data = row.data
            first = data[:4]
            hexes = " ".join(f"{b:02X}" for b in first)
            lines.append(f"{row.address:04X}  {hexes:<11}  {row.source.rstrip()}")
            for i in range(4, len(data), 4):
                hexes = " ".join(f"{b:02X}" for b in data[i : i + 4])
                lines.append(f"{row.address + i:04X}  {hexes}")
        return "\n".join(lines) + ("\n" if lines else "")

    def __repr__(self) -> str:
        sizes = ", ".join(f"{s.name} {s.size}" for s in self.segments.values() if s.size)
        lines = len(self._rows) if self._listing is None else len(self._listing)
        return f"<Assembly: {lines} lines, {len(self.symbols)} symbols; {sizes}>"

    def _repr_html_(self) -> str:
        rows = []
        for row in self.listing:
            hexes = " ".join(f"{b:02X}" for b in row.data[:8])
            if len(row.data) > 8:
                hexes += " …"
            rows.append(
                f"<tr><td>${row.address:04X}</td><td>{hexes}</td>"
                f"<td><code>{html.escape(row.source.rstrip())}</code></td></tr>"
            )
        return (
            '<table class="romulus-asm-listing" style="font-family:monospace">'
            "<tr><th>address</th><th>bytes</th><th>source</th></tr>" + "".join(rows) + "</table>"
        )
