"""Static HTML and PNG views of model objects for notebooks.

Everything here is deterministic (no ids, addresses or timestamps) so that notebook outputs
compare equal from run to run under nbval, and self-contained (PNGs as data URIs) so that a
saved notebook shows them on GitHub too.
"""

from __future__ import annotations

import base64

import numpy as np

from romulus_nb.labels import (  # noqa: F401 (side_by_side, captioned: re-exported)
    captioned,
    hex_axes,
    legend,
    paste,
    side_by_side,
    stack,
    swatch_rgb,
    text_rgb,
)
from romulus_nb.nes.colors import (  # noqa: F401 (re-exported: the colour views)
    DEFAULT_PALETTE,
    UNSAFE_BLACK,
    MasterPalette,
    NESColor,
    master_palette_html,
    swatch,
    swatch_html,
)
from romulus_nb.nes.hardware import PALETTE_BASE
from romulus_nb.nes.palettes import Palette, PaletteSet, palette_set_html  # noqa: F401
from romulus_nb.render import digest, png_bytes, tiles_image, to_image


def data_uri(data: bytes, mime: str = "image/png") -> str:
    """``data`` (a PNG, GIF, ... file's bytes) as a ``data:`` URI an ``<img>`` can show."""
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


def png_data_uri(rgb: np.ndarray, scale: int = 1) -> str:
    return data_uri(png_bytes(to_image(rgb, scale)))


def uri_img_tag(uri: str, alt: str = "", width: int | None = None) -> str:
    """An ``<img>`` of ``uri`` with crisp (unsmoothed) pixels, ``width`` px wide if given."""
    import html  # html.entities' tables cost ~3 ms: loaded by notebook views only, not commands

    size = f' width="{width}"' if width is not None else ""
    return f'<img src="{uri}" alt="{html.escape(alt)}"{size} style="image-rendering:pixelated">'


def img_tag(rgb: np.ndarray, scale: int = 1, alt: str = "") -> str:
    """An RGB picture ``(h, w, 3) uint8`` enlarged ``scale`` times, as an ``<img>`` tag."""
    return uri_img_tag(png_data_uri(rgb, scale), alt)


def pattern_table_rgb(tiles: np.ndarray, colors=(0x0F, 0x00, 0x10, 0x30), *,
                      axes: bool = True) -> np.ndarray:  # fmt: skip
    """``(256, 8, 8)`` tiles -> picture, 16 tiles a row, in ``colors``: ``(136, 136, 3)`` with
    the hex digits of the tile numbers along the top (low digit) and the left (high digit),
    ``(128, 128, 3)`` with ``axes=False``. The 8-pixel margins keep an 8x8 grid aligned."""
    sheet = tiles_image(tiles, np.array(colors, np.uint8), columns=16)
    return hex_axes(sheet) if axes else sheet


def game_html(game) -> str:
    import html  # html.entities' tables cost ~3 ms: loaded by notebook views only, not commands

    items = []
    for i, scene in enumerate(game.scenes):
        uri = data_uri(png_bytes(scene.image(1)))
        items.append(
            f"<figure style='display:inline-block;margin:4px'>"
            f"<img src='{uri}' style='image-rendering:pixelated'>"
            f"<figcaption style='font:12px sans-serif'>{i}: {html.escape(scene.name)}"
            "</figcaption></figure>"
        )
    head = html.escape(f"{game.name}: {len(game.scenes)} scenes")
    return f"<div class='romulus-game'><b>{head}</b><br>{''.join(items)}</div>"


class Picture:
    """An RGB picture ``(h, w, 3) uint8`` that shows itself enlarged in a notebook.

    Its text repr is its size and a digest, never an address, so notebook outputs are stable.
    """

    def __init__(self, rgb: np.ndarray, scale: int = 1, title: str = ""):
        self.rgb = np.asarray(rgb, np.uint8)
        self.scale = scale
        self.title = title

    def image(self):
        return to_image(self.rgb, self.scale)

    def digest(self) -> str:
        return digest(self.rgb)

    def _repr_png_(self) -> bytes:
        return png_bytes(self.image())

    def __repr__(self) -> str:
        h, w = self.rgb.shape[:2]
        name = f"{self.title}, " if self.title else ""
        return f"Picture({name}{w}x{h} x{self.scale}, digest {self.digest()})"


