"""The 2C02 PPU as the CPU sees it: eight registers, VRAM, palette RAM, OAM and frame timing.

The model follows the NESdev Wiki pages "PPU registers", "PPU scrolling" (the t/v/x/w
registers), "PPU memory map", "Mirroring" and "PPU frame timing"
(https://www.nesdev.org/wiki/PPU_registers, .../PPU_scrolling, .../PPU_frame_timing). It does
not draw pixels: the picture is made afterwards from a `PPUState` by `romulus_nb.render`.

Time is counted in PPU dots since power-on, three dots per CPU cycle. A frame is 262 lines of
341 dots; odd frames are one dot shorter while rendering is enabled. The vblank flag is set at
line 241 dot 1 and cleared at line 261 (the pre-render line) dot 1.
"""

from __future__ import annotations

import numpy as np

from romulus_nb.emu.sprite_zero import sprite0_hit_pixel
from romulus_nb.nes.hardware import palette_ram_index

DOTS_PER_LINE = 341
LINES_PER_FRAME = 262
DOTS_PER_FRAME = DOTS_PER_LINE * LINES_PER_FRAME  # 89342
DOTS_PER_CPU_CYCLE = 3
POSTRENDER_LINE = 240
VBLANK_LINE = 241
PRERENDER_LINE = 261
#: Writes to PPUCTRL, PPUMASK, PPUSCROLL and PPUADDR are ignored for this many CPU cycles after
#: power-on ("PPU power up state", https://www.nesdev.org/wiki/PPU_power_up_state).
WARMUP_CYCLES = 29658

PPUCTRL, PPUMASK, PPUSTATUS, OAMADDR, OAMDATA, PPUSCROLL, PPUADDR, PPUDATA = range(8)
REGISTER_NAMES = ("PPUCTRL", "PPUMASK", "PPUSTATUS", "OAMADDR", "OAMDATA", "PPUSCROLL", "PPUADDR",
                  "PPUDATA")  # fmt: skip
_WARMUP_IGNORED = frozenset({PPUCTRL, PPUMASK, PPUSCROLL, PPUADDR})

#: Physical 1 KiB nametable page behind each logical nametable $2000/$2400/$2800/$2C00.
MIRRORING_PAGES = {
    "horizontal": (0, 0, 1, 1),
    "vertical": (0, 1, 0, 1),
    "four-screen": (0, 1, 2, 3),
    "single-screen": (0, 0, 0, 0),
}

# Timed events within a frame, in dots from the frame's first dot.
_VBLANK_SET = VBLANK_LINE * DOTS_PER_LINE + 1
_VBLANK_CLEAR = PRERENDER_LINE * DOTS_PER_LINE + 1
_FRAME_END_SHORT = DOTS_PER_FRAME - 1
# Writes closer together than this (in dots, ~100 CPU cycles) belong to one upload.
_UPLOAD_GAP = 300


