"""Benchmark: building a 20-scene game (lay out + assemble + header). Target: median <= 50 ms.

Run: python benchmarks/build.py [--repeat N]

Prints the median of whole builds and of each step, and the assembler's lines per second.
Two games: 20 scenes made from the demo's (RLE-compressible nametables) and 20 scenes of random
tiles (incompressible: 20 KiB of raw nametables, NROM-256).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from _timing import median_ms

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from romulus_nb import Game, PaletteSet, demo_game  # noqa: E402
from romulus_nb.rom.asm import assemble  # noqa: E402
from romulus_nb.rom.build import build, game_source, plan, scene_data  # noqa: E402
from romulus_nb.rom.ines import build_ines  # noqa: E402

TARGET_MS = 50.0


def demo_based_game(scenes: int = 20) -> Game:
    """The demo's scenes, repeated and each made distinct by one tile and its backdrop."""
    game = demo_game()
    base = list(game.scenes)
    while len(game.scenes) < scenes:
        source = base[len(game.scenes) % len(base)]
        scene = game.add_scene(f"{source.name} {len(game.scenes)}", source)
        scene.nametable[len(game.scenes) % 30, 3] = len(game.scenes)
        scene.palettes.backdrop = len(game.scenes) % 12 + 1
    return game


def random_game(scenes: int = 20, seed: int = 0) -> Game:
    rng = np.random.default_rng(seed)
    game = Game("random", tileset=rng.integers(0, 4, (512, 8, 8), dtype=np.uint8))
    for number in range(scenes):
        scene = game.add_scene(f"random {number}")
        scene.nametable = rng.integers(0, 256, (30, 32), dtype=np.uint8)
        scene.attributes = rng.integers(0, 4, (15, 16), dtype=np.uint8)
        scene.palettes = PaletteSet(rng.choice([0x0F, 0x16, 0x2A, 0x30], (8, 4)).tolist())
    return game


def bench(name: str, game: Game, repeat: int) -> float:
    build(game)  # warm the caches (runtime size, regexes)
    total = median_ms(lambda: build(game), repeat)

    scenes = [scene_data(s) for s in game.scenes]
    layout, cost = plan(scenes)
    source = game_source(layout, cost.prg_start, len(scenes))
    lines = source.count("\n") + 1
    lay_out = median_ms(lambda: plan([scene_data(s) for s in game.scenes]), repeat)
    asm_ms = median_ms(lambda: assemble(source, filename="game.s"), repeat)
    assembly = assemble(source, filename="game.s")
    prg = assembly.image(start=cost.prg_start, end=0x10000, segments=["CODE", "VECTORS"])
    chr_bytes = game.chr_bytes()
    header = median_ms(lambda: build_ines(prg, chr_bytes, mirroring="vertical"), repeat)

    verdict = "ok" if total <= TARGET_MS else "OVER TARGET"
    print(f"{name}: {len(game.scenes)} scenes, PRG {cost.needed}/{cost.prg_size} bytes")
    print(f"  build median        {total:7.2f} ms   (target <= {TARGET_MS:.0f} ms: {verdict})")
    print(f"    lay out (+RLE)    {lay_out:7.2f} ms")
    print(
        f"    assemble          {asm_ms:7.2f} ms   {lines} lines, "
        f"{lines / (asm_ms / 1000):,.0f} lines/s"
    )
    print(f"    iNES header       {header:7.2f} ms")
    return total


def bench_runtime(repeat: int) -> None:
    """The runtime on its own (instructions and comments, little data): lines per second."""
    game = Game("one scene")
    game.add_scene("blank")
    layout, cost = plan([scene_data(game.scenes[0])])
    source = game_source(layout, cost.prg_start, 1)
    lines = source.count("\n") + 1
    asm_ms = median_ms(lambda: assemble(source, filename="game.s"), repeat)
    speed = lines / (asm_ms / 1000)
    print(f"runtime alone: {lines} lines in {asm_ms:.2f} ms, {speed:,.0f} lines/s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    results = [
        bench("demo-based game (RLE)", demo_based_game(), args.repeat),
        bench("random-tile game (raw)", random_game(), args.repeat),
    ]
    bench_runtime(args.repeat)
    return 0 if all(t <= TARGET_MS for t in results) else 1


if __name__ == "__main__":
    sys.exit(main())
