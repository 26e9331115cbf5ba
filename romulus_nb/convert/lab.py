"""sRGB to CIELAB (D65), in numpy: the perceptual space every colour choice here is made in.

Squared Euclidean distance in CIELAB (CIE76 delta E squared) is close enough to what the eye sees
for picking among the NES's 54 distinct colours, and cheap enough to compute for every pixel.
Formulas: IEC 61966-2-1 (sRGB transfer curve and primaries) and CIE 15 (L*a*b*).
"""

from __future__ import annotations

import numpy as np

# sRGB primaries to CIE XYZ (D65), IEC 61966-2-1.
_RGB_TO_XYZ = np.array(
    [
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ]
)
_WHITE_D65 = np.array([0.95047, 1.0, 1.08883])
_EPSILON = (6 / 29) ** 3


def _linear_lut() -> np.ndarray:
    c = np.arange(256) / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


_LINEAR = _linear_lut()


def srgb_to_lab(rgb: np.ndarray) -> np.ndarray:
    """8-bit sRGB ``(..., 3) uint8`` -> CIELAB ``(..., 3) float32`` (L 0-100, a and b about +-128).

    >>> srgb_to_lab(np.array([255, 255, 255], np.uint8)).round(2)
    array([100.,   0.,  -0.], dtype=float32)
    """
    rgb = np.asarray(rgb, np.uint8)
    linear = _LINEAR[rgb]  # (..., 3) float64
    xyz = (linear @ _RGB_TO_XYZ.T) / _WHITE_D65
    f = np.where(xyz > _EPSILON, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    lab = np.empty(xyz.shape, np.float32)
    lab[..., 0] = 116 * f[..., 1] - 16
    lab[..., 1] = 500 * (f[..., 0] - f[..., 1])
    lab[..., 2] = 200 * (f[..., 1] - f[..., 2])
    return lab


#: Colour spaces a conversion can measure error in: CIELAB (perceptual, the default) or sRGB
#: (what PSNR measures), both scaled to about 0-100 so that the same tolerances suit both.
SPACES = ("lab", "oklab", "rgb")


def to_space(rgb: np.ndarray, space: str = "lab") -> np.ndarray:
    """8-bit sRGB ``(..., 3)`` -> ``(..., 3) float32`` coordinates in ``space`` (see `SPACES`)."""
    if space == "lab":
        return srgb_to_lab(rgb)
    if space == "oklab":
        return srgb_to_oklab(rgb)
    if space == "rgb":
        return np.asarray(rgb, np.float32) * np.float32(100 / 255)
    raise ValueError(f"colour space: {space!r}; use 'lab', 'oklab' or 'rgb'")


# OKLab (Ottosson 2020, https://bottosson.github.io/posts/oklab/): linear sRGB -> LMS -> cube
# root -> Lab. Scaled by 100 so that L runs 0-100 as in CIELAB.
_RGB_TO_LMS = np.array(
    [
        [0.4122214708, 0.5363325363, 0.0514459929],
        [0.2119034982, 0.6806995451, 0.1073969566],
        [0.0883024619, 0.2817188376, 0.6299787005],
    ]
)
_LMS_TO_OKLAB = np.array(
    [
        [0.2104542553, 0.7936177850, -0.0040720468],
        [1.9779984951, -2.4285922050, 0.4505937099],
        [0.0259040371, 0.7827717662, -0.8086757660],
    ]
)


def srgb_to_oklab(rgb: np.ndarray) -> np.ndarray:
    """8-bit sRGB ``(..., 3)`` -> OKLab ``(..., 3) float32``, scaled x100 (L 0-100)."""
    lms = np.cbrt(_LINEAR[np.asarray(rgb, np.uint8)] @ _RGB_TO_LMS.T)
    return (100 * (lms @ _LMS_TO_OKLAB.T)).astype(np.float32)


def squared_distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``(n, 3)`` and ``(k, 3)`` Lab colours -> ``(n, k) float32`` squared distances (delta E^2)."""
    a = np.asarray(a, np.float32)
    b = np.asarray(b, np.float32)
    d = (a * a).sum(1)[:, None] - 2 * (a @ b.T) + (b * b).sum(1)[None, :]
    return np.maximum(d, 0, out=d)