def tiles_picture(tiles: np.ndarray, colors=(0x0F, 0x00, 0x10, 0x30), *, columns: int = 16,
                  scale: int = 2, title: str = "", axes: bool = False) -> Picture:  # fmt: skip
    """Tiles ``(n, 8, 8)`` drawn in 4 colour indices, ``columns`` a row, enlarged; with
    ``axes`` the hex digits of the tile numbers run along the top and the left."""
    sheet = tiles_image(tiles, np.array(colors, np.uint8), columns)
    return Picture(hex_axes(sheet) if axes else sheet, scale, title)


# --- palettes as pictures: what GitHub and nbviewer show, where inline styles are stripped -----
def _master(master) -> MasterPalette:
    return DEFAULT_PALETTE if master is None else master


def master_palette_rgb(master: MasterPalette | None = None) -> np.ndarray:
    """The 64 colours as the 4x16 grid NES tools use, each box labelled with its number, the hue
    digit along the top and the brightness row down the left; $0D is crossed out (unsafe)."""
    table = _master(master).rgb
    rows = []
    for level in range(4):
        cells = []
        for hue in range(16):
            index = level * 16 + hue
            box = swatch_rgb(table[index], f"{index:02X}")
            if index == UNSAFE_BLACK:
                diagonal = np.arange(box.shape[0]) * box.shape[1] // box.shape[0]
                box[np.arange(box.shape[0]), diagonal] = (255, 0, 0)
            cells.append(box)
        rows.append(np.hstack([captioned_left(f"{level}x", cells[0].shape[0]), *cells]))
    header = np.hstack([text_rgb("  ")] + [_centred(f"x{hue:X}", 24) for hue in range(16)])
    return stack(header, *rows)


