"""The 2A03's 6502 core: py65's MPU with NES differences and a cheap path to memory.

py65 reads through ``ByteAt`` and writes with ``self.memory[addr] = value``. We keep
``self.memory`` a plain list (C-speed indexing) in which every address whose read has a side
effect or needs a check holds a *marker* >= $100: a read sees a value >= $100 and takes the slow
path of the `Bus`. Writes go through ``Bus.write`` from the few py65 operations that store.

NES differences from a stock 6502 (https://www.nesdev.org/wiki/CPU): decimal mode does not
exist (the D flag is stored but ADC/SBC stay binary); reset leaves I set and S at $FD.
"""

from __future__ import annotations

from py65.devices.mpu6502 import MPU

#: A list index >= $100 means "not a plain byte": the `Bus` decides what a read returns.
MARKER = 0x100
#: Opcode-table size: plain opcodes $00-$FF plus every marker value (I/O $100, unwritten $2xx).
TABLE_SIZE = 0x300


class CpuHalt(Exception):
    """Raised inside an instruction to stop the machine (BRK, illegal opcode, garbage)."""

    def __init__(self, kind: str, pc: int, opcode: int):
        super().__init__(kind)
        self.kind, self.pc, self.opcode = kind, pc, opcode


def _halt_illegal(cpu: Cpu) -> None:
    pc = (cpu.pc - 1) & 0xFFFF
    raise CpuHalt("illegal", pc, cpu.memory[pc])


def _halt_garbage(cpu: Cpu) -> None:
    pc = (cpu.pc - 1) & 0xFFFF
    raise CpuHalt("garbage", pc, cpu.memory[pc] & 0xFF)


def _halt_brk(cpu: Cpu) -> None:
    pc = (cpu.pc - 1) & 0xFFFF
    raise CpuHalt("brk", pc, 0x00)


class Cpu(MPU):
    """py65's 6502 over the NES memory map of ``bus``.

    Attributes
    ----------
    memory : list of int
        65536 (+2 padding) entries, see `romulus_nb.emu.bus.Bus`.
    at : int
        Address of the instruction being executed (set by the machine's run loop).
    instruct, cycletime, extracycles : list
        Per-instance copies of py65's tables, `TABLE_SIZE` long, so that the machine can plug
        halting handlers in without touching py65's class.
    """

    def __init__(self, bus, stop_on_brk: bool = True):
        self.bus = bus
        self.write = bus.write
        self.read_slow = bus.read_slow
        self.at = 0
        self.instruct = list(MPU.instruct) + [_halt_garbage] * (TABLE_SIZE - 0x100)
        self.cycletime = list(MPU.cycletime) + [0] * (TABLE_SIZE - 0x100)
        self.extracycles = list(MPU.extracycles) + [0] * (TABLE_SIZE - 0x100)
        for opcode, (name, _mode) in enumerate(MPU.disassemble):
            if name == "???":
                self.instruct[opcode] = _halt_illegal
        if stop_on_brk:
            self.instruct[0x00] = _halt_brk
        super().__init__(memory=bus.mem, pc=None)

    def reset(self) -> None:
        """The reset sequence: PC from $FFFC, I set, S = $FD, 7 cycles."""
        super().reset()
        self.sp = 0xFD
        self.p = self.BREAK | self.UNUSED | self.INTERRUPT
        self.processorCycles = 7

    # -- reads: the plain list first, the bus for markers ------------------------------------

    def ByteAt(self, addr):  # noqa: N802 - py65's name
        value = self.memory[addr]
        if value < MARKER:
            return value
        return self.read_slow(addr & 0xFFFF)

    def WordAt(self, addr):  # noqa: N802
        memory = self.memory
        lo, hi = memory[addr], memory[addr + 1]
        if lo < MARKER and hi < MARKER:
            return lo | (hi << 8)
        return self.ByteAt(addr) | (self.ByteAt((addr + 1) & 0xFFFF) << 8)

    # Operand fetches at PC: code lives in ROM or written RAM, never in I/O registers.
    def ImmediateByte(self):  # noqa: N802
        return self.memory[self.pc]

    def ZeroPageAddr(self):  # noqa: N802
        return self.memory[self.pc]

    def ZeroPageXAddr(self):  # noqa: N802
        return (self.x + self.memory[self.pc]) & 0xFF

    def ZeroPageYAddr(self):  # noqa: N802
        return (self.y + self.memory[self.pc]) & 0xFF

    def AbsoluteAddr(self):  # noqa: N802
        memory, pc = self.memory, self.pc
        return memory[pc] | (memory[pc + 1] << 8)

    # -- writes: through the bus -------------------------------------------------------------

    def stPush(self, z):  # noqa: N802
        self.memory[0x100 + self.sp] = z & 0xFF
        self.sp = (self.sp - 1) & 0xFF

    def opSTA(self, x):  # noqa: N802
        self.write(x(), self.a)

    def opSTY(self, x):  # noqa: N802
        self.write(x(), self.y)

    def opSTX(self, y):  # noqa: N802
        self.write(y(), self.x)

    def _rmw(self, x, operation):
        if x is None:
            self.a = operation(self.a)
        else:
            addr = x()
            self.write(addr, operation(self.ByteAt(addr)))

    def opASL(self, x):  # noqa: N802
        def asl(value):
            self.p = (self.p & ~(self.CARRY | self.NEGATIVE | self.ZERO)) | (value >> 7)
            value = (value << 1) & 0xFF
            self.FlagsNZ(value)
            return value

        self._rmw(x, asl)

    def opLSR(self, x):  # noqa: N802
        def lsr(value):
            self.p = (self.p & ~self.CARRY) | (value & 1)
            value >>= 1
            self.FlagsNZ(value)
            return value

        self._rmw(x, lsr)

    def opROL(self, x):  # noqa: N802
        def rol(value):
            carry_in = self.p & self.CARRY
            self.p = (self.p & ~self.CARRY) | (value >> 7)
            value = ((value << 1) | carry_in) & 0xFF
            self.FlagsNZ(value)
            return value

        self._rmw(x, rol)

    def opROR(self, x):  # noqa: N802
        def ror(value):
            carry_in = self.p & self.CARRY
            self.p = (self.p & ~self.CARRY) | (value & 1)
            value = (value >> 1) | (carry_in << 7)
            self.FlagsNZ(value)
            return value

        self._rmw(x, ror)

    def opINCR(self, x):  # noqa: N802
        def inc(value):
            value = (value + 1) & 0xFF
            self.FlagsNZ(value)
            return value

        self._rmw(x, inc)

    def opDECR(self, x):  # noqa: N802
        def dec(value):
            value = (value - 1) & 0xFF
            self.FlagsNZ(value)
            return value

        self._rmw(x, dec)

    # -- the 2A03 has no decimal mode --------------------------------------------------------

    def opADC(self, x):  # noqa: N802
        decimal = self.p & self.DECIMAL
        self.p &= ~self.DECIMAL
        super().opADC(x)
        self.p |= decimal

    def opSBC(self, x):  # noqa: N802
        decimal = self.p & self.DECIMAL
        self.p &= ~self.DECIMAL
        super().opSBC(x)
        self.p |= decimal
