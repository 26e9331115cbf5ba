"""ROMs: our ca65-compatible 6502 assembler and ld65-compatible linker, the disassembler view,
iNES files, the runtime (6502 source shipped as package data) and the builder that turns a Game
into a ``.nes`` file."""

from romulus_nb.rom.asm import assemble
from romulus_nb.rom.asm_result import Assembly
from romulus_nb.rom.build import build, build_game
from romulus_nb.rom.disasm import disassemble
from romulus_nb.rom.ines import INESHeader, INESRom, build_ines, parse_ines
from romulus_nb.rom.link import Linked, link

__all__ = [
    "Assembly",
    "INESHeader",
    "INESRom",
    "Linked",
    "assemble",
    "build",
    "build_game",
    "build_ines",
    "disassemble",
    "link",
    "parse_ines",
]