def captioned_left(text: str, height: int) -> np.ndarray:
    """``text`` vertically centred in a band ``height`` pixels tall (a row label)."""
    words = text_rgb(text)
    band = np.empty((height, words.shape[1], 3), np.uint8)
    band[:] = words[0, 0] if words.size else 0
    band[(height - words.shape[0]) // 2 :][: words.shape[0]] = words
    return band


def _centred(text: str, width: int) -> np.ndarray:
    words = text_rgb(text)
    band = np.empty((words.shape[0], width, 3), np.uint8)
    band[:] = text_rgb(" ")[0, 0]
    left = max(0, (width - words.shape[1]) // 2)
    band[:, left : left + words.shape[1]] = words[:, : width - left]
    return band


def palette_rgb(colors, master: MasterPalette | None = None) -> np.ndarray:
    """Colour indices as a row of labelled boxes."""
    table = _master(master).rgb
    return np.hstack([swatch_rgb(table[int(c)], f"{int(c):02X}") for c in colors])


def palette_set_rgb(palettes: PaletteSet, master: MasterPalette | None = None) -> np.ndarray:
    """The 8 palettes of a scene, each under its name (BG0-BG3 on the first row, SPR0-SPR3 on
    the second); column 0 of each is the shared backdrop."""
    return eight_palettes_rgb(palettes.array, master)


def eight_palettes_rgb(colors, master: MasterPalette | None = None, *, addresses=False):
    """``(8, 4)`` colour indices as the 8 palettes, BG0-BG3 above SPR0-SPR3, each under its name
    (and its palette RAM address with ``addresses``: palette RAM as the PPU holds it)."""
    rows = []
    for kind, first in (("BG", 0), ("SPR", 4)):
        named = [palette_rgb(colors[first + k], master) for k in range(4)]
        labels = [f"{kind}{k}" for k in range(4)]
        if addresses:
            labels = [
                f"{name} ${PALETTE_BASE + 4 * (first + k):04X}" for k, name in enumerate(labels)
            ]
        rows.append(side_by_side(*named, labels=labels, gap=8))
    return stack(rows[0], np.full((4, rows[0].shape[1], 3), 128, np.uint8), rows[1])


def palette_png(item) -> bytes:
    """A PNG of a `MasterPalette`, `PaletteSet`, `Palette` or `NESColor` at 2x (the model
    classes' ``_repr_png_``, served to them through `romulus_nb.services`)."""
    if isinstance(item, MasterPalette):
        rgb = master_palette_rgb(item)
    elif isinstance(item, PaletteSet):
        rgb = palette_set_rgb(item)
    elif isinstance(item, NESColor):
        rgb = palette_rgb([item.index])
    else:
        rgb = palette_rgb(Palette(item))
    return png_bytes(to_image(rgb, 2))


def scene_tiles_rgb(scene, *, unused=(0x0F, 0x0F, 0x00, 0x00)) -> np.ndarray:
    """The background pattern table of ``scene`` with each tile the scene uses drawn through the
    palette of the blocks that use it most (the colours it really shows on screen), the others
    in dim ``unused`` colours; hex digits along the top and the left: ``(136, 136, 3)``.

    ``scene`` is a `romulus_nb.game.Scene` (``nametable (30, 32)``, ``tile_palettes()``,
    ``palettes``, ``bg_table``, ``game``)."""
    tiles = scene.game.pattern_table(scene.bg_table)
    palette_of = scene.tile_palettes()
    colours = np.tile(np.asarray(unused, np.uint8), (256, 1))
    for tile in np.unique(scene.nametable):
        votes = np.bincount(palette_of[scene.nametable == tile], minlength=4)
        colours[tile] = scene.palettes.array[int(np.argmax(votes))]
    indices = colours[np.arange(256)[:, None, None], tiles]  # (256, 8, 8) colour indices
    sheet = indices.reshape(16, 16, 8, 8).transpose(0, 2, 1, 3).reshape(128, 128)
    return hex_axes(scene.game.master_palette.lookup(sheet))


# --- proofs and timelines ---------------------------------------------------------------------
MAGENTA = (255, 0, 255)


def proof_rgb(check) -> np.ndarray:
    """A smoke test's scene check at full resolution: design | ROM | difference, each labelled;
    the difference is the design dimmed, with differing pixels in magenta.

    ``check`` has ``expected`` and ``actual`` frames, ``difference()`` ``(240, 256) bool``,
    ``frame`` and ``differing_pixels`` (`romulus_nb.emu.smoke.SceneCheck`)."""
    expected, actual = check.expected.rgb(), check.actual.rgb()
    marked = expected // 3
    marked[check.difference()] = MAGENTA
    return side_by_side(
        expected, actual, marked,
        labels=("design", f"ROM, frame {check.frame}",
                f"difference: {check.differing_pixels} px"),
    )  # fmt: skip


#: The write timeline's colours: no write, a few, many, and vblank lines with no write.
TIMELINE_KEYS = (
    ((0, 0, 0), "no write"),
    ((234, 158, 34), "1-3 writes"),
    ((255, 254, 255), "4 or more"),
    ((0, 42, 136), "vblank"),
)
VBLANK_LINES = range(241, 261)


def write_timeline_rgb(writes, frames: int = 12, lines: int = 262) -> np.ndarray:
    """Register writes as a picture: one 8-pixel row per frame (labelled on the left), one column
    per scanline (an axis below marks lines 0, 100, 200 and the vblank at 241-260), the colour
    the number of writes in that line; a legend underneath.

    ``writes`` are objects with ``frame`` and ``scanline`` (`romulus_nb.emu` write records)."""
    counts = np.zeros((frames, lines), int)
    for w in writes:
        if w.frame < frames and 0 <= w.scanline < lines:
            counts[w.frame, w.scanline] += 1
    colours = np.array([key for key, _ in TIMELINE_KEYS], np.uint8)
    kind = np.select([counts == 0, counts < 4], [0, 1], 2)
    vblank = np.zeros(lines, bool)
    vblank[VBLANK_LINES.start : min(lines, VBLANK_LINES.stop)] = True
    kind[(counts == 0) & vblank] = 3
    body = np.repeat(colours[kind], 7, axis=0)
    rows = [np.vstack([body[7 * f : 7 * f + 7], np.full((1, lines, 3), 64, np.uint8)])
            for f in range(frames)]  # fmt: skip
    labelled = [np.hstack([text_rgb(f"{f:2d}"), row]) for f, row in enumerate(rows)]
    margin = 2 * 8
    axis = np.empty((10, margin + lines, 3), np.uint8)
    axis[:] = text_rgb(" ")[0, 0]
    for line in (0, 100, 200, 241):
        axis[0:2, margin + line] = (255, 255, 255)
        paste(axis, text_rgb(str(line)), 2, margin + line - (4 if line else 0))
    title = text_rgb("frame  (one column per scanline; lines 241-260: vblank)")
    return stack(title, *labelled, axis, legend(TIMELINE_KEYS))
