"""The RGB tables a picture's colours are recognised in: NES art is drawn with some emulator's or
tool's idea of the 64 NES colours, and an exact conversion must know which one.

Known tables, tried in this order:

1. ours, the NESdev Wiki's 2C02 table (`romulus_nb.nes.colors.DEFAULT_PALETTE`; also Mesen's
   default);
2. makechr's three tables (its default, from thealmightyguru.com, and its FCEUX and NESST ones),
   read from the installed ``makechr`` package when it is installed. makechr is GPL-3, so its
   tables are read where the user installed them, never copied into this MIT package;
3. any ``.pal`` file the user gives (``--palette FILE.pal``, `read_pal`).

The other common emulator tables (FCEUX's own, Nestopia's, "Smooth (FBX)", "NES Classic (FBX)")
come with GPL emulators or with no stated licence, so they are not shipped: save the one you
draw with as a ``.pal`` file (every emulator exports it) and pass it with ``--palette``.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
from pathlib import Path

import numpy as np

from romulus_nb.errors import ImageImportError
from romulus_nb.fileio import read_limited
from romulus_nb.nes.colors import DEFAULT_PALETTE, MasterPalette

#: makechr's table files (module name -> what the table is called here).
MAKECHR_TABLES = {
    "rgb_almighty": "makechr (AlmightyGuru)",
    "rgb_fceux": "makechr (FCEUX)",
    "rgb_nesst": "makechr (NESST)",
}
PAL_BYTES = (192, 1536)  # 64 colours, or 512 with the emphasis variants
_HEX_COLOR = re.compile(r"0x([0-9a-fA-F]{6})\b")


def known_palettes(extra: tuple[MasterPalette, ...] = ()) -> tuple[MasterPalette, ...]:
    """The tables a picture's colours are recognised in, ``extra`` (the user's) first."""
    return (*extra, DEFAULT_PALETTE, *makechr_palettes())


@functools.cache
def makechr_palettes() -> tuple[MasterPalette, ...]:
    """makechr's RGB tables, read as text from the installed package (none if not installed)."""
    # find_spec on a top-level name locates the package without running it: makechr's rgb.py
    # reads sys.argv when imported.
    spec = importlib.util.find_spec("makechr")
    if spec is None or not spec.submodule_search_locations:
        return ()
    folder = Path(next(iter(spec.submodule_search_locations)))
    tables = []
    for module, name in MAKECHR_TABLES.items():
        try:
            text = (folder / f"{module}.py").read_text(encoding="utf-8")
        except OSError:
            continue
        code = re.sub(r"#.*", "", text)  # comments quote colours too
        values = [int(v, 16) for v in _HEX_COLOR.findall(code)]
        if len(values) == 64:
            rgb = np.array([[(v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF] for v in values])
            tables.append(MasterPalette(rgb.astype(np.uint8), name=name))
    return tuple(tables)


def read_pal(path: str | os.PathLike) -> MasterPalette:
    """An emulator ``.pal`` file (192 or 1536 bytes) as a `MasterPalette` named after the file."""
    data = read_limited(path, max(PAL_BYTES), what=".pal palette file", error=ImageImportError)
    if len(data) not in PAL_BYTES:
        raise ImageImportError(
            f"{path}: {len(data)} bytes; a .pal file has 192 (64 colours x RGB) or 1536 bytes"
        )
    return MasterPalette(np.frombuffer(data[:192], np.uint8).reshape(64, 3), name=Path(path).name)
