"""A disassembly window around an address, for verdicts that say where the CPU went wrong."""

from __future__ import annotations

from collections.abc import Callable

from py65.devices.mpu6502 import MPU

_LENGTHS = {"imp": 1, "acc": 1, "imm": 2, "zpg": 2, "zpx": 2, "zpy": 2, "inx": 2, "iny": 2,
            "rel": 2, "abs": 3, "abx": 3, "aby": 3, "ind": 3}  # fmt: skip
_FORMATS = {"imp": "", "acc": " A", "imm": " #${:02X}", "zpg": " ${:02X}", "zpx": " ${:02X},X",
            "zpy": " ${:02X},Y", "inx": " (${:02X},X)", "iny": " (${:02X}),Y", "abs": " ${:04X}",
            "abx": " ${:04X},X", "aby": " ${:04X},Y", "ind": " (${:04X})"}  # fmt: skip


def instruction_at(peek: Callable[[int], int], addr: int) -> tuple[int, str]:
    """``(length, text)`` of the instruction at ``addr``; illegal opcodes read ``.byte $xx``."""
    opcode = peek(addr)
    name, mode = MPU.disassemble[opcode]
    if name == "???":
        return 1, f".byte ${opcode:02X}"
    length = _LENGTHS[mode]
    if mode == "rel":
        offset = peek((addr + 1) & 0xFFFF)
        target = (addr + 2 + offset - (0x100 if offset & 0x80 else 0)) & 0xFFFF
        return length, f"{name} ${target:04X}"
    if length == 2:
        operand = peek((addr + 1) & 0xFFFF)
    elif length == 3:
        operand = peek((addr + 1) & 0xFFFF) | (peek((addr + 2) & 0xFFFF) << 8)
    else:
        operand = 0
    return length, name + _FORMATS[mode].format(operand)


def disassembly_window(
    peek: Callable[[int], int], pc: int, before: int = 6, after: int = 6
) -> list[str]:
    """Lines ``"  $C012  A9 00     LDA #$00"`` around ``pc``, the line at ``pc`` marked ``=>``.

    Code cannot be decoded backwards with certainty: we start a little before ``pc`` at the
    earliest offset whose decoding lands exactly on ``pc``.
    """
    start = pc
    for back in range(min(3 * before, pc), 0, -1):
        addr, steps = pc - back, 0
        while addr < pc:
            addr += instruction_at(peek, addr)[0]
            steps += 1
        if addr == pc:
            start = pc - back
            break
    addrs = []
    addr = start
    while addr < pc:
        addrs.append(addr)
        addr += instruction_at(peek, addr)[0]
    addrs = addrs[-before:]
    addr = pc
    for _ in range(after + 1):
        addrs.append(addr)
        addr = (addr + instruction_at(peek, addr)[0]) & 0xFFFF
    lines = []
    for addr in addrs:
        length, text = instruction_at(peek, addr)
        raw = " ".join(f"{peek((addr + i) & 0xFFFF):02X}" for i in range(length))
        mark = "=>" if addr == pc else "  "
        lines.append(f"{mark} ${addr:04X}  {raw:<9} {text}")
    return lines
