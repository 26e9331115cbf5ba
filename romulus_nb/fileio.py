"""Reading and writing the user's files without losing them or hanging on them.

`read_limited` is the one way every reader opens a file: it refuses what is not a regular file
(a FIFO would block forever, /dev/zero never ends) by name, and reads at most ``limit + 1``
bytes, so a file that grows, or a size that lies, can never exhaust memory. `atomic_write` is the
one way every writer replaces a file: readers see the old bytes or the new, never half.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from romulus_nb.errors import ProjectFileError


def read_limited(
    path: str | os.PathLike, limit: int, *, what: str = "file", error=ProjectFileError
) -> bytes:
    """The bytes of the regular file ``path``; ``error`` when it is missing, not a regular file
    (after following links) or over ``limit`` bytes (refused after reading ``limit + 1``)."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise error(f"{path}: no such {what}") from None
    except IsADirectoryError:
        raise error(f"{path}: is a directory, not a {what}") from None
    except PermissionError:
        raise error(f"{path}: permission denied") from None
    with os.fdopen(fd, "rb") as f:
        mode = os.fstat(f.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise error(f"{path}: {_kind(mode)}, not a regular file; a {what} must be a file")
        data = f.read(limit + 1)
    if len(data) > limit:
        raise error(f"{path}: over {limit} bytes; a {what} is at most {limit} bytes")
    return data


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "a special file"


def atomic_write(path: str | os.PathLike, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that readers see the old file or the new, never half."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
