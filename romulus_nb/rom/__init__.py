"""ROMs: our ca65-compatible 6502 assembler and ld65-compatible linker, the disassembler view,
iNES files, the runtime (6502 source shipped as package data) and the builder that turns a Game
into a ``.nes`` file.

The names below load on first use, so that reading an iNES file does not load the builder.
``romulus_nb.rom.build`` is the builder's module (its function: ``romulus_nb.rom.build.build``):
a lazily exported function cannot share its name with a submodule, which the import system binds
on the package as soon as anything imports it."""

from romulus_nb.lazy import lazy_exports

_EXPORTS = {
    "Assembly": "romulus_nb.rom.asm_result",
    "INESHeader": "romulus_nb.rom.ines",
    "INESRom": "romulus_nb.rom.ines",
    "Linked": "romulus_nb.rom.linker",
    "assemble": "romulus_nb.rom.asm",
    "build_game": "romulus_nb.rom.build",
    "build_ines": "romulus_nb.rom.ines",
    "disassemble": "romulus_nb.rom.disasm",
    "link": "romulus_nb.rom.linker",
    "parse_ines": "romulus_nb.rom.ines",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
