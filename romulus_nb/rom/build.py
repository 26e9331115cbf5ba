"""Game -> .nes: the runtime and the scene data assembled into a mapper-0 (NROM) cartridge.

The cartridge:

- PRG-ROM: the runtime (``runtime/runtime.s``), then the scene data (``layout.py``), then the
  interrupt vectors (``runtime/vectors.s``) at $FFFA. 16 KiB (NROM-128, at $C000) when it fits,
  else 32 KiB (NROM-256, at $8000). Unused bytes are $FF.
- CHR-ROM: the game's tileset, 8 KiB: pattern table 0 then pattern table 1.
- Mirroring: vertical, or horizontal when the game's maps scroll vertically. The slideshow
  runtime only shows nametable $2000, so either would do; the scrolling runtime
  (``runtime/scroll.s``, chosen when a scene is a map) needs the one its maps scroll along:
  the screens of a horizontal level sit side by side at $2000 and $2400, those of a vertical
  one stacked at $2000 and $2800. A game mixing both is refused (one cartridge, one mirroring).

The two runtimes share their common code as parts (``registers.s``, ``reset.s``, ``input.s``...)
that `runtime_source` splices in where their ``.include`` lines stand: one source text, whose
slideshow version is exactly the runtime.s of before the split.

Everything goes through our own assembler (`romulus_nb.rom.asm`); ca65/ld65 build the same
bytes from the project `export_ca65` writes, which the tests check.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from romulus_nb.cache import answer_key, recall, remember
from romulus_nb.errors import BuildError, InvalidValueError
from romulus_nb.game import Game, Scene
from romulus_nb.limits import Finding
from romulus_nb.nes.metatile import MAX_METATILES, derive_map, expand_map
from romulus_nb.rom.asm import assemble
from romulus_nb.rom.asm_result import Assembly
from romulus_nb.rom.ines import build_ines
from romulus_nb.rom.layout import DataLayout, MapData, SceneData, lay_out_scenes, prelude
from romulus_nb.rom.player_data import PlayerData, player_data

RUNTIME_DIR = Path(__file__).parent / "runtime"
NROM_128_PRG = 0x4000
NROM_256_PRG = 0x8000
VECTORS = 0xFFFA  # NMI, reset, IRQ: 6 bytes at the top of the address space
VECTORS_SIZE = 6
CHR_SIZE = 0x2000
MIRRORING = "vertical"


_INCLUDE = re.compile(r'^\.include "(\w+\.s)"$', re.MULTILINE)


def _spliced(name: str) -> str:
    """A runtime file with its ``.include "part.s"`` lines replaced by the parts (reset.s,
    input.s, uploads.s, main_loop.s, rendering_off.s, scene_nametable.s, scene_sprites.s...:
    the code both runtimes share), so the program is one source text."""
    text = (RUNTIME_DIR / name).read_text()
    return _INCLUDE.sub(lambda m: (RUNTIME_DIR / m.group(1)).read_text().rstrip("\n"), text)


@functools.cache
def runtime_source() -> str:
    """The runtime's ca65 source (``runtime/runtime.s``): reset, NMI, main loop, uploads."""
    return _spliced("runtime.s")


@functools.cache
def scroll_runtime_source() -> str:
    """The scrolling runtime (``runtime/scroll.s``): the slideshow plus maps and a camera."""
    return _spliced("scroll.s")


@functools.cache
def vectors_source() -> str:
    """The interrupt vectors (``runtime/vectors.s``), appended after the scene data."""
    return (RUNTIME_DIR / "vectors.s").read_text()


def game_source(layout: DataLayout, prg_start: int, scene_count: int, *,
                scrolling: bool = False, maps_down: bool = False) -> str:  # fmt: skip
    """The whole program as one source: constants, runtime, scene data, vectors
    (``maps_down``: the scrolling runtime for maps that scroll vertically)."""
    runtime = scroll_runtime_source() if scrolling else runtime_source()
    return (prelude(prg_start, scene_count, maps_down=maps_down) + runtime + layout.source
            + vectors_source())  # fmt: skip


