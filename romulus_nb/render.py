"""One renderer for designs and for PPU states: PPU memory in, a 256x240 picture out.

`render_vram` draws what the PPU would draw from the contents of its memories and registers;
`render_scene` feeds it a design, and the emulator feeds it the PPU state the 6502 code left.
Both pictures come from the same function, which is what makes "the ROM draws the design"
checkable pixel for pixel. Pixels are NES colour indices first ($00-$3F): the RGB palette is
only applied at the end, so comparisons never depend on which RGB table is in use.

The rules follow https://www.nesdev.org/wiki/PPU_rendering and PPU_sprite_priority: colour 0 of
every tile is transparent; the frontmost *sprite* (lowest OAM index) with an opaque pixel wins
among sprites first, and only then is its behind-background bit compared with the background,
so a low-index sprite behind the background hides higher-index sprites in front of it.
At most 8 sprites are drawn per scanline (the first 8 in OAM order).

`render_lines` draws a frame whose registers change from line to line (scroll splits, a
status bar, pattern-table or PPUMASK changes mid-frame): one row of registers per line, as the
emulator records them. When every line follows from the first, it is `render_vram` itself.
Greyscale and the colour-emphasis bits of PPUMASK are carried per line; emphasis only changes
the RGB view (`EMPHASIS_FACTORS`), never the colour indices.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from romulus_nb.errors import InvalidValueError
from romulus_nb.nes.colors import DEFAULT_PALETTE, MasterPalette
from romulus_nb.nes.hardware import (  # noqa: F401 (MASK_BACKGROUND_ONLY: re-exported)
    ATTR_BEHIND,
    ATTR_FLIP_H,
    ATTR_FLIP_V,
    ATTR_PALETTE,
    ATTRIBUTE_OFFSET,
    COARSE_Y_LAST_ROW,
    CTRL_BG_TABLE,
    CTRL_SPRITE_16,
    CTRL_SPRITE_TABLE,
    MASK_BACKGROUND_ONLY,
    MASK_BG,
    MASK_BG_LEFT,
    MASK_EMPHASIS,
    MASK_GREYSCALE,
    MASK_SPRITES,
    MASK_SPRITES_LEFT,
    NAMETABLE_BYTES,
    SCREEN_HEIGHT,
    SCREEN_WIDTH,
    SPRITES_PER_LINE,
    TILE16_TABLE,
    V_COARSE_X,
    V_COARSE_Y,
    V_FINE_Y,
    V_NAMETABLE_X,
    V_NAMETABLE_Y,
)
from romulus_nb.nes.oam import evaluated, line_cover, overflow_lines

WIDTH, HEIGHT = SCREEN_WIDTH, SCREEN_HEIGHT

#: RGB multipliers for the eight settings of PPUMASK bits 5-7 (emphasize red, green, blue on
#: NTSC): each bit set darkens the two other channels by 15%, so all three darken every channel
#: to 70%. The table is the RGB approximation posted on the NESdev forum ("Color emphasis -
#: comparison", https://forums.nesdev.org/viewtopic.php?t=15483); which colours it applies to
#: follows the NESdev Wiki "Colour emphasis": every colour but columns $xE-$xF (the blacks
#: $0E/$0F/$1E/$1F/$2E/$2F/$3E/$3F), greyscale included.
EMPHASIS_FACTORS = np.array(
    [[1 - 0.15 * sum(bool(e & (1 << b)) for b in range(3) if b != c) for c in range(3)]
     for e in range(8)]
)  # fmt: skip
_EMPHASIS_SHIFT = 5  # PPUMASK bit of "emphasize red"


@dataclass(frozen=True, eq=False)
class Frame:
    """A rendered picture. ``indices`` is ``(240, 256) uint8`` of NES colour indices."""

    indices: np.ndarray
    overflow_lines: list[int] = field(default_factory=list)
    sprite_limit: bool = True
    rendering: bool = True
    #: ``(240,) uint8``: PPUMASK bits 5-7 (0-7) of each line, or None when no line has any.
    emphasis: np.ndarray | None = None

    @property
    def warnings(self) -> list[str]:
        out = []
        if self.overflow_lines:
            lines = _ranges(self.overflow_lines)
            verb = "dropped" if self.sprite_limit else "would drop"
            out.append(f"more than 8 sprites on lines {lines}: the PPU {verb} the extra ones")
        return out

    def rgb(self, master: MasterPalette | None = None) -> np.ndarray:
        """``(240, 256, 3) uint8`` through ``master`` (the default 2C02 palette), each line
        tinted by its colour-emphasis bits (`EMPHASIS_FACTORS`)."""
        rgb = (master or DEFAULT_PALETTE).lookup(self.indices)
        return rgb if self.emphasis is None else emphasize(rgb, self.indices, self.emphasis)

    def image(self, scale: int = 1, master: MasterPalette | None = None, **overlays) -> Image.Image:
        """The frame as a PIL image, enlarged ``scale`` times (nearest neighbour), with optional
        overlays (see `draw_overlays`)."""
        return to_image(self.rgb(master), scale, **overlays)

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, Frame)
            and np.array_equal(self.indices, other.indices)
            and np.array_equal(_emphasis_or_zero(self), _emphasis_or_zero(other))
        )

    def __repr__(self) -> str:
        return f"Frame(256x240, {len(np.unique(self.indices))} colours, digest {self.digest()})"

    def digest(self) -> str:
        """Short stable fingerprint of the colour indices, and of the emphasis bits when a line
        has any (for notebooks and tests)."""
        if self.emphasis is None:
            return digest(self.indices)
        return digest(np.concatenate([self.indices.ravel(), self.emphasis]))

    def _repr_png_(self) -> bytes:
        return png_bytes(self.image(scale=2))


def render_vram(
    *,
    chr_bank: np.ndarray,
    nametables: np.ndarray,
    palette_ram: np.ndarray,
    oam: np.ndarray,
    ppuctrl: int,
    ppumask: int,
    scroll_x: int = 0,
    scroll_y: int = 0,
    sprite_limit: bool = True,
) -> Frame:
    """Draw one frame from PPU memory.

    Parameters
    ----------
    chr_bank : (512, 8, 8) uint8
        Pixel values 0-3 of pattern table 0 (tiles 0-255) then pattern table 1.
    nametables : (4, 1024) uint8
        The four logical nametables at $2000, $2400, $2800, $2C00 after mirroring.
    palette_ram : (32,) uint8
        $3F00-$3F1F as stored (the mirrors $3F10/14/18/1C are not read).
    oam : (256,) uint8
    ppuctrl, ppumask : int
        Register values; scrolling comes from ``scroll_x`` (0-511) and ``scroll_y`` (0-479),
        which include the nametable-select bits.
    sprite_limit : bool
        Drop sprites beyond the 8th on a line as the hardware does; False draws them all.
    """
    palette_ram = np.asarray(palette_ram, np.uint8) & 0x3F
    backdrop = palette_ram[0]
    show_bg, show_sprites = bool(ppumask & MASK_BG), bool(ppumask & MASK_SPRITES)

    # Background as palette-RAM addresses 0-15; colour 0 of every palette shows the backdrop.
    if show_bg:
        bg = _background(chr_bank, nametables, ppuctrl, scroll_x, scroll_y)
        if not ppumask & MASK_BG_LEFT:
            bg[:, :8] = 0
    else:
        bg = np.zeros((HEIGHT, WIDTH), np.uint8)
    lut = palette_ram[:16].copy()
    lut[0::4] = backdrop
    colors = lut[bg]

    # Overflow is a fact of OAM, reported even while sprites are hidden.
    lines, cols, values, attrs, overflow = _sprite_pixels(chr_bank, oam, ppuctrl, sprite_limit)
    if show_sprites and lines.size:
        if not ppumask & MASK_SPRITES_LEFT:
            keep = cols >= 8
            lines, cols, values, attrs = lines[keep], cols[keep], values[keep], attrs[keep]
        front = ((attrs & ATTR_BEHIND) == 0) | ((bg[lines, cols] & 3) == 0)
        sprite_colors = palette_ram[0x10 + (attrs & ATTR_PALETTE) * 4 + values]
        colors[lines[front], cols[front]] = sprite_colors[front]
    if ppumask & MASK_GREYSCALE:
        colors = colors & 0x30
    emphasis = (ppumask & MASK_EMPHASIS) >> _EMPHASIS_SHIFT
    return Frame(
        colors.astype(np.uint8),
        overflow_lines=overflow,
        sprite_limit=sprite_limit,
        rendering=show_bg or show_sprites,
        emphasis=np.full(HEIGHT, emphasis, np.uint8) if emphasis else None,
    )


def _background(chr_bank, nametables, ppuctrl, scroll_x, scroll_y):
    """``(240, 256) uint8`` palette-RAM address (palette * 4 + pixel value) of the background."""
    nametables = np.asarray(nametables, np.uint8).reshape(4, NAMETABLE_BYTES)
    scroll_x, scroll_y = int(scroll_x) % 512, int(scroll_y) % 480
    # The 31x33 tiles under the screen, on the 64x60-tile plane of 2x2 logical nametables.
    rows = ((scroll_y // 8 + np.arange(31)) % 60)[:, None]
    cols = ((scroll_x // 8 + np.arange(33)) % 64)[None, :]
    which = (rows // 30) * 2 + cols // 32
    r, c = rows % 30, cols % 32
    tiles = nametables[which, r * 32 + c].astype(np.intp)
    attribute = nametables[which, 960 + (r // 4) * 8 + c // 4]
    palettes = (attribute >> (((r % 4) // 2) * 4 + ((c % 4) // 2) * 2)) & 3
    table = 256 if ppuctrl & CTRL_BG_TABLE else 0
    # palette * 4 + pixel value: the palette-RAM address of every background pixel.
    address = chr_bank[table + tiles] | (palettes.astype(np.uint8) << 2)[:, :, None, None]
    address = address.transpose(0, 2, 1, 3).reshape(248, 264)
    fy, fx = scroll_y % 8, scroll_x % 8
    return address[fy : fy + HEIGHT, fx : fx + WIDTH].copy()


def _sprite_pixels(chr_bank, oam, ppuctrl, sprite_limit):
    """The opaque sprite pixels that win among sprites, as flat arrays of
    (line, column, value 1-3, attribute byte), plus the lines with more than 8 sprites."""
    entries = np.asarray(oam, np.uint8).reshape(64, 4).astype(np.intp)
    top, tile, attr, left = entries[:, 0] + 1, entries[:, 1], entries[:, 2], entries[:, 3]
    height = 16 if ppuctrl & CTRL_SPRITE_16 else 8

    cover = line_cover(top, height)  # (64, 240)
    overflow = overflow_lines(cover)
    if sprite_limit:
        cover = evaluated(cover)

    # Pattern of every sprite, (64, height, 8), with flips applied.
    if height == 8:
        table = 256 if ppuctrl & CTRL_SPRITE_TABLE else 0
        patterns = chr_bank[table + tile]
    else:
        first = (tile & TILE16_TABLE) * 256 + (tile & ~TILE16_TABLE)
        patterns = np.concatenate([chr_bank[first], chr_bank[first + 1]], axis=1)
    row = np.arange(height)
    src_row = np.where((attr & ATTR_FLIP_V)[:, None] != 0, height - 1 - row, row)  # (64, h)
    col = np.arange(8)
    src_col = np.where((attr & ATTR_FLIP_H)[:, None] != 0, 7 - col, col)  # (64, 8)
    index = np.arange(64)[:, None, None]
    patterns = patterns[index, src_row[:, :, None], src_col[:, None, :]]  # (64, h, 8)

    lines = top[:, None, None] + row[None, :, None] + 0 * col[None, None, :]
    cols = left[:, None, None] + col[None, None, :] + 0 * row[None, :, None]
    visible = (patterns != 0) & (lines < HEIGHT) & (cols < WIDTH)
    visible &= cover[index, np.minimum(lines, HEIGHT - 1)]
    sprite = np.broadcast_to(index, visible.shape)[visible]
    lines, cols, values = lines[visible], cols[visible], patterns[visible]
    if not lines.size:
        empty = np.zeros(0, np.intp)
        return empty, empty, empty, empty, overflow
    # Among sprites the lowest OAM index wins. Entries come in OAM order, so a stable sort by
    # pixel puts each pixel's frontmost sprite first.
    position = lines * WIDTH + cols
    order = np.argsort(position, kind="stable")
    position = position[order]
    first = np.ones(position.size, bool)
    first[1:] = position[1:] != position[:-1]
    pick = order[first]
    return lines[pick], cols[pick], values[pick], attr[sprite[pick]], overflow


# --- line by line ------------------------------------------------------------------------------
# A row of ``lines`` is (v, fine x, PPUCTRL, PPUMASK): v is the PPU's 15-bit scroll address when
# the line's first tile is fetched (https://www.nesdev.org/wiki/PPU_scrolling): coarse X in bits
# 0-4, coarse Y in 5-9, the nametable in 10-11, fine Y in 12-14.
LINE_V, LINE_FINE_X, LINE_CTRL, LINE_MASK = range(4)


def line_scroll(v: int, fine_x: int) -> tuple[int, int]:
    """``(scroll_x 0-511, scroll_y)`` that puts the pixel of a line's v and fine x at the top
    left; scroll_y is 0-479 for coarse Y 0-29 (rows 30-31 give 240-255 and 480-495)."""
    scroll_x = ((v & V_COARSE_X) << 3 | fine_x) + (WIDTH if v & V_NAMETABLE_X else 0)
    scroll_y = ((v & V_COARSE_Y) >> 2 | (v & V_FINE_Y) >> 12) + (HEIGHT if v & V_NAMETABLE_Y else 0)
    return scroll_x, scroll_y


def uniform_scroll(lines: np.ndarray) -> tuple[int, int, int, int] | None:
    """``(ppuctrl, ppumask, scroll_x, scroll_y)`` when every line of ``lines`` ``(240, 4)``
    shows the same registers and the rows of one scroll (nothing changed mid-frame), else None."""
    # Remembered by value: a ROM that changes nothing mid-frame draws the same lines every frame.
    lines = np.asarray(lines)
    return _uniform_scroll(lines.dtype.char, lines.tobytes())


@functools.lru_cache(maxsize=16)
def _uniform_scroll(dtype: str, data: bytes) -> tuple[int, int, int, int] | None:
    lines = np.frombuffer(data, np.dtype(dtype)).astype(np.int64).reshape(HEIGHT, 4)
    first = lines[0]
    if not (lines[:, 1:] == first[1:]).all():
        return None
    v = lines[:, LINE_V]
    if (v[0] & V_COARSE_Y) >> 5 > COARSE_Y_LAST_ROW:
        return None  # rows 30-31 (a Y of 240-255): only the line-by-line path draws them
    if (
        (v & ~(V_COARSE_Y | V_FINE_Y | V_NAMETABLE_Y))
        != (v[0] & ~(V_COARSE_Y | V_FINE_Y | V_NAMETABLE_Y))
    ).any():
        return None  # fmt: skip
    y = ((v & V_COARSE_Y) >> 2 | (v & V_FINE_Y) >> 12) + np.where(v & V_NAMETABLE_Y, HEIGHT, 0)
    if not (y == (y[0] + np.arange(HEIGHT)) % (2 * HEIGHT)).all():
        return None
    scroll_x, scroll_y = line_scroll(int(v[0]), int(first[LINE_FINE_X]))
    return int(first[LINE_CTRL]), int(first[LINE_MASK]), scroll_x, scroll_y


def render_lines(
    *,
    chr_bank: np.ndarray,
    nametables: np.ndarray,
    palette_ram: np.ndarray,
    oam: np.ndarray,
    lines: np.ndarray,
    sprite_limit: bool = True,
    whole_frame: bool = True,
) -> Frame:
    """Draw one frame whose registers may change from line to line.

    Parameters
    ----------
    chr_bank, nametables, palette_ram, oam, sprite_limit
        As in `render_vram`.
    lines : (240, 4) int
        Per line: v of its first tile, fine x, PPUCTRL, PPUMASK.
    whole_frame : bool
        Draw with `render_vram` when nothing changes mid-frame (the same picture, faster);
        False always draws line by line.
    """
    uniform = uniform_scroll(lines) if whole_frame else None
    if uniform is not None:
        ctrl, mask, scroll_x, scroll_y = uniform
        return render_vram(
            chr_bank=chr_bank, nametables=nametables, palette_ram=palette_ram, oam=oam,
            ppuctrl=ctrl, ppumask=mask, scroll_x=scroll_x, scroll_y=scroll_y,
            sprite_limit=sprite_limit,
        )  # fmt: skip
    lines = np.asarray(lines, np.int64).reshape(HEIGHT, 4)
    palette_ram = np.asarray(palette_ram, np.uint8) & 0x3F
    ctrl, mask = lines[:, LINE_CTRL], lines[:, LINE_MASK]
    bg = _background_lines(chr_bank, nametables, lines)
    bg[(mask & MASK_BG) == 0] = 0
    bg[(mask & MASK_BG_LEFT) == 0, :8] = 0
    lut = palette_ram[:16].copy()
    lut[0::4] = palette_ram[0]
    colors = lut[bg]

    overflow: list[int] = []
    for sprite_bits in np.unique(ctrl & (CTRL_SPRITE_16 | CTRL_SPRITE_TABLE)):
        group = (ctrl & (CTRL_SPRITE_16 | CTRL_SPRITE_TABLE)) == sprite_bits
        ys, xs, values, attrs, crowded = _sprite_pixels(chr_bank, oam, int(sprite_bits),
                                                        sprite_limit)  # fmt: skip
        overflow += [line for line in crowded if group[line]]
        line_mask = mask[ys]
        keep = group[ys] & ((line_mask & MASK_SPRITES) != 0)
        keep &= (xs >= 8) | ((line_mask & MASK_SPRITES_LEFT) != 0)
        ys, xs, values, attrs = ys[keep], xs[keep], values[keep], attrs[keep]
        front = ((attrs & 0x20) == 0) | ((bg[ys, xs] & 3) == 0)
        sprite_colors = palette_ram[0x10 + (attrs & 3) * 4 + values]
        colors[ys[front], xs[front]] = sprite_colors[front]
    grey = (mask & MASK_GREYSCALE) != 0
    colors[grey] &= 0x30
    emphasis = ((mask & MASK_EMPHASIS) >> _EMPHASIS_SHIFT).astype(np.uint8)
    return Frame(
        colors.astype(np.uint8),
        overflow_lines=sorted(overflow),
        sprite_limit=sprite_limit,
        rendering=bool((mask & (MASK_BG | MASK_SPRITES)).any()),
        emphasis=emphasis if emphasis.any() else None,
    )


def scroll_per_line(lines: np.ndarray) -> np.ndarray:
    """``(240, 2) int``: the (X, Y) scroll each line is drawn with, as `render_vram` counts it:
    X 0-511, Y 0-479; a line in attribute rows 30-31 (a Y scroll of 240-255) gives 240-255 or
    480-495, and the wrap to row 0 then shows as a jump. With rendering off v does not move:
    the line shows where v points."""
    rows = np.asarray(lines, np.int64).reshape(HEIGHT, 4)
    out = np.empty((HEIGHT, 2), np.int64)
    for line, (v, fine_x, _, mask) in enumerate(rows.tolist()):
        scroll_x, y = line_scroll(v, fine_x)
        if not mask & (MASK_BG | MASK_SPRITES):
            out[line] = scroll_x, y  # not rendering: v stays where the CPU left it
        elif (v & V_COARSE_Y) >> 5 > COARSE_Y_LAST_ROW:
            out[line] = scroll_x, y - line
        else:
            out[line] = scroll_x, (y - line) % (2 * HEIGHT)
    return out


def line_splits(lines: np.ndarray) -> list[tuple[int, int, int, int, int, int]]:
    """Runs of lines drawn alike: ``(first, last, scroll_x, scroll_y, ppuctrl, ppumask)``, one
    per mid-frame change (a single run when nothing changed); the scroll is (-1, -1) for lines
    drawn with rendering off, where it shows nothing."""
    rows = np.asarray(lines, np.int64).reshape(HEIGHT, 4)
    scroll = scroll_per_line(rows)
    scroll[(rows[:, 3] & (MASK_BG | MASK_SPRITES)) == 0] = -1  # not drawn: no scroll to show
    keys = np.concatenate([scroll, rows[:, 2:]], axis=1).tolist()
    runs: list[tuple[int, int, int, int, int, int]] = []
    for line, key in enumerate(keys):
        if runs and list(runs[-1][2:]) == key:
            runs[-1] = (runs[-1][0], line, *runs[-1][2:])
        else:
            runs.append((line, line, *key))
    return runs


def scroll_strip(lines: np.ndarray, width: int = 64) -> np.ndarray:
    """``(240, width, 3) uint8``: one row per line, a red mark at its X scroll and a blue one at
    its Y scroll (both scaled to the strip), rows where a split begins in yellow."""
    strip = np.full((HEIGHT, width, 3), 40, np.uint8)
    scroll = scroll_per_line(lines)
    for first, *_ in line_splits(lines)[1:]:
        strip[first] = (200, 180, 0)
    rows = np.arange(HEIGHT)
    strip[rows, np.minimum(scroll[:, 1] * width // (2 * HEIGHT), width - 1)] = (80, 140, 255)
    strip[rows, scroll[:, 0] * width // (2 * WIDTH)] = (255, 70, 70)
    return strip


def mark_pixel(rgb: np.ndarray, pixel, color=(255, 0, 255), reach: int = 4) -> np.ndarray:
    """A copy of ``rgb`` ``(240, 256, 3)`` with a cross centred on ``pixel`` ``(line, x)``
    (the sprite 0 hit), or ``rgb`` itself when ``pixel`` is None."""
    if pixel is None:
        return rgb
    out = rgb.copy()
    line, x = pixel
    out[max(0, line - reach) : line + reach + 1, x] = color
    out[line, max(0, x - reach) : x + reach + 1] = color
    return out


def _background_lines(chr_bank, nametables, lines):
    """``(240, 256) uint8`` palette-RAM address of the background, each line from its own v,
    fine x and pattern table; coarse Y 30-31 fetch attribute bytes as tiles, as the PPU does."""
    nametables = np.asarray(nametables, np.uint8).reshape(4, 1024)
    v = lines[:, LINE_V]
    column = ((v & V_NAMETABLE_X) >> 5 | (v & V_COARSE_X))[:, None] + np.arange(33)  # (240, 33)
    column &= 0x3F
    which = np.where(v & V_NAMETABLE_Y, 2, 0)[:, None] | (column >> 5)
    row = ((v & V_COARSE_Y) >> 5)[:, None]
    cx = column & V_COARSE_X
    tiles = nametables[which, row * 32 + cx].astype(np.intp)
    attribute = nametables[which, ATTRIBUTE_OFFSET + (row >> 2) * 8 + (cx >> 2)]
    palettes = (attribute >> ((row & 2) << 1 | (cx & 2))) & 3
    table = np.where(lines[:, LINE_CTRL] & CTRL_BG_TABLE, 256, 0)[:, None]
    fine_y = ((v & V_FINE_Y) >> 12)[:, None]
    address = chr_bank[table + tiles, fine_y] | (palettes.astype(np.uint8) << 2)[:, :, None]
    address = address.reshape(HEIGHT, 33 * 8)
    start = lines[:, LINE_FINE_X][:, None] + np.arange(WIDTH)
    return np.take_along_axis(address, start, axis=1)


def emphasize(rgb: np.ndarray, indices: np.ndarray, emphasis: np.ndarray) -> np.ndarray:
    """``rgb`` ``(240, 256, 3)`` tinted line by line by ``emphasis`` ``(240,)`` (0-7), except
    the colours $xE-$xF, which emphasis leaves black."""
    factors = EMPHASIS_FACTORS[np.asarray(emphasis, np.intp)][:, None, :]  # (240, 1, 3)
    tinted = np.rint(rgb * factors).astype(np.uint8)
    blacks = (np.asarray(indices) & 0x0F) >= 0x0E
    return np.where(blacks[:, :, None], rgb, tinted)


def _emphasis_or_zero(frame: Frame) -> np.ndarray:
    return np.zeros(HEIGHT, np.uint8) if frame.emphasis is None else frame.emphasis


def render_scene(scene, chr_bank: np.ndarray, *, sprite_limit: bool = True) -> Frame:
    """Draw a design (`Screen` or `Scene`) with the tiles of ``chr_bank`` ``(512, 8, 8)``;
    a map of several screens as the view from its top-left corner (camera (0, 0))."""
    if getattr(scene, "screens", (1, 1)) != (1, 1):
        return render_camera(scene, chr_bank, (0, 0), sprite_limit=sprite_limit)
    nametable = np.frombuffer(scene.nametable_bytes(), np.uint8)
    return render_vram(
        chr_bank=chr_bank,
        nametables=np.broadcast_to(nametable, (4, NAMETABLE_BYTES)),
        palette_ram=np.frombuffer(scene.palettes.to_bytes(), np.uint8),
        oam=np.frombuffer(scene.oam_bytes(), np.uint8),
        ppuctrl=scene.ppuctrl,
        ppumask=scene.ppumask,
        sprite_limit=sprite_limit,
    )


def camera_nametables(scene, camera) -> tuple[np.ndarray, int, int]:
    """The four logical nametables and the scroll that show a map's view at ``camera``.

    The screen under the camera's left (top) edge goes in nametable 0 and the next one in
    nametable 1 (2 for a vertical map), as the mirroring of a scrolling cartridge arranges
    them (https://www.nesdev.org/wiki/Mirroring). Returns ``((4, 1024) uint8, sx, sy)``.
    """
    w, h = scene.screens
    x, y = _check_camera(camera, (w, h))
    sx, sy = x // WIDTH, y // HEIGHT
    tables = np.zeros((4, 1024), np.uint8)
    first = np.frombuffer(scene.screen_nametable_bytes(sx, sy), np.uint8)
    tables[:] = first
    if w > 1 and sx + 1 < w:
        tables[1] = tables[3] = np.frombuffer(scene.screen_nametable_bytes(sx + 1, 0), np.uint8)
    if h > 1 and sy + 1 < h:
        tables[2] = tables[3] = np.frombuffer(scene.screen_nametable_bytes(0, sy + 1), np.uint8)
    return tables, x - sx * WIDTH, y - sy * HEIGHT


def _check_camera(camera, screens) -> tuple[int, int]:
    try:
        x, y = (int(v) for v in camera)
    except (TypeError, ValueError):
        raise InvalidValueError(f"camera: {camera!r} is not an (x, y) pair") from None
    top_x, top_y = WIDTH * (screens[0] - 1), HEIGHT * (screens[1] - 1)
    if not (0 <= x <= top_x and 0 <= y <= top_y):
        raise InvalidValueError(
            f"camera: ({x}, {y}); a {screens[0]}x{screens[1]}-screen map allows x 0-{top_x} "
            f"and y 0-{top_y}"
        )
    return x, y


def render_camera(scene, chr_bank: np.ndarray, camera, *, sprite_limit: bool = True) -> Frame:
    """The 256x240 view of a map scene with its top-left corner at ``camera`` (x, y) in map
    pixels; the sprites stay where they are on the screen."""
    tables, scroll_x, scroll_y = camera_nametables(scene, camera)
    return render_vram(
        chr_bank=chr_bank,
        nametables=tables,
        palette_ram=np.frombuffer(scene.palettes.to_bytes(), np.uint8),
        oam=np.frombuffer(scene.oam_bytes(), np.uint8),
        ppuctrl=scene.ppuctrl,
        ppumask=scene.ppumask,
        scroll_x=scroll_x,
        scroll_y=scroll_y,
        sprite_limit=sprite_limit,
    )


@dataclass(frozen=True, eq=False)
class MapPicture:
    """A whole map's background: ``indices`` ``(240*h, 256*w) uint8`` colour indices."""

    indices: np.ndarray
    screens: tuple[int, int]
    master: MasterPalette | None = None
    screen_lines: bool = False

    def rgb(self) -> np.ndarray:
        rgb = (self.master or DEFAULT_PALETTE).lookup(self.indices)
        if self.screen_lines:
            rgb[:, WIDTH::WIDTH] = (255, 0, 255)
            rgb[HEIGHT::HEIGHT, :] = (255, 0, 255)
        return rgb

    def image(self, scale: int = 1) -> Image.Image:
        return to_image(self.rgb(), scale)

    def digest(self) -> str:
        return digest(self.indices)

    def __repr__(self) -> str:
        w, h = self.screens
        return f"MapPicture({256 * w}x{240 * h}, {w}x{h} screens, digest {self.digest()})"

    def _repr_png_(self) -> bytes:
        return png_bytes(self.image())


def render_map(scene, chr_bank: np.ndarray, *, master=None, screen_lines=False) -> MapPicture:
    """Every screen of a map scene's background side by side (no sprites, left column shown)."""
    w, h = scene.screens
    palette_ram = np.frombuffer(scene.palettes.to_bytes(), np.uint8)
    rows = []
    for sy in range(h):
        row = []
        for sx in range(w):
            table = np.frombuffer(scene.screen_nametable_bytes(sx, sy), np.uint8)
            row.append(render_vram(
                chr_bank=chr_bank, nametables=np.broadcast_to(table, (4, 1024)),
                palette_ram=palette_ram, oam=np.full(256, 0xFF, np.uint8),
                ppuctrl=scene.ppuctrl, ppumask=MASK_BACKGROUND_ONLY,
            ).indices)  # fmt: skip
        rows.append(np.concatenate(row, axis=1))
    return MapPicture(np.concatenate(rows, axis=0), (w, h), master, screen_lines)


def render_state(state, *, sprite_limit: bool = True) -> Frame:
    """Draw the frame a PPU state shows: any object with ``chr_bank`` ``(512, 8, 8)``,
    ``nametables`` ``(4, 1024)``, ``palette_ram`` ``(32,)``, ``oam`` ``(256,)``, ``ppuctrl``,
    ``ppumask``, ``scroll_x`` and ``scroll_y`` (the fields of `render_vram`), and optionally
    ``lines`` ``(240, 4)``: the registers of each line (see `render_lines`), and ``picture``:
    the memories (``chr_bank``, ``nametables``, ``palette_ram``, ``oam``) the lines were drawn
    from when they are not the state's own."""
    lines = getattr(state, "lines", None)
    if lines is not None:
        memories = _memories(getattr(state, "picture", None) or state, state.ppuctrl)
        del memories["ppuctrl"]
        return render_lines(**memories, lines=lines, sprite_limit=sprite_limit)
    return render_vram(
        **_memories(state),
        ppumask=state.ppumask,
        scroll_x=state.scroll_x,
        scroll_y=state.scroll_y,
        sprite_limit=sprite_limit,
    )


def render_nametable(state, index: int) -> Frame:
    """Logical nametable ``index`` (0-3: $2000, $2400, $2800, $2C00) of a PPU state (see
    `render_state`) drawn alone: background only, left column included, no sprites."""
    return render_vram(
        **_memories(state),
        ppumask=MASK_BACKGROUND_ONLY,
        scroll_x=WIDTH * (index & 1),
        scroll_y=HEIGHT * (index >> 1),
    )


def _memories(state, ppuctrl: int | None = None) -> dict:
    """The PPU memories and PPUCTRL of a state, as `render_vram` keywords."""
    return {
        "chr_bank": state.chr_bank,
        "nametables": state.nametables,
        "palette_ram": state.palette_ram,
        "oam": state.oam,
        "ppuctrl": state.ppuctrl if ppuctrl is None else ppuctrl,
    }


# --- pictures ---------------------------------------------------------------------------------
def digest(array: np.ndarray) -> str:
    """Short stable fingerprint of an array's bytes: what notebooks print where a picture alone
    would check nothing."""
    import hashlib  # heavy (OpenSSL, ~5 ms), rarely used: notebooks only; commands skip it

    return hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()[:12]


#: The longest side of a picture we enlarge to: 16 times a 256x240 screen.
MAX_PICTURE_SIDE = 4096
#: The largest enlargement of a whole screen (`MAX_PICTURE_SIDE` / 256).
MAX_SCREEN_SCALE = 16


def upscale(rgb: np.ndarray, scale: int) -> np.ndarray:
    """Nearest-neighbour enlargement by an integer factor (crisp pixels); at most
    `MAX_PICTURE_SIDE` pixels a side, so a typo cannot ask for gigabytes."""
    if not isinstance(scale, int) or isinstance(scale, bool) or scale < 1:
        raise InvalidValueError(f"scale: {scale!r}; use a whole number 1 or more")
    longest = max(rgb.shape[:2])
    if longest * scale > MAX_PICTURE_SIDE:
        raise InvalidValueError(
            f"scale: {scale} would make a picture {longest * scale} pixels wide; "
            f"use 1-{max(1, MAX_PICTURE_SIDE // longest)} (at most {MAX_PICTURE_SIDE} pixels)"
        )
    if scale == 1:
        return rgb
    return np.repeat(np.repeat(rgb, scale, axis=0), scale, axis=1)


def draw_overlays(
    rgb: np.ndarray,
    scale: int,
    *,
    grid: bool = False,
    attribute_grid: bool = False,
    sprite_boxes=(),
    sprite_height: int = 8,
) -> np.ndarray:
    """Lines over an enlarged picture: the 8x8 tile grid, the 16x16 attribute grid, and a box
    around each sprite in ``sprite_boxes`` (objects with ``x`` and ``y``)."""
    out = rgb.copy()
    if grid:
        out[:: 8 * scale, :] = out[:: 8 * scale, :] // 2 + 64
        out[:, :: 8 * scale] = out[:, :: 8 * scale] // 2 + 64
    if attribute_grid:
        out[:: 16 * scale, :] = (255, 200, 0)
        out[:, :: 16 * scale] = (255, 200, 0)
    h, w = out.shape[:2]
    for s in sprite_boxes:
        y0, x0 = s.y * scale, s.x * scale
        y1, x1 = min(h, y0 + sprite_height * scale) - 1, min(w, x0 + 8 * scale) - 1
        if y0 >= h or x0 >= w:
            continue
        out[y0, x0 : x1 + 1] = out[y1, x0 : x1 + 1] = (0, 255, 255)
        out[y0 : y1 + 1, x0] = out[y0 : y1 + 1, x1] = (0, 255, 255)
    return out


def to_image(rgb: np.ndarray, scale: int = 1, **overlays) -> Image.Image:
    big = upscale(np.asarray(rgb, np.uint8), scale)
    if any(overlays.get(k) for k in ("grid", "attribute_grid", "sprite_boxes")):
        big = draw_overlays(big, scale, **overlays)
    return Image.fromarray(big, "RGB")


def png_bytes(image: Image.Image) -> bytes:
    """PNG bytes with no timestamps or text chunks: the same picture always gives the same bytes."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def tiles_image(tiles: np.ndarray, colors: np.ndarray, columns: int = 16) -> np.ndarray:
    """``(n, 8, 8)`` tiles drawn with 4 colour indices -> RGB sheet ``(rows*8, columns*8, 3)``."""
    tiles = np.asarray(tiles, np.uint8)
    n = tiles.shape[0]
    rows = -(-n // columns)
    padded = np.zeros((rows * columns, 8, 8), np.uint8)
    padded[:n] = tiles
    sheet = padded.reshape(rows, columns, 8, 8).transpose(0, 2, 1, 3).reshape(rows * 8, -1)
    return DEFAULT_PALETTE.lookup(np.asarray(colors, np.uint8)[sheet])


def _ranges(values: list[int]) -> str:
    parts, start = [], None
    for i, v in enumerate(values):
        if start is None:
            start = v
        if i + 1 == len(values) or values[i + 1] != v + 1:
            parts.append(f"{start}" if start == v else f"{start}-{v}")
            start = None
    return ", ".join(parts)
