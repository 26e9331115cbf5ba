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

from romulus_nb.emu import scroll
from romulus_nb.emu.scroll import (
    DOTS_PER_FRAME,
    DOTS_PER_LINE,
    LINES_PER_FRAME,
    PRERENDER_LINE,
    increment_x,
    increment_y,
    line_registers,
    line_state,
    predicted_segments,
)
from romulus_nb.emu.sprite_zero import overflow_dot, sprite0_hit_pixel
from romulus_nb.nes.hardware import (
    CTRL_INCREMENT_32,
    CTRL_NAMETABLE,
    CTRL_NMI,
    MASK_RENDERING,
    OAMADDR,
    OAMDATA,
    OAMDMA,
    PALETTE_BASE,
    PPUADDR,
    PPUCTRL,
    PPUDATA,
    PPUMASK,
    PPUSCROLL,
    PPUSTATUS,
    SCREEN_HEIGHT,
    STATUS_OVERFLOW,
    STATUS_SPRITE0_HIT,
    STATUS_VBLANK,
    V_COARSE_X,
    V_COARSE_Y,
    V_FINE_Y,
    V_MASK,
    V_NAMETABLE,
    V_NAMETABLE_X,
    V_NAMETABLE_Y,
    palette_ram_index,
)

FINE_X = 0x07  # the low 3 bits of a PPUSCROLL X or Y: fine x, fine Y
_PPU_ADDRESS = 0x3FFF  # v's low 14 bits address the PPU bus

__all__ = ["DOTS_PER_FRAME", "DOTS_PER_LINE", "LINES_PER_FRAME", "PRERENDER_LINE", "Ppu"]

DOTS_PER_CPU_CYCLE = 3
POSTRENDER_LINE = SCREEN_HEIGHT
VBLANK_LINE = POSTRENDER_LINE + 1
#: Writes to PPUCTRL, PPUMASK, PPUSCROLL and PPUADDR are ignored for this many CPU cycles after
#: power-on ("PPU power up state", https://www.nesdev.org/wiki/PPU_power_up_state).
WARMUP_CYCLES = 29658

