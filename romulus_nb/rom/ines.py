"""iNES and NES 2.0 cartridge files: build one for mapper 0, parse and describe any.

Layout (https://www.nesdev.org/wiki/INES): a 16-byte header, an optional 512-byte trainer,
PRG-ROM (16 KiB units), CHR-ROM (8 KiB units). NES 2.0 (https://www.nesdev.org/wiki/NES_2.0)
keeps bytes 0-7 and gives meaning to bytes 8-15 when bits 2-3 of byte 7 are ``10``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from romulus_nb.errors import InvalidValueError, RomFormatError

if TYPE_CHECKING:
    from romulus_nb.rom.disasm import Listing

__all__ = ["INESHeader", "INESRom", "build_ines", "parse_ines", "MAGIC"]

MAGIC = b"NES\x1a"
HEADER_SIZE = 16
TRAINER_SIZE = 512
PRG_UNIT = 0x4000  # 16 KiB
VECTOR_BYTES = 6  # NMI, RESET, IRQ at $FFFA-$FFFF
#: The largest cartridge file we read: real ones stop at a few MiB.
MAX_ROM_FILE_BYTES = 16 * 1024 * 1024
CHR_UNIT = 0x2000  # 8 KiB
NROM_PRG_SIZES = (0x4000, 0x8000)  # NROM-128, NROM-256
_TIMING = ("NTSC", "PAL", "multiple-region", "Dendy")


def build_ines(prg: bytes, chr: bytes, *, mirroring: str = "vertical", nes2: bool = False) -> bytes:
    """A mapper-0 (NROM) cartridge file: header + PRG-ROM + CHR-ROM.

    Parameters
    ----------
    prg : bytes
        16384 bytes (NROM-128, seen at $8000 and again at $C000) or 32768 bytes (NROM-256).
    chr : bytes
        8192 bytes of CHR-ROM (pattern tables 0 and 1).
    mirroring : {"vertical", "horizontal"}
        Nametable mirroring wired on the board (flags 6 bit 0).
    nes2 : bool
        Write a NES 2.0 header (byte 7 bits 2-3 = ``10``; no PRG-RAM, NTSC timing).

    Returns
    -------
    bytes
        ``16 + len(prg) + 8192`` bytes.
    """
    prg, chr = bytes(prg), bytes(chr)
    if len(prg) not in NROM_PRG_SIZES:
        raise InvalidValueError(
            f"PRG-ROM is {len(prg)} bytes; mapper 0 takes 16384 (NROM-128) or 32768 (NROM-256)"
        )
    if len(chr) != CHR_UNIT:
        raise InvalidValueError(f"CHR-ROM is {len(chr)} bytes; mapper 0 takes exactly 8192")
    if mirroring not in ("vertical", "horizontal"):
        raise InvalidValueError(
            f"mirroring {mirroring!r} is not allowed; use 'vertical' or 'horizontal'"
        )
    flags6 = 0x01 if mirroring == "vertical" else 0x00  # mapper 0: upper nibble 0
    flags7 = 0x08 if nes2 else 0x00  # NES 2.0 identifier: bits 2-3 = 10
    header = MAGIC + bytes([len(prg) // PRG_UNIT, len(chr) // CHR_UNIT, flags6, flags7])
    header += bytes(8)  # iNES 1.0: zero; NES 2.0: mapper/sizes MSB 0, no RAM, NTSC, no extras
    return header + prg + chr


class INESHeader:
    """The 16-byte header of an iNES or NES 2.0 file, as read-only properties."""

    def __init__(self, data: bytes):
        data = bytes(data)
        if len(data) < HEADER_SIZE:
            raise RomFormatError(
                f"truncated file: {len(data)} bytes, but an iNES header alone is 16 bytes"
            )
        if data[:4] != MAGIC:
            raise RomFormatError(
                f"not an iNES file: bytes 0-3 are {data[:4].hex(' ').upper()}, "
                "expected 4E 45 53 1A ('NES' and $1A)"
            )
        self.raw = data[:HEADER_SIZE]

    @property
    def is_nes2(self) -> bool:
        """NES 2.0 header: byte 7 bits 2-3 are ``10``. https://www.nesdev.org/wiki/NES_2.0#Identification"""
        return self.raw[7] & 0x0C == 0x08

    @property
    def prg_rom_size(self) -> int:
        """PRG-ROM bytes: byte 4 x 16 KiB (NES 2.0: byte 9 low nibble is the MSB). https://www.nesdev.org/wiki/INES"""
        return self._rom_size(self.raw[4], self.raw[9] & 0x0F, PRG_UNIT)

    @property
    def chr_rom_size(self) -> int:
        """CHR-ROM bytes: byte 5 x 8 KiB, 0 = CHR-RAM (NES 2.0: MSB in byte 9). https://www.nesdev.org/wiki/INES"""
        return self._rom_size(self.raw[5], self.raw[9] >> 4, CHR_UNIT)

    def _rom_size(self, lsb: int, msb: int, unit: int) -> int:
        if not self.is_nes2:
            return lsb * unit
        if msb == 0x0F:  # exponent-multiplier notation: 2^E * (MM*2+1)
            return (1 << (lsb >> 2)) * ((lsb & 3) * 2 + 1)
        return ((msb << 8) | lsb) * unit

    @property
    def mirroring(self) -> str:
        """Flags 6 bit 0: 1 vertical, 0 horizontal; bit 3: four-screen. https://www.nesdev.org/wiki/INES#Flags_6"""
        if self.raw[6] & 0x08:
            return "four-screen"
        return "vertical" if self.raw[6] & 0x01 else "horizontal"

    @property
    def battery(self) -> bool:
        """Battery-backed PRG-RAM at $6000-$7FFF, flags 6 bit 1. https://www.nesdev.org/wiki/INES#Flags_6"""
        return bool(self.raw[6] & 0x02)

    @property
    def trainer(self) -> bool:
        """A 512-byte trainer precedes PRG-ROM, flags 6 bit 2. https://www.nesdev.org/wiki/INES#Flags_6"""
        return bool(self.raw[6] & 0x04)

    @property
    def mapper(self) -> int:
        """Mapper: flags 6/7 high nibbles (NES 2.0: bits 8-11 in byte 8). https://www.nesdev.org/wiki/NES_2.0"""
        number = (self.raw[6] >> 4) | (self.raw[7] & 0xF0)
        if self.is_nes2:
            number |= (self.raw[8] & 0x0F) << 8
        return number

    @property
    def submapper(self) -> int:
        """NES 2.0 submapper, byte 8 high nibble (0 in iNES 1.0). https://www.nesdev.org/wiki/NES_2.0"""
        return self.raw[8] >> 4 if self.is_nes2 else 0

    @property
    def timing(self) -> str:
        """CPU/PPU timing: NES 2.0 byte 12 bits 0-1; iNES byte 9 bit 0. https://www.nesdev.org/wiki/INES#Flags_9"""
        if self.is_nes2:
            return _TIMING[self.raw[12] & 0x03]
        return "PAL" if self.raw[9] & 0x01 else "NTSC"

    @property
    def prg_ram_size(self) -> int:
        """PRG-RAM bytes: NES 2.0 byte 10 as 64 << n; iNES byte 8 x 8 KiB. https://www.nesdev.org/wiki/NES_2.0"""
        if self.is_nes2:
            shift = self.raw[10] & 0x0F
            return 64 << shift if shift else 0
        return self.raw[8] * 0x2000

    @property
    def expected_file_size(self) -> int:
        """Header + trainer + PRG-ROM + CHR-ROM, the size the file must have."""
        return (
            HEADER_SIZE
            + (TRAINER_SIZE if self.trainer else 0)
            + self.prg_rom_size
            + self.chr_rom_size
        )

    def __repr__(self) -> str:
        kind = "NES 2.0" if self.is_nes2 else "iNES"
        return (
            f"<INESHeader {kind}: mapper {self.mapper}, PRG {self.prg_rom_size // 1024} KiB, "
            f"CHR {self.chr_rom_size // 1024} KiB, {self.mirroring}>"
        )


