"""Lazy package exports (PEP 562): a package names its public objects without importing them.

Used by the package facades (``romulus_nb/__init__.py``, ``romulus_nb/rom/__init__.py``) so that
``import romulus_nb.rom.ines`` (what ``romulus inspect`` needs) does not run the assembler's,
the builder's or numpy's imports through the package's ``__init__``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable


def lazy_exports(
    package: str, exports: dict[str, str], subpackages: tuple[str, ...] = ()
) -> tuple[Callable, Callable]:
    """``(__getattr__, __dir__)`` for ``package``, which exports each name of ``exports`` from
    the module it maps to, and its ``subpackages`` as attributes."""
    namespace = importlib.import_module(package).__dict__

    def __getattr__(name: str):
        if name in exports:
            # Deferred until first use (heavy modules; the command line starts without them).
            value = getattr(importlib.import_module(exports[name]), name)
        elif name in subpackages:
            value = importlib.import_module(f"{package}.{name}")
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *exports, *subpackages})

    return __getattr__, __dir__
