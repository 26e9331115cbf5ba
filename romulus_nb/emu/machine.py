"""The NES: CPU + memory map + PPU + joypad, a run loop, NMI, and idle-loop skipping.

Idle-loop skipping, as fast emulators do it: when the CPU branches back into a short loop that
only reads RAM or PPUSTATUS and tests what it read (``: bit $2002 / bpl :-`` or
``: lda flag / beq :-``), every further iteration repeats the same reads, cycles and register
values until something outside the loop changes: a PPU event (vblank set or cleared, frame
end, sprite 0 hit) or the NMI it raises. Once the CPU has made one whole pass (timed from the
loop's code, and checked against the clock) with no event in between, we move the clock forward
by whole passes to just before the next event and let the CPU run the last ones itself, so the
machine ends in exactly the state it reaches without skipping (`NES(..., skip_idle=False)`).
"""

from __future__ import annotations

from romulus_nb.emu.bus import Bus
from romulus_nb.emu.buttons import ButtonSpec, button_mask, parse_buttons
from romulus_nb.emu.cartridge import Cartridge, load_cartridge
from romulus_nb.emu.cpu import MARKER, Cpu, CpuHalt
from romulus_nb.emu.ppu import DOTS_PER_CPU_CYCLE, DOTS_PER_FRAME, Ppu
from romulus_nb.emu.state import PPUState
from romulus_nb.nes.hardware import MASK_RENDERING, PPUCTRL, PPUSTATUS

_BRANCHES = (0x10, 0x30, 0x50, 0x70, 0x90, 0xB0, 0xD0, 0xF0)
_JMP_ABS = 0x4C
# Reads that leave no trace: loads, compares, BIT, AND/ORA (idempotent on a fixed value).
_IDLE_READS = frozenset({"LDA", "LDX", "LDY", "BIT", "CMP", "CPX", "CPY", "AND", "ORA"})
_IDLE_MODES = {"imm": 2, "zpg": 2, "abs": 3}
_MAX_LOOP_BYTES = 16
_FIRST_USE = {0xD8: "cld", 0x9A: "txs", 0x20: "stack", 0x48: "stack", 0x08: "stack"}
_RTI = 0x40
#: An NMI handler still running this many frames after it began is stuck (lag frames end).
_STUCK_FRAMES = 3


