"""`PPUState`: a frozen snapshot of everything the PPU holds, and the CPU's writes to it.

The snapshot is what the smoke test compares and what `romulus_nb.render.render_vram` draws:
the picture of an emulated ROM comes from the same renderer as the picture of a design.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from romulus_nb.emu.report import state_html
from romulus_nb.emu.scroll import line_registers
from romulus_nb.emu.sprite_zero import sprite0_hit_pixel
from romulus_nb.nes.chr import decode_chr
from romulus_nb.nes.hardware import (
    MASK_RENDERING,
    PALETTE_BASE,
    PALETTE_RAM_BYTES,
    REGISTER_NAMES,
    palette_ram_index,
)
from romulus_nb.render import Frame, render_nametable, render_state


@dataclass(frozen=True, eq=False)
class PictureMemories:
    """The memories a picture was drawn from, when the PPU's have changed since (a vblank
    upload after the frame's last visible line): what `romulus_nb.render.render_state` draws.

    Attributes
    ----------
    chr : bytes
        8192 bytes.
    nametables : (4, 1024) uint8
    palette_ram : (32,) uint8
    oam : (256,) uint8
    """

    chr: bytes
    nametables: np.ndarray
    palette_ram: np.ndarray
    oam: np.ndarray

    @classmethod
    def of(cls, ppu, memories: tuple[bytes, bytes, bytes, bytes]) -> PictureMemories:
        """From `romulus_nb.emu.ppu.Ppu.memories`-style ``(chr, vram, palette, oam)``."""
        chr_data, vram, palette, oam = memories
        addresses = range(PALETTE_BASE, PALETTE_BASE + PALETTE_RAM_BYTES)
        pages = np.frombuffer(vram, np.uint8).reshape(4, 1024)[list(ppu.pages)]
        return cls(
            chr=chr_data,
            nametables=_frozen(pages),
            palette_ram=_frozen([palette[palette_ram_index(a)] for a in addresses]),
            oam=_frozen(np.frombuffer(oam, np.uint8)),
        )

    @property
    def chr_bank(self) -> np.ndarray:
        """``(512, 8, 8) uint8`` pixel values of pattern table 0 then 1."""
        return decode_chr(self.chr)

    def digest_parts(self) -> tuple[bytes, ...]:
        return self.chr, self.nametables.tobytes(), self.palette_ram.tobytes(), self.oam.tobytes()


class PPUWrite(NamedTuple):
    """One CPU write to a PPU register (or to OAMDMA, $4014, whose value is the page copied)."""

    address: int
    value: int
    cycle: int
    frame: int
    scanline: int

    @property
    def register(self) -> str:
        """``"PPUCTRL"`` ... ``"PPUDATA"`` or ``"OAMDMA"``."""
        return REGISTER_NAMES[self.address]


@dataclass(frozen=True, eq=False)
class PPUState:
    """What the PPU holds at one moment.

    Attributes
    ----------
    chr : bytes
        Pattern tables $0000-$1FFF, 8192 bytes.
    vram : bytes
        Nametable RAM, 4096 bytes as four 1 KiB pages (two are used unless four-screen).
    mirroring : str
        ``"horizontal"``, ``"vertical"`` or ``"four-screen"``.
    nametables : (4, 1024) uint8
        The logical nametables $2000, $2400, $2800, $2C00 after mirroring.
    palette_ram : (32,) uint8
        $3F00-$3F1F as the CPU reads them ($3F10/$14/$18/$1C show $3F00/$04/$08/$0C).
    oam : (256,) uint8
    ppuctrl, ppumask : int
    scroll_x, scroll_y : int
        The scroll the next frame starts from (0-511, 0-479), nametable select included.
    frame : int
        The frame being drawn when the snapshot was taken.
    cycle : int
        CPU cycles since power-on.
    writes : tuple of PPUWrite
        Every CPU write to a PPU register so far, in order.
    lines : (240, 4) uint16
        The registers each visible line of the picture on screen was drawn with: v of the
        line's first tile (coarse X/Y, nametable, fine Y), fine x, PPUCTRL, PPUMASK (greyscale
        and emphasis included). The picture is the last completed frame, or, when the CPU has
        stopped or no frame has completed, the next one drawn from the registers as they are.
    sprite0_hit : tuple or None
        ``(line, x)`` of the picture's sprite 0 hit pixel.
    picture : PictureMemories or None
        The memories the picture was drawn from, when they differ from the fields above: the
        frame on screen ended before a vblank upload changed them (it shows next frame).
    """

    chr: bytes
    vram: bytes
    mirroring: str
    nametables: np.ndarray
    palette_ram: np.ndarray
    oam: np.ndarray
    ppuctrl: int
    ppumask: int
    scroll_x: int
    scroll_y: int
    frame: int
    cycle: int
    writes: tuple[PPUWrite, ...]
    lines: np.ndarray | None = None
    sprite0_hit: tuple[int, int] | None = None
    picture: PictureMemories | None = None

    @classmethod
    def capture(
        cls, ppu, cycle: int, *, halted: bool = False, writes: bool = True, per_line: bool = True
    ) -> PPUState:
        """Snapshot a `romulus_nb.emu.ppu.Ppu` at CPU cycle ``cycle`` (``halted``: the CPU has
        stopped, so the screen keeps showing the registers as they are). ``writes=False`` leaves
        out the write log (it grows all session long: a live player draws without it).
        ``per_line=False`` leaves ``lines`` and ``sprite0_hit`` None: the picture is drawn whole
        from the registers the next frame starts with, as before the model drew line by line
        (the same picture only when nothing changes mid-frame; benchmarks/smoke.py compares)."""
        addresses = range(PALETTE_BASE, PALETTE_BASE + PALETTE_RAM_BYTES)
        palette = bytes(ppu.palette[palette_ram_index(a)] for a in addresses)
        scroll_x, scroll_y = ppu.scroll()
        drawn_from = ppu.picture_memories(halted)
        picture = None if drawn_from == ppu.memories() else PictureMemories.of(ppu, drawn_from)
        if not per_line:
            lines, hit = None, None
        elif picture is None:  # drawn from the memories as they are: the cached per-line path
            lines, hit = ppu.picture_lines(halted)
        else:  # a vblank upload after the visible lines: drawn from the memories they ended with
            lines = _frozen(line_registers(ppu.picture_segments(halted)), np.uint16)
            rows = lines.tolist()
            shown = picture.nametables
            hit = sprite0_hit_pixel(
                drawn_from[3], drawn_from[0], lambda nt, offset: int(shown[nt, offset]),
                rows.__getitem__,
            )  # fmt: skip
        return cls(
            chr=bytes(ppu.chr),
            vram=bytes(ppu.vram),
            mirroring=ppu.mirroring,
            nametables=_frozen(ppu.logical_nametables()),
            palette_ram=_frozen(np.frombuffer(palette, np.uint8)),
            oam=_frozen(np.frombuffer(bytes(ppu.oam), np.uint8)),
            ppuctrl=ppu.ctrl,
            ppumask=ppu.mask,
            scroll_x=scroll_x,
            scroll_y=scroll_y,
            frame=ppu.frame,
            cycle=cycle,
            writes=tuple(PPUWrite(*w) for w in ppu.writes) if writes else (),
            lines=lines,
            sprite0_hit=hit,
            picture=picture,
        )

    # -- views -------------------------------------------------------------------------------

    @property
    def chr_bank(self) -> np.ndarray:
        """``(512, 8, 8) uint8`` pixel values of pattern table 0 then 1."""
        return decode_chr(self.chr)

    @property
    def pattern_tables(self) -> np.ndarray:
        """``(2, 256, 8, 8) uint8``: pattern table $0000 and $1000."""
        return self.chr_bank.reshape(2, 256, 8, 8)

    @property
    def rendering(self) -> bool:
        """True when PPUMASK shows the background or the sprites."""
        return bool(self.ppumask & MASK_RENDERING)

    def render(self, *, sprite_limit: bool = True) -> Frame:
        """The frame this state shows, drawn by `romulus_nb.render.render_vram`."""
        return render_state(self, sprite_limit=sprite_limit)

    def render_nametable(self, index: int) -> Frame:
        """Logical nametable ``index`` (0-3) drawn alone: background only, no clipping."""
        return render_nametable(self, index)

    def writes_in_frame(self, frame: int) -> list[PPUWrite]:
        """The writes the CPU made during ``frame``."""
        return [w for w in self.writes if w.frame == frame]

    def digest(self) -> str:
        """SHA-256 (first 16 hex digits) of every field: equal digests, equal states."""
        h = hashlib.sha256()
        for part in (self.chr, self.vram, self.mirroring.encode(), self.palette_ram.tobytes(),
                     self.oam.tobytes()):  # fmt: skip
            h.update(part)
        h.update(repr((self.ppuctrl, self.ppumask, self.scroll_x, self.scroll_y, self.frame,
                       self.cycle)).encode())  # fmt: skip
        h.update(repr(self.writes).encode())
        if self.lines is not None:
            h.update(self.lines.tobytes())
        for part in self.picture.digest_parts() if self.picture else ():
            h.update(part)
        return h.hexdigest()[:16]

    def __eq__(self, other) -> bool:
        return isinstance(other, PPUState) and self.digest() == other.digest()

    def __hash__(self) -> int:
        return hash(self.digest())

    def __repr__(self) -> str:
        return (
            f"PPUState(frame {self.frame}, cycle {self.cycle}, PPUCTRL=${self.ppuctrl:02X}, "
            f"PPUMASK=${self.ppumask:02X}, scroll ({self.scroll_x}, {self.scroll_y}), "
            f"{self.mirroring} mirroring, {len(self.writes)} writes, digest {self.digest()})"
        )

    def _repr_html_(self) -> str:
        return state_html(self)


def _frozen(array: np.ndarray, dtype=np.uint8) -> np.ndarray:
    array = np.array(array, dtype)
    array.flags.writeable = False
    return array
