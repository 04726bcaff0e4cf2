"""Atomic writes and the one error type of exports, with clear one-line messages.

A file is written to a temporary name in the target's own folder and moved over the target
with :func:`os.replace` only when complete, so a failed or cancelled export leaves no partial
file and an existing file stays as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType, TracebackType

#: Exit status for an export that failed while reading or writing (disk full, no permission).
EXIT_IO = 1
#: Exit status for bad arguments (unknown suffix, bad date or range, bad size).
EXIT_USAGE = 2

_UMASK = os.umask(0)
os.umask(_UMASK)

#: File suffix -> export kind.
FORMATS: dict[str, str] = {
    ".png": "png",
    ".svg": "svg",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".gif": "gif",
    ".mp4": "mp4",
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


class ExportInterruptedError(BaseException):
    """SIGINT or SIGTERM arrived during an export (see :func:`interruptible`).

    A :class:`BaseException`, as :class:`KeyboardInterrupt` is, so that no ``except Exception``
    on the way swallows it; :class:`AtomicFile` removes its temporary file on the way out.
    ``exit_code`` is 128 + the signal number (130 for SIGINT, 143 for SIGTERM), as shells say.
    """

    def __init__(self, signum: int) -> None:
        self.signum = signum
        self.exit_code = 128 + signum
        super().__init__(f"interrupted by {signal.Signals(signum).name}; nothing was written")


#: Signals turned into :class:`ExportInterruptedError` inside :func:`interruptible`.
INTERRUPT_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_pending: list[int] = []
_deferred = [0]
_raised = [False]


def _on_signal(signum: int, _frame: FrameType | None) -> None:
    if not _pending:
        _pending.append(signum)
    check_interrupted()


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """While the block runs, SIGINT and SIGTERM raise :class:`ExportInterruptedError`.

    Inside :func:`signals_deferred` (an event loop that may be running Python callbacks) the
    signal is only noted and raised when the block is left. Outside the main thread this
    does nothing (Python only handles signals there).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, _on_signal) for s in INTERRUPT_SIGNALS}
    _pending.clear()
    _raised[0] = False
    try:
        yield
    finally:
        # After an interruption the process is on its way out (exit 130/143): a further Ctrl-C
        # must not kill it half-way through that, so the signals stay ignored.
        interrupted = bool(_pending) or _raised[0]
        for signum, handler in previous.items():
            signal.signal(signum, signal.SIG_IGN if interrupted else handler)
        _pending.clear()
        _raised[0] = False


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Note a signal inside the block instead of raising it; raise it when the block ends.

    For the event loop: a signal raised inside a Qt callback would be printed and lost there.
    """
    _deferred[0] += 1
    try:
        yield
    finally:
        _deferred[0] -= 1
    check_interrupted()


def check_interrupted() -> None:
    """Raise :class:`ExportInterruptedError` if a signal was noted (and is not deferred).

    It is raised once: a second Ctrl-C while the first is cleaning up does not cut that short.
    """
    if _pending and not _deferred[0] and not _raised[0]:
        _raised[0] = True
        raise ExportInterruptedError(_pending[0])


def export_kind(path: Path) -> str:
    """The export kind for ``path``'s suffix, or :class:`ExportError` (exit 2) if unknown."""
    kind = FORMATS.get(Path(path).suffix.lower())
    if kind is None:
        known = ", ".join(sorted({s for s in FORMATS if s != ".htm"}))
        raise ExportError(
            f"{path}: unknown file type {Path(path).suffix or '(none)'!r} (use {known})", EXIT_USAGE
        )
    return kind


