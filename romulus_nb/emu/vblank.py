"""How long the NMI keeps the PPU busy: CPU cycles from the start of vblank to its last PPU write.

Uploads must end inside vblank, ~2273 CPU cycles on NTSC (20 lines of 341 dots, 3 dots a cycle;
https://www.nesdev.org/wiki/The_frame_and_NMIs). `watch_frames` records when each frame begins
and whether it renders; `nmi_spans` then measures, per frame rendered before and after its
vblank, the cycles from the start of vblank to the last PPU write in it (scene loads, with
rendering off, are not counted). The smoke report and the scrolling checks print the worst.
"""

from __future__ import annotations

from romulus_nb.emu.machine import NES
from romulus_nb.emu.ppu import DOTS_PER_CPU_CYCLE, DOTS_PER_LINE, PRERENDER_LINE, VBLANK_LINE

#: CPU cycles of NTSC vblank: 20 lines of 341 dots, 3 dots a cycle.
VBLANK_CYCLES = (PRERENDER_LINE - VBLANK_LINE) * DOTS_PER_LINE // DOTS_PER_CPU_CYCLE


def watch_frames(nes: NES) -> dict[int, tuple[int, bool]]:
    """Record, through the PPU's frame listeners, the dot at which each frame begins and
    whether rendering is on then: ``{frame: (dot, rendering)}``, filled as the machine runs."""
    ppu = nes.ppu
    starts = {ppu.frame: (ppu.frame_start, ppu.rendering)}
    ppu.frame_listeners.append(
        lambda frame: starts.__setitem__(frame, (ppu.frame_start, ppu.rendering))
    )
    return starts


def nmi_spans(nes: NES, starts: dict[int, tuple[int, bool]]) -> dict[int, int]:
    """Per frame with rendering on before and after its vblank: the cycles from the start of
    vblank to the last PPU write in it."""
    spans: dict[int, int] = {}
    for _address, _value, cycle, frame, line in nes.ppu.writes:
        if not VBLANK_LINE <= line < PRERENDER_LINE or frame + 1 not in starts:
            continue
        (start, before), (_, after) = starts[frame], starts[frame + 1]
        if before and after:
            begin = -(-(start + VBLANK_LINE * DOTS_PER_LINE + 1) // DOTS_PER_CPU_CYCLE)
            spans[frame] = max(spans.get(frame, 0), cycle - begin)
    return spans


def worst_nmi(nes: NES, starts) -> tuple[int, int]:
    """``(cycles, frame)`` of the longest NMI upload among `nmi_spans`; ``(0, -1)`` if none."""
    spans = nmi_spans(nes, starts)
    if not spans:
        return 0, -1
    frame = max(spans, key=spans.__getitem__)
    return spans[frame], frame
