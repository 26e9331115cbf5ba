"""Sprite 0 hit: where sprite 0's first opaque pixel lands on an opaque background pixel."""

from __future__ import annotations


def sprite0_hit_pixel(ppu) -> tuple[int, int] | None:
    """``(line, x)`` of the first sprite 0 hit pixel in rendering order, or None.

    Sprite 0's opaque pixels over opaque background pixels, with the scroll and registers of
    ``ppu`` (a `romulus_nb.emu.ppu.Ppu`) as they are now; no hit at x = 255, nor at x < 8 when
    either layer is clipped there (https://www.nesdev.org/wiki/PPU_OAM#Sprite_zero_hits).
    """
    if ppu.mask & 0x18 != 0x18:
        return None
    top, tile, attr, left = ppu.oam[0] + 1, ppu.oam[1], ppu.oam[2], ppu.oam[3]
    height = 16 if ppu.ctrl & 0x20 else 8
    if top >= 240:
        return None
    clip = not (ppu.mask & 0x02 and ppu.mask & 0x04)
    scroll_x, scroll_y = ppu.scroll()
    bg_base = 0x1000 if ppu.ctrl & 0x10 else 0
    for row in range(height):
        line = top + row
        if line >= 239:
            break
        pattern_row = height - 1 - row if attr & 0x80 else row
        if height == 16:
            base = (0x1000 if tile & 1 else 0) + (tile & 0xFE) * 16
            address = base + (16 if pattern_row >= 8 else 0) + (pattern_row & 7)
        else:
            address = (0x1000 if ppu.ctrl & 0x08 else 0) + tile * 16 + pattern_row
        low, high = ppu.chr[address], ppu.chr[address + 8]
        for column in range(8):
            x = left + column
            if x >= 255 or (clip and x < 8):
                continue
            bit = column if attr & 0x40 else 7 - column
            if not ((low >> bit) | (high >> bit)) & 1:
                continue
            if _background_opaque(ppu, bg_base, (scroll_x + x) % 512, (scroll_y + line) % 480):
                return line, x
    return None


def _background_opaque(ppu, bg_base: int, px: int, py: int) -> bool:
    index = (px >> 8) | (2 if py >= 240 else 0)
    py %= 240
    tile = ppu.vram[(ppu.pages[index] << 10) | ((py >> 3) << 5) | ((px & 0xFF) >> 3)]
    address = bg_base + tile * 16 + (py & 7)
    bit = 7 - (px & 7)
    return bool(((ppu.chr[address] >> bit) | (ppu.chr[address + 8] >> bit)) & 1)
