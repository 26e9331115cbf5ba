"""Palettes: `Palette` (4 colours) and `PaletteSet` (the 32 bytes of palette RAM).

Palette RAM ($3F00-$3F1F, https://www.nesdev.org/wiki/PPU_palettes) holds 4 background and 4 sprite
palettes of 4 entries. Entry 0 of every palette is transparent; $3F00 is the backdrop drawn where
nothing else is, and $3F10/$3F14/$3F18/$3F1C are mirrors of $3F00/$3F04/$3F08/$3F0C. So a design
has one backdrop shared by all 8 palettes plus 3 colours each: 25 colour choices.
(In project files a palette is the schema model `romulus_nb.project.NESPalette`: colours 1-3.)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from romulus_nb.errors import InvalidValueError, shown
from romulus_nb.nes.colors import BLACK, check_color_index, picture_html, swatch, swatch_html
from romulus_nb.nes.hardware import PALETTE_MIRRORS, palette_ram_index  # noqa: F401 (re-export)
from romulus_nb.services import service


class Palette(tuple):
    """Four colour indices; entry 0 is the shared backdrop as this palette sees it.

    >>> Palette([0x0F, 0x16, 0x27, 0x30])
    Palette($0F, $16, $27, $30)
    """

    def __new__(cls, colors: Iterable[int], *, where: str = "palette"):
        values = list(colors)
        if len(values) != 4:
            raise InvalidValueError(f"{where}: {len(values)} colours; a palette has exactly 4")
        return super().__new__(
            cls, (check_color_index(c, where=f"{where}[{i}]") for i, c in enumerate(values))
        )

    def __repr__(self) -> str:
        return "Palette(" + ", ".join(f"${c:02X}" for c in self) + ")"

    def _repr_html_(self) -> str:
        return picture_html(self, swatch_html(list(self)))

    def _repr_png_(self) -> bytes:
        """The same view as a PNG, for GitHub and nbviewer, which strip the HTML's styles."""
        return service("palette_png")(self)


