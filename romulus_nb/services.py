"""Services the upper layers lend to the model, so that the model never imports upward.

`Game.build()`, `Game.smoke_test()`, `Game.save()`, `Scene.from_image()`, `Scene.check()` ... are
conveniences whose work lives above the model (the ROM builder, the emulator, the project files,
the picture converter, the limits report). The model asks for them here by a service name; the
package facade (``romulus_nb/__init__.py``, which Python runs before any submodule) tells this
registry where each service lives, as ``"module:function"``. The module is imported the first time
the service is called, so that ``import romulus_nb.game`` does not load the assembler, the
emulator or pydantic, and the ``romulus`` command starts fast.

A test can lend a stand-in with `provide` and take it back with `provide(name, old)`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from romulus_nb.errors import RomulusError

_targets: dict[str, str | Callable] = {}
_resolved: dict[str, Callable] = {}


def provide(name: str, target: str | Callable) -> str | Callable | None:
    """Make ``target`` (a callable, or ``"package.module:function"`` imported on first use) the
    service ``name``; returns the previous target (None if there was none)."""
    old = _targets.get(name)
    _targets[name] = target
    _resolved.pop(name, None)
    return old


def service(name: str) -> Callable:
    """The callable that serves ``name``."""
    if name in _resolved:
        return _resolved[name]
    target = _targets.get(name)
    if target is None:
        known = ", ".join(sorted(_targets)) or "none"
        raise RomulusError(f"service {name!r}: nothing provides it (provided: {known})")
    if isinstance(target, str):
        module, _, attribute = target.partition(":")
        # Deferred import of an upper layer (heavy, and rarely needed at start-up): the model
        # knows only the service's name; the facade chose the module.
        target = getattr(importlib.import_module(module), attribute)
    _resolved[name] = target
    return target
