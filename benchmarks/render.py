"""How fast is the renderer? A full scene with 64 sprites, against the slow reference.

Run: python benchmarks/render.py [--repeat N]
Prints the median time of our numpy renderer and of the per-pixel reference renderer from
tests/reference_render.py, run side by side in this process, and their ratio.
Targets (issue 2): median <= 1 ms, at least 30x faster than the reference.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from _timing import median_ms

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from reference_render import reference_frame  # noqa: E402

from romulus_nb.demo import demo_game  # noqa: E402
from romulus_nb.nes.oam import Sprite  # noqa: E402
from romulus_nb.render import render_scene  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--reference-repeat", type=int, default=5)
    args = parser.parse_args()

    game = demo_game()
    scene = game.scene("Meadow").to_nes()
    rng = np.random.default_rng(2026)
    scene.sprites = [
        Sprite(int(rng.integers(0, 249)), int(rng.integers(1, 233)), int(rng.integers(0, 6)),
               int(rng.integers(0, 4)), bool(rng.integers(2)), bool(rng.integers(2)))
        for _ in range(64)
    ]  # fmt: skip
    chr_bank = game.tileset
    nametable = scene.nametable_bytes()
    palette_ram = scene.palettes.to_bytes()
    oam = scene.oam_bytes()

    fast = render_scene(scene, chr_bank)
    slow = reference_frame(chr_bank, nametable, palette_ram, oam, scene.ppuctrl, scene.ppumask)
    assert np.array_equal(fast.indices, np.array(slow)), "renderers disagree"

    ours = median_ms(lambda: render_scene(scene, chr_bank), args.repeat, warm_up=True)
    ref = median_ms(
        lambda: reference_frame(
            chr_bank, nametable, palette_ram, oam, scene.ppuctrl, scene.ppumask
        ),
        args.reference_repeat,
        warm_up=True,
    )
    print("full scene, 64 sprites (identical output checked)")
    print(f"  numpy renderer     median {ours:8.3f} ms   ({args.repeat} runs)   target <= 1 ms")
    print(f"  reference renderer median {ref:8.1f} ms   ({args.reference_repeat} runs)")
    print(f"  ratio              {ref / ours:8.0f}x faster   target >= 30x")


if __name__ == "__main__":
    main()
