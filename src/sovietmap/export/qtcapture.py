"""Snapshots of the real map page with Qt WebEngine: PNG files, clipboard images, frames.

The only module outside ``ui/`` that imports PySide6. A :class:`PageCapturer` keeps one hidden
``QWebEngineView`` on the built page (never shown on screen) and renders a :class:`MapSpec` on
request: resize to W×S by H×S pixels with zoom factor S (so the CSS viewport stays W×H and the
map extent is the same at every scale), set layers, date and view through the page's JS API,
wait until ``sovietmap.state().painted``, then grab. Everything is asynchronous (signals and
timers), so the application stays responsive; :func:`wait_for` turns it into a blocking call
for the command line and for tests.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QEventLoop, QIODevice, QObject, Qt, QTimer, QUrl
from PySide6.QtCore import Signal as _Signal
from PySide6.QtGui import QImage
from PySide6.QtWebEngineCore import QWebEngineSettings
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QApplication

from sovietmap.export.atomic import ExportError, signals_deferred, write_bytes
from sovietmap.export.decorate import decorate, decoration_boxes
from sovietmap.export.spec import MapSpec

#: Longest wait for the page to load, and for one snapshot.
LOAD_TIMEOUT_S = 60.0
CAPTURE_TIMEOUT_S = 20.0
_POLL_MS = 8
#: Height in CSS pixels of the probe strip under the map (cropped from every image).
_STRIP_CSS = 2

#: JS: the page's Leaflet map (folium's global ``map_sovietmap``, else any L.Map on window).
_MAP_JS = (
    "(window.map_sovietmap || Object.keys(window).map(function (k) { return window[k]; })"
    ".find(function (v) { return v instanceof L.Map; }))"
)


#: JS run once: shrink the map by the strip and put the probe in it; hide the zoom buttons
#: and Leaflet's attribution (images draw their own when asked). Each capture paints the
#: probe a new colour in the same task as its map changes; an image is taken only once the
#: grabbed frame shows that colour, so it is never a stale frame (the page's "painted" flag
#: fires in Chromium before Qt has the frame).
_PROBE_SETUP_JS = (
    "(function () { var c = document.querySelector('.leaflet-container');"
    f" c.style.height = 'calc(100% - {_STRIP_CSS}px)';"
    " var p = document.createElement('div'); p.id = 'sm-export-probe';"
    " p.style.cssText = 'position:fixed;left:0;right:0;bottom:0;"
    f"height:{_STRIP_CSS}px;z-index:99999;background:#000';"
    " document.body.appendChild(p); var st = document.createElement('style');"
    " st.textContent = '.leaflet-control-zoom, .leaflet-control-attribution {display: none}';"
    " document.head.appendChild(st); return 1; })()"
)


def _probe_colour(token: int) -> tuple[int, int, int]:
    return 20 + (token * 37) % 200, (token * 91) % 256, 180 + (token * 13) % 60


def prepare_environment(headless: bool) -> None:
    """Before the QApplication exists: offscreen platform when headless, no sandbox as root."""
    if headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")


def application(headless: bool = True) -> QApplication:
    """The running QApplication, or a new one (offscreen when ``headless``)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    prepare_environment(headless)
    return QApplication(["sovietmap-export"])


def wait_for(test: Callable[[], bool], timeout_s: float, what: str) -> None:
    """Run the event loop until ``test()`` holds; :class:`ExportError` after ``timeout_s``.

    A signal (see :func:`~sovietmap.export.atomic.interruptible`) that comes while Qt runs
    our callbacks is raised here, between two turns of the loop, not inside a callback.
    """
    deadline = time.monotonic() + timeout_s
    loop = QEventLoop()
    while not test():
        if time.monotonic() > deadline:
            raise ExportError(f"{what} timed out after {timeout_s:g} s")
        with signals_deferred():
            loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        if not test():
            time.sleep(0.001)


