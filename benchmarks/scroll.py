"""Benchmark: scrolling maps, side by side in one run.

Run: python benchmarks/scroll.py [--repeat N]

1. Building the demo's 8-screen level from its metatiles (`add_demo_level` on the demo game:
   table, map, nametable and attributes). Target: median <= 50 ms.
2. The camera view of that level (`scene.render(camera=...)`). Target: median <= 1 ms.
3. 600 frames of scrolling (Start into the level, Right held, then Left) on our emulator with
   idle-loop skipping, and on cynes with the same script. Target: ours at least as fast.
4. The worst frame's NMI: CPU cycles from the start of vblank to its last PPU write, against
   the ~2273 cycles of NTSC vblank (while the column uploads run).
5. The same level's screens stacked into a tower (1x8 screens, Down then Up): 600 frames on
   both emulators and the worst NMI while the row uploads run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from _timing import median_ms, timed

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cynes import NES as CynesNES  # noqa: E402

from romulus_nb.demo import add_demo_level, demo_game, demo_level  # noqa: E402
from romulus_nb.emu.bus import BUTTONS  # noqa: E402
from romulus_nb.emu.buttons import parse_buttons  # noqa: E402
from romulus_nb.emu.machine import NES  # noqa: E402
from romulus_nb.play.check import VBLANK_CYCLES, nmi_cycles  # noqa: E402
from romulus_nb.rom.build import build  # noqa: E402

BUILD_TARGET_MS, VIEW_TARGET_MS = 50.0, 1.0
FRAMES = 600
SCRIPT = "10:start,30-330:right,340-599:left"
TOWER_SCRIPT = "10:start,30-300:down,310-599:up"
#: cynes' joypad byte: bit 7 A ... bit 0 Right (ours: bit 0 A ... bit 7 Right).
_CYNES_BIT = {name: 0x80 >> i for i, name in enumerate(BUTTONS)}


def run_ours(rom: bytes, script: str = SCRIPT) -> NES:
    nes = NES(rom, buttons=script, skip_idle=True)
    nes.run_frames(FRAMES)
    return nes


def run_cynes(path: str, script: str = SCRIPT) -> None:
    script = parse_buttons(script)
    nes = CynesNES(path)
    for frame in range(FRAMES):
        mask = script.get(frame, 0)
        nes.controller = sum(bit for i, bit in enumerate(_CYNES_BIT.values()) if mask >> i & 1)
        nes.step(1)


def tower_game(game):
    """``game`` with its level's 8 screens stacked into a 1x8 tower (same metatiles)."""
    level = game.scene("Level")
    cells = level.metatiles
    tower = game.add_scene("Tower", screens=(1, 8), index=1)
    tower.palettes = level.palettes
    tower.scroll_speed = level.scroll_speed
    tower.metatiles = cells.reshape(15, 8, 16).transpose(1, 0, 2).reshape(120, 16)
    game.remove_scene(2)
    return game


def compare(rom: bytes, script: str, repeat: int) -> tuple[float, float]:
    """Seconds for 600 frames of ``script``: ours (idle skipping on), cynes."""
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "level.nes")
        Path(path).write_bytes(rom)
        ours_s, _ = timed(lambda: run_ours(rom, script), repeat, warm_up=True)
        cynes_s, _ = timed(lambda: run_cynes(path, script), repeat, warm_up=True)
    return ours_s, cynes_s


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    games = [demo_game() for _ in range(args.repeat + 1)]  # a fresh game for each build
    build_ms = median_ms(lambda: add_demo_level(games.pop()), args.repeat, warm_up=True)
    game = demo_level(8)
    level = game.scene("Level")
    cameras = iter(range(0, 1793, 7))
    view_ms = median_ms(lambda: level.render(camera=(next(cameras), 0)), 200, warm_up=True)

    rom = build(game)
    ours_s, cynes_s = compare(rom, SCRIPT, args.repeat)
    spans = nmi_cycles(game, SCRIPT, FRAMES, rom=rom)
    worst_frame = max(spans, key=spans.__getitem__)
    tower = tower_game(demo_level(8))
    tower_rom = build(tower)
    tower_ours_s, tower_cynes_s = compare(tower_rom, TOWER_SCRIPT, args.repeat)
    tower_spans = nmi_cycles(tower, TOWER_SCRIPT, FRAMES, rom=tower_rom)
    tower_worst = max(tower_spans, key=tower_spans.__getitem__)

    print(f"build the 8-screen level:   {build_ms:8.2f} ms   (target <= {BUILD_TARGET_MS:.0f} ms)")
    print(f"camera view render:         {view_ms:8.3f} ms   (target <= {VIEW_TARGET_MS:.0f} ms)")
    print(f"{FRAMES} frames, our emulator:  {ours_s * 1000:8.1f} ms   (idle skipping on)")
    print(f"{FRAMES} frames, cynes:         {cynes_s * 1000:8.1f} ms")
    print(f"  ours / cynes time:        {ours_s / cynes_s:8.2f}     (target <= 1)")
    print(f"worst NMI: {spans[worst_frame]} of {VBLANK_CYCLES} vblank cycles (frame {worst_frame})")
    print(
        f"tower (1x8), {FRAMES} frames: ours {tower_ours_s * 1000:.1f} ms, "
        f"cynes {tower_cynes_s * 1000:.1f} ms, ratio {tower_ours_s / tower_cynes_s:.2f}"
    )
    print(
        f"tower worst NMI: {tower_spans[tower_worst]} of {VBLANK_CYCLES} vblank cycles "
        f"(frame {tower_worst})"
    )
    good = (
        build_ms <= BUILD_TARGET_MS
        and view_ms <= VIEW_TARGET_MS
        and ours_s <= cynes_s
        and tower_ours_s <= tower_cynes_s
        and max(spans[worst_frame], tower_spans[tower_worst]) < VBLANK_CYCLES
    )
    print("PASS" if good else "FAIL: a target is missed")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
