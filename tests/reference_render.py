"""A slow, obvious renderer written straight from the NESdev Wiki's description of the PPU,
one pixel at a time. It exists to check the fast renderer, never to be fast."""


def reference_frame(chr_bank, nametable, palette_ram, oam, ppuctrl, ppumask, sprite_limit=True):
    """Return 240 rows of 256 colour indices. ``nametable`` is 1024 bytes ($2000-$23FF)."""
    # Plain Python ints: no uint8 wrap-around in the arithmetic below.
    nametable, palette_ram, oam = ([int(v) for v in a] for a in (nametable, palette_ram, oam))
    bg_base = 256 if ppuctrl & 0x10 else 0
    spr_base = 256 if ppuctrl & 0x08 else 0
    height = 16 if ppuctrl & 0x20 else 8
    frame = []
    for y in range(240):
        # Sprite evaluation: the sprites whose rows cover line y, in OAM order, at most 8.
        found = []
        for i in range(64):
            top = oam[4 * i] + 1
            if top <= y < top + height:
                found.append(i)
        if sprite_limit:
            found = found[:8]
        row_out = []
        for x in range(256):
            bg_pixel, bg_palette = 0, 0
            if ppumask & 0x08 and (x >= 8 or ppumask & 0x02):
                tile = nametable[(y // 8) * 32 + x // 8]
                bg_pixel = int(chr_bank[bg_base + tile][y % 8][x % 8])
                attribute = nametable[960 + (y // 32) * 8 + x // 32]
                shift = ((y // 16) % 2) * 4 + ((x // 16) % 2) * 2
                bg_palette = (attribute >> shift) & 3
            sprite_pixel, sprite_palette, behind = 0, 0, False
            if ppumask & 0x10 and (x >= 8 or ppumask & 0x04):
                for i in found:
                    left = oam[4 * i + 3]
                    if not left <= x < left + 8:
                        continue
                    attr = oam[4 * i + 2]
                    row, col = y - (oam[4 * i] + 1), x - left
                    if attr & 0x80:
                        row = height - 1 - row
                    if attr & 0x40:
                        col = 7 - col
                    tile = oam[4 * i + 1]
                    if height == 8:
                        index = spr_base + tile
                    else:
                        index = (tile & 1) * 256 + (tile & 0xFE) + (1 if row >= 8 else 0)
                        row %= 8
                    pixel = int(chr_bank[index][row][col])
                    if pixel:  # the first opaque sprite pixel in OAM order wins
                        sprite_pixel, sprite_palette, behind = pixel, attr & 3, bool(attr & 0x20)
                        break
            if sprite_pixel and (not behind or bg_pixel == 0):
                color = palette_ram[0x10 + sprite_palette * 4 + sprite_pixel]
            elif bg_pixel:
                color = palette_ram[bg_palette * 4 + bg_pixel]
            else:
                color = palette_ram[0]
            color &= 0x3F
            if ppumask & 0x01:
                color &= 0x30
            row_out.append(color)
        frame.append(row_out)
    return frame