@dataclass(frozen=True)
class INESRom:
    """A parsed cartridge file.

    Attributes
    ----------
    header : INESHeader
    prg : bytes
        PRG-ROM; for 16 KiB it appears at both $8000 and $C000.
    chr : bytes
        CHR-ROM (empty when the board uses CHR-RAM).
    trainer : bytes
        The 512-byte trainer, or empty.
    """

    header: INESHeader
    prg: bytes
    chr: bytes
    trainer: bytes = b""

    def _vector(self, address: int) -> int:
        # PRG-ROM ends at $FFFF for NROM (and for the fixed last bank of most mappers)
        if not self.has_vectors:
            raise RomFormatError(
                f"PRG-ROM is {len(self.prg)} bytes: it does not reach ${address:04X}, "
                f"so the cartridge has no vectors (they take the last {VECTOR_BYTES} bytes)"
            )
        at = len(self.prg) - (0x10000 - address)
        return self.prg[at] | self.prg[at + 1] << 8

    @property
    def has_vectors(self) -> bool:
        """Whether PRG-ROM reaches $FFFA-$FFFF (an NES 2.0 exponent size may be a few bytes)."""
        return len(self.prg) >= VECTOR_BYTES

    @property
    def nmi(self) -> int:
        """NMI vector, the word at $FFFA."""
        return self._vector(0xFFFA)

    @property
    def reset(self) -> int:
        """Reset vector, the word at $FFFC."""
        return self._vector(0xFFFC)

    @property
    def irq(self) -> int:
        """IRQ/BRK vector, the word at $FFFE."""
        return self._vector(0xFFFE)

    @property
    def vectors(self) -> dict[str, int]:
        """``{"nmi": ..., "reset": ..., "irq": ...}``; empty when PRG-ROM has no vectors."""
        if not self.has_vectors:
            return {}
        return {"nmi": self.nmi, "reset": self.reset, "irq": self.irq}

    @property
    def prg_start(self) -> int:
        """CPU address where PRG-ROM's first byte appears: $C000 for 16 KiB, $8000 for 32 KiB."""
        return 0x10000 - min(len(self.prg), 0x8000)

    def disassemble(
        self,
        start: int | None = None,
        end: int | None = None,
        labels: dict[str, int] | None = None,
        *,
        max_rows: int | None = None,
    ) -> Listing:
        """Listing of PRG-ROM as the CPU sees it at ``prg_start``-$FFFF (default: from reset)."""
        # Heavy and rarely used (py65's decoder tables; only `romulus inspect --disasm` and
        # notebooks ask): `romulus inspect` reads a header without loading them.
        from romulus_nb.rom.disasm import disassemble

        window = self.prg[-(0x10000 - self.prg_start) :]
        start = self.reset if start is None else start
        return disassemble(window, self.prg_start, start, end, labels, max_rows=max_rows)

    @cached_property
    def tiles_used(self) -> tuple[int, ...]:
        """Non-blank tiles (any pixel not colour 0) in each 4 KiB pattern table of CHR-ROM."""
        counts = []
        for table in range(0, len(self.chr), 0x1000):
            block = self.chr[table : table + 0x1000]
            counts.append(sum(1 for t in range(0, len(block), 16) if any(block[t : t + 16])))
        return tuple(counts)

    def summary(self) -> str:
        """Header fields, sizes, vectors and CHR use, one per line."""
        h = self.header
        tiles = ", ".join(f"table {i}: {n}/256" for i, n in enumerate(self.tiles_used))
        return "\n".join(
            [
                f"format      {'NES 2.0' if h.is_nes2 else 'iNES 1.0'}",
                f"mapper      {h.mapper}" + (f".{h.submapper}" if h.submapper else ""),
                f"PRG-ROM     {len(self.prg)} bytes ({len(self.prg) // 1024} KiB) "
                f"at ${self.prg_start:04X}-$FFFF",
                f"CHR-ROM     {len(self.chr)} bytes ({len(self.chr) // 1024} KiB)"
                + ("" if self.chr else " (CHR-RAM)"),
                f"mirroring   {h.mirroring}",
                f"battery     {'yes' if h.battery else 'no'}",
                f"trainer     {'yes' if h.trainer else 'no'}",
                f"timing      {h.timing}",
                f"vectors     NMI ${self.nmi:04X}  RESET ${self.reset:04X}  IRQ ${self.irq:04X}"
                if self.has_vectors
                else f"vectors     none (PRG-ROM of {len(self.prg)} bytes ends before $FFFA)",
                f"CHR tiles   {tiles or 'none'}",
            ]
        )

    def __repr__(self) -> str:
        return f"<INESRom mapper {self.header.mapper}, PRG {len(self.prg)}, CHR {len(self.chr)}>"

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(line[:12].strip())}</th>"
            f"<td>{html.escape(line[12:])}</td></tr>"
            for line in self.summary().splitlines()
        )
        return f'<table class="romulus-ines">{rows}</table>'


