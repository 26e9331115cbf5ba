"""From a picture to an NES scene, under the hardware's limits.

>>> from romulus_nb.convert import scene_from_image
>>> scene, report = scene_from_image("photo.png", dither="ordered")  # doctest: +SKIP

Art that already obeys the NES's rules comes back exactly (`exact`: colours recognised in a
known RGB table, `master_palettes`; palette packing solved exactly), and a sprite sheet becomes
metasprites (`sprites`). Otherwise, the steps (each its own module): fit the picture to
256x240 (`picture`), choose the backdrop and 4 background palettes and a palette per 16x16
block (`palette_search`), quantize with optional dithering in CIELAB (`quantize`, `lab`),
fit the tiles into the budget (`tile_budget`), then render the scene and measure it
(`report`). Undithered, palettes searched in sRGB compete with the CIELAB ones and the tiles
are merged and refined in sRGB (`refine`), where PSNR is measured.
`pipeline` runs them; `api` adds the scene to a game.
"""

from romulus_nb.convert.api import add_scene_from_image, scene_from_image
from romulus_nb.convert.picture import MAX_PIXELS, Picture, fit_picture
from romulus_nb.convert.pipeline import Conversion, convert_picture
from romulus_nb.convert.report import ConversionReport

__all__ = [
    "MAX_PIXELS",
    "Conversion",
    "ConversionReport",
    "Picture",
    "add_scene_from_image",
    "convert_picture",
    "fit_picture",
    "scene_from_image",
]
