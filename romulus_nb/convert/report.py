"""`ConversionReport`: how faithful a converted scene is, measured on what the NES will show."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from romulus_nb.convert.exact import Violation
from romulus_nb.display import img_tag
from romulus_nb.nes.palettes import Palette
from romulus_nb.render import to_image

WORST_BLOCKS = 8
OUTLINE_BLOCK = (255, 40, 40)
OUTLINE_TILE = (255, 230, 0)
ERROR_GAIN = 4  # error map brightness: an RMS error of 64 (of 255) is full scale


def psnr(original: np.ndarray, result: np.ndarray) -> float:
    """Peak signal-to-noise ratio in dB of two RGB pictures (uint8); ``inf`` when equal."""
    if np.array_equal(original, result):
        return float("inf")
    mse = np.mean(_squared_error(original, result), dtype=np.float64)
    return float("inf") if mse == 0 else float(10 * np.log10(255.0**2 / mse))


def block_psnr(original: np.ndarray, result: np.ndarray) -> np.ndarray:
    """``(15, 16) float64`` PSNR of every 16x16 block (``inf`` where exact)."""
    if np.array_equal(original, result):
        return np.full((15, 16), np.inf)
    sq = _squared_error(original, result)
    mse = sq.reshape(15, 16, 16, 16, 3).mean(axis=(1, 3, 4), dtype=np.float64)  # by, y, bx, x, c
    with np.errstate(divide="ignore"):
        return np.where(mse == 0, np.inf, 10 * np.log10(255.0**2 / np.maximum(mse, 1e-12)))


def _squared_error(original: np.ndarray, result: np.ndarray) -> np.ndarray:
    """Per-channel squared differences of two uint8 pictures as int32: exact, and quicker
    than floats."""
    difference = original.astype(np.int32) - result
    return difference * difference


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
    exact : bool
        The picture already obeyed every NES rule and came back pixel for pixel, in colour
        indices (see `romulus_nb.convert.exact`).
    master_palette : str
        The RGB table the picture's colours were recognised in ("" if they are not NES colours
        of a known table); the result is shown in it.
    violations : tuple[Violation, ...]
        The rule that kept the conversion from being exact, with the blocks or tiles to blame.
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
    exact: bool = False
    master_palette: str = ""
    violations: tuple[Violation, ...] = ()

    @property
    def why_not_exact(self) -> list[str]:
        """Each broken rule as ``"rule: what is wrong"`` (empty when exact)."""
        return [f"{v.rule}: {v.message}" for v in self.violations]

    def rules_picture(self) -> np.ndarray:
        """``(240, 256, 3) uint8``: the picture, dimmed, with the 16x16 blocks that break a
        rule outlined in red and the 8x8 tiles past the budget in yellow."""
        out = (self.original.astype(np.uint16) // 2 + 32).astype(np.uint8)
        for v in self.violations:
            for x, y in v.blocks:
                _outline(out, 16 * x, 16 * y, 16, OUTLINE_BLOCK)
            for x, y in v.tiles:
                _outline(out, 8 * x, 8 * y, 8, OUTLINE_TILE)
        return out

    def rules_image(self, scale: int = 2):
        """`rules_picture` as a PIL image, enlarged ``scale`` times."""
        return to_image(self.rules_picture(), scale)

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
        lines = []
        if self.exact:
            lines.append(f"exact: 0 differing pixels; colours recognised as {self.master_palette}")
        elif self.master_palette or self._art_like():
            recognised = self.master_palette or "no known palette"
            lines += [f"not exact ({recognised}): {line}" for line in self.why_not_exact]
        lines += [
            f"PSNR {self.psnr:.2f} dB",
            f"tiles: {self.tiles_used} used ({self.tiles_new} new), budget {self.tile_budget}, "
            f"{self.tiles_before_merge} before merging",
            f"backdrop ${self.palettes[0][0]:02X}; palettes {palettes}",
            f"worst blocks: {worst or 'none'}",
            f"fit {self.fit}, dither {self.dither}, colour space {self.space}",
        ]
        return lines + [f"note: {n}" for n in self.notes]

    def _art_like(self) -> bool:
        """Few enough colours to be meant as NES art (a photo is not told why it is lossy)."""
        return any(v.rule != "colors" or v.blocks for v in self.violations)

    def __repr__(self) -> str:
        return "ConversionReport(" + "\n  ".join(self.summary()) + ")"

    def _repr_html_(self) -> str:
        import html  # html.entities' tables cost ~3 ms: loaded by notebook views only, not commands

        items = "".join(f"<li>{html.escape(line)}</li>" for line in self.summary())
        rules = ""
        if any(v.blocks or v.tiles for v in self.violations):
            rules = (
                f"{img_tag(self.rules_picture(), 2, alt='rules broken')}"
                "<div style='font:11px monospace'>blocks breaking a rule (red), tiles past the "
                "budget (yellow)</div>"
            )
        return (
            "<div class='romulus-conversion'>"
            f"{img_tag(self.comparison(), 2, alt='original | result | error map')}"
            "<div style='font:11px monospace'>original | NES result | error map</div>"
            f"{rules}<ul style='font:12px monospace'>{items}</ul></div>"
        )


def _outline(picture: np.ndarray, x: int, y: int, size: int, color) -> None:
    """Draw a 1-pixel square outline of ``size`` at (x, y) into ``picture`` in place."""
    picture[y, x : x + size] = picture[y + size - 1, x : x + size] = color
    picture[y : y + size, x] = picture[y : y + size, x + size - 1] = color
