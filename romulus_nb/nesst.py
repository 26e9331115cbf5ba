"""The files NES Screen Tool users exchange: ``.chr``, ``.nam`` and ``.pal``.

- ``.chr``: raw CHR, 4096 bytes (one pattern table) or 8192 (both).
- ``.nam``: 1024 bytes, the 960 nametable bytes then the 64 attribute bytes.
- ``.pal``: 16 bytes (background palettes) or 32 (background then sprite palettes).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np

from romulus_nb.bounds import MAX_NAME_LENGTH
from romulus_nb.errors import ProjectFileError, RomulusError
from romulus_nb.fileio import atomic_write, read_limited
from romulus_nb.game import Game, Scene
from romulus_nb.nes.nametable import unpack_attributes
from romulus_nb.nes.palettes import PaletteSet
from romulus_nb.nes.scene import Screen

SIZES = {".chr": (4096, 8192), ".nam": (1024,), ".pal": (16, 32)}


def read_checked(path: str | os.PathLike, kind: str) -> bytes:
    """Read a NESST file after checking its size against what the format allows."""
    path = Path(path)
    allowed = SIZES[kind]
    data = read_limited(path, max(allowed), what=f"{kind} file")
    if len(data) not in allowed:
        sizes = " or ".join(str(s) for s in allowed)
        raise ProjectFileError(f"{path}: {len(data)} bytes; a {kind} file has {sizes} bytes")
    return data


def scene_from_nam(nam: bytes, pal: bytes | None = None) -> Screen:
    if len(nam) != 1024:
        raise ProjectFileError(f".nam data: {len(nam)} bytes; expected 1024 (960 + 64)")
    scene = Screen(
        nametable=np.frombuffer(nam[:960], np.uint8).reshape(30, 32),
        attributes=unpack_attributes(nam[960:]),
    )
    if pal is not None:
        scene.palettes = PaletteSet.from_bytes(pal)
    return scene


def import_nesst(
    game: Game | None = None,
    *,
    chr: str | os.PathLike | None = None,
    nam: str | os.PathLike | None = None,
    pal: str | os.PathLike | None = None,
    name: str | None = None,
) -> tuple[Game, Scene | None]:
    """Add NESST files to ``game`` (a new Game when None): ``chr`` replaces the tileset from
    tile 0, ``nam`` (with ``pal``) becomes a new scene. Everything is read and checked first,
    so a bad file leaves the game unchanged."""
    chr_data = read_checked(chr, ".chr") if chr else None
    nam_data = read_checked(nam, ".nam") if nam else None
    pal_data = read_checked(pal, ".pal") if pal else None
    if nam is None and chr is None:
        raise ProjectFileError(
            "import-nesst: nothing to import; give a .nam (a .pal colours it) and/or a .chr file"
        )
    try:
        nes = scene_from_nam(nam_data, pal_data) if nam_data is not None else None
    except RomulusError as exc:
        raise ProjectFileError(f"{pal or nam}: {exc}") from None
    game = game if game is not None else Game(Path(nam or chr).stem[:MAX_NAME_LENGTH])
    scene = None
    if nes is not None:  # first: it may be refused (name, scene count); load_chr cannot be
        scene = game.add_scene(name or Path(nam).stem[:MAX_NAME_LENGTH], nes)
    if chr_data is not None:
        game.load_chr(chr_data)
    return game, scene


def map_from_nams(nams: list[bytes], layout: tuple[int, int], pal: bytes | None = None) -> Screen:
    """One map scene of ``layout = (w, h)`` screens from ``w*h`` .nam files, row by row."""
    w, h = layout
    if len(nams) != w * h:
        raise ProjectFileError(
            f"--layout {w}x{h} takes {w * h} .nam files (row by row); {len(nams)} given"
        )
    screens = [scene_from_nam(nam) for nam in nams]
    nametable = np.block([[screens[y * w + x].nametable for x in range(w)] for y in range(h)])
    attributes = np.block([[screens[y * w + x].attributes for x in range(w)] for y in range(h)])
    scene = Screen(nametable, attributes, screens=(w, h))
    if pal is not None:
        scene.palettes = PaletteSet.from_bytes(pal)
    return scene


def parse_layout(text: str) -> tuple[int, int]:
    """``"4x1"`` -> (4, 1)."""
    match = re.fullmatch(r"\s*(\d+)\s*[xX]\s*(\d+)\s*", text or "")
    if not match:
        raise ProjectFileError(f"--layout {text!r}: write WxH, e.g. 4x1 (4 screens wide)")
    return int(match.group(1)), int(match.group(2))


def import_nesst_map(
    game: Game | None, nams: list, layout: tuple[int, int], *, chr=None, pal=None,
    name: str | None = None,
) -> tuple[Game, Scene]:  # fmt: skip
    """Add one map scene made of several .nam files (see `map_from_nams`) to ``game`` (a new
    Game when None); everything is read and checked before the game changes."""
    chr_data = read_checked(chr, ".chr") if chr else None
    nam_data = [read_checked(n, ".nam") for n in nams]
    pal_data = read_checked(pal, ".pal") if pal else None
    try:
        nes = map_from_nams(nam_data, layout, pal_data)
    except RomulusError as exc:
        raise ProjectFileError(f"{pal or nams[0]}: {exc}") from None
    game = game if game is not None else Game(Path(nams[0]).stem)
    if chr_data is not None:
        game.load_chr(chr_data)
    return game, game.add_scene(name or Path(nams[0]).stem, nes)


def export_nesst(game: Game, out_dir: str | os.PathLike) -> list[Path]:
    """Write ``game.chr`` and, per scene, ``NN_name.nam`` and ``NN_name.pal`` (32 bytes); a map
    of several screens gets one .nam per screen, ``NN_name_s00.nam``, ``NN_name_s01.nam``...
    (row by row)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "game.chr"]
    atomic_write(written[0], game.chr_bytes())
    for i, scene in enumerate(game.scenes):
        stem = f"{i:02d}_{_slug(scene.name)}"
        w, h = scene.screens
        if (w, h) == (1, 1):
            nams = [(".nam", scene.nametable_bytes())]
        else:
            nams = [(f"_s{y * w + x:02d}.nam", scene.screen_nametable_bytes(x, y))
                    for y in range(h) for x in range(w)]  # fmt: skip
        for suffix, data in (*nams, (".pal", scene.palettes.to_bytes())):
            path = out / (stem + suffix)
            atomic_write(path, data)
            written.append(path)
    return written


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", name).strip("_").lower() or "scene"