@functools.cache
def runtime_size(scrolling: bool = False, maps_down: bool = False) -> int:
    """Bytes of PRG-ROM the runtime's code takes (it does not depend on the scenes, only on
    the runtime: slideshow, scrolling across, or scrolling down with ``maps_down``).

    Kept in the user's cache (`romulus_nb.cache`, keyed by this installation's code, the runtime
    sources included), so that the limits report (``romulus info``) does not assemble it each
    time; `assembled_runtime_size` is the computation."""
    kind = b"slideshow" if not scrolling else b"scrolling-down" if maps_down else b"scrolling"
    size = recall(key := answer_key("runtime-size", kind))
    if not isinstance(size, int) or isinstance(size, bool):
        size = assembled_runtime_size(scrolling, maps_down)
        remember(key, size)
    return size


def assembled_runtime_size(scrolling: bool = False, maps_down: bool = False) -> int:
    """`runtime_size`, computed: the runtime assembled with a one-scene stub of data."""
    stub = lay_out_scenes([SceneData(bytes(32), bytes(1024), b"\xff" * 256, 0x80, 0x1E)])
    if scrolling:  # the map and player tables must exist for the scrolling runtime to assemble
        cells = MapData(bytes(480), 1, vertical=maps_down)  # 2 screens either way
        stub = _with_player(
            lay_out_scenes(
                [SceneData(bytes(32), b"", b"\xff" * 256, 0x80, 0x1E, map=cells)],
                metatiles=[((0, 0, 0, 0), 0)],
            ),
            _stub_player(),
        )
    source = game_source(stub, 0xC000, 1, scrolling=scrolling, maps_down=scrolling and maps_down)
    assembly = assemble(source, filename="runtime.s")
    return assembly.segments["CODE"].size - stub.size


def _stub_player() -> PlayerData:
    """The player tables of a one-map game without a player (for `runtime_size`)."""
    return _stub_player_for(1, 1)


def _stub_player_for(scenes: int, metatiles: int) -> PlayerData:
    """No player in any of ``scenes`` scenes, no solid metatile: the tables the scrolling
    runtime needs when raw scene bytes are built (`build_scenes` without ``player``)."""
    game = Game("no player")
    game.scenes.extend(Scene(f"{i}") for i in range(scenes))
    return player_data(game, metatiles)


def _with_player(layout: DataLayout, player: PlayerData | None) -> DataLayout:
    """The scene data with the player's constants and tables after it."""
    if player is None:
        return layout
    return DataLayout(layout.source + player.source, layout.size + player.size, layout.rle,
                      layout.scene_sizes)  # fmt: skip


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
    scrolling: bool = False
    maps_down: bool = False

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


def scene_data(scene, cells=None) -> SceneData:
    """The bytes the runtime uploads for a model scene (`romulus_nb.game.Scene`); a map scene
    needs its ``cells`` ``(15, columns)`` in the game's metatile table (see `game_maps`)."""
    if scene.screens != (1, 1):
        if cells is None:
            raise BuildError(f"scene {scene.name!r}: a map needs its metatile cells")
        return SceneData(
            palette=scene.palettes.to_bytes(),
            nametable=b"",
            oam=scene.oam_bytes(),
            ppuctrl=scene.ppuctrl,
            ppumask=scene.ppumask,
            name=getattr(scene, "name", ""),
            map=map_data(scene, cells),
        )
    return SceneData(
        palette=scene.palettes.to_bytes(),
        nametable=scene.nametable_bytes(),
        oam=scene.oam_bytes(),
        ppuctrl=scene.ppuctrl,
        ppumask=scene.ppumask,
        name=getattr(scene, "name", ""),
    )


def map_data(scene, cells) -> MapData:
    """A map scene's ``cells`` ``(15*h, 16*w)`` as strips: columns across, rows down."""
    cells = np.asarray(cells, np.uint8)
    vertical = scene.screens[1] > 1
    strips = cells if vertical else cells.T
    return MapData(strips.tobytes(), scene.scroll_speed, vertical=vertical)


