"""The NES master palette: the 64 colours the 2C02 PPU can output, and `NESColor`.

The PPU does not produce RGB; it produces an NTSC signal, so every RGB table is an
approximation. Ours is the 2C02 palette shown on the NESdev Wiki's "PPU palettes" page
(https://www.nesdev.org/wiki/PPU_palettes), which is also Mesen's default. Load an emulator
``.pal`` file with `MasterPalette.from_pal` to see your design through another emulator's eyes.
Colour *indices* are what the hardware stores; every comparison in romulus_nb happens there.
"""

from __future__ import annotations

import base64
import operator
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from romulus_nb.errors import InvalidValueError, shown
from romulus_nb.fileio import read_limited
from romulus_nb.services import service

# fmt: off
_NESDEV_2C02 = (
    0x666666, 0x002A88, 0x1412A7, 0x3B00A4, 0x5C007E, 0x6E0040, 0x6C0600, 0x561D00,
    0x333500, 0x0B4800, 0x005200, 0x004F08, 0x00404D, 0x000000, 0x000000, 0x000000,
    0xADADAD, 0x155FD9, 0x4240FF, 0x7527FE, 0xA01ACC, 0xB71E7B, 0xB53120, 0x994E00,
    0x6B6D00, 0x388700, 0x0C9300, 0x008F32, 0x007C8D, 0x000000, 0x000000, 0x000000,
    0xFFFEFF, 0x64B0FF, 0x9290FF, 0xC676FF, 0xF36AFF, 0xFE6ECC, 0xFE8170, 0xEA9E22,
    0xBCBE00, 0x88D800, 0x5CE430, 0x45E082, 0x48CDDE, 0x4F4F4F, 0x000000, 0x000000,
    0xFFFEFF, 0xC0DFFF, 0xD3D2FF, 0xE8C8FF, 0xFBC2FF, 0xFEC4EA, 0xFECCC5, 0xF7D8A5,
    0xE4E594, 0xCFEF96, 0xBDF4AB, 0xB3F3CC, 0xB5EBF2, 0xB8B8B8, 0x000000, 0x000000,
)
# fmt: on

#: $0D is "blacker than black": below the sync threshold, it makes some TVs lose sync.
UNSAFE_BLACK = 0x0D
#: The black that NES developers use; $1D, $0E/$1E/$2E/$3E and $0F/$1F/$2F/$3F draw the same.
BLACK = 0x0F
DUPLICATE_BLACKS = frozenset({0x1D, 0x0E, 0x1E, 0x2E, 0x3E, 0x1F, 0x2F, 0x3F})
#: $20 and $30 are both white on the 2C02.
WHITE = 0x30

_HUES = (
    "grey", "azure", "blue", "violet", "magenta", "rose", "red", "orange",
    "amber", "olive", "green", "jade", "cyan", "black", "black", "black",
)  # fmt: skip
_LEVELS = ("dark", "", "light", "pale")


def color_name(index: int) -> str:
    """A readable name for colour ``index`` (e.g. ``$16`` -> ``"red"``, ``$0F`` -> ``"black"``)."""
    index = check_color_index(index, allow_unsafe=True)
    hue, level = index & 0x0F, index >> 4
    if index == UNSAFE_BLACK:
        return "blacker than black (unsafe)"
    if hue >= 0x0D:
        return "black"
    if hue == 0:
        return ("dark grey", "light grey", "white", "white")[level]
    return f"{_LEVELS[level]} {_HUES[hue]}".strip()


def check_color_index(value, *, where: str = "colour", allow_unsafe: bool = False) -> int:
    """Return ``value`` as an int colour index, or raise naming what is allowed."""
    try:  # ints, numpy ints and NESColor; not True, 5.0 or "5"
        if isinstance(value, (bool, np.bool_)):
            raise TypeError
        index = operator.index(value)
    except TypeError:
        raise InvalidValueError(
            f"{where}: {shown(value)} is not a colour index; use $00-$3F"
        ) from None
    if not 0 <= index <= 0x3F:
        what = f"${index:02X}" if 0 <= index <= 0xFFFF else shown(index)
        raise InvalidValueError(f"{where}: {what} is not an NES colour; use $00-$3F")
    if index == UNSAFE_BLACK and not allow_unsafe:
        raise InvalidValueError(
            f"{where}: $0D is 'blacker than black' and makes some TVs lose sync; use $0F for black"
        )
    return index


def normalize_black(index: int) -> int:
    """Map every duplicate black to $0F, the black NES developers use; other colours unchanged."""
    return BLACK if index in DUPLICATE_BLACKS else index