class Ppu:
    """Register-level model of the PPU.

    Parameters
    ----------
    chr_data : bytes
        8 KiB of CHR-ROM, or empty for 8 KiB of CHR-RAM.
    mirroring : str
        A key of `MIRRORING_PAGES`.
    warmup : bool
        Ignore writes to PPUCTRL, PPUMASK, PPUSCROLL and PPUADDR for `WARMUP_CYCLES` after
        power-on, as the hardware does; False accepts them, as lax emulators do (the writes
        are reported either way).

    Attributes
    ----------
    chr : bytearray
        Pattern tables $0000-$1FFF, 8192 bytes.
    vram : bytearray
        Nametable RAM, four 1 KiB pages (only the pages the mirroring uses are reachable).
    palette : bytearray
        Palette RAM $3F00-$3F1F, 32 bytes, as stored (the $3F10/$14/$18/$1C mirrors folded).
    oam : bytearray
        Object attribute memory, 256 bytes.
    ctrl, mask, oamaddr : int
        Last values written to PPUCTRL, PPUMASK and OAMADDR.
    v, t, x, w : int
        The internal scroll/address registers (15-bit v and t, fine x, write toggle).
    frame : int
        Number of the frame being drawn (0 at power-on).
    writes : list of tuple
        Every CPU write to a PPU register since power-on:
        ``(address, value, cpu_cycle, frame, scanline)``; $4014 (OAM DMA) included.
    events : list of tuple
        Hardware-rule observations ``(kind, frame, scanline, address, pc)`` for the smoke test.
    """

    def __init__(self, chr_data: bytes, mirroring: str, warmup: bool = True):
        self.warmup = warmup
        self.chr_writable = len(chr_data) == 0
        self.chr = bytearray(chr_data) if chr_data else bytearray(0x2000)
        self.mirroring = mirroring
        self.pages = MIRRORING_PAGES[mirroring]
        self.vram = bytearray(0x1000)
        #: 1 where the CPU wrote nametable RAM: the rest holds power-on garbage on hardware.
        self.vram_written = bytearray(0x1000)
        self.palette_written = bytearray(32)
        self.palette = bytearray(32)
        self.oam = bytearray(256)
        self.ctrl = self.mask = self.status = self.oamaddr = 0
        self.v = self.t = self.x = self.w = 0
        self.read_buffer = 0
        self.open_bus = 0
        self.frame = 0
        self.frame_start = 0  # dot of line 0, dot 0 of the current frame
        self.nmi_pending = False
        self.nmi_count = 0
        #: Timed events applied so far; an idle loop is only timed between two equal counts.
        self.events_fired = 0
        self.first_render_frame: int | None = None
        self._sprite0: int | None = None  # dot of this frame's sprite 0 hit
        self._sprite0_key: tuple | None = None
        self._sprite0_pixel: tuple[int, int] | None = None
        self._pattern_version = 0  # +1 at every PPUDATA write (CHR-RAM or nametables)
        #: When set to N > 0, keep a snapshot of nametables and palette every N PPUDATA writes.
        self.film_every = 0
        self.film: list[tuple[int, int, bytes, bytes]] = []
        self._film_writes = 0
        self._suppress_frame = -1
        self._upload_kind, self._upload_dot = "off", 0
        self._phase = 0  # 0: before vblank set, 1: before vblank clear, 2: before frame end
        self.next_event_dot = _VBLANK_SET
        #: CPU cycle at which the machine must next look at the PPU (events or a pending NMI).
        self.wake_cycle = -(-_VBLANK_SET // DOTS_PER_CPU_CYCLE)
        self.writes: list[tuple[int, int, int, int, int]] = []
        self.events: list[tuple[str, int, int, int, int]] = []
        self.frame_listeners: list = []

    # -- timing -----------------------------------------------------------------------------

    def catch_up(self, dot: int) -> None:
        """Apply every timed event (vblank set/clear, frame end) up to and including ``dot``."""
        while dot >= self.next_event_dot:
            self._fire_event()
        self._update_wake()

    def _fire_event(self) -> None:
        self.events_fired += 1
        phase = self._phase
        if phase == 0:
            if self._suppress_frame != self.frame:
                self.status |= 0x80
                if self.ctrl & 0x80:
                    self.nmi_pending = True
            self._phase = 1
            self.next_event_dot = self.frame_start + _VBLANK_CLEAR
        elif phase == 1:
            self.status &= 0x1F  # vblank, sprite 0 hit and overflow all clear at dot 1
            self._phase = 2
            self.next_event_dot = self.frame_start + _FRAME_END_SHORT
        else:
            # Odd frames skip one dot of the pre-render line when rendering is enabled; the
            # others end one dot later.
            length = self.next_event_dot - self.frame_start
            if length == _FRAME_END_SHORT and not (self.frame & 1 and self.mask & 0x18):
                self.next_event_dot += 1
                return
            self.frame_start += length
            self.frame += 1
            self._phase = 0
            self._find_sprite0_hit()
            self.next_event_dot = self.frame_start + _VBLANK_SET
            for listener in self.frame_listeners:
                listener(self.frame)

    def _update_wake(self) -> None:
        if self.nmi_pending:
            self.wake_cycle = 0
        else:
            self.wake_cycle = -(-self.next_event_dot // DOTS_PER_CPU_CYCLE)

    def sprite0_hit_dot(self) -> int | None:
        """Dot of this frame's sprite 0 hit, or None (https://www.nesdev.org/wiki/PPU_OAM).

        A model, not a dot-by-dot PPU: worked out when the frame begins, from the state then,
        as the first pixel in rendering order where an opaque pixel of sprite 0 covers an
        opaque background pixel; never at x = 255 nor, with either layer clipped, at x < 8.
        The flag rises one dot after that pixel is output.
        """
        return self._sprite0

    def _find_sprite0_hit(self) -> None:
        # The search costs ~100 pixel tests; most frames change none of what it reads.
        key = (bytes(self.oam[0:4]), self.ctrl, self.mask, self.t, self.x, self._pattern_version)
        if key == self._sprite0_key:
            pixel = self._sprite0_pixel
        else:
            pixel = self._sprite0_pixel = sprite0_hit_pixel(self)
            self._sprite0_key = key
        self._sprite0 = (
            None if pixel is None else self.frame_start + pixel[0] * DOTS_PER_LINE + pixel[1] + 2
        )

    def sprite0_hit_cycle(self) -> int | None:
        """CPU cycle of this frame's sprite 0 hit while the flag is still clear (for idle-loop
        skipping), else None."""
        if self.status & 0x40 or self._phase >= 2:
            return None
        dot = self.sprite0_hit_dot()
        # A hit already past but not yet read still changes the next read: keep it.
        return None if dot is None else dot // DOTS_PER_CPU_CYCLE

    def scanline_at(self, dot: int) -> int:
        """Scanline (0-261) of ``dot`` in the current frame; 0-239 are visible, 241-260 vblank."""
        return min((dot - self.frame_start) // DOTS_PER_LINE, PRERENDER_LINE)

    @property
    def rendering(self) -> bool:
        """True when PPUMASK shows the background or the sprites."""
        return bool(self.mask & 0x18)

    # -- the CPU's view: registers $2000-$2007 ----------------------------------------------

    def read_register(self, reg: int, cycle: int) -> int:
        """The CPU reads register ``reg`` (0-7) at CPU cycle ``cycle``."""
        if reg == PPUSTATUS:
            dot = cycle * DOTS_PER_CPU_CYCLE
            self.catch_up(dot)
            set_dot = self.frame_start + _VBLANK_SET
            if dot == set_dot - 1:
                # One dot before the flag rises: read as clear, and the flag never rises.
                self._suppress_frame = self.frame
            elif set_dot <= dot <= set_dot + 1 and self._phase == 1:
                self.nmi_pending = False
                self._update_wake()
            if self._phase < 2 and self.status & 0x40 == 0:
                hit = self.sprite0_hit_dot()
                if hit is not None and hit <= dot:
                    self.status |= 0x40
            value = (self.status & 0xE0) | (self.open_bus & 0x1F)
            self.status &= 0x7F
            self.w = 0
        elif reg == OAMDATA:
            value = self.oam[self.oamaddr]
            if self.oamaddr & 3 == 2:
                value &= 0xE3  # attribute bits 2-4 do not exist
        elif reg == PPUDATA:
            addr = self.v & 0x3FFF
            if addr >= 0x3F00:
                value = (self.palette[palette_ram_index(addr)] & 0x3F) | (self.open_bus & 0xC0)
                self.read_buffer = self._vram_read(addr - 0x1000)
            else:
                value = self.read_buffer
                self.read_buffer = self._vram_read(addr)
            self.v = (self.v + (32 if self.ctrl & 0x04 else 1)) & 0x7FFF
        else:
            value = self.open_bus  # write-only register: the data bus latch
        self.open_bus = value
        return value

    def write_register(self, reg: int, value: int, cycle: int, pc: int) -> None:
        """The CPU writes ``value`` to register ``reg`` (0-7) at CPU cycle ``cycle``."""
        dot = cycle * DOTS_PER_CPU_CYCLE
        if dot >= self.next_event_dot:
            self.catch_up(dot)
        line = self.scanline_at(dot)
        self.writes.append((0x2000 + reg, value, cycle, self.frame, line))
        self.open_bus = value
        if cycle < WARMUP_CYCLES and reg in _WARMUP_IGNORED:
            # Zero to PPUCTRL/PPUMASK restates the power-on state (the usual reset code): harmless.
            if value or reg in (PPUSCROLL, PPUADDR):
                self.events.append(("warmup", self.frame, line, 0x2000 + reg, pc))
            if self.warmup:
                return
        if reg == PPUCTRL:
            if value & 0x80 and not self.ctrl & 0x80 and self.status & 0x80:
                self.nmi_pending = True  # enabling NMI inside vblank fires it at once
                self.wake_cycle = 0
            self.ctrl = value
            self.t = (self.t & 0x73FF) | ((value & 0x03) << 10)
        elif reg == PPUMASK:
            self.mask = value
            if value & 0x18 and self.first_render_frame is None:
                self.first_render_frame = self.frame
        elif reg == OAMADDR:
            self.oamaddr = value
        elif reg == OAMDATA:
            self._note_upload(line, 0x2004, pc, dot)
            self.oam[self.oamaddr] = value
            self.oamaddr = (self.oamaddr + 1) & 0xFF
        elif reg == PPUSCROLL:
            if self.w == 0:
                self.t = (self.t & 0x7FE0) | (value >> 3)
                self.x = value & 0x07
            else:
                self.t = (self.t & 0x0C1F) | ((value & 0x07) << 12) | ((value & 0xF8) << 2)
            self.w ^= 1
        elif reg == PPUADDR:
            if self.w == 0:
                self.t = (self.t & 0x00FF) | ((value & 0x3F) << 8)
            else:
                self.t = (self.t & 0x7F00) | value
                self.v = self.t
            self.w ^= 1
        elif reg == PPUDATA:
            self._note_upload(line, 0x2007, pc, dot)
            self._vram_write(self.v & 0x3FFF, value)
            if self.film_every:
                self._film_writes += 1
                if self._film_writes % self.film_every == 0:
                    self.snapshot_film(line)
            self.v = (self.v + (32 if self.ctrl & 0x04 else 1)) & 0x7FFF

    def oam_dma(self, page_number: int, page: bytes, cycle: int, pc: int) -> None:
        """$4014: copy the 256 bytes of CPU page ``page_number`` into OAM from OAMADDR on."""
        dot = cycle * DOTS_PER_CPU_CYCLE
        if dot >= self.next_event_dot:
            self.catch_up(dot)
        line = self.scanline_at(dot)
        self.writes.append((0x4014, page_number, cycle, self.frame, line))
        self._note_upload(line, 0x4014, pc, dot)
        start = self.oamaddr
        self.oam[start:] = page[: 256 - start]
        self.oam[:start] = page[256 - start :]

    def snapshot_film(self, line: int) -> None:
        """Keep ``(frame, scanline, vram, palette)`` for the frame-by-frame view."""
        entry = (self.frame, line, bytes(self.vram), bytes(self.palette))
        if not self.film or self.film[-1][2:] != entry[2:]:
            self.film.append(entry)

    def _note_upload(self, line: int, address: int, pc: int, dot: int) -> None:
        """Classify a VRAM/OAM upload for the hardware-rule warnings.

        A write outside vblank with rendering on is an *overrun* when it continues, without a
        pause, a run of writes that began inside vblank; otherwise it is a write while rendering.
        """
        if POSTRENDER_LINE <= line < PRERENDER_LINE:
            kind = "vblank"  # the post-render line is idle too: safe, if early
        elif not self.mask & 0x18:
            kind = "off"
        elif self._upload_kind in ("vblank", "overrun") and dot - self._upload_dot < _UPLOAD_GAP:
            kind = "overrun"
        else:
            kind = "rendering"
        if kind in ("overrun", "rendering"):
            self.events.append((kind, self.frame, line, address, pc))
        self._upload_kind, self._upload_dot = kind, dot

    # -- PPU address space ------------------------------------------------------------------

    def _nametable_offset(self, addr: int) -> int:
        addr &= 0x0FFF
        return (self.pages[addr >> 10] << 10) | (addr & 0x03FF)

    def _vram_read(self, addr: int) -> int:
        if addr < 0x2000:
            return self.chr[addr]
        if addr < 0x3F00:
            return self.vram[self._nametable_offset(addr)]
        return self.palette[palette_ram_index(addr)]

    def _vram_write(self, addr: int, value: int) -> None:
        self._pattern_version += 1
        if addr < 0x2000:
            if self.chr_writable:
                self.chr[addr] = value
        elif addr < 0x3F00:
            offset = self._nametable_offset(addr)
            self.vram[offset] = value
            self.vram_written[offset] = 1
        else:
            index = palette_ram_index(addr)
            self.palette[index] = value & 0x3F
            self.palette_written[index] = 1

    def peek(self, addr: int) -> int:
        """Read PPU address ``addr`` ($0000-$3FFF) without side effects."""
        return self._vram_read(addr & 0x3FFF)

    # -- snapshots ---------------------------------------------------------------------------

    def logical_nametables(self) -> np.ndarray:
        """The four logical nametables $2000/$2400/$2800/$2C00, ``(4, 1024) uint8``."""
        pages = np.frombuffer(bytes(self.vram), dtype=np.uint8).reshape(4, 1024)
        return pages[list(self.pages)].copy()

    def scroll(self) -> tuple[int, int]:
        """``(scroll_x 0-511, scroll_y 0-479)`` the next frame starts from, read from t and x."""
        t = self.t
        scroll_x = ((t & 0x1F) << 3 | self.x) + (256 if t & 0x0400 else 0)
        coarse_y = (t >> 5) & 0x1F
        scroll_y = ((coarse_y << 3) | (t >> 12) & 0x07) % 240 + (240 if t & 0x0800 else 0)
        return scroll_x, scroll_y
