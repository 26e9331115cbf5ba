"""What the machine needs from an iNES file: PRG-ROM, CHR and the nametable mirroring.

Only mapper 0 (NROM) is emulated: 16 or 32 KiB of PRG-ROM at $8000-$FFFF (16 KiB mirrored at
$C000) and 8 KiB of CHR-ROM, or CHR-RAM when the header says 0 CHR banks. The header format is
described at https://www.nesdev.org/wiki/INES.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from romulus_nb.errors import RomFormatError

try:  # the project's own iNES parser, when present
    from romulus_nb.rom.ines import parse_ines
except ImportError:  # pragma: no cover - only while the rom package is being written
    parse_ines = None

_MAGIC = b"NES\x1a"


@dataclass(frozen=True)
class Cartridge:
    """A mapper-0 cartridge.

    Attributes
    ----------
    prg : bytes
        PRG-ROM, 16384 or 32768 bytes.
    chr : bytes
        CHR-ROM, 8192 bytes, or empty for CHR-RAM.
    mirroring : str
        ``"horizontal"``, ``"vertical"`` or ``"four-screen"``.
    """

    prg: bytes
    chr: bytes
    mirroring: str

    def prg_byte(self, addr: int) -> int:
        """The byte the CPU reads at ``addr`` ($8000-$FFFF)."""
        return self.prg[(addr - 0x8000) % len(self.prg)]


def load_cartridge(rom: bytes | bytearray | str | Path) -> Cartridge:
    """Read an iNES image (bytes or a file path) into a `Cartridge`.

    Raises
    ------
    RomFormatError
        Empty or truncated data, no iNES magic, a mapper other than 0, or PRG/CHR sizes that
        do not match the header or NROM.
    """
    if isinstance(rom, (str, Path)):
        data = Path(rom).read_bytes()
        name = str(rom)
    else:
        data = bytes(rom)
        name = "ROM"
    if len(data) == 0:
        raise RomFormatError(f"{name} is empty: an iNES file starts with a 16-byte header")
    if data[:4] != _MAGIC:
        raise RomFormatError(
            f"{name} is not an iNES file: bytes 0-3 are {data[:4].hex(' ')}, "
            "expected 4e 45 53 1a ('NES' + $1A)"
        )
    if len(data) < 16:
        raise RomFormatError(f"{name} is {len(data)} bytes, shorter than the 16-byte iNES header")
    prg_banks, chr_banks, flags6, flags7 = data[4], data[5], data[6], data[7]
    mapper = (flags6 >> 4) | (flags7 & 0xF0)
    if (flags7 & 0x0C) != 0x08 and any(data[12:16]):
        mapper = flags6 >> 4  # archaic iNES with junk in bytes 12-15: upper nibble unreliable
    if mapper != 0:
        raise RomFormatError(
            f"{name} uses mapper {mapper} (header bytes 6-7); only mapper 0 (NROM) can be run"
        )
    if prg_banks not in (1, 2):
        raise RomFormatError(
            f"{name} declares {prg_banks} PRG-ROM banks of 16 KiB (header byte 4); "
            "mapper 0 allows 1 or 2"
        )
    if chr_banks > 1:
        raise RomFormatError(
            f"{name} declares {chr_banks} CHR banks of 8 KiB (header byte 5); "
            "mapper 0 allows 0 or 1"
        )
    offset = 16 + (512 if flags6 & 0x04 else 0)
    prg_size, chr_size = prg_banks * 0x4000, chr_banks * 0x2000
    if len(data) < offset + prg_size + chr_size:
        raise RomFormatError(
            f"{name} is {len(data)} bytes but its header declares {prg_size} bytes of PRG-ROM and "
            f"{chr_size} of CHR after {offset} bytes of header/trainer "
            f"({offset + prg_size + chr_size} in all)"
        )
    prg = data[offset : offset + prg_size]
    chr_data = data[offset + prg_size : offset + prg_size + chr_size]
    if flags6 & 0x08:
        mirroring = "four-screen"
    else:
        mirroring = "vertical" if flags6 & 0x01 else "horizontal"
    return Cartridge(prg=prg, chr=chr_data, mirroring=mirroring)
