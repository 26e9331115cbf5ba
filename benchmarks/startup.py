"""Benchmark: how fast the ``romulus`` command starts, as whole processes. Target: <= 150 ms.

Run: python benchmarks/startup.py [--repeat N]

Runs ``python -c pass`` (the floor: the interpreter alone), ``romulus inspect demo.nes`` and
``romulus info`` side by side, interleaved so that a busy machine slows all of them alike, and
prints each median and its ratio to the floor. Then the import cost of the heavy libraries (numpy,
pydantic, Pillow, py65) in a fresh interpreter, medians too: what a command pays if it loads them.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from romulus_nb.demo import demo_game  # noqa: E402

TARGET_MS = 150.0
CLI = "import sys; from romulus_nb.cli import main; sys.exit(main())"
LIBRARIES = ("numpy", "pydantic", "PIL.Image", "py65.devices.mpu6502")


def run_ms(argv: list[str]) -> float:
    """Wall-clock milliseconds of one process, from start to exit."""
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return (time.perf_counter() - start) * 1000


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        rom = Path(tmp) / "demo.nes"
        rom.write_bytes(demo_game().build())
        # The same entry point as the installed `romulus` script, run from this tree.
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "romulus inspect demo.nes": [sys.executable, "-c", CLI, "inspect", str(rom)],
            "romulus info": [sys.executable, "-c", CLI, "info"],
        }
        for name in LIBRARIES:
            commands[f"import {name}"] = [sys.executable, "-c", f"import {name}"]
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, command in commands.items():
                times[name].append(run_ms(command))
    floor = statistics.median(times["python -c pass"])
    print(f"whole processes, median of {args.repeat} (interleaved):")
    for name, runs in times.items():
        median = statistics.median(runs)
        print(f"  {name:28s} {median:7.1f} ms  {median / floor:4.2f} x python -c pass"
              f"  (+{median - floor:6.1f} ms)")  # fmt: skip
    worst = max(statistics.median(times[n]) for n in ("romulus inspect demo.nes", "romulus info"))
    print(f"target: each romulus command <= {TARGET_MS:.0f} ms; slowest {worst:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
