"""Linking a three-file project: our link() against ca65 + ld65 run as processes, side by side.

    python benchmarks/link.py

Prints the median of each and the ratio; no assertion (speed is not a test).
"""

import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from romulus_nb.rom.linker import link

PROJECT = Path(__file__).parent.parent / "tests" / "rom" / "link_corpus" / "starfield"
SOURCES = ["src/main.s", "src/reset.s", "src/player.s"]


def ours() -> bytes:
    return link([PROJECT / s for s in SOURCES], PROJECT / "nes.cfg").image


def cc65() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        objects = []
        for i, source in enumerate(SOURCES):
            obj = f"{tmp}/{i}.o"
            subprocess.run(["ca65", source, "-o", obj], cwd=PROJECT, check=True)
            objects.append(obj)
        out = f"{tmp}/game.nes"
        subprocess.run(["ld65", "-C", "nes.cfg", *objects, "-o", out], cwd=PROJECT, check=True)
        return Path(out).read_bytes()


def median_ms(fn, runs: int = 15) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


if __name__ == "__main__":
    assert ours() == cc65()
    a, b = median_ms(ours), median_ms(cc65)
    print(f"link() {a:.1f} ms, ca65+ld65 {b:.1f} ms, ratio {a / b:.2f}")