@dataclass(frozen=True)
class MasterPalette:
    """The RGB table used to show colour indices: ``rgb`` is ``(64, 3) uint8``."""

    rgb: np.ndarray
    name: str = "NESdev 2C02"

    def __post_init__(self) -> None:
        rgb = np.ascontiguousarray(self.rgb, dtype=np.uint8)
        if rgb.shape != (64, 3):
            raise InvalidValueError(f"master palette: shape {rgb.shape}; expected (64, 3)")
        rgb.setflags(write=False)
        object.__setattr__(self, "rgb", rgb)

    @classmethod
    def default(cls) -> MasterPalette:
        return DEFAULT_PALETTE

    @classmethod
    def from_pal(cls, source: bytes | str | os.PathLike) -> MasterPalette:
        """Read an emulator ``.pal`` file: 64 RGB triples (192 bytes); a 512-colour file
        (with emphasis variants, 1536 bytes) contributes its first 64 entries."""
        name = "palette bytes"
        if not isinstance(source, (bytes, bytearray, memoryview)):
            name = Path(source).name
            source = read_limited(source, 1536, what=".pal file", error=InvalidValueError)
        data = bytes(source)
        if len(data) not in (192, 1536):
            raise InvalidValueError(
                f"{name}: {len(data)} bytes; a .pal file has 192 (64 colours x RGB) or 1536"
            )
        rgb = np.frombuffer(data[:192], dtype=np.uint8).reshape(64, 3)
        return cls(rgb, name=name)

    def to_pal(self) -> bytes:
        return self.rgb.tobytes()

    def lookup(self, indices: np.ndarray) -> np.ndarray:
        """Colour indices of any shape -> RGB with a trailing axis of 3 (uint8)."""
        return self.rgb[np.asarray(indices) & 0x3F]

    def nearest(self, rgb, *, allow_unsafe: bool = False) -> int:
        """The index whose RGB is closest to ``rgb`` (squared distance), $0F for black."""
        table = self.rgb.astype(np.int32)
        dist = ((table - np.asarray(rgb, dtype=np.int32)) ** 2).sum(axis=1)
        dist[[i for i in DUPLICATE_BLACKS]] = np.iinfo(np.int32).max
        if not allow_unsafe:
            dist[UNSAFE_BLACK] = np.iinfo(np.int32).max
        return int(np.argmin(dist))

    def __repr__(self) -> str:
        return f"MasterPalette({self.name!r})"

    def _repr_html_(self) -> str:
        return picture_html(self, master_palette_html(self))

    def _repr_png_(self) -> bytes:
        """The same view as a PNG, for GitHub and nbviewer, which strip the HTML's styles."""
        return service("palette_png")(self)


DEFAULT_PALETTE = MasterPalette(
    np.array([[(c >> 16) & 0xFF, (c >> 8) & 0xFF, c & 0xFF] for c in _NESDEV_2C02], np.uint8)
)


@dataclass(frozen=True)
class NESColor:
    """One of the 64 NES colours, by its hardware index ($00-$3F).

    >>> NESColor(0x16).hex
    '#B53120'
    >>> NESColor(0x0D)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    romulus_nb.errors.InvalidValueError: colour: $0D is 'blacker than black' ... use $0F for black
    """

    index: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", check_color_index(self.index))

    @classmethod
    def black(cls) -> NESColor:
        return cls(BLACK)

    @property
    def rgb(self) -> tuple[int, int, int]:
        r, g, b = DEFAULT_PALETTE.rgb[self.index]
        return int(r), int(g), int(b)

    @property
    def hex(self) -> str:
        return "#{:02X}{:02X}{:02X}".format(*self.rgb)

    @property
    def name(self) -> str:
        return color_name(self.index)

    def __int__(self) -> int:
        return self.index

    def __index__(self) -> int:
        return self.index

    def __repr__(self) -> str:
        return f"NESColor(${self.index:02X} {self.name}, {self.hex})"

    def _repr_html_(self) -> str:
        return picture_html(self, swatch_html([self.index]))

    def _repr_png_(self) -> bytes:
        """The same view as a PNG, for GitHub and nbviewer, which strip the HTML's styles."""
        return service("palette_png")(self)


# --- HTML swatches: how colours show in a notebook (deterministic, for nbval) -------------------
def picture_html(item, swatches: str) -> str:
    """The HTML view of a colour, palette or palette set: its PNG (``item._repr_png_()``, labels
    drawn in) as an ``<img>``, which reads wherever HTML does, even where inline styles are
    stripped (GitHub); then the styled ``swatches`` (names and RGB on hover) folded away."""
    import html  # html.entities' tables cost ~3 ms: loaded by notebook views only, not commands

    uri = "data:image/png;base64," + base64.b64encode(item._repr_png_()).decode("ascii")
    return (
        f'<div class="romulus-palette-view"><img src="{uri}" alt="{html.escape(repr(item))}" '
        f'style="image-rendering:pixelated"><details><summary>swatches</summary>{swatches}'
        "</details></div>"
    )


def _text_color(rgb) -> str:
    r, g, b = (int(v) for v in rgb)
    return "#000" if 0.299 * r + 0.587 * g + 0.114 * b > 128 else "#fff"


def swatch(
    index: int, size: int = 28, label: bool = True, note: str = "", *,
    master: MasterPalette | None = None,
) -> str:  # fmt: skip
    """One colour as a square ``<span>`` labelled with its index, drawn in ``master``'s RGB
    (default: `DEFAULT_PALETTE`)."""
    import html  # html.entities' tables cost ~3 ms: loaded by notebook views only, not commands

    rgb = (master or DEFAULT_PALETTE).rgb[index]
    r, g, b = (int(v) for v in rgb)
    title = f"${index:02X} {color_name(index)} #{r:02X}{g:02X}{b:02X}{note}"
    text = f"{index:02X}" if label else ""
    return (
        f'<span title="{html.escape(title)}" style="display:inline-block;width:{size}px;'
        f"height:{size}px;line-height:{size}px;background:rgb({r},{g},{b});color:{_text_color(rgb)};"
        f'font:10px monospace;text-align:center;border:1px solid #888;margin:1px">{text}</span>'
    )


def swatch_html(indices) -> str:
    return "<div class='romulus-swatches'>" + "".join(swatch(int(i)) for i in indices) + "</div>"


def master_palette_html(master: MasterPalette | None = None) -> str:
    """The 64 colours of ``master`` (default: `DEFAULT_PALETTE`) as the 4x16 grid NES tools use
    (rows $0x-$3x); $0D is marked unsafe."""
    rows = []
    for level in range(4):
        cells = []
        for hue in range(16):
            i = level * 16 + hue
            note = " (unsafe: never used)" if i == UNSAFE_BLACK else ""
            cells.append(swatch(i, note=note, master=master))
        rows.append("<div>" + "".join(cells) + "</div>")
    return "<div class='romulus-master-palette'>" + "".join(rows) + "</div>"