def describe_os_error(path: Path, exc: OSError) -> str:
    """A one-line message for an OS error while writing ``path``."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"cannot write {path}: the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"cannot write {path}: permission denied"
    if exc.errno == errno.ENOENT:
        return f"cannot write {path}: folder {Path(path).parent} does not exist"
    if exc.errno == errno.ENAMETOOLONG:
        return f"cannot write {_short(path)}: the file name is too long"
    if exc.errno == errno.EFBIG:
        return f"cannot write {path}: the file is larger than this system allows"
    if exc.errno == errno.ENOTDIR:
        return f"cannot write {path}: part of its folder is a file, not a folder"
    return f"cannot write {path}: {exc.strerror or exc}"


def _short(path: Path) -> str:
    """``path`` with an over-long file name cut in the middle, for a readable message."""
    name = Path(path).name
    if len(name) <= 80:
        return str(path)
    return str(Path(path).parent / f"{name[:40]}…{name[-20:]}")


def check_writable(path: Path) -> None:
    """Fail early (exit 1) if ``path`` cannot be written: its folder is missing, a file or not
    writable, it is a folder itself, or its name is too long for the file system.

    Writability is tried for real (a temporary file is made and removed at once): file
    modes do not stop root, and some folders (``/sys``, read-only mounts) refuse anyway.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    size = len(os.fsencode(path.name))
    try:
        name_max = os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        name_max = 255
    if size > name_max:
        raise ExportError(
            f"cannot write {_short(path)}: the file name is too long "
            f"({size} bytes; this file system allows {name_max})"
        )
    try:
        if folder.exists() and not folder.is_dir():
            raise ExportError(f"cannot write {path}: {folder} is a file, not a folder")
        if not folder.is_dir():
            raise ExportError(f"cannot write {path}: folder {folder} does not exist")
        if path.is_dir():
            raise ExportError(f"cannot write {path}: it is a folder")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise ExportError(f"cannot write {path}: permission denied")
        handle, probe = tempfile.mkstemp(prefix=".sovietmap-", suffix=".probe", dir=folder)
        os.close(handle)
        os.unlink(probe)
    except OSError as exc:
        raise ExportError(describe_os_error(path, exc)) from None


class AtomicFile:
    """A file written under a temporary name beside ``path`` and moved over it on :meth:`commit`.

    :meth:`discard` (or leaving the ``with`` block by an exception, signals included) removes
    the temporary file and leaves ``path`` as it was. Leaving the block normally commits, unless
    :meth:`commit` or :meth:`discard` was called already. The temporary name keeps the suffix,
    so writers that pick a format from the name (ffmpeg) still work. OS errors come out as
    :class:`ExportError` with a one-line message.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        check_writable(self.path)
        try:
            # The name's start only: a name that fits must not fail for its longer temporary name.
            handle, name = tempfile.mkstemp(
                prefix=f".{self.path.stem[:32]}.",
                suffix=f".part{self.path.suffix[:16]}",
                dir=self.path.parent,
            )
        except OSError as exc:
            raise ExportError(describe_os_error(self.path, exc)) from None
        os.close(handle)
        #: Where the writer writes until :meth:`commit`.
        self.temp = Path(name)
        self.closed = False

    def commit(self) -> Path:
        """Move the finished temporary file over ``path``; returns ``path``.

        :class:`ExportError` (and the temporary file removed) if it is empty or cannot be moved.
        """
        if self.closed:
            raise ExportError(f"cannot write {self.path}: the file was already closed")
        try:
            if not self.temp.exists() or self.temp.stat().st_size == 0:
                raise ExportError(f"cannot write {self.path}: the exporter produced nothing")
            os.chmod(self.temp, 0o666 & ~_UMASK)  # mkstemp makes 0600; give the usual permissions
            os.replace(self.temp, self.path)
        except OSError as exc:
            self.discard()
            raise ExportError(describe_os_error(self.path, exc)) from None
        except BaseException:
            self.discard()
            raise
        self.closed = True
        return self.path

    def discard(self) -> None:
        """Remove the temporary file; ``path`` stays as it was. Safe to call more than once."""
        self.closed = True
        with contextlib.suppress(OSError):
            self.temp.unlink()

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc is not None:
            self.discard()
            if isinstance(exc, OSError):  # a full disk while writing: one line, as documented
                raise ExportError(describe_os_error(self.path, exc)) from None
        elif not self.closed:
            self.commit()


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success move it over ``path``.

    A shorthand for :class:`AtomicFile` when only the path is needed.
    """
    with AtomicFile(path) as target:
        yield target.temp


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with AtomicFile(path) as target:
        with open(target.temp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        target.commit()


def write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    write_bytes(path, text.encode("utf-8"))
