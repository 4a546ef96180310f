"""Which files of a collection the build opens, and how: one policy for tables, data files and mapping.toml.

A file is read only when its real path (symlinks resolved) stays inside the
collection's real path, it is a regular file (a FIFO would block the read
until someone writes to it, ``/dev/zero`` never ends) and it is no larger
than the cap for its kind. Anything else raises
:class:`~graphkit.errors.CollectionError` (:class:`~graphkit.errors.UnsafeInputError`
for a size over the cap) naming the file; the caller turns it into a located
problem and the build goes on.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from graphkit.errors import CollectionError, UnsafeInputError

#: Largest CSV/TSV table read (bytes); a listing of a few hundred files is well under 1 MiB.
MAX_TABLE_BYTES = 16 * 1024 * 1024

_CHUNK = 1024 * 1024
# O_NONBLOCK: opening a FIFO waits for a writer without it; O_NOCTTY: a terminal never becomes ours.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _real(path: Path) -> Path | None:
    """``path`` with every symlink resolved; None for a symlink loop (pathlib raises RuntimeError for one)."""
    try:
        return Path(path).resolve()
    except (RuntimeError, OSError):
        return None


def leaves(root: Path, path: Path) -> bool:
    """Does ``path``, symlinks resolved, lie outside ``root`` (symlinks resolved too)? A symlink loop does."""
    real = _real(path)
    return real is None or not real.is_relative_to(Path(root).resolve())


def check_inside(root: Path, path: Path, label: str) -> None:
    """Refuse a path whose real location is outside the collection (a symlink out of it, a ``..``) or a loop."""
    if _real(path) is None:
        raise CollectionError(f"{label}: a symlink loop: not read")
    if leaves(root, path):
        raise CollectionError(f"{label}: links outside the collection: not read")


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _KINDS if test(mode)), "not a regular file")


def read_capped(path: Path, limit: int, label: str | None = None) -> bytes:
    """A regular file's bytes, refusing any other kind of file and one larger than ``limit``.

    The kind is checked before opening and again on the open descriptor (the
    path could be swapped in between); the size is checked from ``fstat`` and
    while reading in chunks (``read(limit)`` would allocate ``limit`` bytes
    up front for every small file, and a file can grow while it is read)."""
    label = label or str(path)
    try:
        kind = _not_regular(os.stat(path).st_mode)
        if kind:
            raise CollectionError(f"{label}: {kind}, not a regular file: not read")
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise CollectionError(f"{label}: cannot read ({exc.strerror or exc})") from exc
    with os.fdopen(fd, "rb", buffering=0) as handle:
        status = os.fstat(fd)
        kind = _not_regular(status.st_mode)
        if kind:
            raise CollectionError(f"{label}: {kind}, not a regular file: not read")
        if status.st_size > limit:
            raise UnsafeInputError(f"{label}: larger than {limit} bytes ({status.st_size}): not read")
        chunks, total = [], 0
        try:
            while chunk := handle.read(min(_CHUNK, limit + 1 - total)):
                chunks.append(chunk)
                total += len(chunk)
                if total > limit:
                    raise UnsafeInputError(f"{label}: larger than {limit} bytes: not read")
        except OSError as exc:
            raise CollectionError(f"{label}: cannot read ({exc.strerror or exc})") from exc
    return b"".join(chunks)


def read_inside(root: Path, path: Path, limit: int, label: str) -> bytes:
    """The bytes of a collection file under the whole policy: inside the collection, regular, within ``limit``."""
    check_inside(root, path, label)
    return read_capped(path, limit, label)
