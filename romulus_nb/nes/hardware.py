"""Hardware facts of the NES picture, named once and used everywhere.

Every other module takes its register bits, screen sizes, OAM bits and palette mirrors from here,
so a fact never lives in two places. Names follow the NESdev Wiki:
https://www.nesdev.org/wiki/PPU_registers, https://www.nesdev.org/wiki/PPU_OAM,
https://www.nesdev.org/wiki/PPU_palettes, https://www.nesdev.org/wiki/PPU_nametables.
"""

from __future__ import annotations

# --- the picture -------------------------------------------------------------------------------
#: Visible picture in pixels (NTSC shows 224 lines of these on most TVs; the PPU draws 240).
SCREEN_WIDTH, SCREEN_HEIGHT = 256, 240
TILE_SIZE = 8
#: One nametable: 32x30 tiles, then 64 attribute bytes; 16x15 blocks of 16x16 pixels.
TILES_WIDE, TILES_HIGH = SCREEN_WIDTH // TILE_SIZE, SCREEN_HEIGHT // TILE_SIZE
BLOCKS_WIDE, BLOCKS_HIGH = TILES_WIDE // 2, TILES_HIGH // 2
NAMETABLE_TILE_BYTES = TILES_WIDE * TILES_HIGH  # 960
ATTRIBUTE_BYTES = 64
NAMETABLE_BYTES = NAMETABLE_TILE_BYTES + ATTRIBUTE_BYTES  # 1024
#: CPU-visible PPU addresses of the four logical nametables and of palette RAM.
NAMETABLE_BASE = 0x2000
NAMETABLE_STRIDE = 0x0400
ATTRIBUTE_OFFSET = NAMETABLE_TILE_BYTES  # $23C0 is the first attribute byte of $2000
PALETTE_BASE = 0x3F00
PALETTE_RAM_BYTES = 32

# --- CPU addresses of the PPU registers ($2000-$2007, mirrored every 8 bytes to $3FFF) ---------
PPUCTRL, PPUMASK, PPUSTATUS, OAMADDR, OAMDATA, PPUSCROLL, PPUADDR, PPUDATA = range(0x2000, 0x2008)
OAMDMA = 0x4014
JOYPAD1, JOYPAD2 = 0x4016, 0x4017
REGISTER_NAMES = {
    PPUCTRL: "PPUCTRL",
    PPUMASK: "PPUMASK",
    PPUSTATUS: "PPUSTATUS",
    OAMADDR: "OAMADDR",
    OAMDATA: "OAMDATA",
    PPUSCROLL: "PPUSCROLL",
    PPUADDR: "PPUADDR",
    PPUDATA: "PPUDATA",
    OAMDMA: "OAMDMA",
}

# --- PPUCTRL ($2000) bits ----------------------------------------------------------------------
CTRL_NAMETABLE = 0x03  # base nametable: 0 $2000, 1 $2400, 2 $2800, 3 $2C00
CTRL_NAMETABLE_X = 0x01  # adds 256 to the X scroll
CTRL_NAMETABLE_Y = 0x02  # adds 240 to the Y scroll
CTRL_INCREMENT_32 = 0x04  # PPUDATA steps +32 (down a column) instead of +1
CTRL_SPRITE_TABLE = 0x08  # 8x8 sprites from pattern table 1 ($1000)
CTRL_BG_TABLE = 0x10  # background from pattern table 1 ($1000)
CTRL_SPRITE_16 = 0x20  # 8x16 sprites
CTRL_NMI = 0x80  # NMI at the start of vblank

