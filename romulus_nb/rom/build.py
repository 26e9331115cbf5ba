"""Game -> .nes: the runtime and the scene data assembled into a mapper-0 (NROM) cartridge.

The cartridge:

- PRG-ROM: the runtime (``runtime/runtime.s``), then the scene data (``layout.py``), then the
  interrupt vectors (``runtime/vectors.s``) at $FFFA. 16 KiB (NROM-128, at $C000) when it fits,
  else 32 KiB (NROM-256, at $8000). Unused bytes are $FF.
- CHR-ROM: the game's tileset, 8 KiB: pattern table 0 then pattern table 1.
- Mirroring: vertical. The runtime only shows nametable $2000, so either would do.

Everything goes through our own assembler (`romulus_nb.rom.asm`); ca65/ld65 build the same
bytes from the project `export_ca65` writes, which the tests check.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from romulus_nb.errors import BuildError, InvalidValueError
from romulus_nb.limits import Finding
from romulus_nb.rom.asm import assemble
from romulus_nb.rom.asm_result import Assembly
from romulus_nb.rom.ines import build_ines
from romulus_nb.rom.layout import DataLayout, SceneData, lay_out_scenes, prelude

RUNTIME_DIR = Path(__file__).parent / "runtime"
NROM_128_PRG = 0x4000
NROM_256_PRG = 0x8000
VECTORS = 0xFFFA  # NMI, reset, IRQ: 6 bytes at the top of the address space
VECTORS_SIZE = 6
CHR_SIZE = 0x2000
MIRRORING = "vertical"


@functools.cache
def runtime_source() -> str:
    """The runtime's ca65 source (``runtime/runtime.s``): reset, NMI, main loop, uploads."""
    return (RUNTIME_DIR / "runtime.s").read_text()


@functools.cache
def vectors_source() -> str:
    """The interrupt vectors (``runtime/vectors.s``), appended after the scene data."""
    return (RUNTIME_DIR / "vectors.s").read_text()


def game_source(layout: DataLayout, prg_start: int, scene_count: int) -> str:
    """The whole program as one source: constants, runtime, scene data, vectors."""
    return prelude(prg_start, scene_count) + runtime_source() + layout.source + vectors_source()


@functools.cache
def runtime_size() -> int:
    """Bytes of PRG-ROM the runtime's code takes (it does not depend on the scenes)."""
    stub = lay_out_scenes([SceneData(bytes(32), bytes(1024), b"\xff" * 256, 0x80, 0x1E)])
    assembly = assemble(game_source(stub, 0xC000, 1), filename="runtime.s")
    return assembly.segments["CODE"].size - stub.size


@dataclass(frozen=True)
class Budget:
    """What a game costs in PRG-ROM.

    Attributes
    ----------
    runtime, data : int
        Bytes of runtime code and of scene data (tables, palettes, nametables, sprites).
    scene_bytes : tuple of int
        Per scene, the data bytes it adds (shared blobs count for the first scene using them).
    needed : int
        ``runtime + data + 6`` (the vectors).
    available : int
        32768: the most PRG-ROM mapper 0 has (NROM-256).
    prg_size : int
        16384 (NROM-128) or 32768 (NROM-256); 0 when the game does not fit.
    prg_start : int
        Where PRG-ROM starts in the CPU address space: $C000 or $8000.
    """

    runtime: int
    data: int
    scene_bytes: tuple[int, ...]

    @property
    def needed(self) -> int:
        return self.runtime + self.data + VECTORS_SIZE

    @property
    def available(self) -> int:
        return NROM_256_PRG

    @property
    def prg_size(self) -> int:
        for size in (NROM_128_PRG, NROM_256_PRG):
            if self.needed <= size:
                return size
        return 0

    @property
    def prg_start(self) -> int:
        return 0x10000 - self.prg_size


@dataclass(frozen=True, repr=False)
class RomBuild:
    """A built cartridge and how it was made.

    Attributes
    ----------
    rom : bytes
        The iNES file: 16-byte header, PRG-ROM, 8 KiB CHR-ROM.
    source : str
        The assembled program (constants, runtime, scene data, vectors).
    assembly : Assembly
        Its symbols (``reset``, ``nmi``, ``main_loop``, ``nmi_count``...) and listing.
    budget : Budget
    layout : DataLayout
        The scene data source and, per scene, whether its nametable is RLE-compressed.
    """

    rom: bytes
    source: str
    assembly: Assembly
    budget: Budget
    layout: DataLayout

    @property
    def symbols(self) -> dict[str, int]:
        """Runtime and scene-data labels by name (``reset``, ``nmi``, ``main_loop``...)."""
        return self.assembly.symbols

    def __repr__(self) -> str:
        cost = self.budget
        kind = "NROM-128" if cost.prg_size == NROM_128_PRG else "NROM-256"
        return (
            f"RomBuild({len(self.rom)} bytes, {kind}, PRG-ROM {cost.needed} of {cost.prg_size} "
            f"bytes used: runtime {cost.runtime}, scene data {cost.data}; "
            f"{len(self.layout.rle)} scenes, {sum(self.layout.rle)} nametables RLE)"
        )