def parse_ines(data: bytes) -> INESRom:
    """Split an iNES/NES 2.0 file into header, trainer, PRG-ROM and CHR-ROM.

    Raises
    ------
    RomFormatError
        Truncated file, wrong magic, or a file size that does not match the header.
    """
    data = bytes(data)
    header = INESHeader(data)
    expected = header.expected_file_size
    if header.prg_rom_size == 0:
        raise RomFormatError("header byte 4 declares no PRG-ROM; a cartridge needs at least 16 KiB")
    if len(data) < expected:
        raise RomFormatError(
            f"truncated file: {len(data)} bytes, but the header declares {expected} "
            f"(16 header + {header.prg_rom_size} PRG-ROM + {header.chr_rom_size} CHR-ROM"
            + (" + 512 trainer" if header.trainer else "")
            + ")"
        )
    if len(data) > expected:
        raise RomFormatError(
            f"file size {len(data)} does not match the header: it declares {expected} bytes "
            f"({len(data) - expected} extra bytes after CHR-ROM)"
        )
    at = HEADER_SIZE
    trainer = data[at : at + TRAINER_SIZE] if header.trainer else b""
    at += len(trainer)
    prg = data[at : at + header.prg_rom_size]
    at += len(prg)
    return INESRom(header, prg, data[at : at + header.chr_rom_size], trainer)
