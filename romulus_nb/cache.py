"""Answers kept in the user's cache folder, for work that is a pure function of its input bytes
and of this installation's code (``romulus info``'s report, the runtime's size).

An answer is stored under the SHA-256 of its kind, its input and the code's fingerprint
(`code_fingerprint`): every file of the romulus_nb package with its size and modification time
(the rule Python's own ``.pyc`` files trust), the Python version and the files that say which
numpy and pydantic are installed. Change any of them and the old answers are simply never asked
for again, so a cached answer is always the one the code would compute now. A folder that cannot
be read or written, or an entry that does not parse, is a miss, never an error.

The folder: ``$ROMULUS_CACHE_DIR``, else ``$XDG_CACHE_HOME/romulus_nb``, else
``~/.cache/romulus_nb``. Each answer is one small JSON file; past `MAX_ENTRIES` the oldest go.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import sys
from pathlib import Path

from romulus_nb.errors import RomulusError
from romulus_nb.fileio import atomic_write, read_limited

#: Answers kept; when a store goes past it, the least recently written are removed.
MAX_ENTRIES = 256
#: Bytes of one entry: an answer is a report of a few KiB.
MAX_ENTRY_BYTES = 1024 * 1024
#: Installed libraries whose version can change an answer (loading validates with pydantic).
LIBRARIES = ("numpy", "pydantic")
PACKAGE_ROOT = Path(__file__).resolve().parent


def cache_dir() -> Path:
    """The folder answers are kept in (see the module docstring)."""
    if os.environ.get("ROMULUS_CACHE_DIR"):
        return Path(os.environ["ROMULUS_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "romulus_nb"


@functools.cache
def code_fingerprint(root: Path = PACKAGE_ROOT) -> str:
    """SHA-256 of every file under ``root`` (path, size, modification time in ns), the Python
    version and the version files of `LIBRARIES`: what an answer depends on besides its input."""
    digest = hashlib.sha256(sys.version.encode())
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(files):
            path = os.path.join(folder, name)
            digest.update(_stamp(path, os.path.relpath(path, root)))
    for library in LIBRARIES:
        spec = importlib.util.find_spec(library)  # finds the package; imports nothing
        origin = spec.origin if spec and spec.origin else ""
        version_file = os.path.join(os.path.dirname(origin), "version.py")
        digest.update(_stamp(version_file, library) if os.path.exists(version_file) else b"-")
    return digest.hexdigest()


def _stamp(path: str, shown: str) -> bytes:
    st = os.stat(path)
    return f"{shown}\0{st.st_size}\0{st.st_mtime_ns}\n".encode()


def answer_key(kind: str, data: bytes) -> str:
    """The key of the answer of ``kind`` for input ``data`` under this installation's code."""
    digest = hashlib.sha256(f"{kind}\0{code_fingerprint()}\0".encode())
    digest.update(data)
    return f"{kind}-{digest.hexdigest()}"


def recall(key: str):
    """The JSON value stored under ``key``, or None (not stored, or not readable)."""
    try:
        raw = read_limited(cache_dir() / f"{key}.json", MAX_ENTRY_BYTES, what="cache entry")
        entry = json.loads(raw.decode("utf-8"))
    except (RomulusError, OSError, ValueError, RecursionError):  # unreadable: a miss
        return None
    return entry.get("value") if isinstance(entry, dict) and entry.get("key") == key else None


def remember(key: str, value) -> None:
    """Store the JSON value ``value`` under ``key``; does nothing if the folder is not writable."""
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(folder / f"{key}.json", json.dumps({"key": key, "value": value}).encode())
        entries = sorted(folder.glob("*-*.json"), key=lambda p: p.stat().st_mtime_ns)
        for old in entries[:-MAX_ENTRIES]:
            old.unlink(missing_ok=True)
    except (RomulusError, OSError):  # a cache that cannot be written is only slower
        return
