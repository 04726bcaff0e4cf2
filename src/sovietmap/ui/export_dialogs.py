"""File → Export: snapshot PNG, print map SVG/PDF, interactive HTML, animation, clipboard.

:class:`ExportController` owns the actions and starts the exports; the dialog
(:mod:`sovietmap.ui.export_form`) turns the user's choice into a typed
:class:`~sovietmap.export.service.ExportRequest`. The controller sees the application only
through an :class:`~sovietmap.ui.export_host.ExportHost`. Nothing blocks the GUI thread:
dialogs are opened with ``open()``, snapshots and animations run from the event loop, and
print maps and HTML pages are drawn in a worker thread (:mod:`sovietmap.ui.export_worker`).
Every export ends in :attr:`ExportController.exported` (the path) or
:attr:`ExportController.failed` (one message, also shown in a non-modal box); every file is
written atomically by ``sovietmap.export``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QImage, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QProgressDialog

from sovietmap.core.changes import compared_polity
from sovietmap.export.atomic import ExportError
from sovietmap.export.service import (
    FAMILIES,
    AnimationOptions,
    ExportRequest,
    Family,
    write_file,
)
from sovietmap.export.spec import MapSpec
from sovietmap.ui.export_form import ACTIONS, ExportDialog, default_name
from sovietmap.ui.export_host import ExportHost
from sovietmap.ui.export_worker import ExportWorker

if TYPE_CHECKING:
    from sovietmap.core.atlas import BorderAtlas
    from sovietmap.export.qtcapture import AnimationRecorder, PageCapturer

__all__ = ["ACTIONS", "RELEASE_AFTER_MS", "ExportController", "ExportDialog"]

log = logging.getLogger(__name__)

#: Idle time after the last export before its hidden page and geometry are released.
RELEASE_AFTER_MS = 60_000


class ExportController(QObject):
    """The Export submenu of the main window and the exports it starts."""

    #: Emitted with the written path (``"clipboard"`` for a copied snapshot).
    exported = Signal(str)
    #: Emitted with the one-line message shown to the user.
    failed = Signal(str)

    def __init__(self, host: ExportHost, menu: QMenu, parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else host.widget)
        self.host = host
        self.folder = Path.home()
        self.actions: dict[str, QAction] = {}
        for key, text, keys in ACTIONS:
            action = QAction(text, host.widget, shortcut=QKeySequence(keys))
            action.setObjectName(f"export-{key}")
            action.triggered.connect(lambda _c=False, k=key: self.open_dialog(k))
            menu.addAction(action)
            self.actions[key] = action
        menu.setEnabled(True)
        self.dialog: ExportDialog | None = None
        self.progress: QProgressDialog | None = None
        self.recorder: AnimationRecorder | None = None
        self.worker = ExportWorker(self)
        self.worker.finished.connect(lambda path: self._done(Path(path)))
        self.worker.failed.connect(self.fail)
        self._capturer: PageCapturer | None = None
        self._atlas: BorderAtlas | None = None
        self._atlas_lock = threading.Lock()  # the worker loads it, the idle timer drops it
        # The hidden page (a Chromium renderer) and the geometry cost a few hundred MB: they
        # are let go once no export has run for a while, and made again when needed.
        self._release = QTimer(self, singleShot=True, interval=RELEASE_AFTER_MS)
        self._release.timeout.connect(self.release)
        app = QGuiApplication.instance()
        if app is not None:  # a print map being drawn is finished (or not written) first
            app.aboutToQuit.connect(self.worker.shutdown)

    def release(self) -> None:
        """Let go of the hidden page and the border geometry until an export needs them."""
        recording = self.recorder is not None and self.recorder.result is None
        capturing = self._capturer is not None and self._capturer.busy
        if recording or capturing or self.worker.busy:
            self._release.start()  # still working: try again later
            return
        if self._capturer is not None:
            app = QGuiApplication.instance()
            if app is not None:
                app.aboutToQuit.disconnect(self._capturer.close)
            self._capturer.close()
            self._capturer = None
            log.info("export: hidden page released")
        with self._atlas_lock:
            self._atlas = None

    # --- requests --------------------------------------------------------------------------
    def current_spec(self) -> MapSpec:
        """A :class:`MapSpec` of what the window shows now (date, layers, map size, and the
        second date and polity of Compare mode: PNG, SVG and PDF hatch what the map hatches)."""
        width, height = self.host.map_size()
        model = self.host.model
        other = model.compare_date if model.compare_date != model.date else None
        polity = None
        if other is not None:
            index = self.host.index()
            names = {**index.names_at(other), **index.names_at(model.date)}
            polity = compared_polity(model.compare_polity, names)
        return MapSpec(
            day=model.date,
            width=max(16, width),
            height=max(16, height),
            layers=model.layers,
            compare=other,
            compare_polity=polity,
        )

    def request(
        self,
        path: Path | str,
        *,
        title: str = "",
        scale: float = 1.0,
        show_date: bool = True,
        legend: bool = False,
        attribution: bool = False,
        timeline: bool = False,
        animation: AnimationOptions | None = None,
    ) -> ExportRequest:
        """An :class:`ExportRequest` of the current map to ``path`` (kind by its suffix)."""
        spec = replace(
            self.current_spec(),
            title=title,
            scale=scale,
            show_date=show_date,
            show_legend=legend,
            show_attribution=attribution,
        )
        if timeline or Path(path).suffix.lower() not in (".png", ".svg", ".pdf", ".html"):
            spec = replace(spec, compare=None, compare_polity=None)  # they cannot compare
        return ExportRequest(Path(path), spec, timeline=timeline, animation=animation)

    def open_dialog(self, kind: str) -> ExportDialog | None:
        """Open the options dialog of ``kind`` (non-blocking); ``copy`` needs none."""
        if kind == "copy":
            self.copy_snapshot()
            return None
        if kind not in FAMILIES:
            raise ValueError(f"no export {kind!r}")
        family = cast(Family, kind)
        day = self.host.model.date
        other = self.host.model.compare_date
        dialog = ExportDialog(
            family,
            self.folder / default_name(family, day),
            day,
            self.host.widget,
            compare=other if other != day else None,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._accepted(dialog))
        dialog.open()
        self.dialog = dialog
        return dialog

    def _accepted(self, dialog: ExportDialog) -> None:
        try:
            base = self.current_spec()
            if dialog.kind not in ("snapshot", "print", "html"):  # animations cannot compare
                base = replace(base, compare=None, compare_polity=None)
            request = dialog.request(base)
            if request.timeline:  # nor can a timeline page (a one-date page can)
                spec = replace(request.spec, compare=None, compare_polity=None)
                request = replace(request, spec=spec)
        except ExportError as exc:
            self.fail(str(exc))
            return
        self.run(request, dialog.kind, use_view=dialog.preset() is None)

    def run(
        self, request: ExportRequest, family: Family | None = None, *, use_view: bool = True
    ) -> None:
        """Start ``request`` (checked first; a ``family`` given must match its suffix); with
        ``use_view`` false its own extent (a named view) is drawn, not the window's view.

        Returns at once; :attr:`exported` or :attr:`failed` follows.
        """
        self._use_view = use_view
        try:
            request.check(family)
            self.folder = request.path.parent
            if request.family == "snapshot":
                self._snapshot(request)
            elif request.family == "animation":
                self._animate(request)
            else:
                self._in_worker(request)
        except ExportError as exc:
            self.fail(str(exc))

    def fail(self, message: str) -> None:
        """Tell the user, in one non-modal box."""
        log.error("export: %s", message)
        self._release.start()
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Export failed",
            message,
            QMessageBox.StandardButton.Ok,
            self.host.widget,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.failed.emit(message)

    def _done(self, path: Path) -> None:
        self._release.start()
        self.host.show_status(f"Exported {path}", 8000)
        self.exported.emit(str(path))

    # --- what the exports draw from --------------------------------------------------------
    def capturer(self) -> PageCapturer:
        """The hidden page used for images (created once, then kept warm)."""
        if self._capturer is None:
            from sovietmap.export.qtcapture import PageCapturer

            self._capturer = PageCapturer(self.host.page_file(), self)
            self._capturer.failed.connect(self.fail)
            app = QGuiApplication.instance()
            if app is not None:  # free the hidden page before Qt WebEngine shuts down
                app.aboutToQuit.connect(self._capturer.close)
        return self._capturer

    def atlas(self) -> BorderAtlas:
        """The border atlas with geometry (loaded on first use; safe from the worker)."""
        with self._atlas_lock:
            if self._atlas is None:
                from sovietmap.core.atlas import BorderAtlas

                self._atlas = BorderAtlas.load()
            return self._atlas

    def _with_view(self, spec: MapSpec, then: Callable[[MapSpec], None]) -> None:
        """Call ``then(spec)`` with the visible map's view copied into ``spec`` (its centre and
        zoom, exactly, and its extent); ``spec`` as it is if the page is not up, or if the
        export has an extent of its own (a named view)."""
        if not getattr(self, "_use_view", True):
            then(spec)
            return

        def got(view: Any) -> None:
            if view is not None:
                then(replace(spec, bbox=view.bbox, center=view.center, zoom=view.zoom))
            else:
                then(spec)  # the page is not up: the default extent

        self.host.read_view(got)

    def _when_ready(self, then: Callable[[], None]) -> None:
        capturer = self.capturer()
        if capturer.is_ready:
            then()
        else:
            capturer.ready.connect(then, Qt.ConnectionType.SingleShotConnection)

    def capture(self, spec: MapSpec, done: Callable[[QImage], None]) -> None:
        """Render ``spec`` in the visible map's view; ``done(QImage)`` gets the image."""

        def go(spec: MapSpec) -> None:
            capturer = self.capturer()
            capturer.set_events(self.host.page_events(), self.host.model.pin_mode)
            try:
                capturer.capture(spec, done)
            except ExportError as exc:
                self.fail(str(exc))

        self._with_view(spec, lambda s: self._when_ready(lambda: go(s)))

    # --- the exports -----------------------------------------------------------------------
    def _snapshot(self, request: ExportRequest) -> None:
        """Write a PNG of the current view (asynchronous; :attr:`exported` when written)."""
        from sovietmap.export.qtcapture import save_png

        def save(image: QImage) -> None:
            try:
                save_png(image, request.path)
            except ExportError as exc:
                self.fail(str(exc))
                return
            self._done(request.path)

        self.capture(request.spec, save)

    def copy_snapshot(self) -> None:
        """Put an image of the current view (date and attribution drawn in) on the clipboard."""

        def put(image: QImage) -> None:
            QGuiApplication.clipboard().setImage(image)
            self._release.start()
            self.host.show_status("Snapshot copied to the clipboard", 6000)
            self.exported.emit("clipboard")

        self.capture(replace(self.current_spec(), show_attribution=True), put)

    def _in_worker(self, request: ExportRequest) -> None:
        """A print map (over the visible extent) or an HTML page, drawn in the worker."""
        events = self.host.catalogue_events()
        if request.family == "html":
            self.worker.submit(lambda: write_file(request, self.atlas, events))
            return

        def start(spec: MapSpec) -> None:
            bounded = replace(request, spec=replace(spec, center=None, zoom=None))
            self.worker.submit(lambda: write_file(bounded, self.atlas, events))

        self._with_view(request.spec, start)

    def _animate(self, request: ExportRequest) -> None:
        """Record a GIF/MP4 frame by frame from the event loop, with a cancellable progress."""
        from sovietmap.export.qtcapture import AnimationRecorder

        if self.recorder is not None and self.recorder.result is None:
            raise ExportError("an animation is already being recorded")
        index = self.host.index()
        steps = request.steps(index)
        fps = (request.animation or AnimationOptions()).fps
        path = request.path

        def start(spec: MapSpec) -> None:
            try:
                recorder = AnimationRecorder(self.capturer(), index, spec, steps, path, fps)
            except ExportError as exc:
                self.fail(str(exc))
                return
            progress = QProgressDialog(
                f"Recording {path.name}…", "Cancel", 0, len(steps), self.host.widget
            )
            # Not modal: the window stays usable while frames are made (docs/export.md).
            progress.setWindowModality(Qt.WindowModality.NonModal)
            progress.setMinimumDuration(0)
            progress.canceled.connect(recorder.cancel)
            recorder.progress.connect(lambda done, _total: progress.setValue(done))
            recorder.finished.connect(lambda _p: self._animation_done(path))
            recorder.failed.connect(self._animation_failed)
            app = QGuiApplication.instance()
            if app is not None:  # quitting mid-recording leaves no temporary file
                app.aboutToQuit.connect(recorder.abort)
            self.progress, self.recorder = progress, recorder
            progress.show()
            recorder.start()

        self._with_view(request.spec, lambda s: self._when_ready(lambda: start(s)))

    def _animation_done(self, path: Path) -> None:
        if self.progress is not None:
            self.progress.reset()
        self._done(path)

    def _animation_failed(self, message: str) -> None:
        self._release.start()
        if self.progress is not None:
            self.progress.reset()
        if self.recorder is not None and self.recorder.cancelled:
            self.host.show_status("Animation cancelled; nothing written", 6000)
            self.failed.emit(message)
        else:
            self.fail(message)
