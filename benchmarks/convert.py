"""Convert scikit-image's sample pictures and compare with a plain baseline.

For each picture: the time of our conversion, the tiles it uses (budget: one pattern table,
256 tiles) and its PSNR, beside the PSNR of a plain baseline that ignores the tile budget:

1. every pixel takes its nearest master colour (RGB distance; $0D and duplicate blacks excluded);
2. the backdrop is the most common of those colours;
3. one global k-means (k = 4, seeded) clusters the 16x16 blocks by their colour histograms, and
   each cluster's palette is its 3 most common colours besides the backdrop;
4. every block takes the palette with the least RGB error and every pixel its nearest colour in
   it; no tile budget (up to 960 tiles).

Columns: ours at the default settings (``space="lab"``: palettes searched in CIELAB and, when
undithered, in sRGB too, the closest in sRGB kept) and ours with ``space="rgb"`` (sRGB searches
only), the baseline, and a bound no method of any kind can pass without dithering:
every pixel its nearest master colour, no palette, attribute or tile limit at all (per-pixel
nearest is the least squared error possible). All PSNRs compare the fitted 256x240 picture with
the result (ours through the renderer). Targets: <= 2 s a picture, never over the budget, PSNR
above the baseline on every picture: where the baseline already sits at the bound, or where 256
tiles cannot carry a texture, that target cannot be met by anyone, and the bound shows it.

Run: ``python benchmarks/convert.py [--dither none|ordered|diffusion] [--repeat N]``.

``--exact`` compares instead with makechr (a benchmark dependency) on art that obeys the NES
rules: the demo's scenes without sprites, drawn in makechr's colours. Side by side, alternating,
``romulus import-image ART.png -o g.json`` and ``makechr ART.png -o mk.%s.dat`` as whole
processes (both ``python -m``, so neither pays a launcher the other does not; ours with its
bytecode compiled once, in a temporary ``PYTHONPYCACHEPREFIX``, as makechr's installed package
has it, even where ``PYTHONDONTWRITEBYTECODE`` is set), then our conversion in-process; medians
and the ratio. Targets: the process no slower than makechr's,
in-process <= 50 ms, and every scene exact.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import skimage.data
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _timing import timed  # noqa: E402

from romulus_nb.convert import convert_picture, fit_picture  # noqa: E402
from romulus_nb.convert.master_palettes import makechr_palettes  # noqa: E402
from romulus_nb.convert.palette_search import candidate_colors  # noqa: E402
from romulus_nb.convert.report import psnr  # noqa: E402
from romulus_nb.demo import demo_game  # noqa: E402
from romulus_nb.nes.colors import DEFAULT_PALETTE  # noqa: E402
from romulus_nb.render import render_scene  # noqa: E402

PICTURES = (
    "astronaut", "brick", "camera", "cat", "cell", "coffee", "coins", "colorwheel", "grass",
    "gravel", "horse", "hubble_deep_field", "immunohistochemistry", "logo", "moon", "page",
    "retina", "rocket", "text",
)  # fmt: skip
BUDGET = 256


def load(name: str) -> np.ndarray:
    image = getattr(skimage.data, name)()
    if image.dtype == bool:
        image = image.astype(np.uint8) * 255
    if image.ndim == 3 and image.shape[2] == 4:  # the baseline knows no alpha: flatten on white
        alpha = image[..., 3:].astype(np.float64) / 255
        image = np.rint(image[..., :3] * alpha + 255 * (1 - alpha)).astype(np.uint8)
    return image


def baseline(rgb: np.ndarray, seed: int = 0) -> np.ndarray:
    """The plain baseline (see the module docstring): ``(240, 256, 3) uint8`` result."""
    colors = candidate_colors(DEFAULT_PALETTE)
    table = DEFAULT_PALETTE.rgb[colors].astype(np.float64)
    pixels = rgb.reshape(-1, 3).astype(np.float64)
    dist = ((pixels[:, None, :] - table[None]) ** 2).sum(-1)
    nearest = dist.argmin(1)
    backdrop = np.bincount(nearest, minlength=len(colors)).argmax()
    block = ((np.arange(240) // 16)[:, None] * 16 + np.arange(256)[None, :] // 16).ravel()
    hist = np.zeros((240, len(colors)))
    np.add.at(hist, (block, nearest), 1)
    hist /= hist.sum(1, keepdims=True)
    rng = np.random.default_rng(seed)
    centres = hist[rng.choice(240, 4, replace=False)]
    for _ in range(20):
        label = ((hist[:, None] - centres[None]) ** 2).sum(-1).argmin(1)
        centres = np.stack(
            [hist[label == k].mean(0) if (label == k).any() else centres[k] for k in range(4)]
        )
    palettes = []
    for k in range(4):
        counts = np.bincount(nearest[label[block] == k], minlength=len(colors)).astype(float)
        counts[backdrop] = -1
        palettes.append([backdrop, *np.argsort(-counts, kind="stable")[:3]])
    palettes = np.array(palettes)  # (4, 4) candidate numbers
    # Per block, the palette with the least error; then nearest colour within it.
    per_palette = np.stack([dist[:, p].min(1) for p in palettes], 1)  # (61440, 4)
    block_cost = np.zeros((240, 4))
    np.add.at(block_cost, block, per_palette)
    choice = block_cost.argmin(1)[block]
    entry = dist[np.arange(len(pixels))[:, None], palettes[choice]].argmin(1)
    return table[palettes[choice, entry]].astype(np.uint8).reshape(240, 256, 3)


def bound(rgb: np.ndarray) -> np.ndarray:
    """Every pixel its nearest master colour (RGB), with no limit at all."""
    table = DEFAULT_PALETTE.rgb[candidate_colors(DEFAULT_PALETTE)].astype(np.float64)
    dist = ((rgb.reshape(-1, 1, 3).astype(np.float64) - table[None]) ** 2).sum(-1)
    return table[dist.argmin(1)].astype(np.uint8).reshape(rgb.shape)


def timed_conversion(image, repeat: int, **options):
    seconds, result = timed(
        lambda: convert_picture(image, tile_budget=BUDGET, progress=False, **options), repeat
    )
    return result.report, seconds


def run_process(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one run of ``command`` as a process (it
    must succeed). CPU time says more than wall time on a loaded machine."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    # this tree's romulus_nb, its bytecode kept beside the pictures
    env |= {"PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": str(cwd / "pycache")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def versus_makechr(repeat: int) -> int:
    """The ``--exact`` comparison (see the module docstring); returns the exit code."""
    master = next(p for p in makechr_palettes() if p.name == "makechr (AlmightyGuru)")
    game = demo_game()
    print(f"{'scene':8} {'ours s':>7} {'makechr s':>9} {'ratio':>6} {'ours cpu':>8} "
          f"{'makechr cpu':>11} {'ratio':>6} {'in-process ms':>13} {'cpu ms':>6} "
          "exact")  # fmt: skip
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for scene in game.scenes:
            bare = scene.copy()
            bare.sprites = []
            art = work / f"{scene.name}.png"
            Image.fromarray(master.rgb[render_scene(bare, game.tileset).indices]).save(art)
            ours_cmd = [sys.executable, "-m", "romulus_nb.cli", "import-image", str(art), "-o",
                        str(work / "g.json")]  # fmt: skip
            theirs_cmd = [sys.executable, "-m", "makechr.makechr", str(art), "-o",
                          str(work / "mk.%s.dat")]  # fmt: skip
            ours, theirs = [], []
            run_process(ours_cmd, work)  # untimed: compiles our bytecode once
            for _ in range(repeat):  # alternate, so that load on the machine hits both alike
                ours.append(run_process(ours_cmd, work))
                theirs.append(run_process(theirs_cmd, work))
            seconds, conversion = timed(
                lambda art=art: convert_picture(art, progress=False), repeat, warm_up=True
            )
            cpu = []
            for _ in range(repeat):
                start = time.process_time()
                convert_picture(art, progress=False)
                cpu.append(time.process_time() - start)
            wall = [statistics.median(w for w, _ in runs) for runs in (ours, theirs)]
            used = [statistics.median(c for _, c in runs) for runs in (ours, theirs)]
            exact = conversion.report.exact
            print(f"{scene.name:8} {wall[0]:7.3f} {wall[1]:9.3f} {wall[0] / wall[1]:6.2f} "
                  f"{used[0]:8.3f} {used[1]:11.3f} {used[0] / used[1]:6.2f} "
                  f"{seconds * 1000:13.1f} {statistics.median(cpu) * 1000:6.1f} "
                  f"{'yes' if exact else 'NO'}")  # fmt: skip
            failed |= not exact or seconds > 0.05
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dither", default="none", choices=("none", "ordered", "diffusion"))
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per picture (median)")
    parser.add_argument(
        "--save", metavar="DIR", help="write original | ours (lab) | ours (rgb) | baseline PNGs"
    )
    parser.add_argument("--exact", action="store_true", help="compare with makechr on NES art")
    args = parser.parse_args()
    if args.exact:
        return versus_makechr(args.repeat)
    if args.save:
        Path(args.save).mkdir(parents=True, exist_ok=True)
    print(
        f"{'picture':21} {'time s':>6} {'tiles':>5} {'ours':>6} {'rgb':>6} {'base':>6} "
        f"{'bound':>6} {'gain':>6} {'rgb gain':>8}"
    )
    slow, over, below, below_rgb = [], [], [], []
    gains, rgb_gains = [], []
    for name in PICTURES:
        image = load(name)
        report, seconds = timed_conversion(image, args.repeat, dither=args.dither)
        rgb_report, rgb_seconds = timed_conversion(image, 1, dither=args.dither, space="rgb")
        fitted = fit_picture(image).rgb
        base = psnr(fitted, baseline(fitted))  # the baseline ignores transparency: none here
        best = psnr(fitted, bound(fitted))
        gain, rgb_gain = report.psnr - base, rgb_report.psnr - base
        if args.save:
            row = [report.original, report.result, rgb_report.result, baseline(fitted)]
            Image.fromarray(np.concatenate(row, axis=1)).save(Path(args.save) / f"{name}.png")
        gains.append(gain)
        rgb_gains.append(rgb_gain)
        print(
            f"{name:21} {seconds:6.2f} {report.tiles_used:5d} {report.psnr:6.2f} "
            f"{rgb_report.psnr:6.2f} {base:6.2f} {best:6.2f} {gain:+6.2f} {rgb_gain:+8.2f}"
        )
        slow += [name] if max(seconds, rgb_seconds) > 2 else []
        over += [name] if max(report.tiles_used, rgb_report.tiles_used) > BUDGET else []
        below += [name] if gain <= 0 else []
        below_rgb += [name] if rgb_gain <= 0 else []
    print(f"median gain over the baseline: {statistics.median(gains):+.2f} dB (lab), "
          f"{statistics.median(rgb_gains):+.2f} dB (rgb)")  # fmt: skip
    print(f"over 2 s: {', '.join(slow) or 'none'}")
    print(f"over the tile budget: {', '.join(over) or 'none'}")
    print(f"not above the baseline (lab): {', '.join(below) or 'none'}")
    print(f"not above the baseline (rgb): {', '.join(below_rgb) or 'none'}")
    return 1 if slow or over else 0


if __name__ == "__main__":
    raise SystemExit(main())
