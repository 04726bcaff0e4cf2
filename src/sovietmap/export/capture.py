"""Snapshots of the real map page: a hidden view that renders a :class:`MapSpec` to an image.

A :class:`PageCapturer` keeps one hidden ``QWebEngineView`` on the built page (never shown on
screen), in a :class:`~sovietmap.export.pagesession.PageSession` as the visible map has. A
capture resizes the view to W×S by H×S pixels with zoom factor S (so the CSS viewport stays
W×H and the map extent is the same at every scale), waits for the page to have that size,
sends layers, date, view and a new probe colour in one script, waits for the page's painted
report of that change, and grabs. All of it runs on signals (no polling, no sleeps), so the
application stays responsive; :meth:`PageCapturer.capture_sync` blocks for the command line
and for tests.

The probe: the page draws a strip under the map (cropped from every image) and paints it a new
colour with each capture's changes. An image is taken only once the grabbed frame shows that
colour, so it is never a stale frame: the page reports painted in Chromium, and Qt may get the
frame a little later; then the capturer asks the page for one more painted report and grabs
again.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWebEngineWidgets import QWebEngineView

from sovietmap.core.atlas import BorderAtlas
from sovietmap.export.atomic import ExportError
from sovietmap.export.decorate import decorate, decoration_boxes
from sovietmap.export.pagesession import PageSession
from sovietmap.export.printcompare import comparison
from sovietmap.export.qtimage import from_rgb_array, rgb_array
from sovietmap.export.qtwait import wait_for
from sovietmap.export.spec import MapSpec
from sovietmap.mapview import pagecalls

#: Longest wait for the page to load, and for one snapshot.
LOAD_TIMEOUT_S = 60.0
CAPTURE_TIMEOUT_S = 20.0
#: Height in CSS pixels of the probe strip under the map (cropped from every image).
STRIP_CSS = 2


@cache
def _atlas() -> BorderAtlas:
    """The border atlas with geometry, read once, the first time a capture compares."""
    return BorderAtlas.load()


def _compare_call(spec: MapSpec) -> str:
    """The page call that hatches ``spec``'s comparison (every polity, as the print map), or
    drops an earlier capture's."""
    if spec.compare is None:
        return pagecalls.clear_compare()
    result = comparison(_atlas(), spec)
    assert result is not None
    info = {
        "from": result.start.isoformat(),
        "to": result.end.isoformat(),
        "polity": spec.compare_polity,
    }
    return pagecalls.set_compare(result.pieces_geojson(), info)


def probe_colour(token: int) -> tuple[int, int, int]:
    """The probe colour of capture number ``token`` (each differs from the one before)."""
    return 20 + (token * 37) % 200, (token * 91) % 256, 180 + (token * 13) % 60


