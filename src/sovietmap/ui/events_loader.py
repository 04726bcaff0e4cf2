"""Loading a user's events file off the GUI thread, with progress and Cancel.

The file is read by the core reader (:func:`sovietmap.core.events.load_events_file`) on a
:class:`QThread`; the new events are then sorted in chunks, merged with the events already
there and indexed (:class:`EventIndex`) on that thread too, so the GUI thread only swaps the
finished catalogue in. Long single steps that hold the GIL are avoided: a sort of 200,000
events in one go would hold it (and freeze the window) for a third of a second.

The cyclic garbage collector is paused while a file loads: a full collection walks every
object alive, which with 200,000 new events holds the GIL for a tenth of a second or more at a
time; when the load ends, what it made is frozen out of later collections (``gc.freeze``),
which would otherwise stall the window the same way now and then.

Cancel is immediate for the user: the loader forgets the job at once, so the events already
there stay as they were, and the thread is stopped at its next Python step (an asynchronous
:class:`LoadCancelled` raised in it; ``load_events_file`` has no cancel hook of its own).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import heapq
import logging
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from sovietmap.core.events import Event, EventCatalogue, load_events_file
from sovietmap.ui.eventindex import CHUNK, EventIndex

log = logging.getLogger(__name__)


class LoadCancelled(BaseException):
    """Raised in the loading thread to stop it (a BaseException: no reader catches it)."""


@dataclass(frozen=True)
class LoadResult:
    """A file's events merged into the catalogue they were loaded against, indexed."""

    path: Path
    base: EventCatalogue
    index: EventIndex
    added: int
    problems: list[str]


def _order(event: Event) -> tuple[object, str]:
    return event.start, event.id


def merge_events(base: Iterable[Event], new: list[Event],
                 step: Callable[[int, int], None] | None = None) -> list[Event]:
    """``base`` (sorted by start, id) and ``new`` (any order) as one sorted list.

    ``new`` is sorted a chunk at a time and the runs are merged lazily, so no single step
    holds the interpreter for long.
    """
    runs: list[list[Event]] = []
    for first in range(0, len(new), CHUNK):
        runs.append(sorted(new[first:first + CHUNK], key=_order))
        if step is not None:
            step(first + len(runs[-1]), len(new))
    return list(heapq.merge(base, *runs, key=_order))


def prepare(base: EventCatalogue, path: Path,
            report: Callable[[str, int, int], None] = lambda _t, _d, _n: None) -> LoadResult:
    """Read ``path``, merge its good rows into ``base`` (a new catalogue) and index it all.

    ``report(stage, done, total)`` tells the progress (``total`` 0: not known).
    """
    report(f"Reading {path.name}…", 0, 0)
    events, problems = load_events_file(path, known_ids=(e.id for e in base.events))
    merged = merge_events(base.events, events,
                          lambda d, n: report(f"Sorting {n:,} events…", d, n))
    catalogue = EventCatalogue(merged)  # already in order: its own sort is one linear pass
    index = EventIndex.build(catalogue, lambda d, n: report(f"Indexing {n:,} events…", d, n))
    return LoadResult(path, base, index, len(events), [str(p) for p in problems])


_gc_lock = threading.Lock()
_gc_paused = 0  # loads under way that paused the collector


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while the block runs (in any thread; nests)."""
    global _gc_paused
    with _gc_lock:
        _gc_paused += 1
        gc.disable()
    try:
        yield
    finally:
        with _gc_lock:
            _gc_paused -= 1
            if not _gc_paused:
                # Freeze first: else the next allocation anywhere (the GUI thread) would run a
                # full collection over everything made meanwhile.
                gc.freeze()
                gc.enable()


def _interrupt(ident: int, exc: type[BaseException] | None) -> None:
    """Raise ``exc`` in the Python thread ``ident`` at its next step (None: take it back)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(ident), ctypes.py_object(exc) if exc is not None else None)


