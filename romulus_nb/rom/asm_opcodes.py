"""The 6502's official instruction set, read from py65's decoder table (not retyped here).

``py65.devices.mpu6502.MPU.disassemble`` lists, for each of the 256 opcodes, a
``(mnemonic, mode)`` pair; the 151 official opcodes have a real mnemonic, the others ``"???"``.
Mode names are py65's: ``imp acc imm zpg zpx zpy abs abx aby ind inx iny rel``.
"""

from py65.devices.mpu6502 import MPU

__all__ = ["OPCODES", "MNEMONICS", "MODE_NAMES", "OPERAND_SIZE", "DECODE", "BRANCHES"]

#: (mnemonic, mode) -> opcode byte, e.g. ``OPCODES["LDA", "imm"] == 0xA9``.
OPCODES: dict[tuple[str, str], int] = {
    (name, mode): code for code, (name, mode) in enumerate(MPU.disassemble) if name != "???"
}

#: opcode byte -> (mnemonic, mode) for the official opcodes only.
DECODE: dict[int, tuple[str, str]] = {code: key for key, code in OPCODES.items()}

#: mnemonic -> the set of modes it accepts.
MNEMONICS: dict[str, frozenset[str]] = {}
for _name, _mode in OPCODES:
    MNEMONICS[_name] = MNEMONICS.get(_name, frozenset()) | {_mode}

#: Mnemonics whose only mode is relative (the eight conditional branches).
BRANCHES = frozenset(name for name, modes in MNEMONICS.items() if modes == {"rel"})

#: Operand bytes after the opcode, by mode.
OPERAND_SIZE = {
    "imp": 0, "acc": 0, "imm": 1, "zpg": 1, "zpx": 1, "zpy": 1, "inx": 1, "iny": 1,
    "rel": 1, "abs": 2, "abx": 2, "aby": 2, "ind": 2,
}  # fmt: skip

#: Human names of the modes, for error messages and listings.
MODE_NAMES = {
    "imp": "implied", "acc": "accumulator", "imm": "immediate", "zpg": "zero page",
    "zpx": "zero page,X", "zpy": "zero page,Y", "abs": "absolute", "abx": "absolute,X",
    "aby": "absolute,Y", "ind": "(indirect)", "inx": "(zero page,X)", "iny": "(zero page),Y",
    "rel": "relative",
}  # fmt: skip