class PaletteSet:
    """The 8 palettes a scene uses: rows 0-3 background, rows 4-7 sprites.

    ``array`` is ``(8, 4) uint8``; column 0 is the backdrop in every row (the hardware has one).
    """

    def __init__(self, palettes: Sequence[Sequence[int]] | np.ndarray | None = None, *,
                 backdrop: int | None = None):  # fmt: skip
        if palettes is None:
            palettes = [[BLACK, 0x00, 0x10, 0x30]] * 8
        try:
            rows = [list(p) for p in palettes]
        except TypeError:
            raise InvalidValueError(
                f"palette set: {palettes!r} is not 8 palettes of 4 colour indices"
            ) from None
        if len(rows) != 8:
            raise InvalidValueError(
                f"palette set: {len(rows)} palettes; expected 8 (4 background + 4 sprite)"
            )
        if backdrop is None:
            backdrop = rows[0][0]
        array = np.zeros((8, 4), np.uint8)
        for i, row in enumerate(rows):
            array[i] = Palette(row, where=_palette_label(i))
        array[:, 0] = check_color_index(backdrop, where="backdrop")
        self._array = array

    # --- access -------------------------------------------------------------------------
    @property
    def array(self) -> np.ndarray:
        """Read-only ``(8, 4) uint8`` view; change colours with `set` or `backdrop`."""
        view = self._array.view()
        view.setflags(write=False)
        return view

    @property
    def backdrop(self) -> int:
        return int(self._array[0, 0])

    @backdrop.setter
    def backdrop(self, color: int) -> None:
        self._array[:, 0] = check_color_index(color, where="backdrop")

    @property
    def background(self) -> list[Palette]:
        return [self[i] for i in range(4)]

    @property
    def sprites(self) -> list[Palette]:
        return [self[i] for i in range(4, 8)]

    def __getitem__(self, number: int) -> Palette:
        if (
            not isinstance(number, int | np.integer)
            or isinstance(number, bool)
            or not 0 <= number <= 7
        ):
            raise InvalidValueError(
                f"palette {shown(number)}: use 0-3 (background) or 4-7 (sprite)"
            )
        return Palette(self._array[number].tolist())

    def set(self, number: int, entry: int, color: int) -> None:
        """Set entry 0-3 of palette 0-7; entry 0 is the backdrop and changes it for all."""
        self[number]  # validates the palette number
        if not isinstance(entry, (int, np.integer)) or not 0 <= entry <= 3:
            raise InvalidValueError(f"palette {number} entry {shown(entry)}: use 0-3")
        where = f"{_palette_label(number)}[{entry}]"
        if entry == 0:
            self.backdrop = color
        else:
            self._array[number, entry] = check_color_index(color, where=where)

    def __setitem__(self, number: int, colors: Sequence[int]) -> None:
        """``palettes[5] = [bd, a, b, c]``: entries 1-3; entry 0 must equal the backdrop or is
        taken as the new backdrop when it differs (the hardware has only one)."""
        self[number]  # validates the palette number
        palette = Palette(colors, where=_palette_label(number))
        self._array[number, 1:] = palette[1:]
        if palette[0] != self.backdrop:
            self.backdrop = palette[0]

    def copy(self) -> PaletteSet:
        return PaletteSet(self._array)

    def __eq__(self, other) -> bool:
        return isinstance(other, PaletteSet) and np.array_equal(self._array, other._array)

    # --- palette RAM ----------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """The 32 bytes to write to $3F00-$3F1F in order.

        Entry 0 of every palette holds the backdrop, so that the writes to the mirrors at
        $3F10/$14/$18/$1C (which land on $3F00/$04/$08/$0C) keep the backdrop intact.
        """
        return self._array.tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> PaletteSet:
        """Read 32 bytes of palette RAM (or 16: background palettes only, sprites copy them).

        The backdrop is $3F00; the other entry-0 bytes are ignored, as the renderer ignores them.
        A byte above $3F is refused (`from_ram` masks what the PPU would ignore).
        """
        data = bytes(data)
        if len(data) == 16:
            data = data + data
        if len(data) != 32:
            raise InvalidValueError(
                f"palette RAM: {len(data)} bytes; expected 32 ($3F00-$3F1F) or 16 (background)"
            )
        for at, byte in enumerate(data):
            if byte > 0x3F:  # palette RAM stores 6 bits; a file with more is not palette RAM
                raise InvalidValueError(
                    f"palette RAM: byte {at} is ${byte:02X}; NES colours are $00-$3F"
                )
        rows = np.frombuffer(data, np.uint8).reshape(8, 4)
        return cls(rows.tolist(), backdrop=int(rows[0, 0]))

    def __repr__(self) -> str:
        rows = " | ".join(" ".join(f"{c:02X}" for c in row[1:]) for row in self._array)
        return f"PaletteSet(backdrop ${self.backdrop:02X}: {rows})"

    def _repr_html_(self) -> str:
        return picture_html(self, palette_set_html(self))

    def _repr_png_(self) -> bytes:
        """The same view as a PNG, for GitHub and nbviewer, which strip the HTML's styles."""
        return service("palette_png")(self)


def _palette_label(number: int) -> str:
    return f"background palette {number}" if number < 4 else f"sprite palette {number - 4}"


def palette_set_html(palettes) -> str:
    array = palettes.array
    parts = []
    for number in range(8):
        kind = "BG" if number < 4 else "SPR"
        label = f"{kind}{number % 4}"
        cells = "".join(
            swatch(int(c), note=" (shared backdrop)" if k == 0 else "")
            for k, c in enumerate(array[number])
        )
        parts.append(
            f"<span style='display:inline-block;margin-right:10px'>"
            f"<span style='font:11px monospace'>{label}</span><br>{cells}</span>"
        )
    return "<div class='romulus-palette-set'>" + "".join(parts) + "</div>"


#: The domain class's old name, kept importable for code written before the split. The public
#: `romulus_nb.NESPalette` is the file/API schema (`romulus_nb.project.NESPalette`).
NESPalette = Palette