_WARMUP_IGNORED = frozenset({PPUCTRL, PPUMASK, PPUSCROLL, PPUADDR})
_STATUS_FLAGS = STATUS_VBLANK | STATUS_SPRITE0_HIT | STATUS_OVERFLOW
_FLAGS_CACHE_SIZE = 16
#: The last line whose writes can still change a visible line (the next one).
_LAST_SPLIT_LINE = SCREEN_HEIGHT - 2

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
        The internal scroll/address registers (15-bit v and t, fine x, write toggle); v is
        brought up to date with rendering (`sync_v`) whenever the CPU touches a register.
    segments : list of tuple
        This frame's register changes that reach a visible line (see `romulus_nb.emu.scroll`).
    last_segments : list of tuple or None
        The segments of the last completed frame: what the screen shows now.
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
        self._v_position = 0  # frame position up to which v follows rendering
        self.read_buffer = 0
        self.open_bus = 0
        self.frame = 0
        self.frame_start = 0  # dot of line 0, dot 0 of the current frame
        self.nmi_pending = False
        self.nmi_count = 0
        #: Timed events applied so far; an idle loop is only timed between two equal counts.
        self.events_fired = 0
        self.first_render_frame: int | None = None
        self.segments: list[tuple] = self._frame_segments()
        self.last_segments: list[tuple] | None = None
        #: (chr, vram, palette, oam) as the visible lines of the last completed frame ended,
        #: and of this frame once its vblank began: what the picture on screen was drawn from.
        self.last_memories: tuple[bytes, bytes, bytes, bytes] | None = None
        self._frame_memories: tuple[bytes, bytes, bytes, bytes] | None = None
        #: (segments, OAM, pattern version) -> flags: a split frame repeats a few of them.
        self._flags_cache: dict[tuple, tuple] = {}
        self._picture_cache: dict[tuple, tuple] = {}  # the same key -> `picture_lines`
        #: Set when segments, OAM or VRAM may have changed: the flags' key is looked at again.
        self._flags_dirty = True
        self._flags: tuple = (None, None, None)  # frame positions of hit and overflow, pixel
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
        #: Called at the start of vblank with the number of the frame that comes next.
        self.vblank_listeners: list = []

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
                self.status |= STATUS_VBLANK
                if self.ctrl & CTRL_NMI:
                    self.nmi_pending = True
            # The picture is complete: keep what it was drawn from before vblank uploads change it.
            self._frame_memories = self.memories()
            for listener in self.vblank_listeners:  # before the NMI handler runs
                listener(self.frame + 1)
            self._phase = 1
            self.next_event_dot = self.frame_start + _VBLANK_CLEAR
        elif phase == 1:
            self.status &= ~_STATUS_FLAGS  # vblank, sprite 0 hit and overflow all clear at dot 1
            self._phase = 2
            self.next_event_dot = self.frame_start + _FRAME_END_SHORT
        else:
            # Odd frames skip one dot of the pre-render line when rendering is enabled; the
            # others end one dot later.
            length = self.next_event_dot - self.frame_start
            if length == _FRAME_END_SHORT and not (self.frame & 1 and self.mask & MASK_RENDERING):
                self.next_event_dot += 1
                return
            self.sync_v(self.next_event_dot)
            self.frame_start += length
            self.frame += 1
            self._phase = 0
            self._v_position = 0
            self.last_segments = self.segments
            self.last_memories = self._frame_memories
            self.segments = self._frame_segments()
            self._flags_dirty = True
            self.next_event_dot = self.frame_start + _VBLANK_SET
            for listener in self.frame_listeners:
                listener(self.frame)

    def _update_wake(self) -> None:
        if self.nmi_pending:
            self.wake_cycle = 0
        else:
            self.wake_cycle = -(-self.next_event_dot // DOTS_PER_CPU_CYCLE)

    # -- v as rendering moves it, and the registers of each line ------------------------------

    def sync_v(self, dot: int) -> None:
        """Bring v up to ``dot`` of this frame through rendering's increments and copies."""
        position = dot - self.frame_start
        if position <= self._v_position:
            return
        if self.mask & MASK_RENDERING:
            self.v = scroll.advance(self.v, self.t, self._v_position, position)
        self._v_position = position

    def _frame_segments(self) -> list[tuple]:
        return [(0, self._v_position, self.v, self.t, self.x, self.ctrl, self.mask)]

    def _note_registers(self, dot: int) -> None:
        """A register that shapes the picture changed at ``dot``: the next lines use it."""
        line = (dot - self.frame_start) // DOTS_PER_LINE
        if line > _LAST_SPLIT_LINE:
            return
        self._flags_dirty = True
        segment = (line + 1, self._v_position, self.v, self.t, self.x, self.ctrl, self.mask)
        if self.segments[-1][0] == line + 1:
            self.segments[-1] = segment
        else:
            self.segments.append(segment)

    def picture_segments(self, halted: bool = False) -> list[tuple]:
        """The segments of the picture on screen: the last completed frame's; the next frame's
        (nothing more written) when the CPU has stopped or no frame has completed yet."""
        if halted or self.last_segments is None:
            return predicted_segments(self.t, self.x, self.ctrl, self.mask)
        return self.last_segments

    def memories(self) -> tuple[bytes, bytes, bytes, bytes]:
        """``(chr, vram, palette, oam)`` as they are now (palette as stored, 32 bytes)."""
        return bytes(self.chr), bytes(self.vram), bytes(self.palette), bytes(self.oam)

    def picture_memories(self, halted: bool = False) -> tuple[bytes, bytes, bytes, bytes]:
        """The memories the picture on screen (`picture_segments`) was drawn from: as the last
        completed frame's visible lines ended (a vblank upload after them shows one frame
        later, as on hardware); as they are now when the picture is the next frame's."""
        if halted or self.last_memories is None:
            return self.memories()
        return self.last_memories

    def _nametable_byte(self, nametable: int, offset: int) -> int:
        return self.vram[(self.pages[nametable] << 10) | offset]

    def status_flags(self) -> tuple[int | None, int | None, tuple | None]:
        """``(sprite 0 hit dot, overflow dot, hit pixel)`` of this frame, dots absolute or None.

        Worked out from this frame's segments, the last one standing for the rest of the frame;
        valid for any line already begun, since later writes only reach later lines.
        """
        if self._flags_dirty:
            key = (tuple(self.segments), bytes(self.oam), self._pattern_version)
            flags = self._flags_cache.get(key)
            if flags is None:
                segments = self.segments

                def line_at(line: int) -> tuple:
                    return line_state(segments, line)

                pixel = sprite0_hit_pixel(self.oam, self.chr, self._nametable_byte, line_at)
                hit = None if pixel is None else pixel[0] * DOTS_PER_LINE + pixel[1] + 2
                flags = (hit, overflow_dot(self.oam, line_at), pixel)
                if len(self._flags_cache) >= _FLAGS_CACHE_SIZE:
                    self._flags_cache.clear()
                self._flags_cache[key] = flags
            self._flags, self._flags_dirty = flags, False
        hit, overflow, pixel = self._flags
        start = self.frame_start
        return (
            None if hit is None else start + hit,
            None if overflow is None else start + overflow,
            pixel,
        )

    def picture_lines(self, halted: bool = False) -> tuple[np.ndarray, tuple[int, int] | None]:
        """The registers of each line of the picture on screen (`picture_segments`), as
        `line_registers` gives them (read-only ``(240, 4) uint16``), and ``(line, x)`` of its
        sprite 0 hit from the memories as they are now, or None.

        Kept for the next call: a frame without mid-frame writes usually repeats the last one,
        so drawing it line by line costs no more than drawing it whole.
        """
        segments = self.picture_segments(halted)
        key = (tuple(segments), bytes(self.oam), self._pattern_version)
        picture = self._picture_cache.get(key)
        if picture is None:
            lines = line_registers(segments).astype(np.uint16)
            lines.flags.writeable = False
            flags = self._flags_cache.get(key)
            if flags is not None:
                pixel = flags[2]
            else:
                rows = lines.tolist()
                pixel = sprite0_hit_pixel(
                    self.oam, self.chr, self._nametable_byte, rows.__getitem__
                )
            if len(self._picture_cache) >= _FLAGS_CACHE_SIZE:
                self._picture_cache.clear()
            picture = self._picture_cache[key] = (lines, pixel)
        return picture

    def sprite0_hit_dot(self) -> int | None:
        """Dot of this frame's sprite 0 hit, or None (https://www.nesdev.org/wiki/PPU_OAM).

        The first pixel in rendering order where an opaque pixel of sprite 0 covers an opaque
        background pixel, each line with its own registers; never at x = 255 nor, with either
        layer clipped, at x < 8. The flag rises one dot after that pixel is output.
        """
        return self.status_flags()[0]

    def flag_event_cycle(self) -> int | None:
        """CPU cycle at which sprite 0 hit or sprite overflow rises in this frame while its
        PPUSTATUS bit is still clear (for skipping loops that read $2002), else None. A flag
        already past but not yet read still changes the next read: it is kept."""
        if self._phase >= 2:
            return None
        hit, overflow, _ = self.status_flags()
        pending = [
            dot
            for dot, bit in ((hit, STATUS_SPRITE0_HIT), (overflow, STATUS_OVERFLOW))
            if dot is not None and not self.status & bit
        ]
        return min(pending) // DOTS_PER_CPU_CYCLE if pending else None

    def scanline_at(self, dot: int) -> int:
        """Scanline (0-261) of ``dot`` in the current frame; 0-239 are visible, 241-260 vblank."""
        return min((dot - self.frame_start) // DOTS_PER_LINE, PRERENDER_LINE)

    @property
    def rendering(self) -> bool:
        """True when PPUMASK shows the background or the sprites."""
        return bool(self.mask & MASK_RENDERING)

    def _rendering_now(self, dot: int) -> bool:
        """Rendering is on and the PPU is on a line it draws (0-239 or pre-render)."""
        line = (dot - self.frame_start) // DOTS_PER_LINE
        return bool(self.mask & MASK_RENDERING) and (line < SCREEN_HEIGHT or line >= PRERENDER_LINE)

    def _step_v(self, dot: int) -> None:
        """v after a PPUDATA access: +1 or +32; during rendering, coarse X and Y both step."""
        if self._rendering_now(dot):
            self.v = increment_y(increment_x(self.v))
        else:
            self.v = (self.v + (32 if self.ctrl & CTRL_INCREMENT_32 else 1)) & V_MASK

    # -- the CPU's view: registers $2000-$2007 ----------------------------------------------

    def read_register(self, reg: int, cycle: int) -> int:
        """The CPU reads register ``reg`` ($2000-$2007) at CPU cycle ``cycle``."""
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
            if self._phase < 2 and ~self.status & (STATUS_SPRITE0_HIT | STATUS_OVERFLOW):
                hit, overflow, _ = self.status_flags()
                if hit is not None and hit <= dot:
                    self.status |= STATUS_SPRITE0_HIT
                if overflow is not None and overflow <= dot:
                    self.status |= STATUS_OVERFLOW
            value = (self.status & _STATUS_FLAGS) | (self.open_bus & ~_STATUS_FLAGS)
            self.status &= ~STATUS_VBLANK
            self.w = 0
        elif reg == OAMDATA:
            value = self.oam[self.oamaddr]
            if self.oamaddr & 3 == 2:
                value &= 0xE3  # attribute bits 2-4 do not exist
        elif reg == PPUDATA:
            dot = cycle * DOTS_PER_CPU_CYCLE
            self._sync(dot)
            addr = self.v & _PPU_ADDRESS
            if addr >= PALETTE_BASE:
                value = (self.palette[palette_ram_index(addr)] & 0x3F) | (self.open_bus & 0xC0)
                self.read_buffer = self._vram_read(addr - 0x1000)
            else:
                value = self.read_buffer
                self.read_buffer = self._vram_read(addr)
            self._step_v(dot)
            self._note_registers(dot)
        else:
            value = self.open_bus  # write-only register: the data bus latch
        self.open_bus = value
        return value

    def _sync(self, dot: int) -> None:
        if dot >= self.next_event_dot:
            self.catch_up(dot)
        self.sync_v(dot)

    def write_register(self, reg: int, value: int, cycle: int, pc: int) -> None:
        """The CPU writes ``value`` to register ``reg`` ($2000-$2007) at CPU cycle ``cycle``."""
        dot = cycle * DOTS_PER_CPU_CYCLE
        self._sync(dot)
        line = self.scanline_at(dot)
        self.writes.append((reg, value, cycle, self.frame, line))
        self.open_bus = value
        if cycle < WARMUP_CYCLES and reg in _WARMUP_IGNORED:
            # Zero to PPUCTRL/PPUMASK restates the power-on state (the usual reset code): harmless.
            if value or reg in (PPUSCROLL, PPUADDR):
                self.events.append(("warmup", self.frame, line, reg, pc))
            if self.warmup:
                return
        if reg == PPUCTRL:
            if value & CTRL_NMI and not self.ctrl & CTRL_NMI and self.status & STATUS_VBLANK:
                self.nmi_pending = True  # enabling NMI inside vblank fires it at once
                self.wake_cycle = 0
            self.ctrl = value
            self.t = (self.t & ~V_NAMETABLE) | ((value & CTRL_NAMETABLE) << 10)
        elif reg == PPUMASK:
            self.mask = value
            if value & MASK_RENDERING and self.first_render_frame is None:
                self.first_render_frame = self.frame
        elif reg == OAMADDR:
            self.oamaddr = value
            return
        elif reg == OAMDATA:
            self._note_upload(line, OAMDATA, pc, dot)
            self.oam[self.oamaddr] = value
            self.oamaddr = (self.oamaddr + 1) & 0xFF
            self._flags_dirty = True
            return
        elif reg == PPUSCROLL:
            if self.w == 0:
                self.t = (self.t & ~V_COARSE_X) | (value >> 3)
                self.x = value & FINE_X
            else:
                self.t = (self.t & ~(V_FINE_Y | V_COARSE_Y)) | ((value & FINE_X) << 12)
                self.t |= (value & 0xF8) << 2
            self.w ^= 1
        elif reg == PPUADDR:
            if self.w == 0:
                self.t = (self.t & 0x00FF) | ((value & 0x3F) << 8)  # bit 14 cleared too
            else:
                self.t = (self.t & 0x7F00) | value
                self.v = self.t
            self.w ^= 1
        elif reg == PPUDATA:
            self._note_upload(line, PPUDATA, pc, dot)
            self._vram_write(self.v & _PPU_ADDRESS, value)
            if self.film_every:
                self._film_writes += 1
                if self._film_writes % self.film_every == 0:
                    self.snapshot_film(line)
            self._step_v(dot)
        else:
            return  # PPUSTATUS: read-only
        self._note_registers(dot)

    def oam_dma(self, page_number: int, page: bytes, cycle: int, pc: int) -> None:
        """$4014: copy the 256 bytes of CPU page ``page_number`` into OAM from OAMADDR on."""
        dot = cycle * DOTS_PER_CPU_CYCLE
        if dot >= self.next_event_dot:
            self.catch_up(dot)
        line = self.scanline_at(dot)
        self.writes.append((OAMDMA, page_number, cycle, self.frame, line))
        self._note_upload(line, OAMDMA, pc, dot)
        start = self.oamaddr
        self._flags_dirty = True
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
        elif not self.mask & MASK_RENDERING:
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
        if addr < PALETTE_BASE:
            return self.vram[self._nametable_offset(addr)]
        return self.palette[palette_ram_index(addr)]

    def _vram_write(self, addr: int, value: int) -> None:
        self._pattern_version += 1
        self._flags_dirty = True
        if addr < 0x2000:
            if self.chr_writable:
                self.chr[addr] = value
        elif addr < PALETTE_BASE:
            offset = self._nametable_offset(addr)
            self.vram[offset] = value
            self.vram_written[offset] = 1
        else:
            index = palette_ram_index(addr)
            self.palette[index] = value & 0x3F
            self.palette_written[index] = 1

    def peek(self, addr: int) -> int:
        """Read PPU address ``addr`` ($0000-$3FFF) without side effects."""
        return self._vram_read(addr & _PPU_ADDRESS)

    # -- snapshots ---------------------------------------------------------------------------

    def logical_nametables(self) -> np.ndarray:
        """The four logical nametables $2000/$2400/$2800/$2C00, ``(4, 1024) uint8``."""
        pages = np.frombuffer(bytes(self.vram), dtype=np.uint8).reshape(4, 1024)
        return pages[list(self.pages)].copy()

    def scroll(self) -> tuple[int, int]:
        """``(scroll_x 0-511, scroll_y 0-479)`` the next frame starts from, read from t and x
        (a Y of 240-255, rows 30-31, is shown as 0-15 here; the lines draw it as it is)."""
        t = self.t
        scroll_x = ((t & V_COARSE_X) << 3 | self.x) + (256 if t & V_NAMETABLE_X else 0)
        coarse_y = (t & V_COARSE_Y) >> 5
        scroll_y = ((coarse_y << 3) | (t & V_FINE_Y) >> 12) % 240
        return scroll_x, scroll_y + (240 if t & V_NAMETABLE_Y else 0)
