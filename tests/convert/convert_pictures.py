"""Pictures for the conversion tests, drawn by hand from the NESdev description of the PPU."""

from __future__ import annotations

import numpy as np

from romulus_nb.nes.colors import DEFAULT_PALETTE

# Distinct colours of the 2C02 table (no $0D, no duplicate blacks, $20 is the same white as $30).
SAFE_COLORS = [c for c in range(0x40) if (c & 0x0F) < 0x0D and c != 0x20] + [0x0F, 0x2D, 0x3D]


def draw_legal_picture(backdrop, palettes, attributes, tiles, nametable) -> np.ndarray:
    """The picture the PPU shows, pixel by pixel: tile pixel 0 is the backdrop, pixel v > 0 is
    colour v of the palette of the pixel's 16x16 block (https://www.nesdev.org/wiki/PPU_rendering).
    Returns ``(240, 256, 3) uint8`` through the 2C02 RGB table."""
    picture = np.zeros((240, 256, 3), np.uint8)
    for y in range(240):
        for x in range(256):
            value = int(tiles[nametable[y // 8][x // 8]][y % 8][x % 8])
            color = backdrop if value == 0 else palettes[attributes[y // 16][x // 16]][value - 1]
            picture[y, x] = DEFAULT_PALETTE.rgb[color]
    return picture


def random_legal_design(seed: int, tile_count: int = 40, shared_colors: bool = False):
    """A random design that obeys every limit: 13 colours or fewer, <= 256 distinct tiles."""
    rng = np.random.default_rng(seed)
    if shared_colors:  # palettes that repeat colours, as real games do
        pool = rng.choice(SAFE_COLORS, 8, replace=False)
        backdrop, palettes = int(pool[0]), rng.choice(pool, (4, 3)).tolist()
    else:
        colors = rng.choice(SAFE_COLORS, 13, replace=False)
        backdrop, palettes = int(colors[0]), colors[1:].reshape(4, 3).tolist()
    tiles = rng.integers(0, 4, (tile_count, 8, 8))
    nametable = rng.integers(0, tile_count, (30, 32))
    attributes = rng.integers(0, 4, (15, 16))
    return backdrop, palettes, attributes, tiles, nametable
