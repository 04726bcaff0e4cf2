"""File → Export: snapshot PNG, print map SVG/PDF, interactive HTML, animation, clipboard.

:class:`ExportController` owns the actions and does the work; :class:`ExportDialog` collects
a path and options. Dialogs are opened with ``open()`` (never ``exec()``), so nothing blocks;
tests fill a dialog's fields and call ``accept()``, or call the ``export_*`` methods with a
path and options directly. Every failure is one message in a non-modal box and
:attr:`ExportController.failed`; every file is written atomically by ``sovietmap.export``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QImage, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QWidget,
)

from sovietmap.core.dates import TIMELINE_END, TIMELINE_START
from sovietmap.export.atomic import ExportError, check_writable, export_kind
from sovietmap.export.spec import MapSpec

log = logging.getLogger(__name__)

#: Idle time after the last export before its hidden page and geometry are released.
RELEASE_AFTER_MS = 60_000

#: (key, menu text, shortcut) of the Export submenu.
ACTIONS: list[tuple[str, str, str]] = [
    ("snapshot", "&Snapshot (PNG)…", "Ctrl+E"),
    ("print", "&Print map (SVG/PDF)…", "Ctrl+Shift+P"),
    ("html", "Interactive &HTML…", "Ctrl+Shift+H"),
    ("animation", "&Animation (GIF/MP4)…", "Ctrl+Shift+A"),
    ("copy", "&Copy snapshot to clipboard", "Ctrl+Shift+C"),
]
_FILTERS = {
    "snapshot": "PNG image (*.png)",
    "print": "SVG vector map (*.svg);;PDF vector map (*.pdf)",
    "html": "Web page (*.html)",
    "animation": "GIF animation (*.gif);;MP4 video (*.mp4)",
}
_SUFFIXES = {
    "snapshot": {"png"},
    "print": {"svg", "pdf"},
    "html": {"html"},
    "animation": {"gif", "mp4"},
}
#: JS: the live map's centre and zoom (folium's global map, else any L.Map on window).
_VIEW_JS = (
    "(function () { var m = window.map_sovietmap || Object.keys(window).map("
    "function (k) { return window[k]; }).find(function (v) { return v instanceof L.Map; });"
    " var c = m.getCenter(); return JSON.stringify({lat: c.lat, lon: c.lng,"
    " zoom: m.getZoom()}); })()"
)

_BOUNDS_JS = _VIEW_JS.replace(
    "var c = m.getCenter(); return JSON.stringify({lat: c.lat, lon: c.lng, zoom: m.getZoom()});",
    "var b = m.getBounds(); return JSON.stringify({w: b.getWest(), s: b.getSouth(),"
    " e: b.getEast(), n: b.getNorth()});",
)


class ExportDialog(QDialog):
    """Path and options for one kind of export (no work is done here)."""

    def __init__(
        self, kind: str, default_path: Path, day: dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setWindowTitle(
            next(t for k, t, _ in ACTIONS if k == kind).replace("&", "").rstrip("…")
        )
        form = QFormLayout(self)
        self.path = QLineEdit(str(default_path), self)
        browse = QPushButton("Browse…", self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow("File", row)
        self.title = QLineEdit(self)
        form.addRow("Title", self.title)
        self.scale = QComboBox(self)
        self.scale.addItem("1×", 1.0)
        self.scale.addItem("2×", 2.0)
        self.show_date = QCheckBox("Date", self)
        self.legend = QCheckBox("Legend", self)
        self.attribution = QCheckBox("Data attribution", self)
        for box in (self.show_date, self.legend, self.attribution):
            box.setChecked(True)
        self.timeline = QCheckBox("Whole timeline with a date slider", self)
        self.first = QSpinBox(
            self, minimum=TIMELINE_START.year, maximum=TIMELINE_END.year, value=TIMELINE_START.year
        )
        self.last = QSpinBox(
            self, minimum=TIMELINE_START.year, maximum=TIMELINE_END.year, value=TIMELINE_END.year
        )
        self.step = QComboBox(self)
        self.step.addItem("One frame per year", "year")
        self.step.addItem("One frame per border change", "change")
        self.fps = QDoubleSpinBox(self, minimum=0.5, maximum=30, value=2.0, singleStep=0.5)
        if kind in ("snapshot", "animation"):
            form.addRow("Pixel density", self.scale)
        if kind == "snapshot":
            form.addRow("Draw", self.show_date)
        if kind in ("snapshot", "print"):
            form.addRow("", self.legend)
            form.addRow("", self.attribution)
        if kind == "html":
            self.timeline.setToolTip(f"Otherwise only the borders of {day.isoformat()}")
            form.addRow("", self.timeline)
        if kind == "animation":
            form.addRow("From year", self.first)
            form.addRow("To year", self.last)
            form.addRow("Frames", self.step)
            form.addRow("Frames per second", self.fps)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _browse(self) -> None:
        chooser = QFileDialog(self, self.windowTitle(), self.path.text(), _FILTERS[self.kind])
        chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        chooser.fileSelected.connect(self.path.setText)
        chooser.open()

    def options(self) -> dict[str, Any]:
        """What the user chose."""
        return {
            "path": Path(self.path.text().strip()),
            "title": self.title.text().strip(),
            "scale": float(self.scale.currentData()),
            "show_date": self.show_date.isChecked(),
            "legend": self.legend.isChecked(),
            "attribution": self.attribution.isChecked(),
            "timeline": self.timeline.isChecked(),
            "first": self.first.value(),
            "last": self.last.value(),
            "step": str(self.step.currentData()),
            "fps": self.fps.value(),
        }


class ExportController(QObject):
    """The Export submenu of the main window and the exports it starts."""

    #: Emitted with the written path.
    exported = Signal(str)
    #: Emitted with the one-line message shown to the user.
    failed = Signal(str)

    def __init__(self, window: QMainWindow, menu: QMenu) -> None:
        super().__init__(window)
        self.window: Any = window
        self.folder = Path.home()
        self.actions: dict[str, QAction] = {}
        for key, text, keys in ACTIONS:
            action = QAction(text, window, shortcut=QKeySequence(keys))
            action.setObjectName(f"export-{key}")
            action.triggered.connect(lambda _c=False, k=key: self.open_dialog(k))
            menu.addAction(action)
            self.actions[key] = action
        menu.setEnabled(True)
        self.dialog: ExportDialog | None = None
        self.progress: QProgressDialog | None = None
        self.recorder: Any = None
        self._capturer: Any = None
        self._atlas: Any = None
        # The hidden page (a Chromium renderer) and the geometry cost a few hundred MB: they
        # are let go once no export has run for a while, and made again when needed.
        self._release = QTimer(self, singleShot=True, interval=RELEASE_AFTER_MS)
        self._release.timeout.connect(self.release)

    def release(self) -> None:
        """Let go of the hidden page and the border geometry until an export needs them."""
        recording = self.recorder is not None and self.recorder.result is None
        if recording or (self._capturer is not None and self._capturer.busy):
            self._release.start()  # still working: try again later
            return
        if self._capturer is not None:
            app = QGuiApplication.instance()
            if app is not None:
                app.aboutToQuit.disconnect(self._capturer.close)
            self._capturer.close()
            self._capturer = None
            log.info("export: hidden page released")
        self._atlas = None

    # --- dialogs ---------------------------------------------------------------------------
    def open_dialog(self, kind: str) -> ExportDialog | None:
        """Open the options dialog of ``kind`` (non-blocking); ``copy`` needs none."""
        if kind == "copy":
            self.copy_snapshot()
            return None
        day = self.window.model.date
        suffix = sorted(_SUFFIXES[kind])[0] if kind != "print" else "svg"
        name = f"sovietmap-{day.isoformat()}.{suffix}"
        dialog = ExportDialog(kind, self.folder / name, day, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.run(kind, dialog.options()))
        dialog.open()
        self.dialog = dialog
        return dialog

    def run(self, kind: str, options: dict[str, Any]) -> None:
        """Do the export of ``kind`` with ``options`` (as :meth:`ExportDialog.options`)."""
        path = Path(options["path"])
        try:
            if export_kind(path) not in _SUFFIXES[kind]:
                wanted = " or ".join(f".{s}" for s in sorted(_SUFFIXES[kind]))
                raise ExportError(f"{path.name}: use a {wanted} file here")
            check_writable(path)
            self.folder = path.parent
            if kind == "snapshot":
                self.export_snapshot(path, options)
            elif kind == "print":
                self.export_print_map(path, options)
            elif kind == "html":
                self.export_html(path, options)
            else:
                self.export_animation(path, options)
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
            self.window,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.failed.emit(message)

    def _done(self, path: Path) -> None:
        self._release.start()
        self.window.statusBar().showMessage(f"Exported {path}", 8000)
        self.exported.emit(str(path))

    # --- the current view ------------------------------------------------------------------
    def spec(self, options: dict[str, Any] | None = None) -> MapSpec:
        """A :class:`MapSpec` of what the window shows now (date, layers, map size)."""
        options = options or {}
        view = self.window.map.view
        return MapSpec(
            day=self.window.model.date,
            width=max(16, view.width()),
            height=max(16, view.height()),
            scale=float(options.get("scale", 1.0)),
            layers=self.window.layers_panel.layers(),
            title=options.get("title", ""),
            show_date=bool(options.get("show_date", True)),
            show_legend=bool(options.get("legend", False)),
            show_attribution=bool(options.get("attribution", False)),
        )

    def capturer(self) -> Any:
        """The hidden page used for images (created once, then kept warm)."""
        if self._capturer is None:
            from sovietmap.export.qtcapture import PageCapturer

            page = Path(self.window.map.view.url().toLocalFile())
            self._capturer = PageCapturer(page, self)
            self._capturer.failed.connect(self.fail)
            app = QGuiApplication.instance()
            if app is not None:  # free the hidden page before Qt WebEngine shuts down
                app.aboutToQuit.connect(self._capturer.close)
        return self._capturer

    def atlas(self) -> Any:
        """The border atlas with geometry (loaded on first use)."""
        if self._atlas is None:
            from sovietmap.core.atlas import BorderAtlas

            self._atlas = BorderAtlas.load()
        return self._atlas

    def _with_view(self, spec: MapSpec, then: Any) -> None:
        """Call ``then(spec)`` once the live map's centre and zoom are copied into ``spec``."""

        def got(result: Any) -> None:
            try:
                view = json.loads(result)
                spec2 = replace(spec, center=(view["lat"], view["lon"]), zoom=view["zoom"])
            except (TypeError, ValueError, KeyError):
                spec2 = spec  # the page is not up: fall back to the default extent
            self._when_ready(lambda: then(spec2))

        self.window.map.run_js(_VIEW_JS, got)

    def _when_ready(self, then: Any) -> None:
        capturer = self.capturer()
        if capturer.is_ready:
            then()
        else:
            capturer.ready.connect(then, Qt.ConnectionType.SingleShotConnection)

    def _events(self) -> list[dict[str, Any]]:
        from sovietmap.mapview.page import event_payload

        # what the window's page holds: every event, or for a big catalogue those of the date
        # and pin mode (ui/pins.py): 200,000 markers would take the capture page many seconds
        return [event_payload(e) for e in self.window.user_events.page_events()]

    def capture(self, options: dict[str, Any], done: Any) -> None:
        """Render the current view with ``options``; ``done(QImage)`` gets the image."""

        def go(spec: MapSpec) -> None:
            capturer = self.capturer()
            capturer.set_events(self._events(), self.window.events_panel.pin_mode())
            try:
                capturer.capture(spec, done)
            except ExportError as exc:
                self.fail(str(exc))

        self._with_view(self.spec(options), go)

    # --- the exports -----------------------------------------------------------------------
    def export_snapshot(self, path: Path, options: dict[str, Any]) -> None:
        """Write a PNG of the current view (asynchronous; :attr:`exported` when written)."""
        from sovietmap.export.qtcapture import save_png

        def save(image: QImage) -> None:
            try:
                save_png(image, path)
            except ExportError as exc:
                self.fail(str(exc))
                return
            self._done(path)

        self.capture(options, save)

    def copy_snapshot(self) -> None:
        """Put an image of the current view (date and attribution drawn in) on the clipboard."""

        def put(image: QImage) -> None:
            QGuiApplication.clipboard().setImage(image)
            self._release.start()
            self.window.statusBar().showMessage("Snapshot copied to the clipboard", 6000)
            self.exported.emit("clipboard")

        self.capture({"show_date": True, "attribution": True}, put)

    def export_print_map(self, path: Path, options: dict[str, Any]) -> None:
        """Write an SVG or PDF of the current date, extent and layers."""
        from sovietmap.export.printmap import PrintMapper

        def draw(result: Any) -> None:
            spec = self.spec(options)
            try:
                b = json.loads(result)
                spec = replace(spec, bbox=(b["w"], b["s"], b["e"], b["n"]))
            except (TypeError, ValueError, KeyError):
                pass  # the page is not up: the default extent
            try:
                PrintMapper(self.atlas()).save(spec, path, self.window.catalogue.events)
            except ExportError as exc:
                self.fail(str(exc))
                return
            self._done(path)

        self.window.map.run_js(_BOUNDS_JS, draw)

    def export_html(self, path: Path, options: dict[str, Any]) -> None:
        """Write the self-contained HTML page (this date, or the whole timeline)."""
        from sovietmap.export.html import export_html

        timeline = bool(options.get("timeline"))
        export_html(
            path,
            self.window.model.date,
            atlas=None if timeline else self.atlas(),
            timeline=timeline,
            layers=self.window.layers_panel.layers(),
            events=self.window.catalogue.events,
            title=options.get("title", ""),
        )
        self._done(path)

    def export_animation(self, path: Path, options: dict[str, Any]) -> None:
        """Record a GIF/MP4 frame by frame from the event loop, with a cancellable progress."""
        from sovietmap.export.animation import animation_steps
        from sovietmap.export.qtcapture import AnimationRecorder

        if self.recorder is not None and self.recorder.result is None:
            raise ExportError("an animation is already being recorded")

        steps = animation_steps(
            self.window.atlas,
            int(options["first"]),
            int(options["last"]),
            options.get("step", "year"),
        )
        spec = self.spec(options)

        def start(spec: MapSpec) -> None:
            try:
                recorder = AnimationRecorder(
                    self.capturer(),
                    self.window.atlas,
                    spec,
                    steps,
                    path,
                    float(options.get("fps", 2.0)),
                )
            except ExportError as exc:
                self.fail(str(exc))
                return
            progress = QProgressDialog(
                f"Recording {path.name}…", "Cancel", 0, len(steps), self.window
            )
            progress.setWindowModality(Qt.WindowModality.WindowModal)
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

        self._with_view(spec, start)

    def _animation_done(self, path: Path) -> None:
        if self.progress is not None:
            self.progress.reset()
        self._done(path)

    def _animation_failed(self, message: str) -> None:
        self._release.start()
        if self.progress is not None:
            self.progress.reset()
        if self.recorder is not None and self.recorder.cancelled:
            self.window.statusBar().showMessage("Animation cancelled; nothing written", 6000)
            self.failed.emit(message)
        else:
            self.fail(message)