# --- PPUMASK ($2001) bits ----------------------------------------------------------------------
MASK_GREYSCALE = 0x01
MASK_BG_LEFT = 0x02  # background in the leftmost 8 pixels
MASK_SPRITES_LEFT = 0x04  # sprites in the leftmost 8 pixels
MASK_BG = 0x08
MASK_SPRITES = 0x10
MASK_RENDERING = MASK_BG | MASK_SPRITES  # either layer on: the PPU is rendering
MASK_EMPHASIS = 0xE0  # emphasize red, green, blue (NTSC order: bit 5 red, 6 green, 7 blue)
MASK_EMPHASIZE_RED, MASK_EMPHASIZE_GREEN, MASK_EMPHASIZE_BLUE = 0x20, 0x40, 0x80
#: PPUMASK that shows the background only, left column included: a nametable drawn alone.
MASK_BACKGROUND_ONLY = MASK_BG | MASK_BG_LEFT
#: PPUMASK that shows both layers in every column (what a scene uses unless it clips the left).
MASK_SHOW_ALL = MASK_BG | MASK_SPRITES | MASK_BG_LEFT | MASK_SPRITES_LEFT

# --- PPUSTATUS ($2002) bits --------------------------------------------------------------------
STATUS_OVERFLOW = 0x20
STATUS_SPRITE0_HIT = 0x40
STATUS_VBLANK = 0x80

# --- the PPU's internal scroll registers v and t (https://www.nesdev.org/wiki/PPU_scrolling) ----
#: 15 bits: yyy NN YYYYY XXXXX = fine Y, nametable (Y then X), coarse Y, coarse X.
V_COARSE_X = 0x001F
V_COARSE_Y = 0x03E0
V_NAMETABLE_X = 0x0400
V_NAMETABLE_Y = 0x0800
V_NAMETABLE = V_NAMETABLE_X | V_NAMETABLE_Y
V_FINE_Y = 0x7000
#: Bits copied t -> v at dot 257 of every rendered line, and on the pre-render line dots 280-304.
V_HORIZONTAL = V_NAMETABLE_X | V_COARSE_X  # 0x041F
V_VERTICAL = V_FINE_Y | V_NAMETABLE_Y | V_COARSE_Y  # 0x7BE0
V_MASK = 0x7FFF
#: Coarse Y rows 30 and 31 hold the attribute table; the Y increment wraps 29 -> 0 (switching
#: the vertical nametable) but 31 -> 0 (staying in the same one).
COARSE_Y_LAST_ROW = TILES_HIGH - 1  # 29

# --- OAM ---------------------------------------------------------------------------------------
MAX_SPRITES = 64
OAM_BYTES = 256
SPRITES_PER_LINE = 8  # sprite evaluation keeps the first 8 in OAM order on each line
HIDDEN_Y = 0xFF  # Y byte of an unused entry: below the screen
#: The first screen line a sprite can show: OAM holds Y - 1, and Y - 1 = $FF is `HIDDEN_Y`.
FIRST_SPRITE_LINE = 1
#: Byte 2 of an OAM entry.
ATTR_PALETTE = 0x03
ATTR_BEHIND = 0x20
ATTR_FLIP_H = 0x40
ATTR_FLIP_V = 0x80
#: 8x16 sprites: bit 0 of the tile byte picks the pattern table, the rest the top tile (even).
TILE16_TABLE = 0x01

# --- palette RAM -------------------------------------------------------------------------------
#: Palette RAM addresses whose writes land on another entry (address -> the entry it mirrors).
#: Only $3F10/$14/$18/$1C mirror $3F00/$04/$08/$0C; $3F04/$08/$0C are bytes of their own that
#: rendering never shows.
PALETTE_MIRRORS = {0x10: 0x00, 0x14: 0x04, 0x18: 0x08, 0x1C: 0x0C}


def palette_ram_index(address: int) -> int:
    """Index (0-31) into the 32 bytes of palette RAM that a PPU address $3F00-$3FFF selects.

    >>> [hex(palette_ram_index(a)) for a in (0x3F00, 0x3F10, 0x3F14, 0x3F11, 0x3F24, 0x3FF0)]
    ['0x0', '0x0', '0x4', '0x11', '0x4', '0x0']
    """
    index = address & 0x1F
    return PALETTE_MIRRORS.get(index, index)
