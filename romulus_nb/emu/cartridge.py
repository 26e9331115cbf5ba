"""What the machine needs from an iNES file: PRG-ROM, CHR and the nametable mirroring.

Only mapper 0 (NROM) is emulated: 16 or 32 KiB of PRG-ROM at $8000-$FFFF (16 KiB mirrored at
$C000) and 8 KiB of CHR-ROM, or CHR-RAM when the header says 0 CHR banks. The header format is
described at https://www.nesdev.org/wiki/INES.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from romulus_nb.errors import RomFormatError
from romulus_nb.fileio import read_limited
from romulus_nb.rom.ines import parse_ines

#: Larger than any mapper-0 image (16-byte header, 512-byte trainer, 32 KiB PRG, 8 KiB CHR)
#: with room for the padding some tools add; a bigger file is not a ROM this machine runs.
MAX_ROM_BYTES = 1 << 20


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
        data = read_limited(rom, MAX_ROM_BYTES, what="ROM file", error=RomFormatError)
        name = str(rom)
    else:
        data, name = bytes(rom), "ROM"
    if len(data) == 0:
        raise RomFormatError(f"{name} is empty: an iNES file starts with a 16-byte header")
    parsed = parse_ines(data)
    header = parsed.header
    if header.mapper != 0:
        raise RomFormatError(
            f"{name} uses mapper {header.mapper} (header bytes 6-7); "
            "only mapper 0 (NROM) can be run"
        )
    if len(parsed.prg) not in (0x4000, 0x8000):
        raise RomFormatError(
            f"{name} has {len(parsed.prg)} bytes of PRG-ROM (header byte 4); "
            "mapper 0 allows 16384 or 32768"
        )
    if len(parsed.chr) not in (0, 0x2000):
        raise RomFormatError(
            f"{name} has {len(parsed.chr)} bytes of CHR-ROM (header byte 5); "
            "mapper 0 allows 8192, or 0 for CHR-RAM"
        )
    return Cartridge(prg=bytes(parsed.prg), chr=bytes(parsed.chr), mirroring=header.mirroring)
