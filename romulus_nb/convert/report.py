"""`ConversionReport`: how faithful a converted scene is, measured on what the NES will show."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import numpy as np

from romulus_nb.display import img_tag
from romulus_nb.nes.palettes import Palette
from romulus_nb.render import to_image

WORST_BLOCKS = 8
ERROR_GAIN = 4  # error map brightness: an RMS error of 64 (of 255) is full scale


def psnr(original: np.ndarray, result: np.ndarray) -> float:
    """Peak signal-to-noise ratio in dB of two RGB pictures (uint8); ``inf`` when equal."""
    mse = np.mean((original.astype(np.float64) - result.astype(np.float64)) ** 2)
    return float("inf") if mse == 0 else float(10 * np.log10(255.0**2 / mse))


def block_psnr(original: np.ndarray, result: np.ndarray) -> np.ndarray:
    """``(15, 16) float64`` PSNR of every 16x16 block (``inf`` where exact)."""
    sq = (original.astype(np.float64) - result.astype(np.float64)) ** 2
    mse = sq.reshape(15, 16, 16, 16, 3).mean(axis=(1, 3, 4))  # (block_y, y, block_x, x, rgb)
    with np.errstate(divide="ignore"):
        return np.where(mse == 0, np.inf, 10 * np.log10(255.0**2 / np.maximum(mse, 1e-12)))


def error_map(original: np.ndarray, result: np.ndarray) -> np.ndarray:
    """``(240, 256, 3) uint8``: per-pixel RMS error as a black-red-yellow-white heat map."""
    rms = np.sqrt(((original.astype(np.float64) - result.astype(np.float64)) ** 2).mean(-1))
    level = np.clip(rms * ERROR_GAIN / 255, 0, 1)[..., None]
    heat = np.clip(3 * level - np.array([0, 1, 2]), 0, 1)
    return np.rint(heat * 255).astype(np.uint8)


@dataclass(frozen=True, eq=False)
class ConversionReport:
    """What a conversion produced and how close it came.

    Attributes
    ----------
    psnr : float
        dB between the fitted picture (backdrop where transparent) and the scene as rendered.
    tiles_used : int
        Distinct background tiles the scene draws.
    tiles_new : int
        Of those, tiles written into free pattern table slots (the rest already existed).
    tile_budget : int
        The most new tiles the conversion was allowed (tiles other scenes or a font already
        keep in the pattern table are free to use).
    tiles_before_merge : int
        Distinct tiles after quantization, before similar tiles were merged.
    palettes : list[Palette]
        The 4 background palettes, backdrop first.
    worst_blocks : list[tuple[int, int, float]]
        ``(block_x, block_y, psnr)`` of the blocks that lost most, worst first.
    original, result : (240, 256, 3) uint8
        The fitted picture and the rendered scene.
    """

    psnr: float
    tiles_used: int
    tiles_new: int
    tile_budget: int
    tiles_before_merge: int
    palettes: list[Palette]
    worst_blocks: list[tuple[int, int, float]]
    original: np.ndarray = field(repr=False)
    result: np.ndarray = field(repr=False)
    source: str = ""
    fit: str = "crop"
    dither: str = "none"
    space: str = "lab"
    notes: tuple[str, ...] = ()

    @property
    def error_map(self) -> np.ndarray:
        """``(240, 256, 3) uint8`` heat map of the per-pixel error (see `error_map`)."""
        return error_map(self.original, self.result)

    def comparison(self) -> np.ndarray:
        """``(240, 784, 3) uint8``: original | result | error map, 8-pixel gaps."""
        gap = np.full((240, 8, 3), 255, np.uint8)
        return np.concatenate([self.original, gap, self.result, gap, self.error_map], axis=1)

    def image(self, scale: int = 2):
        """The comparison as a PIL image, enlarged ``scale`` times."""
        return to_image(self.comparison(), scale)

    def summary(self) -> list[str]:
        palettes = " | ".join(" ".join(f"{c:02X}" for c in p[1:]) for p in self.palettes)
        worst = ", ".join(f"({x}, {y}) {p:.2f} dB" for x, y, p in self.worst_blocks[:3])
        lines = [
            f"PSNR {self.psnr:.2f} dB",
            f"tiles: {self.tiles_used} used ({self.tiles_new} new), budget {self.tile_budget}, "
            f"{self.tiles_before_merge} before merging",
            f"backdrop ${self.palettes[0][0]:02X}; palettes {palettes}",
            f"worst blocks: {worst or 'none'}",
            f"fit {self.fit}, dither {self.dither}, colour space {self.space}",
        ]
        return lines + [f"note: {n}" for n in self.notes]

    def __repr__(self) -> str:
        return "ConversionReport(" + "\n  ".join(self.summary()) + ")"

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{html.escape(line)}</li>" for line in self.summary())
        return (
            "<div class='romulus-conversion'>"
            f"{img_tag(self.comparison(), 2, alt='original | result | error map')}"
            "<div style='font:11px monospace'>original | NES result | error map</div>"
            f"<ul style='font:12px monospace'>{items}</ul></div>"
        )
