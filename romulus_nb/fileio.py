"""Reading and writing the user's files without losing them or hanging on them.

`read_limited` is the one way every reader opens a file: it refuses what is not a regular file
(a FIFO would block forever, /dev/zero never ends) by name, and reads at most ``limit + 1``
bytes, so a file that grows, or a size that lies, can never exhaust memory. `atomic_write` is the
one way every writer replaces a file: readers see the old bytes or the new, never half.
"""

from __future__ import annotations

import os
import stat
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
        raise error(f"{path}: no such file (expected a {what})") from None
    except IsADirectoryError:
        raise error(f"{path}: is a folder, not a {what}") from None
    except PermissionError:
        raise error(f"{path}: permission denied") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):  # checked on the open file: no race with a rename
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise error(f"{path}: is a folder, not a {what}")
        raise error(f"{path}: {_kind(mode)}, not a regular file; a {what} must be a file")
    with os.fdopen(fd, "rb") as f:
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


def atomic_write(path: str | os.PathLike, data: bytes, *, error=ProjectFileError) -> None:
    """Replace ``path`` with ``data`` so that readers see the old file or the new, never half.

    An existing file keeps its permission bits (a new one gets the usual ``0o666 & ~umask``);
    through a symlink, the file linked to is replaced and the link stays. The new bytes go to
    an unnamed file (``O_TMPFILE``, Linux) that is named only for the instant of the rename, so
    a killed save leaves nothing behind; elsewhere a named temporary file is used, and temporary
    files of dead earlier saves of the same file are removed first. ``error`` when ``path``
    exists and is not a regular file.
    """
    target = Path(os.path.realpath(path))
    try:
        st = os.stat(target)
    except FileNotFoundError:
        mode = None
    else:
        if not stat.S_ISREG(st.st_mode):
            raise error(f"{path}: {_kind(st.st_mode)}; refusing to replace it with a file")
        mode = stat.S_IMODE(st.st_mode)
    _remove_dead_temporaries(target)
    fd, tmp = _open_temporary(target)
    try:
        with os.fdopen(fd, "wb") as f:
            if mode is not None:
                os.fchmod(f.fileno(), mode)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
            if tmp is None:  # unnamed until now: give it a name only to rename it at once
                tmp = _temporary_name(target)
                _link_unnamed(f.fileno(), tmp)
        os.replace(tmp, target)
    except BaseException:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
        raise
    _sync_folder(target.parent)


_TEMP_SUFFIX = ".romulus-tmp"


def _temporary_name(target: Path) -> Path:
    # the pid lets a later save tell a dead save's leftover from a live save's file
    return target.with_name(f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}{_TEMP_SUFFIX}")


def _open_temporary(target: Path) -> tuple[int, Path | None]:
    """A writable fd for the new contents and its name (None while it is unnamed)."""
    tmpfile = getattr(os, "O_TMPFILE", 0)
    if tmpfile and os.path.isdir("/proc/self/fd"):
        try:
            return os.open(target.parent, tmpfile | os.O_WRONLY, 0o666), None
        except OSError:  # the filesystem has no unnamed files (EOPNOTSUPP, EISDIR, EINVAL)
            pass
    tmp = _temporary_name(target)
    return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), tmp


def _link_unnamed(fd: int, name: Path) -> None:
    """Give the ``O_TMPFILE`` file ``fd`` the name ``name``; a dir fd makes Python call
    ``linkat(..., AT_SYMLINK_FOLLOW)`` (plain ``link`` would not follow /proc's magic link)."""
    folder = os.open(name.parent, os.O_RDONLY)
    try:
        os.link(f"/proc/self/fd/{fd}", name.name, dst_dir_fd=folder, follow_symlinks=True)
    finally:
        os.close(folder)


def _remove_dead_temporaries(target: Path) -> None:
    """Delete ``.NAME.<pid>.<random>.romulus-tmp`` files whose writing process is gone."""
    prefix = f".{target.name}."
    try:
        names = os.listdir(target.parent)
    except OSError:
        return
    for name in names:
        if not (name.startswith(prefix) and name.endswith(_TEMP_SUFFIX)):
            continue
        pid = name[len(prefix) : -len(_TEMP_SUFFIX)].split(".")[0]
        if pid.isdigit() and not _alive(int(pid)):
            try:
                os.unlink(target.parent / name)
            except OSError:
                pass


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every system can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
