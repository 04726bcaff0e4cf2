"""Atomic writes and the one error type of exports, with clear one-line messages.

A file is written to a temporary name in the target's own folder and moved over the target
with :func:`os.replace` only when complete, so a failed or cancelled export leaves no partial
file and an existing file stays as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

#: Exit status for an export that failed while reading or writing (disk full, no permission).
EXIT_IO = 1
#: Exit status for bad arguments (unknown suffix, bad date or range, bad size).
EXIT_USAGE = 2

_UMASK = os.umask(0)
os.umask(_UMASK)

#: File suffix -> export kind.
FORMATS: dict[str, str] = {
    ".png": "png", ".svg": "svg", ".pdf": "pdf", ".html": "html", ".htm": "html",
    ".gif": "gif", ".mp4": "mp4",
}


class ExportError(Exception):
    """An export that cannot be done; ``str()`` is one line for a user, ``exit_code`` for a CLI."""

    def __init__(self, message: str, exit_code: int = EXIT_IO) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class ExportCancelledError(ExportError):
    """The user cancelled; nothing was written."""

    def __init__(self, message: str = "export cancelled") -> None:
        super().__init__(message, EXIT_IO)


def export_kind(path: Path) -> str:
    """The export kind for ``path``'s suffix, or :class:`ExportError` (exit 2) if unknown."""
    kind = FORMATS.get(Path(path).suffix.lower())
    if kind is None:
        known = ", ".join(sorted({s for s in FORMATS if s != ".htm"}))
        raise ExportError(f"{path}: unknown file type {Path(path).suffix or '(none)'!r} "
                          f"(use {known})", EXIT_USAGE)
    return kind


def describe_os_error(path: Path, exc: OSError) -> str:
    """A one-line message for an OS error while writing ``path``."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"cannot write {path}: the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"cannot write {path}: permission denied"
    if exc.errno == errno.ENOENT:
        return f"cannot write {path}: folder {Path(path).parent} does not exist"
    return f"cannot write {path}: {exc.strerror or exc}"


def check_writable(path: Path) -> None:
    """Fail early (exit 1) if ``path``'s folder is missing or not writable, or it is a folder."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"cannot write {path}: folder {folder} does not exist")
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"cannot write {path}: permission denied")


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success move it over ``path``.

    On any exception the temporary file is removed and ``path`` is untouched; OS errors come
    out as :class:`ExportError` with a one-line message. The temporary name keeps the suffix,
    so writers that pick a format from the name (ffmpeg) still work.
    """
    path = Path(path)
    check_writable(path)
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".part{path.suffix}",
                                        dir=path.parent)
    except OSError as exc:
        raise ExportError(describe_os_error(path, exc)) from None
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
        if not temp.exists() or temp.stat().st_size == 0:
            raise ExportError(f"cannot write {path}: the exporter produced nothing")
        os.chmod(temp, 0o666 & ~_UMASK)  # mkstemp makes 0600; give the usual permissions
        os.replace(temp, path)
    except OSError as exc:
        _discard(temp)
        raise ExportError(describe_os_error(path, exc)) from None
    except BaseException:
        _discard(temp)
        raise


def _discard(temp: Path) -> None:
    with contextlib.suppress(OSError):
        temp.unlink()


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_path(path) as temp, open(temp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    write_bytes(path, text.encode("utf-8"))