def maps_down(scenes: list[SceneData]) -> bool:
    """Whether the game's maps scroll vertically (then they all do: one mirroring)."""
    return any(s.map is not None and s.map.vertical for s in scenes)


def mirroring(scenes: list[SceneData]) -> str:
    """The cartridge's mirroring: horizontal when a map scrolls vertically (its screens stacked
    at $2000 and $2800), else vertical."""
    return "horizontal" if maps_down(scenes) else MIRRORING


def game_maps(game) -> tuple[list, dict[int, np.ndarray]]:
    """The metatile table a game's ROM carries and the cells of each map scene in it.

    The game's own table comes first (its numbers kept); a map painted tile by tile adds its
    other 16x16 blocks. Returns ``(table of (tiles, palette), {scene index: (15, columns)})``.
    """
    table = list(game.metatiles)
    cells: dict[int, np.ndarray] = {}
    if {s.scrolls for s in game.scenes} >= {"horizontal", "vertical"}:
        across = [s.name for s in game.scenes if s.scrolls == "horizontal"]
        down = [s.name for s in game.scenes if s.scrolls == "vertical"]
        raise BuildError(
            f"scenes {across} scroll horizontally (vertical mirroring) and {down} vertically "
            "(horizontal mirroring), but a mapper-0 cartridge has one mirroring: make every "
            "map scroll the same way, or split the game"
        )
    for i, scene in enumerate(game.scenes):
        if scene.screens == (1, 1):
            continue
        if scene.metatiles is not None:
            nametable, attributes = expand_map(scene.metatiles, table)
            if np.array_equal(nametable, scene.nametable) and np.array_equal(
                attributes, scene.attributes
            ):
                cells[i] = scene.metatiles
                continue
        table, cells[i] = derive_map(scene.nametable, scene.attributes, table)
    if len(table) > MAX_METATILES:
        raise BuildError(
            f"the maps need {len(table)} different 16x16 blocks (4 tiles + palette) but a ROM "
            f"holds {MAX_METATILES} metatiles: reuse blocks, or build the maps from "
            "game.metatiles"
        )
    return [(m.tiles, m.palette) for m in table], cells


def game_scene_data(game) -> tuple[list[SceneData], list | None]:
    """Every scene's bytes, and the metatile table (None when no scene is a map)."""
    table, cells = game_maps(game)
    scenes = [scene_data(s, cells.get(i)) for i, s in enumerate(game.scenes)]
    return scenes, (table if cells else None)


def plan(scenes: list[SceneData], *, compress: bool = True, metatiles=None,
         player: PlayerData | None = None) -> tuple[DataLayout, Budget]:  # fmt: skip
    """Lay the scenes out and work out the cartridge size, without assembling; ``player``
    (the scrolling runtime's player tables) goes after the scene data."""
    layout = _with_player(lay_out_scenes(scenes, compress=compress, metatiles=metatiles), player)
    scrolling = any(s.map is not None for s in scenes)
    return layout, Budget(runtime_size(scrolling, maps_down(scenes)), layout.size,
                          layout.scene_sizes)  # fmt: skip


def _over_budget(budget: Budget, scenes: list[SceneData], compress: bool) -> BuildError:
    biggest = sorted(range(len(scenes)), key=lambda i: -budget.scene_bytes[i])[:3]
    names = ", ".join(f"{i} {scenes[i].name!r} ({budget.scene_bytes[i]} bytes)" for i in biggest)
    hint = "" if compress else "; building with compress=True stores nametables RLE-compressed"
    if any(s.map is not None for s in scenes):
        hint += (
            "; a map costs about 15 bytes per column, 16 per row (less where they "
            "repeat): shorten it"
        )
    return BuildError(
        f"the game needs {budget.needed} bytes of PRG-ROM (runtime {budget.runtime}, scene data "
        f"{budget.data}, vectors {VECTORS_SIZE}) but a mapper-0 cartridge has {budget.available} "
        f"(NROM-256): {budget.needed - budget.available} bytes over; the biggest scenes are "
        f"{names}{hint}"
    )