class _LoadThread(QThread):
    progressed = Signal(str, int, int)
    done = Signal(object)
    failed = Signal(str)

    def __init__(self, base: EventCatalogue, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.base = base
        self.path = path
        self._lock = threading.Lock()
        self._cancelled = False
        self._ident: int | None = None  # set while the thread may be interrupted

    def cancel(self) -> None:
        """Stop the work at its next Python step (once)."""
        with self._lock:
            if self._cancelled:
                return
            self._cancelled = True
            if self._ident is not None:
                _interrupt(self._ident, LoadCancelled)

    def run(self) -> None:
        # The collector is paused outside the part that can be interrupted, so an interruption
        # can never land between its pause and its resumption.
        with gc_paused():
            result = self._work()
        if result is not None:
            self.done.emit(result)

    def _work(self) -> LoadResult | None:
        try:
            try:
                with self._lock:
                    if self._cancelled:
                        raise LoadCancelled
                    self._ident = threading.get_ident()
                return prepare(self.base, self.path,
                               lambda t, d, n: self.progressed.emit(t, d, n))
            finally:
                with self._lock:
                    if self._ident is not None:
                        _interrupt(self._ident, None)  # one not yet delivered is dropped
                    self._ident = None
        except LoadCancelled:
            log.info("events: loading %s cancelled", self.path)
        except Exception as exc:  # a bug, not bad content (that is a problem row)
            log.exception("events: loading %s failed", self.path)
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        return None


class EventsLoader(QObject):
    """Loads events files one after another in the background.

    ``current()`` gives the catalogue to add to; ``apply(result)`` installs a finished load
    (on the GUI thread). A load whose base catalogue was replaced meanwhile is done again.
    """

    progress = Signal(str, int, int)  # stage, done, total (0: not known)
    loaded = Signal(str, int, list)  # path, events added, problem lines
    cancelled = Signal(str)  # path
    failed = Signal(str, str)  # path, message
    busy_changed = Signal(bool)

    def __init__(self, current: Callable[[], EventCatalogue],
                 apply: Callable[[LoadResult], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.current = current
        self.apply = apply
        self._queue: deque[Path] = deque()
        self._job: _LoadThread | None = None
        self._threads: set[_LoadThread] = set()  # running, including cancelled ones

    def busy(self) -> bool:
        """True while a load the user waits for is under way or queued."""
        return self._job is not None or bool(self._queue)

    def load(self, path: Path) -> None:
        """Queue ``path``; it is read after the files queued before it."""
        self._queue.append(Path(path))
        if self._job is None:
            self._next()

    def cancel(self) -> None:
        """Stop the load under way and drop the queued ones; the events stay as they were."""
        job, self._job = self._job, None
        self._queue.clear()
        if job is not None:
            job.cancel()
            self.cancelled.emit(str(job.path))
        self.busy_changed.emit(False)

    def shutdown(self, wait_ms: int = 5000) -> None:
        """Cancel everything and wait for the threads to end (the window is closing)."""
        self.cancel()
        for thread in list(self._threads):
            thread.cancel()
            thread.wait(wait_ms)

    def _next(self) -> None:
        if not self._queue:
            self.busy_changed.emit(False)
            return
        self._start(self._queue.popleft())

    def _start(self, path: Path) -> None:
        thread = _LoadThread(self.current(), path, self)
        self._job = thread
        self._threads.add(thread)
        # Slots of this object (it lives on the GUI thread): the signals come from the
        # loading thread, so Qt queues them to here; sender() tells the job.
        thread.progressed.connect(self._progressed)
        thread.done.connect(self._done)
        thread.failed.connect(self._failed)
        thread.finished.connect(self._finished)
        self.busy_changed.emit(True)
        self.progress.emit(f"Reading {path.name}…", 0, 0)
        thread.start()

    def _progressed(self, stage: str, done: int, total: int) -> None:
        if self.sender() is self._job:
            self.progress.emit(stage, done, total)

    def _done(self, result: LoadResult) -> None:
        if self.sender() is not self._job:
            return  # cancelled: the result is dropped
        self._job = None
        if result.base is not self.current():  # the catalogue changed meanwhile: again
            self._start(result.path)
            return
        self.apply(result)
        self.loaded.emit(str(result.path), result.added, result.problems)
        self._next()

    def _failed(self, message: str) -> None:
        job = self.sender()
        if isinstance(job, _LoadThread) and job is self._job:
            self._job = None
            self.failed.emit(str(job.path), message)
            self._next()

    def _finished(self) -> None:
        job = self.sender()
        if isinstance(job, _LoadThread):
            self._threads.discard(job)
            job.deleteLater()