class NES:
    """A mapper-0 NES running on py65.

    Parameters
    ----------
    rom : bytes, str, Path or Cartridge
        An iNES image.
    buttons : dict, list or str, optional
        Joypad 1 script, see `romulus_nb.emu.buttons.parse_buttons`.
    skip_idle : bool
        Fast-forward idle loops (same results, fewer instructions executed by Python).
    stop_on_brk : bool
        Treat BRK as a crash (the usual meaning in a ROM that never uses it) and stop.
    warmup : bool
        Model the PPU's warm-up (writes ignored for 29658 cycles after power-on); False runs
        the ROM as a lax emulator would.

    Attributes
    ----------
    cpu : Cpu
    ppu : Ppu
    bus : Bus
    instructions : int
        Instructions executed, counting skipped idle iterations.
    halt : CpuHalt or None
        Why the CPU stopped (BRK, illegal opcode, execution from registers or unwritten RAM).
    """

    def __init__(
        self,
        rom,
        buttons: ButtonSpec = None,
        skip_idle: bool = True,
        stop_on_brk: bool = True,
        warmup: bool = True,
    ):
        self.cartridge = rom if isinstance(rom, Cartridge) else load_cartridge(rom)
        self.ppu = Ppu(self.cartridge.chr, self.cartridge.mirroring, warmup=warmup)
        self.bus = Bus(self.cartridge, self.ppu)
        self.cpu = Cpu(self.bus, stop_on_brk=stop_on_brk)
        self.bus.cpu = self.cpu
        self.skip_idle = skip_idle
        self.instructions = 0
        self.skipped_instructions = 0
        self.halt: CpuHalt | None = None
        self.script = parse_buttons(buttons)
        self.bus.buttons = self.script.get(0, 0)
        self.ppu.frame_listeners.append(self._on_frame)
        self.ppu.vblank_listeners.append(self._on_vblank)
        #: Loop start -> (cycles, instructions, reads PPUSTATUS) of one pass, or False: not an
        #: idle loop.
        self._idle_cache: dict[int, tuple[int, int, bool] | bool] = {}
        self._idle_signal = -1
        self._idle_mark = None
        #: Order (0, 1, ...) in which CLD, TXS, the first stack use (JSR/PHA/PHP) and NMI came.
        self.first_seen: dict[str, int] = {}
        #: First frame in which the CPU sat in an idle loop with rendering on.
        self.idle_frame: int | None = None
        #: Frames in which the NMI handlers still running began (RTI removes the latest).
        self.nmi_frames: list[int] = []
        for opcode in (*_BRANCHES, _JMP_ABS):
            self.cpu.instruct[opcode] = self._hook_backward_jump(self.cpu.instruct[opcode])
        for opcode, name in _FIRST_USE.items():
            self.cpu.instruct[opcode] = self._hook_first_use(opcode, name)
        self.cpu.instruct[_RTI] = self._hook_rti(self.cpu.instruct[_RTI])

    # -- public ------------------------------------------------------------------------------

    @property
    def cycles(self) -> int:
        """CPU cycles since power-on."""
        return self.cpu.processorCycles

    @property
    def frame(self) -> int:
        """The frame being drawn (0 at power-on)."""
        return self.ppu.frame

    def run_frames(self, frames: int) -> bool:
        """Run until ``frames`` more frames have ended; False if the CPU halted first."""
        target = self.ppu.frame + frames
        while self.ppu.frame < target and self.halt is None:
            end_dot = self.ppu.frame_start + DOTS_PER_FRAME
            self.run_until(-(-end_dot // DOTS_PER_CPU_CYCLE))
        return self.halt is None

    def state(self) -> PPUState:
        """A `PPUState` snapshot of the PPU now."""
        return PPUState.capture(self.ppu, self.cycles, halted=self.halt is not None)

    def nmi_stuck_since(self) -> int | None:
        """The frame in which an NMI handler that has not returned for `_STUCK_FRAMES` frames
        began, or None."""
        if self.nmi_frames and self.ppu.frame - self.nmi_frames[0] >= _STUCK_FRAMES:
            return self.nmi_frames[0]
        return None

    def press(self, buttons, frames: int = 1) -> None:
        """Hold ``buttons`` (e.g. ``"start"``) on joypad 1 during the next ``frames`` frames."""
        mask = button_mask(buttons)
        for frame in range(self.ppu.frame + 1, self.ppu.frame + 1 + frames):
            self.script[frame] = self.script.get(frame, 0) | mask

    def run_until(self, cycle: int) -> bool:
        """Run until the first instruction boundary at or after CPU cycle ``cycle``."""
        if self.halt is None:
            self._run(cycle)
            self.ppu.catch_up(self.cpu.processorCycles * DOTS_PER_CPU_CYCLE)
        return self.halt is None

    # -- the run loop ------------------------------------------------------------------------

    def _run(self, until: int) -> None:
        cpu, ppu = self.cpu, self.ppu
        mem = cpu.memory
        instruct, cycletime, extracycles = cpu.instruct, cpu.cycletime, cpu.extracycles
        cycles, count = cpu.processorCycles, self.instructions
        try:
            while cycles < until:
                if cycles >= ppu.wake_cycle:
                    cycles, count = self._service(cycles, count, until)
                    if cycles >= until:
                        break
                pc = cpu.pc
                cpu.at = pc
                cpu.processorCycles = cycles
                opcode = mem[pc]
                cpu.pc = pc + 1
                cpu.excycles = 0
                cpu.addcycles = extracycles[opcode]
                instruct[opcode](cpu)
                cpu.pc &= 0xFFFF
                cycles += cycletime[opcode] + cpu.excycles
                count += 1
        except CpuHalt as halt:
            self.halt = halt
        except (IndexError, TypeError):
            # Operands or addresses made of markers: the CPU is running through garbage.
            self.halt = CpuHalt("garbage", cpu.at, mem[cpu.at & 0xFFFF] & 0xFF)
        finally:
            cpu.processorCycles = cycles
            self.instructions = count

    def _service(self, cycles: int, count: int, until: int) -> tuple[int, int]:
        """Deliver PPU events and NMI; fast-forward a timed idle loop."""
        cpu, ppu = self.cpu, self.ppu
        ppu.catch_up(cycles * DOTS_PER_CPU_CYCLE)
        if ppu.nmi_pending:
            ppu.nmi_pending = False
            ppu.nmi_count += 1
            cpu.processorCycles = cycles
            self.first_seen.setdefault("stack", len(self.first_seen))
            self.first_seen.setdefault("nmi", len(self.first_seen))
            cpu.nmi()
            if len(self.nmi_frames) < 256:  # nested beyond the stack's depth: stuck anyway
                self.nmi_frames.append(ppu.frame)
            cycles = cpu.processorCycles
            ppu._update_wake()
            self._idle_mark = None
        elif self._idle_signal == cpu.pc:
            if self.idle_frame is None and ppu.mask & MASK_RENDERING:
                self.idle_frame = ppu.frame
            if not self.skip_idle:
                self._idle_signal = -1
                return cycles, count
            mark = (cpu.pc, ppu.nmi_count, ppu.events_fired)
            period, length, reads_status = self._idle_cache[cpu.pc]
            if (
                self._idle_mark is not None
                and self._idle_mark[0] == mark
                and (cycles - self._idle_mark[1], count - self._idle_mark[2]) == (period, length)
            ):
                # Exactly one pass of the loop since the mark, and nothing else happened.
                event = min(ppu.wake_cycle, until)
                # Sprite 0 hit and overflow only matter to a loop that reads PPUSTATUS.
                flag = ppu.flag_event_cycle() if reads_status else None
                if flag is not None:
                    event = min(event, flag)
                skip = (event - cycles) // period - 1
                if skip > 0:
                    cycles += skip * period
                    count += skip * length
                    self.skipped_instructions += skip * length
                self._idle_mark = None
            else:
                self._idle_mark = (mark, cycles, count)
        self._idle_signal = -1
        return cycles, count

    def _on_frame(self, frame: int) -> None:
        self.bus.buttons = self.script.get(frame, 0)

    def _on_vblank(self, next_frame: int) -> None:
        # Script frame k is what the NMI at the vblank before frame k reads, as on a console
        # (and in cynes, whose frame k begins at that vblank): its effect shows in frame k.
        self.bus.buttons = self.script.get(next_frame, 0)

    # -- idle loops --------------------------------------------------------------------------

    def _hook_backward_jump(self, original):
        cpu, ppu, cache = self.cpu, self.ppu, self._idle_cache

        def hooked(_cpu):
            after_opcode = cpu.pc
            original(cpu)
            target = cpu.pc
            if target < after_opcode:
                idle = cache.get(target)
                if idle is None:
                    idle = cache[target] = self._is_idle_loop(target, cpu.at) or False
                if idle and (self.skip_idle or self.idle_frame is None):
                    self._idle_signal = target
                    ppu.wake_cycle = 0

        return hooked

    def _hook_rti(self, original):
        """RTI ends the latest NMI handler still running."""
        cpu, frames = self.cpu, self.nmi_frames

        def hooked(_cpu):
            if frames:
                frames.pop()
            original(cpu)

        return hooked

    def _hook_first_use(self, opcode: int, name: str):
        """Note the first execution of ``opcode`` as ``name``, then step out of the way."""
        cpu, original = self.cpu, self.cpu.instruct[opcode]

        def hooked(_cpu):
            self.first_seen.setdefault(name, len(self.first_seen))
            cpu.instruct[opcode] = original
            original(cpu)

        return hooked

    def _is_idle_loop(self, start: int, jump_at: int) -> tuple[int, int, bool] | None:
        """``(cycles, instructions, reads PPUSTATUS)`` of one pass of the loop
        ``start``..``jump_at``, if it is a straight run of side-effect-free reads (exits allowed)
        ending in the jump back."""
        if start < 0x8000 or jump_at - start > _MAX_LOOP_BYTES:
            return None  # code in RAM may be rewritten; keep it simple
        cpu = self.cpu
        mem, disassemble = cpu.memory, cpu.disassemble
        end = jump_at + (3 if mem[jump_at] == _JMP_ABS else 2)
        pc, cycles, length, reads_status = start, 0, 0, False
        while pc < jump_at:
            opcode = mem[pc]
            if opcode >= MARKER:
                return None
            name, mode = disassemble[opcode]
            if opcode in _BRANCHES:
                offset = mem[pc + 1]
                target = (pc + 2 + offset - (0x100 if offset & 0x80 else 0)) & 0xFFFF
                if start <= target < end:
                    return None  # a branch within the loop: more than one path
                size = 2
            elif name == "NOP":
                size = 1
            elif name in _IDLE_READS and mode in _IDLE_MODES:
                if mode == "abs":
                    addr = mem[pc + 1] | (mem[pc + 2] << 8)
                    status = 0x2000 <= addr < 0x4000 and PPUCTRL | addr & 7 == PPUSTATUS
                    if not (addr < 0x0800 or status):
                        return None
                    reads_status |= status
                size = _IDLE_MODES[mode]
            else:
                return None
            cycles += cpu.cycletime[opcode]
            length += 1
            pc += size
        if pc != jump_at:
            return None
        if mem[jump_at] == _JMP_ABS:
            cycles += 3
        else:  # a taken branch: 3 cycles, 4 when the target is in another page
            cycles += 3 + ((end ^ start) >> 8 != 0)
        return cycles, length + 1, reads_status


def run(rom, frames: int = 60, buttons: ButtonSpec = None, *, skip_idle: bool = True) -> PPUState:
    """Power ``rom`` on, run ``frames`` frames and return the `PPUState` (no verdict; see
    `romulus_nb.emu.smoke.smoke_test` for that)."""
    nes = NES(rom, buttons=buttons, skip_idle=skip_idle)
    nes.run_frames(frames)
    return nes.state()