def build_scenes(scenes: list[SceneData], chr_bytes: bytes, *, compress: bool = True,
                 metatiles=None, player: PlayerData | None = None) -> RomBuild:  # fmt: skip
    """Build a cartridge from raw scene bytes and an 8 KiB CHR bank.

    Parameters
    ----------
    scenes : list of SceneData
        1-255 scenes; scene 0 shows at power-on.
    chr_bytes : bytes
        8192 bytes: pattern table 0 then 1, 16 bytes a tile.
    compress : bool
        Store nametables RLE-compressed when that makes them smaller.
    metatiles : list of (4 tiles, palette), optional
        The metatile table, when scenes are maps (then the scrolling runtime is used).
    player : PlayerData, optional
        The player's tables (`romulus_nb.rom.player_data`); the scrolling runtime needs them
        (a game without a player gets the defaults).

    Raises
    ------
    BuildError
        When the program does not fit in 32 KiB of PRG-ROM.
    """
    if len(chr_bytes) != CHR_SIZE:
        raise InvalidValueError(
            f"CHR-ROM must be {CHR_SIZE} bytes (512 tiles), got {len(chr_bytes)}"
        )
    scrolling = any(s.map is not None for s in scenes)
    if scrolling and player is None:
        player = _stub_player_for(len(scenes), len(metatiles or ()))
    layout, budget = plan(scenes, compress=compress, metatiles=metatiles,
                          player=player if scrolling else None)  # fmt: skip
    if not budget.prg_size:
        raise _over_budget(budget, scenes, compress)
    source = game_source(layout, budget.prg_start, len(scenes), scrolling=scrolling,
                         maps_down=maps_down(scenes))  # fmt: skip
    assembly = assemble(source, filename="game.s")
    prg = assembly.image(start=budget.prg_start, end=0x10000, segments=["CODE", "VECTORS"])
    rom = build_ines(prg, bytes(chr_bytes), mirroring=mirroring(scenes))
    return RomBuild(rom=rom, source=source, assembly=assembly, budget=budget, layout=layout,
                    scrolling=scrolling, maps_down=maps_down(scenes))  # fmt: skip


def build_game(game, *, compress: bool = True) -> RomBuild:
    """Build ``game`` (a `romulus_nb.game.Game`) and keep the source, symbols and budget."""
    if not game.scenes:
        raise BuildError(f"game {game.name!r} has no scenes; add at least one to build a ROM")
    scenes, metatiles = game_scene_data(game)
    return build_scenes(scenes, game.chr_bytes(), compress=compress, metatiles=metatiles,
                        player=game_player_data(game, metatiles))  # fmt: skip


def game_player_data(game, metatiles) -> PlayerData | None:
    """The player tables of a game with maps (None without: the slideshow runtime)."""
    return None if metatiles is None else player_data(game, len(metatiles))


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
    scenes, metatiles = game_scene_data(game)
    player = game_player_data(game, metatiles)
    return plan(scenes, compress=compress, metatiles=metatiles, player=player)[1]


def budget_findings(game) -> list:
    """Limits-report findings for the cartridge budget (used by ``Game.check()``)."""
    if not game.scenes:
        return [Finding("error", "prg-budget", "no scenes: a ROM needs at least one")]
    if {s.scrolls for s in game.scenes} >= {"horizontal", "vertical"}:
        return []  # no cartridge can hold it: the limits report's "mirroring" rule says why
    try:
        scenes, metatiles = game_scene_data(game)
        player = game_player_data(game, metatiles)
    except BuildError as exc:
        return [Finding("error", "prg-budget", str(exc))]
    cost = plan(scenes, metatiles=metatiles, player=player)[1]
    if not cost.prg_size:
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
