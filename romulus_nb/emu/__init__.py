"""The emulator: py65's 6502 over an NES memory map, a register-level PPU model, and the smoke
test that runs a ROM and checks what it draws.

>>> from romulus_nb.emu import smoke_test
>>> result = smoke_test("game.nes", frames=120, buttons="30:start")  # doctest: +SKIP
>>> result.verdict, result.frame.digest(), result.warnings  # doctest: +SKIP
"""

from romulus_nb.emu.buttons import button_mask, parse_buttons
from romulus_nb.emu.cartridge import Cartridge, load_cartridge
from romulus_nb.emu.machine import NES, run
from romulus_nb.emu.smoke import (
    GameSmokeReport,
    HardwareWarning,
    SceneCheck,
    SmokeResult,
    smoke_game,
    smoke_test,
)
from romulus_nb.emu.state import PPUState, PPUWrite

__all__ = [
    "NES",
    "Cartridge",
    "GameSmokeReport",
    "HardwareWarning",
    "PPUState",
    "PPUWrite",
    "SceneCheck",
    "SmokeResult",
    "button_mask",
    "load_cartridge",
    "parse_buttons",
    "run",
    "smoke_game",
    "smoke_test",
]
