"""Exports that need no map page (print maps, HTML) run here, off the GUI thread.

One worker thread takes the jobs in turn; the result comes back on the GUI thread as
:attr:`ExportWorker.finished` (the written path) or :attr:`ExportWorker.failed` (one line for
the user), so the window stays responsive while matplotlib draws or the page is inlined.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal

from sovietmap.export.atomic import ExportError

log = logging.getLogger(__name__)


class ExportWorker(QObject):
    """Runs export jobs (``job() -> Path``) one at a time in a worker thread."""

    #: A job wrote this path (emitted on the GUI thread).
    finished = Signal(str)
    #: A job failed with this message (emitted on the GUI thread).
    failed = Signal(str)
    #: From the worker thread to the GUI thread (queued): the future that is done.
    _done = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sovietmap-export")
        self._done.connect(self._report, Qt.ConnectionType.QueuedConnection)
        #: Jobs submitted and not yet reported.
        self.pending = 0

    @property
    def busy(self) -> bool:
        """A job is queued or running."""
        return self.pending > 0

    def submit(self, job: Callable[[], Path]) -> None:
        """Run ``job`` in the worker thread; :attr:`finished` or :attr:`failed` follows."""
        self.pending += 1
        future = self._pool.submit(job)
        future.add_done_callback(self._done.emit)  # in the worker thread: queued to ours

    def _report(self, future: Future[Path]) -> None:
        self.pending -= 1
        try:
            path = future.result()
        except ExportError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug must still end in one message, not a silent thread
            log.exception("export: the worker failed")
            self.failed.emit(f"the export failed: {exc}")
        else:
            self.finished.emit(str(path))

    def shutdown(self) -> None:
        """Wait for the running job (its file is then complete or not there) and stop."""
        self._pool.shutdown(wait=True, cancel_futures=True)
