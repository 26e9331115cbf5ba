"""Benchmark: how fast the ``romulus`` command starts, as whole processes. Target: <= 150 ms.

Run: python benchmarks/startup.py [--repeat N]

Runs ``python -c pass`` (the floor: the interpreter alone), ``romulus --version``, ``romulus
--help``, ``romulus inspect demo.nes`` and ``romulus info`` side by side, interleaved so that a
busy machine slows all of them alike, and prints each median and its ratio to the floor.
``romulus info`` runs twice: asked again about the same game (its report kept in the cache,
`romulus_nb.cache`: what the target is about) and the first time (an empty cache before every run:
numpy, pydantic, the limits report and the ROM budget). Then the import cost of the heavy
libraries (numpy, pydantic, Pillow, py65) in a fresh interpreter: what a command pays if it loads
them.

The commands run as an installed package does: with its bytecode compiled once (a temporary
``PYTHONPYCACHEPREFIX``, warmed by one untimed run), even where ``PYTHONDONTWRITEBYTECODE`` is set.
"""

from __future__ import annotations

import argparse
import os
import shutil
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


def run_ms(argv: list[str], env: dict[str, str], empty: Path | None = None) -> float:
    """Wall-clock milliseconds of one process, from start to exit; ``empty`` is a folder emptied
    before the run (not timed)."""
    if empty is not None:
        shutil.rmtree(empty, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, cwd=ROOT, env=env)
    return (time.perf_counter() - start) * 1000


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        rom = Path(tmp) / "demo.nes"
        rom.write_bytes(demo_game().build())
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env |= {"PYTHONPYCACHEPREFIX": f"{tmp}/pycache", "ROMULUS_CACHE_DIR": f"{tmp}/kept"}
        first = Path(tmp) / "first"  # emptied before each run: the report computed afresh
        # The same entry point as the installed `romulus` script, run from this tree.
        commands = {
            "python -c pass": ([sys.executable, "-c", "pass"], None),
            "romulus --version": ([sys.executable, "-c", CLI, "--version"], None),
            "romulus --help": ([sys.executable, "-c", CLI, "--help"], None),
            "romulus inspect demo.nes": ([sys.executable, "-c", CLI, "inspect", str(rom)], None),
            "romulus info": ([sys.executable, "-c", CLI, "info"], None),
            "romulus info (first time)": ([sys.executable, "-c", CLI, "info"], first),
        }
        for name in LIBRARIES:
            commands[f"import {name}"] = ([sys.executable, "-c", f"import {name}"], None)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for command, empty in commands.values():  # compile the bytecode, fill the cache
            run_ms(command, env | {"ROMULUS_CACHE_DIR": str(empty)} if empty else env, empty)
        for _ in range(args.repeat):
            for name, (command, empty) in commands.items():
                run_env = env | {"ROMULUS_CACHE_DIR": str(empty)} if empty else env
                times[name].append(run_ms(command, run_env, empty))
    floor = statistics.median(times["python -c pass"])
    print(f"whole processes, median of {args.repeat} (interleaved):")
    for name, runs in times.items():
        median = statistics.median(runs)
        print(f"  {name:28s} {median:7.1f} ms  {median / floor:4.2f} x python -c pass"
              f"  (+{median - floor:6.1f} ms)")  # fmt: skip
    targets = ("romulus --version", "romulus --help", "romulus inspect demo.nes", "romulus info")
    worst = max(statistics.median(times[n]) for n in targets)
    print(f"target: each of {', '.join(targets)} <= {TARGET_MS:.0f} ms; slowest {worst:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
