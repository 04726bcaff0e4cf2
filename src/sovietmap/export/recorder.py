"""Animations from the map page: one captured frame per step, fed to an animation writer.

:class:`AnimationRecorder` runs from the event loop (the application stays responsive);
:func:`record_animation` blocks until the file is written, for the command line and tests.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage

from sovietmap.export.atomic import ExportError
from sovietmap.export.capture import CAPTURE_TIMEOUT_S, PageCapturer
from sovietmap.export.qtimage import rgb_array
from sovietmap.export.qtwait import wait_for
from sovietmap.export.spec import MapSpec


class AnimationRecorder(QObject):
    """Renders one frame per step from the event loop and feeds an animation writer.

    Each frame starts from a zero-length timer after the previous one, so the application
    stays responsive; :meth:`cancel` stops after the current frame and writes nothing.
    """

    progress = Signal(int, int)
    finished = Signal(str)
    failed = Signal(str)

    def __init__(
        self,
        capturer: PageCapturer,
        atlas: Any,
        spec: MapSpec,
        steps: list[Any],
        path: Path,
        fps: float,
    ) -> None:
        from sovietmap.export.animation import AnimationWriter

        super().__init__()
        self.capturer = capturer
        self.atlas = atlas
        self.spec = spec
        self.steps = steps
        self.path = Path(path)
        self.writer = AnimationWriter(self.path, fps)
        self.done = 0
        self.result: str | None = None
        self.cancelled = False
        capturer.failed.connect(self._capture_failed)

    def start(self) -> None:
        """Begin (returns at once)."""
        QTimer.singleShot(0, self._next)

    def cancel(self) -> None:
        """Stop and discard; an existing file at the target stays as it was."""
        if self.result is None:
            self.cancelled = True

    def abort(self, message: str = "export cancelled") -> None:
        """Stop now (not after the current frame) and discard; a late frame is ignored."""
        if self.result is None:
            self.cancelled = True
            self._stop(message, failed=True)

    def _next(self) -> None:
        if self.result is not None:
            return
        if self.cancelled:
            self._stop("export cancelled", failed=True)
            return
        if self.done == len(self.steps):
            try:
                self.writer.finish()
            except ExportError as exc:
                self._stop(str(exc), failed=True)
                return
            self._stop(str(self.path), failed=False)
            return
        from sovietmap.export.spec import date_caption

        day = self.steps[self.done]
        spec = self.spec.with_day(day, date_caption(self.atlas, day))
        try:
            self.capturer.capture(spec, self._frame)
        except ExportError as exc:
            self._stop(str(exc), failed=True)

    def _frame(self, image: QImage) -> None:
        if self.result is not None:  # aborted while this frame was being made
            return
        try:
            self.writer.add(rgb_array(image))
        except ExportError as exc:
            self._stop(str(exc), failed=True)
            return
        except Exception as exc:  # an encoder error: report it as one line
            self._stop(f"cannot encode {self.path.name}: {exc}", failed=True)
            return
        self.done += 1
        self.progress.emit(self.done, len(self.steps))
        QTimer.singleShot(0, self._next)

    def _capture_failed(self, message: str) -> None:
        if self.result is None:
            self._stop(message, failed=True)

    def _stop(self, message: str, *, failed: bool) -> None:
        if self.result is not None:
            return
        self.result = message
        self.capturer.failed.disconnect(self._capture_failed)
        if failed:
            self.writer.abort()
            self.failed.emit(message)
        else:
            self.finished.emit(message)


def record_animation(
    capturer: PageCapturer,
    atlas: Any,
    spec: MapSpec,
    steps: list[Any],
    path: Path,
    fps: float,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Record an animation, blocking (running the event loop) until it is written."""
    recorder = AnimationRecorder(capturer, atlas, spec, steps, path, fps)
    if progress is not None:
        recorder.progress.connect(progress)
    recorder.start()
    try:
        wait_for(
            lambda: recorder.result is not None,
            CAPTURE_TIMEOUT_S * (len(steps) + 1),
            "the animation",
        )
    except BaseException:  # a timeout or a signal: no temporary file stays behind
        recorder.abort("export interrupted")
        raise
    if recorder.cancelled or recorder.writer.frames != len(steps) or recorder.result != str(path):
        raise ExportError(recorder.result or "the animation failed")
    return path
