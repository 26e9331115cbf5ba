"""Static HTML and PNG views of model objects for notebooks.

Everything here is deterministic (no ids, addresses or timestamps) so that notebook outputs
compare equal from run to run under nbval, and self-contained (PNGs as data URIs) so that a
saved notebook shows them on GitHub too.
"""

from __future__ import annotations

import base64
import html

import numpy as np

from romulus_nb.nes.colors import (  # noqa: F401 (re-exported: the colour views)
    master_palette_html,
    swatch,
    swatch_html,
)
from romulus_nb.nes.palettes import palette_set_html  # noqa: F401 (re-exported)
from romulus_nb.render import digest, png_bytes, tiles_image, to_image


def data_uri(data: bytes, mime: str = "image/png") -> str:
    """``data`` (a PNG, GIF, ... file's bytes) as a ``data:`` URI an ``<img>`` can show."""
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


def png_data_uri(rgb: np.ndarray, scale: int = 1) -> str:
    return data_uri(png_bytes(to_image(rgb, scale)))


def uri_img_tag(uri: str, alt: str = "", width: int | None = None) -> str:
    """An ``<img>`` of ``uri`` with crisp (unsmoothed) pixels, ``width`` px wide if given."""
    size = f' width="{width}"' if width is not None else ""
    return f'<img src="{uri}" alt="{html.escape(alt)}"{size} style="image-rendering:pixelated">'


def img_tag(rgb: np.ndarray, scale: int = 1, alt: str = "") -> str:
    """An RGB picture ``(h, w, 3) uint8`` enlarged ``scale`` times, as an ``<img>`` tag."""
    return uri_img_tag(png_data_uri(rgb, scale), alt)


def pattern_table_rgb(tiles: np.ndarray, colors=(0x0F, 0x00, 0x10, 0x30)) -> np.ndarray:
    """``(256, 8, 8)`` tiles -> ``(128, 128, 3)`` picture, 16 tiles a row, in ``colors``."""
    return tiles_image(tiles, np.array(colors, np.uint8), columns=16)


def game_html(game) -> str:
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
                  scale: int = 2, title: str = "") -> Picture:  # fmt: skip
    """Tiles ``(n, 8, 8)`` drawn in 4 colour indices, ``columns`` a row, enlarged."""
    return Picture(tiles_image(tiles, np.array(colors, np.uint8), columns), scale, title)