class PageCapturer(QObject):
    """A hidden view on the map page that renders snapshots of a :class:`MapSpec`."""

    ready = _Signal()
    failed = _Signal(str)

    def __init__(self, index: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = QWebEngineView()
        self.view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        settings = self.view.page().settings()
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, True)
        settings.setAttribute(
            QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, False
        )
        self.is_ready = False
        self.error: str | None = None
        self.busy = False
        self._events_json: str | None = None
        self._pins = "date"
        self._token = 0
        self.view.loadFinished.connect(self._loaded)
        self.view.resize(800, 600)
        self.view.show()
        self.view.load(QUrl.fromLocalFile(str(index)))

    def close(self) -> None:
        """Release the view and its page now (a page left at exit makes Qt warn)."""
        import shiboken6

        self.view.close()
        if shiboken6.isValid(self.view):
            shiboken6.delete(self.view)

    # --- loading ---------------------------------------------------------------------------
    def _loaded(self, ok: bool) -> None:
        if not ok:
            self._fail(f"the map page {self.view.url().toString()} failed to load")
            return
        self._poll(
            "JSON.stringify(window.sovietmap && sovietmap.state ? sovietmap.state() : {})",
            lambda s: bool(s.get("ready") or s.get("error")),
            self._started,
            LOAD_TIMEOUT_S,
            "loading the map page",
        )

    def _started(self, state: dict[str, Any]) -> None:
        if state.get("error"):
            self._fail(f"the map page failed to start: {str(state['error']).splitlines()[0]}")
            return
        self._run(_PROBE_SETUP_JS, lambda _r: self._now_ready())

    def _now_ready(self) -> None:
        self.is_ready = True
        self.ready.emit()

    def _fail(self, message: str) -> None:
        self.error = message
        self.failed.emit(message)

    def wait_ready(self, timeout_s: float = LOAD_TIMEOUT_S) -> None:
        """Block (running the event loop) until the page is ready; :class:`ExportError` if not."""
        wait_for(lambda: self.is_ready or self.error is not None, timeout_s, "loading the map")
        if self.error is not None:
            raise ExportError(self.error)

    # --- JS plumbing -----------------------------------------------------------------------
    def _poll(
        self,
        script: str,
        test: Callable[[dict[str, Any]], bool],
        then: Callable[[dict[str, Any]], None],
        timeout_s: float,
        what: str,
    ) -> None:
        """Evaluate ``script`` (returning JSON) until ``test`` holds, then call ``then``."""
        deadline = time.monotonic() + timeout_s

        def answer(result: Any) -> None:
            try:
                value = json.loads(result) if isinstance(result, str) else {}
            except ValueError:
                value = {}
            if test(value):
                then(value)
            elif time.monotonic() > deadline:
                self.busy = False
                self._fail(f"{what} timed out after {timeout_s:g} s")
            else:
                QTimer.singleShot(_POLL_MS, lambda: self._run(script, answer))

        self._run(script, answer)

    def _run(self, script: str, callback: Callable[[Any], None]) -> None:
        self.view.page().runJavaScript(script, 0, callback)

    # --- capture ---------------------------------------------------------------------------
    def set_events(self, events: list[dict[str, Any]], pin_mode: str = "date") -> None:
        """Event pins to show in later snapshots (the page escapes all text)."""
        self._events_json = json.dumps(events, ensure_ascii=False)
        self._pins = pin_mode

    def capture(self, spec: MapSpec, done: Callable[[QImage], None]) -> None:
        """Render ``spec``; ``done(image)`` gets the image (exactly ``spec.pixel_size``).

        Failures are reported through :attr:`failed`. One capture at a time.
        """
        if not self.is_ready:
            raise ExportError(self.error or "the map page is not ready")
        if self.busy:
            raise ExportError("a snapshot is already being made")
        self.busy = True
        self.error = None
        width, height = spec.pixel_size
        if self.view.zoomFactor() != spec.scale:
            self.view.setZoomFactor(spec.scale)
        size = (width, height + round(_STRIP_CSS * spec.scale))
        if (self.view.width(), self.view.height()) != size:
            self.view.resize(*size)
        css = (spec.width, spec.height + _STRIP_CSS)
        self._poll(
            "JSON.stringify({w: window.innerWidth, h: window.innerHeight})",
            lambda s: abs(s.get("w", 0) - css[0]) <= 1 and abs(s.get("h", 0) - css[1]) <= 1,
            lambda _s: self._show(spec, done),
            CAPTURE_TIMEOUT_S,
            "resizing the map",
        )

    def _show(self, spec: MapSpec, done: Callable[[QImage], None]) -> None:
        west, south, east, north = spec.bbox
        # reset: the view is laid out afresh, so an image never depends on earlier captures
        if spec.center is not None and spec.zoom is not None:
            view = (
                f"m.setView({json.dumps(list(spec.center))}, {spec.zoom!r}, "
                "{animate: false, reset: true});"
            )
        else:
            view = (
                f"var b = L.latLngBounds([[{south!r}, {west!r}], [{north!r}, {east!r}]]);"
                " m.setView(b.getCenter(), m.getBoundsZoom(b), {animate: false, reset: true});"
            )
        events = ""
        if self._events_json is not None:
            events = (
                f"sovietmap.setEvents({self._events_json});"
                f"sovietmap.setPinMode({json.dumps(self._pins)});"
            )
            self._events_json = None
        self._token += 1
        colour = _probe_colour(self._token)
        probe = f"document.getElementById('sm-export-probe').style.background = 'rgb{colour}';"
        # Names keep clear of what decorate() will draw over the map (caption, legend, credits).
        reserved = [
            {"x0": x0, "y0": y0, "x1": x1, "y1": y1} for x0, y0, x1, y1 in decoration_boxes(spec)
        ]
        script = (
            f"(function () {{ var m = {_MAP_JS}; {events}"
            f"if (sovietmap.setReserved) sovietmap.setReserved({json.dumps(reserved)});"
            f"sovietmap.setLayers({json.dumps(spec.layers)});"
            f"sovietmap.setDate({json.dumps(spec.day.isoformat())});"
            f"m.invalidateSize({{animate: false}}); {view} {probe}"
            "return JSON.stringify(sovietmap.state()); })()"
        )
        self._run(
            script,
            lambda _r: self._poll(
                "JSON.stringify(sovietmap.state())",
                lambda s: bool(s.get("painted")),
                lambda _s: self._grab(spec, done, colour, time.monotonic() + CAPTURE_TIMEOUT_S),
                CAPTURE_TIMEOUT_S,
                "painting the map",
            ),
        )

    def _grab(
        self,
        spec: MapSpec,
        done: Callable[[QImage], None],
        colour: tuple[int, int, int],
        deadline: float,
    ) -> None:
        frame = self.view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        width, height = spec.pixel_size
        seen = (-99, -99, -99)
        if frame.height() > height:
            pixel = frame.pixelColor(width // 2, min(frame.height() - 1, height + 1))
            seen = (pixel.red(), pixel.green(), pixel.blue())
        if max(abs(a - b) for a, b in zip(seen, colour, strict=True)) > 3:
            if time.monotonic() > deadline:
                self.busy = False
                self._fail(f"the map did not paint within {CAPTURE_TIMEOUT_S:g} s")
            else:  # Qt has not received Chromium's new frame yet
                QTimer.singleShot(_POLL_MS, lambda: self._grab(spec, done, colour, deadline))
            return
        image = frame.copy(0, 0, width, height)
        image.setDevicePixelRatio(1.0)
        image = from_rgb_array(decorate(rgb_array(image), spec))
        self.busy = False
        done(image)

    def capture_sync(self, spec: MapSpec, timeout_s: float = CAPTURE_TIMEOUT_S) -> QImage:
        """Render ``spec`` and return the image, running the event loop meanwhile."""
        box: list[QImage] = []
        self.capture(spec, box.append)
        wait_for(lambda: bool(box) or self.error is not None, timeout_s + 5, "the snapshot")
        if not box:
            self.busy = False
            raise ExportError(self.error or "the snapshot failed")
        return box[0]


# --- files ---------------------------------------------------------------------------------
def png_bytes(image: QImage) -> bytes:
    """``image`` encoded as PNG."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]  # str at runtime
        raise ExportError("PNG encoding failed")
    buffer.close()
    return bytes(data.data())


def save_png(image: QImage, path: Path) -> None:
    """Write ``image`` to ``path`` as a PNG, atomically."""
    write_bytes(path, png_bytes(image))


def from_rgb_array(pixels: Any) -> QImage:
    """A height×width×3 uint8 array as a QImage (a copy)."""
    height, width = pixels.shape[:2]
    data = pixels.tobytes()
    return QImage(data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


def rgb_array(image: QImage) -> Any:
    """``image`` as a height×width×3 uint8 numpy array (a copy)."""
    import numpy as np

    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    stride = rgb.bytesPerLine()
    raw = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=stride * rgb.height())
    rows = raw.reshape(rgb.height(), stride)[:, : rgb.width() * 3]
    return rows.reshape(rgb.height(), rgb.width(), 3).copy()


# --- the warm page and animations ----------------------------------------------------------
def open_capturer(index: Path | None = None) -> PageCapturer:
    """A ready :class:`PageCapturer` on ``index`` (default: the built page), headless."""
    application(headless=True)
    if index is None:
        from sovietmap.mapview.page import build_page
        from sovietmap.mapview.pagecache import PageCacheError

        try:
            index = build_page()
        except PageCacheError as exc:  # neither the cache nor a temporary folder: one line
            raise ExportError(str(exc)) from None
    capturer = PageCapturer(index)
    capturer.wait_ready()
    return capturer


class AnimationRecorder(QObject):
    """Renders one frame per step from the event loop and feeds an animation writer.

    Each frame starts from a zero-length timer after the previous one, so the application
    stays responsive; :meth:`cancel` stops after the current frame and writes nothing.
    """

    progress = _Signal(int, int)
    finished = _Signal(str)
    failed = _Signal(str)

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
