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

from romulus_nb.errors import ProjectFileError, RomulusError
from romulus_nb.fileio import atomic_write
from romulus_nb.game import Game, Scene
from romulus_nb.nes.nametable import unpack_attributes
from romulus_nb.nes.palettes import PaletteSet
from romulus_nb.nes.scene import Screen

SIZES = {".chr": (4096, 8192), ".nam": (1024,), ".pal": (16, 32)}


def read_checked(path: str | os.PathLike, kind: str) -> bytes:
    """Read a NESST file after checking its size against what the format allows."""
    path = Path(path)
    allowed = SIZES[kind]
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ProjectFileError(f"{path}: no such file") from None
    if size not in allowed:
        sizes = " or ".join(str(s) for s in allowed)
        raise ProjectFileError(f"{path}: {size} bytes; a {kind} file has {sizes} bytes")
    return path.read_bytes()


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
    try:
        nes = scene_from_nam(nam_data, pal_data) if nam_data is not None else None
    except RomulusError as exc:
        raise ProjectFileError(f"{pal or nam}: {exc}") from None
    game = game if game is not None else Game(Path(nam or chr or "imported").stem)
    if chr_data is not None:
        game.load_chr(chr_data)
    scene = None
    if nes is not None:
        scene = game.add_scene(name or Path(nam).stem, nes)
    return game, scene


def export_nesst(game: Game, out_dir: str | os.PathLike) -> list[Path]:
    """Write ``game.chr`` and, per scene, ``NN_name.nam`` and ``NN_name.pal`` (32 bytes)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "game.chr"]
    atomic_write(written[0], game.chr_bytes())
    for i, scene in enumerate(game.scenes):
        stem = f"{i:02d}_{_slug(scene.name)}"
        for suffix, data in (
            (".nam", scene.nametable_bytes()),
            (".pal", scene.palettes.to_bytes()),
        ):
            path = out / (stem + suffix)
            atomic_write(path, data)
            written.append(path)
    return written


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", name).strip("_").lower() or "scene"
