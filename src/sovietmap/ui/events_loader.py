"""Loading a user's events file off the GUI thread, with progress and Cancel.

The file is read by the core reader (:func:`sovietmap.core.events.load_events_file`) on a
:class:`QThread`; the new events are then sorted in chunks, merged with the events already
there and indexed (:class:`EventIndex`) on that thread too, so the GUI thread only swaps the
finished catalogue in. Long single steps that hold the GIL are avoided: a sort of 200,000
events in one go would hold it (and freeze the window) for a third of a second, and so would
decoding a 40 MB CSV file as one text (the reader takes it a block at a time); the catalogue
made of the merged list keeps its order instead of sorting it again.

Progress is real from the first row: bytes of the file read (CSV; items for YAML and
GeoJSON, once parsed), then events sorted, merged and indexed.

The cyclic garbage collector is paused while a file loads: a full collection walks every
object alive, which with 200,000 new events holds the GIL for a tenth of a second or more at a
time; when the load ends, what it made is frozen out of later collections (``gc.freeze``),
which would otherwise stall the window the same way now and then.

Cancel is immediate for the user: the loader forgets the job at once, so the events already
there stay as they were; the thread sees it through the ``cancelled`` hook of
``load_events_file`` (asked every 2,000 rows) and of each later step (every 10,000 events),
raises :class:`~sovietmap.core.events.Cancelled` there, closes the file and ends.
"""

from __future__ import annotations

import contextlib
import gc
import heapq
import itertools
import logging
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from sovietmap.core.events import Cancelled, Event, EventCatalogue, load_events_file
from sovietmap.ui.eventindex import CHUNK, EventIndex

log = logging.getLogger(__name__)


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


def merge_events(
    base: list[Event],
    new: list[Event],
    step: Callable[[int, int], None] | None = None,
    merging: Callable[[int, int], None] | None = None,
) -> list[Event]:
    """``base`` (sorted by start, id) and ``new`` (any order) as one sorted list.

    ``new`` is sorted a chunk at a time (``step(done, total)`` after each) and the runs are
    merged a chunk at a time (``merging(done, total)`` after each), so no single step holds
    the interpreter for long, and a hook that raises stops the work between two chunks.
    """
    runs: list[list[Event]] = []
    for first in range(0, len(new), CHUNK):
        runs.append(sorted(new[first : first + CHUNK], key=_order))
        if step is not None:
            step(first + len(runs[-1]), len(new))
    total = len(base) + len(new)
    merged: list[Event] = []
    flow = heapq.merge(base, *runs, key=_order)
    while part := list(itertools.islice(flow, 4 * CHUNK)):
        merged += part
        if merging is not None:
            merging(len(merged), total)
    return merged


def _scaled(done: int, total: int) -> tuple[int, int]:
    """``done`` and ``total`` brought under 2**30 (a Qt signal carries a 32-bit int)."""
    shift = max(0, total.bit_length() - 30)
    return done >> shift, total >> shift


def prepare(
    base: EventCatalogue,
    path: Path,
    report: Callable[[str, int, int], None] = lambda _t, _d, _n: None,
    cancelled: Callable[[], bool] = lambda: False,
) -> LoadResult:
    """Read ``path``, merge its good rows into ``base`` (a new catalogue) and index it all.

    ``report(stage, done, total)`` tells the progress (``total`` 0: not known); once
    ``cancelled()`` is true, :class:`~sovietmap.core.events.Cancelled` is raised at the next
    step (every 2,000 rows read, every 10,000 events sorted, merged or indexed).
    """

    def hook(stage: str) -> Callable[[int, int], None]:
        def step(done: int, total: int) -> None:
            if cancelled():
                raise Cancelled(str(path))
            report(stage, *_scaled(done, total))

        return step

    reading = f"Reading {path.name}…"
    report(reading, 0, 0)
    events, problems = load_events_file(
        path, known_ids=(e.id for e in base.events), progress=hook(reading), cancelled=cancelled
    )
    n = len(events)
    merged = merge_events(
        base.events, events, hook(f"Sorting {n:,} events…"), hook(f"Merging {n:,} events…")
    )
    catalogue = EventCatalogue(merged)  # in order already: kept as it is, not sorted again
    index = EventIndex.build(catalogue, hook(f"Indexing {len(merged):,} events…"))
    return LoadResult(path, base, index, n, [str(p) for p in problems])


_gc_lock = threading.Lock()
_gc_paused = 0  # loads under way that paused the collector
#: How long a thread holds the interpreter's lock while another waits for it, during a load.
SWITCH_S = 0.001
_switch_before = 0.0


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while the block runs (in any thread; nests), and the
    interpreter's lock handed over every :data:`SWITCH_S` instead of every 5 ms.

    The window's thread takes the lock for each call Qt makes into Python: the list view asks
    the model for every role of every row on screen, hundreds of calls for one paint. With the
    loading thread busy, each call waited up to the 5 ms switch interval: a paint during a load
    could take half a second.
    """
    global _gc_paused, _switch_before
    with _gc_lock:
        if not _gc_paused:
            _switch_before = sys.getswitchinterval()
            sys.setswitchinterval(min(SWITCH_S, _switch_before))
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
                sys.setswitchinterval(_switch_before)


class _LoadThread(QThread):
    progressed = Signal(str, int, int)
    done = Signal(object)
    failed = Signal(str)

    def __init__(self, base: EventCatalogue, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.base = base
        self.path = path
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        """Stop the work at its next check (every 2,000 rows read, 10,000 events after)."""
        self._cancelled.set()

    def is_cancelled(self) -> bool:
        """True once :meth:`cancel` was called."""
        return self._cancelled.is_set()

    def run(self) -> None:
        with gc_paused():
            result = self._work()
        if result is not None:
            self.done.emit(result)

    def _work(self) -> LoadResult | None:
        try:
            return prepare(
                self.base,
                self.path,
                lambda t, d, n: self.progressed.emit(t, d, n),
                self.is_cancelled,
            )
        except Cancelled:
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

    def __init__(
        self,
        current: Callable[[], EventCatalogue],
        apply: Callable[[LoadResult], None],
        parent: QObject | None = None,
    ) -> None:
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
