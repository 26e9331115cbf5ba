"""Timing shared by the benchmark scripts: wall-clock seconds with `time.perf_counter`, and the
median of repeated calls (a median, not a mean, so one slow run from the OS does not count)."""

from __future__ import annotations

import statistics
import time


def elapsed(function, *args) -> tuple[float, object]:
    """Seconds one call of ``function(*args)`` takes, and its result."""
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def timed(function, repeat: int, *, warm_up: bool = False) -> tuple[float, object]:
    """Median seconds of ``repeat`` calls of ``function()``, and the last call's result.
    ``warm_up`` makes one untimed call first (caches, imports, lazy set-up)."""
    if warm_up:
        function()
    runs = [elapsed(function) for _ in range(repeat)]
    return statistics.median(seconds for seconds, _ in runs), runs[-1][1]


def median_ms(function, repeat: int, *, warm_up: bool = False) -> float:
    """`timed` in milliseconds, without the result."""
    return timed(function, repeat, warm_up=warm_up)[0] * 1000
