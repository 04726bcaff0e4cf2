"""Blocking waits on Qt's event loop, for the command line, benchmarks and tests.

Waiting is a :class:`QEventLoop` with a :class:`QTimer` for the deadline: the loop sleeps in
the operating system until an event comes (a page's answer, a bridge signal, the deadline),
so there is no polling and no ``time.sleep``. A SIGINT or SIGTERM wakes it too (through
:func:`signal.set_wakeup_fd` and a socket notifier), and is raised between two turns of the
loop, never inside a Qt callback (:func:`~sovietmap.export.atomic.signals_deferred`).
"""

from __future__ import annotations

import contextlib
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QEventLoop, QSocketNotifier, QTimer

from sovietmap.export.atomic import ExportError, signals_deferred


@contextlib.contextmanager
def _signals_wake_the_loop() -> Iterator[None]:
    """While the block runs, a signal wakes a loop waiting for events (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    try:
        previous = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    except ValueError:  # not the main interpreter's main thread
        reader.close()
        writer.close()
        yield
        return
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read)

    def drain() -> None:
        with contextlib.suppress(OSError):
            reader.recv(512)

    notifier.activated.connect(drain)
    try:
        yield
    finally:
        notifier.setEnabled(False)
        notifier.deleteLater()
        signal.set_wakeup_fd(previous)
        reader.close()
        writer.close()


def wait_for(test: Callable[[], bool], timeout_s: float, what: str) -> None:
    """Run the event loop until ``test()`` holds; :class:`ExportError` after ``timeout_s``.

    ``test`` is checked after each batch of events: whatever makes it true (a callback, a
    signal) is an event, so the loop wakes for it.
    """
    if test():
        return
    loop = QEventLoop()
    expired = [False]
    deadline = QTimer(singleShot=True)
    deadline.timeout.connect(lambda: expired.__setitem__(0, True))
    deadline.start(max(0, round(timeout_s * 1000)))
    try:
        with _signals_wake_the_loop():
            while not test():
                if expired[0]:
                    raise ExportError(f"{what} timed out after {timeout_s:g} s")
                with signals_deferred():
                    loop.processEvents(
                        QEventLoop.ProcessEventsFlag.AllEvents
                        | QEventLoop.ProcessEventsFlag.WaitForMoreEvents
                    )
    finally:
        deadline.stop()


def wait_signal(signal_: Any, timeout_s: float, what: str) -> tuple[Any, ...]:
    """Run the event loop until ``signal_`` is emitted; its arguments. :class:`ExportError`
    after ``timeout_s``."""
    got: list[tuple[Any, ...]] = []

    def fired(*args: Any) -> None:
        if not got:
            got.append(args)

    signal_.connect(fired)
    try:
        wait_for(lambda: bool(got), timeout_s, what)
    finally:
        signal_.disconnect(fired)
    return got[0]
