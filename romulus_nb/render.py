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
"""

from __future__ import annotations

import hashlib
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
    CTRL_BG_TABLE,
    CTRL_SPRITE_16,
    CTRL_SPRITE_TABLE,
    MASK_BACKGROUND_ONLY,
    MASK_BG,
    MASK_BG_LEFT,
    MASK_GREYSCALE,
    MASK_SPRITES,
    MASK_SPRITES_LEFT,
    SCREEN_HEIGHT,
    SCREEN_WIDTH,
    TILE16_TABLE,
)
from romulus_nb.nes.oam import evaluated, line_cover, overflow_lines

WIDTH, HEIGHT = SCREEN_WIDTH, SCREEN_HEIGHT


@dataclass(frozen=True, eq=False)
class Frame:
    """A rendered picture. ``indices`` is ``(240, 256) uint8`` of NES colour indices."""

    indices: np.ndarray
    overflow_lines: list[int] = field(default_factory=list)
    sprite_limit: bool = True
    rendering: bool = True

    @property
    def warnings(self) -> list[str]:
        out = []
        if self.overflow_lines:
            lines = _ranges(self.overflow_lines)
            verb = "dropped" if self.sprite_limit else "would drop"
            out.append(f"more than 8 sprites on lines {lines}: the PPU {verb} the extra ones")
        return out

    def rgb(self, master: MasterPalette | None = None) -> np.ndarray:
        """``(240, 256, 3) uint8`` through ``master`` (the default 2C02 palette)."""
        return (master or DEFAULT_PALETTE).lookup(self.indices)

    def image(self, scale: int = 1, master: MasterPalette | None = None, **overlays) -> Image.Image:
        """The frame as a PIL image, enlarged ``scale`` times (nearest neighbour), with optional
        overlays (see `draw_overlays`)."""
        return to_image(self.rgb(master), scale, **overlays)

    def __eq__(self, other) -> bool:
        return isinstance(other, Frame) and np.array_equal(self.indices, other.indices)

    def __repr__(self) -> str:
        return f"Frame(256x240, {len(np.unique(self.indices))} colours, digest {self.digest()})"

    def digest(self) -> str:
        """Short stable fingerprint of the colour indices (for notebooks and tests)."""
        return digest(self.indices)

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
    return Frame(
        colors.astype(np.uint8),
        overflow_lines=overflow,
        sprite_limit=sprite_limit,
        rendering=show_bg or show_sprites,
    )


def _background(chr_bank, nametables, ppuctrl, scroll_x, scroll_y):
    """``(240, 256) uint8`` palette-RAM address (palette * 4 + pixel value) of the background."""
    nametables = np.asarray(nametables, np.uint8).reshape(4, 1024)
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


def render_scene(scene, chr_bank: np.ndarray, *, sprite_limit: bool = True) -> Frame:
    """Draw a design (`Screen` or `Scene`) with the tiles of ``chr_bank`` ``(512, 8, 8)``."""
    nametable = np.frombuffer(scene.nametable_bytes(), np.uint8)
    return render_vram(
        chr_bank=chr_bank,
        nametables=np.broadcast_to(nametable, (4, 1024)),
        palette_ram=np.frombuffer(scene.palettes.to_bytes(), np.uint8),
        oam=np.frombuffer(scene.oam_bytes(), np.uint8),
        ppuctrl=scene.ppuctrl,
        ppumask=scene.ppumask,
        sprite_limit=sprite_limit,
    )


def render_state(state, *, sprite_limit: bool = True) -> Frame:
    """Draw the frame a PPU state shows: any object with ``chr_bank`` ``(512, 8, 8)``,
    ``nametables`` ``(4, 1024)``, ``palette_ram`` ``(32,)``, ``oam`` ``(256,)``, ``ppuctrl``,
    ``ppumask``, ``scroll_x`` and ``scroll_y`` (the fields of `render_vram`)."""
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


def _memories(state) -> dict:
    """The PPU memories and PPUCTRL of a state, as `render_vram` keywords."""
    return {
        "chr_bank": state.chr_bank,
        "nametables": state.nametables,
        "palette_ram": state.palette_ram,
        "oam": state.oam,
        "ppuctrl": state.ppuctrl,
    }


# --- pictures ---------------------------------------------------------------------------------
def digest(array: np.ndarray) -> str:
    """Short stable fingerprint of an array's bytes: what notebooks print where a picture alone
    would check nothing."""
    return hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()[:12]


def upscale(rgb: np.ndarray, scale: int) -> np.ndarray:
    """Nearest-neighbour enlargement by an integer factor (crisp pixels)."""
    if not isinstance(scale, int) or scale < 1:
        raise InvalidValueError(f"scale: {scale!r}; use a whole number 1 or more")
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
