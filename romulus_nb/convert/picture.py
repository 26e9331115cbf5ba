"""Reading a picture and fitting it to the NES screen (256x240), refusing what cannot be read.

Accepted: a path, bytes, a file object, a PIL image, or a numpy array ``(H, W)``, ``(H, W, 3)`` or
``(H, W, 4)`` (uint8; uint16 and bool are rescaled; floats must lie in 0-1).
Documented conversions, each recorded in `Picture.notes`:

- an animated or multi-page picture: the first frame is converted;
- CMYK (and YCbCr, LAB, HSV): converted to RGB by Pillow, without a colour profile;
- 16-bit greyscale: reduced to 8 bits (value / 257);
- transparency: pixels with alpha below 128 become the backdrop; the rest are taken as opaque;
- a whole-number enlargement (pixel art, or a 1x1 picture) uses nearest neighbour so that pixels
  stay crisp; any other scaling uses Lanczos.

Refused with `ImageImportError`: anything Pillow cannot decode, 32-bit float pictures,
pictures over `MAX_PIXELS` ("too large", checked from the header, before the pixels are decoded,
so a decompression bomb never reaches memory), files over `MAX_FILE_BYTES`, and paths that are
not regular files (a FIFO or a device is refused by name, never read).
"""

from __future__ import annotations

import io
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, PngImagePlugin, UnidentifiedImageError

from romulus_nb.errors import ImageImportError
from romulus_nb.fileio import read_limited

SCREEN_WIDTH, SCREEN_HEIGHT = 256, 240
MAX_PIXELS = 40_000_000  # a 50-megapixel camera frame is refused; 8000x5000 passes
MAX_FILE_BYTES = 256 * 1024 * 1024  # an uncompressed 8000x5000 RGBA TIFF is 160 MB
FITS = ("crop", "letterbox")
OPAQUE_ALPHA = 128
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True, eq=False)
class Picture:
    """A picture fitted to the screen.

    Attributes
    ----------
    rgb : (240, 256, 3) uint8
        The colours to reproduce (meaningless where ``opaque`` is False).
    opaque : (240, 256) bool
        False where the picture is transparent or letterboxed: those pixels show the backdrop.
    source : str
        What was read, e.g. ``"cat.png, 512x480 RGBA"``.
    notes : tuple[str, ...]
        Conversions applied on the way (see the module docstring).
    """

    rgb: np.ndarray
    opaque: np.ndarray
    source: str
    notes: tuple[str, ...] = ()


def fit_picture(image, fit: str = "crop") -> Picture:
    """Read ``image`` (see the module docstring) and fit it to 256x240.

    ``fit="crop"`` fills the screen and cuts what overflows (centred); ``fit="letterbox"`` shows
    the whole picture and leaves transparent bars, which the NES draws in the backdrop colour.
    """
    if fit not in FITS:
        raise ImageImportError(f"fit: {fit!r}; use 'crop' or 'letterbox'")
    notes: list[str] = []
    pil, source = _open(image, notes)
    rgba = _fitted(pil, fit)
    array = np.asarray(rgba, np.uint8)
    return Picture(
        rgb=np.ascontiguousarray(array[..., :3]),
        opaque=array[..., 3] >= OPAQUE_ALPHA,
        source=source,
        notes=tuple(notes),
    )


def read_picture(image) -> tuple[Image.Image, str]:
    """Read ``image`` (see the module docstring) as an RGB or RGBA PIL image, unfitted, and a
    description of the source."""
    return _open(image, [])