def scene_data(scene) -> SceneData:
    """The bytes the runtime uploads for a model scene (`romulus_nb.game.Scene`)."""
    return SceneData(
        palette=scene.palettes.to_bytes(),
        nametable=scene.nametable_bytes(),
        oam=scene.oam_bytes(),
        ppuctrl=scene.ppuctrl,
        ppumask=scene.ppumask,
        name=getattr(scene, "name", ""),
    )


def plan(scenes: list[SceneData], *, compress: bool = True) -> tuple[DataLayout, Budget]:
    """Lay the scenes out and work out the cartridge size, without assembling."""
    layout = lay_out_scenes(scenes, compress=compress)
    return layout, Budget(runtime_size(), layout.size, layout.scene_sizes)


def _over_budget(budget: Budget, scenes: list[SceneData], compress: bool) -> BuildError:
    biggest = sorted(range(len(scenes)), key=lambda i: -budget.scene_bytes[i])[:3]
    names = ", ".join(f"{i} {scenes[i].name!r} ({budget.scene_bytes[i]} bytes)" for i in biggest)
    hint = "" if compress else "; building with compress=True stores nametables RLE-compressed"
    return BuildError(
        f"the game needs {budget.needed} bytes of PRG-ROM (runtime {budget.runtime}, scene data "
        f"{budget.data}, vectors {VECTORS_SIZE}) but a mapper-0 cartridge has {budget.available} "
        f"(NROM-256): {budget.needed - budget.available} bytes over; the biggest scenes are "
        f"{names}{hint}"
    )


def build_scenes(scenes: list[SceneData], chr_bytes: bytes, *, compress: bool = True) -> RomBuild:
    """Build a cartridge from raw scene bytes and an 8 KiB CHR bank.

    Parameters
    ----------
    scenes : list of SceneData
        1-255 scenes; scene 0 shows at power-on.
    chr_bytes : bytes
        8192 bytes: pattern table 0 then 1, 16 bytes a tile.
    compress : bool
        Store nametables RLE-compressed when that makes them smaller.

    Raises
    ------
    BuildError
        When the program does not fit in 32 KiB of PRG-ROM.
    """
    if len(chr_bytes) != CHR_SIZE:
        raise InvalidValueError(
            f"CHR-ROM must be {CHR_SIZE} bytes (512 tiles), got {len(chr_bytes)}"
        )
    layout, budget = plan(scenes, compress=compress)
    if not budget.prg_size:
        raise _over_budget(budget, scenes, compress)
    source = game_source(layout, budget.prg_start, len(scenes))
    assembly = assemble(source, filename="game.s")
    prg = assembly.image(start=budget.prg_start, end=0x10000, segments=["CODE", "VECTORS"])
    rom = build_ines(prg, bytes(chr_bytes), mirroring=MIRRORING)
    return RomBuild(rom=rom, source=source, assembly=assembly, budget=budget, layout=layout)


def build_game(game, *, compress: bool = True) -> RomBuild:
    """Build ``game`` (a `romulus_nb.game.Game`) and keep the source, symbols and budget."""
    if not game.scenes:
        raise BuildError(f"game {game.name!r} has no scenes; add at least one to build a ROM")
    scenes = [scene_data(scene) for scene in game.scenes]
    return build_scenes(scenes, game.chr_bytes(), compress=compress)


def build(game, *, compress: bool = True) -> bytes:
    """The iNES ROM for ``game``: same game, same bytes.

    Parameters
    ----------
    game : romulus_nb.game.Game
    compress : bool
        Store nametables RLE-compressed when that makes them smaller (more scenes fit).

    Returns
    -------
    bytes
        An iNES file for mapper 0 that boots in any NES emulator.
    """
    return build_game(game, compress=compress).rom


def budget(game, *, compress: bool = True) -> Budget:
    """What ``game`` costs in PRG-ROM, without assembling it."""
    return plan([scene_data(s) for s in game.scenes], compress=compress)[1]


def budget_findings(game) -> list:
    """Limits-report findings for the cartridge budget (used by ``Game.check()``)."""
    if not game.scenes:
        return [Finding("error", "prg-budget", "no scenes: a ROM needs at least one")]
    cost = budget(game)
    if not cost.prg_size:
        scenes = [scene_data(s) for s in game.scenes]
        return [Finding("error", "prg-budget", str(_over_budget(cost, scenes, True)))]
    level = "warning" if cost.needed > 0.9 * NROM_256_PRG else "info"
    kind = "NROM-128" if cost.prg_size == NROM_128_PRG else "NROM-256"
    return [
        Finding(
            level,
            "prg-budget",
            f"PRG-ROM: {cost.needed} of {cost.prg_size} bytes used ({kind}); "
            f"mapper 0 allows {NROM_256_PRG}",
        )
    ]