class PageCapturer(QObject):
    """A hidden view on the map page that renders snapshots of a :class:`MapSpec`."""

    ready = Signal()
    failed = Signal(str)

    def __init__(self, index: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = QWebEngineView()
        self.view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        self.session = PageSession(self.view, self, ready_timeout_ms=round(LOAD_TIMEOUT_S * 1000))
        self.is_ready = False
        self.error: str | None = None
        self.busy = False
        self._events: list[dict[str, Any]] | None = None
        self._pins = "date"
        self._probe = 0
        self._capture = 0  # number of the current capture: late answers to older ones are ignored
        self._stage = ""
        self._deadline = QTimer(self, singleShot=True)
        self._deadline.timeout.connect(self._timed_out)
        self.session.ready.connect(self._started)
        self.session.failed.connect(lambda message: self._fail(" ".join(message.split())))
        self.view.resize(800, 600)
        self.view.show()
        self.session.load(index)

    def close(self) -> None:
        """Release the view and its page now (a page left at exit makes Qt warn)."""
        import shiboken6

        self._deadline.stop()
        self.view.close()
        if shiboken6.isValid(self.view):
            shiboken6.delete(self.view)

    # --- loading ---------------------------------------------------------------------------
    def _started(self) -> None:
        self.session.run(pagecalls.export_mode(STRIP_CSS), lambda _r: self._now_ready())

    def _now_ready(self) -> None:
        self.is_ready = True
        self.ready.emit()

    def _fail(self, message: str) -> None:
        self._deadline.stop()
        self._capture += 1  # whatever was under way is over
        self.session.forget_paint_waits()
        self.busy = False
        self.error = message
        self.failed.emit(message)

    def wait_ready(self, timeout_s: float = LOAD_TIMEOUT_S) -> None:
        """Block (running the event loop) until the page is ready; :class:`ExportError` if not."""
        wait_for(lambda: self.is_ready or self.error is not None, timeout_s, "loading the map")
        if self.error is not None:
            raise ExportError(self.error)

    # --- capture ---------------------------------------------------------------------------
    def set_events(self, events: list[dict[str, Any]], pin_mode: str = "date") -> None:
        """Event pins to show in later snapshots (the page escapes all text)."""
        self._events = list(events)
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
        self._capture += 1
        number = self._capture
        self._stage = "resizing the map"
        self._deadline.start(round(CAPTURE_TIMEOUT_S * 1000))
        width, height = spec.pixel_size
        if self.view.zoomFactor() != spec.scale:
            self.view.setZoomFactor(spec.scale)
        size = (width, height + round(STRIP_CSS * spec.scale))
        if (self.view.width(), self.view.height()) != size:
            self.view.resize(*size)

        def sized(result: Any) -> None:
            token = pagecalls.read_int(result)
            if number != self._capture:
                return
            if token is None:
                self._fail("the map page did not answer")
            elif token < 0:
                self._show(number, spec, done)
            else:  # the page reports painted once it has the new size
                self.session.after_paint(token + 1, lambda: self._show(number, spec, done))

        self.session.run(pagecalls.when_size(spec.width, spec.height + STRIP_CSS), sized)

    def _show(self, number: int, spec: MapSpec, done: Callable[[QImage], None]) -> None:
        if number != self._capture:
            return
        self._stage = "painting the map"
        calls = []
        if self._events is not None:
            calls += [pagecalls.set_events(self._events), pagecalls.set_pin_mode(self._pins)]
            self._events = None
        # Names keep clear of what decorate() will draw over the map (caption, legend, credits).
        calls.append(pagecalls.set_reserved(decoration_boxes(spec)))
        calls += [pagecalls.set_layers(spec.layers), pagecalls.set_date(spec.day.isoformat())]
        calls.append(_compare_call(spec))  # land gained and lost, hatched (issue 14), or none
        # The view is laid out afresh, so an image never depends on earlier captures.
        if spec.center is not None and spec.zoom is not None:
            calls.append(pagecalls.set_center(spec.center, spec.zoom))
        else:
            calls.append(pagecalls.set_view(spec.bbox))
        self._probe += 1
        colour = probe_colour(self._probe)
        calls.append(pagecalls.set_probe(colour))

        def changed(result: Any) -> None:
            token = pagecalls.read_int(result)
            if number != self._capture:
                return
            if token is None:
                self._fail("the map page did not take the snapshot's changes")
                return
            self.session.after_paint(token, lambda: self._grab(number, spec, done, colour))

        self.session.run(pagecalls.batch(*calls), changed)

    def _grab(
        self,
        number: int,
        spec: MapSpec,
        done: Callable[[QImage], None],
        colour: tuple[int, int, int],
    ) -> None:
        if number != self._capture:
            return
        frame = self.view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        width, height = spec.pixel_size
        seen = (-99, -99, -99)
        if frame.height() > height:
            pixel = frame.pixelColor(width // 2, min(frame.height() - 1, height + 1))
            seen = (pixel.red(), pixel.green(), pixel.blue())
        if max(abs(a - b) for a, b in zip(seen, colour, strict=True)) > 3:
            # Qt has not received Chromium's new frame yet: grab after the next painted report.
            def again(result: Any) -> None:
                token = pagecalls.read_int(result)
                if number == self._capture and token is not None:
                    self.session.after_paint(token, lambda: self._grab(number, spec, done, colour))

            self.session.run(pagecalls.report_painted(), again)
            return
        self._deadline.stop()
        image = frame.copy(0, 0, width, height)
        image.setDevicePixelRatio(1.0)
        image = from_rgb_array(decorate(rgb_array(image), spec))
        self.busy = False
        done(image)

    def _timed_out(self) -> None:
        self._fail(f"{self._stage} timed out after {CAPTURE_TIMEOUT_S:g} s")

    def capture_sync(self, spec: MapSpec, timeout_s: float = CAPTURE_TIMEOUT_S) -> QImage:
        """Render ``spec`` and return the image, running the event loop meanwhile."""
        box: list[QImage] = []
        self.capture(spec, box.append)
        wait_for(lambda: bool(box) or self.error is not None, timeout_s + 5, "the snapshot")
        if not box:
            self.busy = False
            raise ExportError(self.error or "the snapshot failed")
        return box[0]