# --- reading ----------------------------------------------------------------------------------
def _open(image, notes: list[str]) -> tuple[Image.Image, str]:
    """Any accepted input -> an RGB or RGBA PIL image and a description of the source."""
    if isinstance(image, np.ndarray):
        return _from_array(image, notes)
    if isinstance(image, Image.Image):
        return _normalized(image, "PIL image", notes)
    if isinstance(image, (str, os.PathLike)):
        if os.path.isdir(image):
            raise ImageImportError(f"picture {str(image)!r}: is a folder, not a picture")
        if not os.path.lexists(image):
            raise ImageImportError(f"picture {str(image)!r}: no such file")
        # A bounded read that refuses FIFOs and devices by name (a FIFO would block forever).
        data = read_limited(image, MAX_FILE_BYTES, what="picture", error=ImageImportError)
        return _decode(io.BytesIO(data), Path(image).name, notes)
    if isinstance(image, (bytes, bytearray, memoryview)):
        return _decode(io.BytesIO(bytes(image)), "picture bytes", notes)
    if hasattr(image, "read"):
        return _decode(image, getattr(image, "name", "picture file"), notes)
    raise ImageImportError(
        f"picture: {type(image).__name__} is not a picture; pass a path, bytes, a file, "
        "a PIL image or an (H, W), (H, W, 3) or (H, W, 4) array"
    )


def _decode(handle, name: str, notes: list[str]) -> tuple[Image.Image, str]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            pil = _open_header(handle)
            _check_size(pil.size, name)
            if pil.format == "JPEG":  # decode at a reduced scale when the file is much larger
                pil.draft("RGB", (SCREEN_WIDTH, SCREEN_HEIGHT))
            frames = getattr(pil, "n_frames", 1)
            if frames > 1:
                pil.seek(0)
                notes.append(f"animated or multi-page picture ({frames} frames): converted frame 1")
            pil.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageImportError(
            f"{name}: too many pixels to decode safely (Pillow: {exc}); scale it down first, "
            f"the limit is {MAX_PIXELS:,} pixels"
        ) from None
    except ImageImportError:  # our own size check: "too large", not "damaged"
        raise
    except UnidentifiedImageError:
        raise ImageImportError(
            f"{name}: not a picture Pillow can read (use PNG, JPEG, GIF, BMP, TIFF or WebP)"
        ) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageImportError(f"{name}: the picture is damaged or truncated ({exc})") from None
    return _normalized(pil, f"{name}, {pil.width}x{pil.height} {pil.mode}", notes)


def _open_header(handle) -> Image.Image:
    """Pillow's image of ``handle``, its header read, its pixels not yet. A PNG in memory goes
    straight to Pillow's PNG reader: ``Image.open`` of a file without a name first imports
    Pillow's five common format plugins (~15 ms of a command's start), four of them unused."""
    if isinstance(handle, io.BytesIO):
        png = handle.read(len(PNG_SIGNATURE)) == PNG_SIGNATURE
        handle.seek(0)
        if png:
            try:
                pil = PngImagePlugin.PngImageFile(handle)
            except SyntaxError:  # damaged: Image.open says what it makes of it, as before
                handle.seek(0)
            else:
                Image._decompression_bomb_check(pil.size)  # the check Image.open makes
                return pil
    return Image.open(handle)


def _check_size(size: tuple[int, int], name: str) -> None:
    width, height = size
    if width < 1 or height < 1:
        raise ImageImportError(f"{name}: {width}x{height} pixels; a picture needs at least 1x1")
    if width * height > MAX_PIXELS:
        raise ImageImportError(
            f"{name}: too large: {width}x{height} is {width * height:,} pixels, over the limit "
            f"of {MAX_PIXELS:,}; scale it down first (the NES screen is 256x240)"
        )


