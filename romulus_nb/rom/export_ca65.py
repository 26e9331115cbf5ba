"""Export a game as a cc65 project that ``ca65`` + ``ld65`` build into the ROM we build.

The project, in one folder::

    game.s       header, CHR, constants; includes the three files below
    runtime.s    the runtime, as shipped in romulus_nb/rom/runtime/ (scroll.s for a game with
                 maps several screens wide)
    scenes.s     the scene tables and data (romulus_nb.rom.layout)
    vectors.s    NMI/reset/IRQ vectors at $FFFA
    game.chr     8 KiB CHR-ROM: pattern table 0 then 1
    nrom.cfg     ld65 linker configuration for NROM-128 or NROM-256
    Makefile     ``make`` runs: ca65 game.s -o game.o && ld65 -C nrom.cfg game.o -o game.nes

``game.nes`` is byte-identical to `romulus_nb.rom.build.build(game)`.
"""

from __future__ import annotations

from pathlib import Path

from romulus_nb.fileio import atomic_write
from romulus_nb.rom.build import (
    CHR_SIZE,
    build_scenes,
    game_player_data,
    game_scene_data,
    runtime_source,
    scroll_runtime_source,
    vectors_source,
)
from romulus_nb.rom.layout import SceneData, comment_text, prelude

_HEADER_NOTES = (
    "the iNES magic",
    "PRG-ROM size in 16 KiB units",
    "CHR-ROM size in 8 KiB units",
    "flags 6: mapper number low nibble, mirroring (bit 0: 1 = vertical)",
    "flags 7: mapper number high nibble",
)

_LINKER_CONFIG = """\
# ld65 configuration for a mapper-0 (NROM) cartridge, written by romulus_nb.
MEMORY {{
    ZP:     start = $0000, size = $0100, type = rw, file = "";
    HEADER: start = $0000, size = $0010, type = ro, file = %O, fill = yes;
    PRG:    start = ${prg_start:04X}, size = ${prg_size:04X}, type = ro, file = %O,
            fill = yes, fillval = $FF;
    CHR:    start = $0000, size = $2000, type = ro, file = %O, fill = yes;
}}
SEGMENTS {{
    ZEROPAGE: load = ZP, type = zp;
    HEADER:   load = HEADER, type = ro;
    CODE:     load = PRG, type = ro;
    VECTORS:  load = PRG, type = ro, start = $FFFA;
    CHARS:    load = CHR, type = ro;
}}
"""

_MAKEFILE = """\
# Build the ROM with cc65: make
game.nes: game.s runtime.s scenes.s vectors.s game.chr nrom.cfg
\tca65 game.s -o game.o
\tld65 -C nrom.cfg game.o -o game.nes

clean:
\trm -f game.o game.nes
"""


def _main_source(name: str, header: bytes, prg_start: int, scene_count: int,
                 maps_down: bool) -> str:  # fmt: skip
    fields = [", ".join(f"${b:02X}" for b in header[:4]), *(f"${b:02X}" for b in header[4:8])]
    if header[:4] == b"NES\x1a":
        fields[0] = '"NES", $1A'

    lines = [
        f"; {comment_text(name)}: a romulus_nb game as a cc65 project.",
        "; Build: ca65 game.s -o game.o && ld65 -C nrom.cfg game.o -o game.nes",
        "",
        '.segment "HEADER"  ; https://www.nesdev.org/wiki/INES',
        *(
            f"    {'.byte ' + value:<22}; {note}"
            for value, note in zip(fields, _HEADER_NOTES, strict=True)
        ),
        "    .byte " + ", ".join(f"${b:02X}" for b in header[8:16]) + "  ; unused here",
        "",
        '.segment "CHARS"  ; CHR-ROM: pattern table 0 ($0000) then 1 ($1000)',
        '    .incbin "game.chr"',
        "",
        prelude(prg_start, scene_count, maps_down=maps_down).rstrip("\n"),
        '.include "runtime.s"',
        '.include "scenes.s"',
        '.include "vectors.s"',
        "",
    ]
    return "\n".join(lines)


def write_ca65_project(
    scenes: list[SceneData],
    chr_bytes: bytes,
    out_dir,
    *,
    name: str = "game",
    compress: bool = True,
    metatiles=None,
    player=None,
) -> list[Path]:
    """Write the cc65 project for raw scene bytes and a CHR bank (and the metatile table when
    scenes are maps); returns the files written."""
    built = build_scenes(scenes, chr_bytes, compress=compress, metatiles=metatiles, player=player)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "game.s": _main_source(
            name, built.rom[:16], built.budget.prg_start, len(scenes), built.maps_down
        ),
        "runtime.s": scroll_runtime_source() if built.scrolling else runtime_source(),
        "scenes.s": built.layout.source,
        "vectors.s": vectors_source(),
        "nrom.cfg": _LINKER_CONFIG.format(
            prg_start=built.budget.prg_start, prg_size=built.budget.prg_size
        ),
        "Makefile": _MAKEFILE,
    }
    written = []
    for filename, text in files.items():
        path = out / filename
        atomic_write(path, text.encode("utf-8"))
        written.append(path)
    chr_path = out / "game.chr"
    atomic_write(chr_path, bytes(chr_bytes[:CHR_SIZE]))
    written.append(chr_path)
    return written


def export_ca65(game, out_dir, *, compress: bool = True) -> list[Path]:
    """Write ``game`` as a cc65 project in ``out_dir`` (created if missing).

    ``make`` in that folder (ca65 + ld65) builds ``game.nes``, byte-identical to
    ``romulus_nb.rom.build.build(game)``.

    Returns
    -------
    list of Path
        The files written.
    """
    scenes, metatiles = game_scene_data(game)
    return write_ca65_project(
        scenes, game.chr_bytes(), out_dir, name=game.name or "game", compress=compress,
        metatiles=metatiles, player=game_player_data(game, metatiles),
    )  # fmt: skip


__all__ = ["export_ca65", "write_ca65_project"]
