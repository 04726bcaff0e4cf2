"""Opening a user's events file: a regular file only (a FIFO, device or folder is refused).

Re-exported by :mod:`sovietmap.core.eventfiles`, which reads the rows.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import IO


class FileError(Exception):
    """The file as a whole cannot be read."""


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file; a FIFO, device, socket or folder raises :class:`FileError`.

    See :func:`open_regular`.
    """
    with open_regular(path) as file:
        return file.read()


def open_regular(path: Path) -> IO[bytes]:
    """A regular file open for reading; a FIFO, device, socket or folder raises :class:`FileError`.

    Such a path is refused before it is opened (opening a FIFO would wait for a writer, reading
    a device may never end) and checked again on the open file, in case it was swapped.
    """
    kind = file_kind(os.stat(path).st_mode)
    if kind is not None:
        raise FileError(f"not a regular file ({kind}): choose a file")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        kind = file_kind(os.fstat(fd).st_mode)
        if kind is not None:
            raise FileError(f"not a regular file ({kind}): choose a file")
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def file_kind(mode: int) -> str | None:
    """None for a regular file, else what it is instead ("a FIFO", "a device", "a folder"…)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"


def path_problem(path: Path) -> str | None:
    """Why ``path`` cannot be an events file ("no such file", "not a regular file (a FIFO)"…)."""
    try:
        kind = file_kind(os.stat(path).st_mode)
    except FileNotFoundError:
        return "no such file"
    except (OSError, ValueError) as exc:
        return f"cannot read file: {getattr(exc, 'strerror', None) or exc}"
    return None if kind is None else f"not a regular file ({kind})"
