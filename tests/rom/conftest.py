"""Fixtures shared with the emulator tests: cynes' palette, learned from cynes itself."""

from tests.emu.conftest import build_rom, cynes_palette, rom_dir  # noqa: F401 (fixtures)
