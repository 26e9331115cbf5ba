"""The CPU memory map of an NROM NES (https://www.nesdev.org/wiki/CPU_memory_map).

| range       | device                                                            |
|-------------|-------------------------------------------------------------------|
| $0000-$07FF | 2 KiB internal RAM, mirrored three times up to $1FFF              |
| $2000-$2007 | PPU registers, mirrored every 8 bytes up to $3FFF                 |
| $4000-$4017 | APU and I/O: writes accepted, $4014 OAM DMA, $4016/$4017 joypads  |
| $6000-$7FFF | PRG-RAM (accepted; most NROM boards have none)                    |
| $8000-$FFFF | PRG-ROM, a 16 KiB bank mirrored at $C000 for NROM-128              |

`mem` is one flat list the CPU indexes directly. Plain bytes live there for internal RAM
($0000-$07FF), PRG-RAM and PRG-ROM; everything else holds a marker >= $100 so that a read takes
`read_slow`: RAM mirrors and registers hold `MARKER`, RAM never written holds ``$200 | value``.
"""

from __future__ import annotations

from romulus_nb.emu.cartridge import Cartridge
from romulus_nb.emu.cpu import MARKER
from romulus_nb.emu.ppu import Ppu
from romulus_nb.nes.hardware import JOYPAD1, JOYPAD2, OAMDMA, PPUCTRL

UNWRITTEN = 0x200
#: OAM DMA stalls the CPU for 513 cycles, 514 when it starts on an odd cycle
#: (https://www.nesdev.org/wiki/PPU_registers#OAMDMA).
OAM_DMA_CYCLES = 513

#: Standard controller report order, one bit per read of $4016 (https://www.nesdev.org/wiki/Standard_controller).
BUTTONS = ("a", "b", "select", "start", "up", "down", "left", "right")


class Bus:
    """Memory map, joypad 1 and OAM DMA.

    Parameters
    ----------
    cartridge : Cartridge
    ppu : Ppu

    Attributes
    ----------
    mem : list of int
        $10002 entries (two of padding so a word read at $FFFF stays in range).
    buttons : int
        Buttons held on joypad 1, bit 0 = A ... bit 7 = Right (`BUTTONS` order).
    uninitialized_reads : dict
        ``{address: pc}`` of the first read of each RAM byte never written.
    cpu : Cpu
        Plugged in by the machine once the CPU exists (it needs the bus first).
    """

    def __init__(self, cartridge: Cartridge, ppu: Ppu):
        self.ppu = ppu
        self.cpu = None
        self.buttons = 0
        self._shift = 0
        self._strobe = 0
        self.uninitialized_reads: dict[int, int] = {}
        mem = [MARKER] * 0x10002
        mem[0x0000:0x0800] = [UNWRITTEN] * 0x0800
        mem[0x6000:0x8000] = [UNWRITTEN] * 0x2000
        prg = list(cartridge.prg)
        if len(prg) == 0x4000:
            prg = prg + prg
        mem[0x8000:0x10000] = prg
        self.mem = mem

    # -- the access time of the current instruction ------------------------------------------

    def access_cycle(self) -> int:
        """CPU cycle of the current instruction's memory access: its last cycle."""
        cpu = self.cpu
        opcode = self.mem[cpu.at]
        return cpu.processorCycles + cpu.cycletime[opcode] + cpu.excycles - 1

    # -- reads that are not plain bytes ------------------------------------------------------

    def read_slow(self, addr: int) -> int:
        """Read ``addr`` whose list entry is a marker."""
        mem = self.mem
        if addr < 0x2000 or 0x6000 <= addr < 0x8000:
            ram = addr & 0x07FF if addr < 0x2000 else addr
            value = mem[ram]
            if value >= UNWRITTEN:
                value &= 0xFF
                self.uninitialized_reads.setdefault(ram, self.cpu.at)
                mem[ram] = value  # report each byte once
            return value
        if addr < 0x4000:
            return self.ppu.read_register(PPUCTRL | (addr & 7), self.access_cycle())
        if addr == JOYPAD1:
            return 0x40 | self._read_joypad()
        if addr == JOYPAD2:
            return 0x40  # no second controller
        return addr >> 8  # open bus: the last byte on the data bus was the address' high byte

    def _read_joypad(self) -> int:
        if self._strobe:
            return self.buttons & 1
        bit = self._shift & 1
        self._shift = (self._shift >> 1) | 0x80  # official pads report 1 after eight reads
        return bit

    # -- writes ------------------------------------------------------------------------------

    def write(self, addr: int, value: int) -> None:
        """The CPU stores ``value`` at ``addr``."""
        if addr < 0x0800:
            self.mem[addr] = value
        elif addr < 0x2000:
            self.mem[addr & 0x07FF] = value
        elif addr < 0x4000:
            self.ppu.write_register(PPUCTRL | (addr & 7), value, self.access_cycle(), self.cpu.at)
        elif addr == OAMDMA:
            self._oam_dma(value)
        elif addr == JOYPAD1:
            self._strobe = value & 1
            if self._strobe:
                self._shift = self.buttons
        elif 0x6000 <= addr < 0x8000:
            self.mem[addr] = value
        # APU registers and PRG-ROM: accepted, no effect

    def _oam_dma(self, page_number: int) -> None:
        base = page_number << 8
        chunk = self.mem[base & 0x07FF : (base & 0x07FF) + 256] if base < 0x2000 else []
        if len(chunk) == 256 and max(chunk) < MARKER:
            page = bytes(chunk)  # the usual case: a shadow OAM page in RAM, all written
        else:
            page = bytes(self.read_dma(base + i) for i in range(256))
        cycle = self.access_cycle()
        self.ppu.oam_dma(page_number, page, cycle, self.cpu.at)
        self.cpu.excycles += OAM_DMA_CYCLES + (cycle & 1)

    def read_dma(self, addr: int) -> int:
        value = self.mem[addr]
        if value < MARKER:
            return value
        if addr >= 0x2000 and not 0x6000 <= addr < 0x8000:
            return addr >> 8  # DMA from registers: not modelled, read as open bus
        return self.read_slow(addr)

    def peek(self, addr: int) -> int:
        """The byte at ``addr`` without side effects (RAM, PRG; 0 for registers)."""
        addr &= 0xFFFF
        if addr < 0x2000:
            return self.mem[addr & 0x07FF] & 0xFF
        value = self.mem[addr]
        return value & 0xFF if value != MARKER else 0
