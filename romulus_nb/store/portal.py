"""Run coroutines from plain (blocking) code: an event loop on a thread of its own.

A notebook's kernel already runs an event loop in the main thread, so `asyncio.run` cannot be
used there; `GameStore` hands its coroutines to this loop instead and waits for the answer.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


class Portal:
    """An event loop on a daemon thread; `call` runs a coroutine there and returns its result."""

    def __init__(self, name: str = "romulus-store"):
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name=name, daemon=True)
        self._thread.start()

    def call(self, coroutine: Coroutine[Any, Any, T]) -> T:
        if not self._thread.is_alive():
            coroutine.close()
            raise RuntimeError("this store is closed")
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    def close(self) -> None:
        if self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
        self._loop.close()