def _normalized(pil: Image.Image, source: str, notes: list[str]) -> tuple[Image.Image, str]:
    """Any Pillow mode -> RGB or RGBA, recording lossy conversions in ``notes``."""
    _check_size(pil.size, source)
    if source == "PIL image":
        source = f"PIL image, {pil.width}x{pil.height} {pil.mode}"
    mode = pil.mode
    if mode in ("RGB", "RGBA"):
        return pil, source
    if mode in ("1", "L", "RGBX"):
        return pil.convert("RGB"), source
    if mode in ("LA", "La", "PA", "RGBa"):
        return pil.convert("RGBA"), source
    if mode == "P":
        has_alpha = "transparency" in pil.info or pil.palette.mode == "RGBA"
        return pil.convert("RGBA" if has_alpha else "RGB"), source
    if mode.startswith("I"):
        values = np.asarray(pil, np.float64)
        if mode.startswith("I;16") or values.max(initial=0) > 255:
            notes.append(f"{mode} picture reduced to 8 bits (value / 257)")
            values = values / 257
        grey = np.clip(np.rint(values), 0, 255).astype(np.uint8)
        return Image.fromarray(grey, "L").convert("RGB"), source
    if mode == "F":
        raise ImageImportError(
            f"{source}: 32-bit float pictures have no agreed range; save it as 8 or 16-bit"
        )
    try:
        rgb = pil.convert("RGB")
    except ValueError:
        raise ImageImportError(f"{source}: Pillow cannot convert mode {mode} to RGB") from None
    notes.append(f"{mode} picture converted to RGB by Pillow (no colour profile applied)")
    return rgb, source


def _from_array(array: np.ndarray, notes: list[str]) -> tuple[Image.Image, str]:
    source = f"array {array.shape} {array.dtype}"
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[..., 0]
    if array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[2] not in (3, 4)):
        raise ImageImportError(f"{source}: expected (H, W) grey, (H, W, 3) RGB or (H, W, 4) RGBA")
    _check_size((array.shape[1], array.shape[0]), source)
    if array.dtype == bool:
        array = array.astype(np.uint8) * 255
    elif array.dtype == np.uint16:
        notes.append("16-bit array reduced to 8 bits (value / 257)")
        array = np.rint(array / 257).astype(np.uint8)
    elif np.issubdtype(array.dtype, np.floating):
        if not np.isfinite(array).all() or array.min() < 0 or array.max() > 1:
            raise ImageImportError(f"{source}: float pixels must lie in 0-1 (NaN not allowed)")
        array = np.rint(array * 255).astype(np.uint8)
    elif np.issubdtype(array.dtype, np.integer):
        if array.min() < 0 or array.max() > 255:
            raise ImageImportError(f"{source}: integer pixels must lie in 0-255 (or use uint16)")
        array = array.astype(np.uint8)
    else:
        raise ImageImportError(f"{source}: pixels must be numbers (uint8, uint16, bool or float)")
    mode = {2: "L", 3: "RGB", 4: "RGBA"}[array.shape[2] if array.ndim == 3 else 2]
    pil = Image.fromarray(np.ascontiguousarray(array), mode)
    return (pil.convert("RGB") if mode == "L" else pil), source


# --- fitting ----------------------------------------------------------------------------------
def _fitted(pil: Image.Image, fit: str) -> Image.Image:
    """An RGBA image of exactly 256x240."""
    rgba = pil.convert("RGBA")
    width, height = rgba.size
    if (width, height) == (SCREEN_WIDTH, SCREEN_HEIGHT):
        return rgba
    if fit == "crop":
        scale = max(SCREEN_WIDTH / width, SCREEN_HEIGHT / height)
        box_w, box_h = SCREEN_WIDTH / scale, SCREEN_HEIGHT / scale
        left, top = max(0.0, (width - box_w) / 2), max(0.0, (height - box_h) / 2)
        box = (left, top, min(width, left + box_w), min(height, top + box_h))
        return rgba.resize((SCREEN_WIDTH, SCREEN_HEIGHT), _resample(scale), box=box)
    scale = min(SCREEN_WIDTH / width, SCREEN_HEIGHT / height)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    canvas = Image.new("RGBA", (SCREEN_WIDTH, SCREEN_HEIGHT), (0, 0, 0, 0))
    offset = ((SCREEN_WIDTH - size[0]) // 2, (SCREEN_HEIGHT - size[1]) // 2)
    canvas.paste(rgba.resize(size, _resample(scale)), offset)
    return canvas


def _resample(scale: float) -> Image.Resampling:
    """Nearest neighbour for whole-number enlargements (pixel art stays crisp), else Lanczos."""
    if scale >= 2 and float(scale).is_integer():
        return Image.Resampling.NEAREST
    return Image.Resampling.LANCZOS
