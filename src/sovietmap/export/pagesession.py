"""One session on the map page: the web page, its QWebChannel bridge, and ready and painted.

Both the visible map (:class:`sovietmap.ui.map_widget.MapView`) and the export capture
(:class:`sovietmap.export.capture.PageCapturer`) put a :class:`PageSession` in their
``QWebEngineView``. The page says when its API is up (``ready``), when a change is on screen
(``painted``, with the number of the last change: :func:`sovietmap.mapview.pagecalls.paint_token`),
when a pin is clicked and when the view moves, all over the bridge: nobody polls the page.
Every call into the page is built by :mod:`sovietmap.mapview.pagecalls`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFile, QIODevice, QObject, QTimer, QUrl, Signal, Slot
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineScript, QWebEngineSettings
from PySide6.QtWebEngineWidgets import QWebEngineView

from sovietmap.mapview import pagecalls
from sovietmap.mapview.pagecalls import BBox, PageState

log = logging.getLogger(__name__)

#: How long the page may take to report ready before the session says it failed.
READY_TIMEOUT_MS = 30_000


class Bridge(QObject):
    """The object the page sees as ``bridge`` over QWebChannel."""

    pin_clicked = Signal(str)
    ready = Signal()
    painted = Signal(int)
    view_changed = Signal(float, float, float, float)

    @Slot(str)
    def pinClicked(self, event_id: str) -> None:  # noqa: N802 - called by name from JS
        """A pin was clicked in the page."""
        self.pin_clicked.emit(str(event_id))

    @Slot()
    def pageReady(self) -> None:  # noqa: N802
        """The page's API is initialised and the channel is up."""
        self.ready.emit()

    @Slot(int)
    def reportPainted(self, token: int) -> None:  # noqa: N802
        """The page painted twice (two animation frames) after its change number ``token``."""
        self.painted.emit(int(token))

    @Slot(float, float, float, float)
    def viewChanged(self, west: float, south: float, east: float, north: float) -> None:  # noqa: N802
        """The map was moved or zoomed; its new extent."""
        self.view_changed.emit(west, south, east, north)


class _Page(QWebEnginePage):
    """A page that logs the JS console and reports its errors."""

    js_error = Signal(str)

    def javaScriptConsoleMessage(  # noqa: N802 - Qt override
        self,
        level: QWebEnginePage.JavaScriptConsoleMessageLevel,
        message: str,
        line: int,
        source: str,
    ) -> None:
        """Forward console messages to logging; errors also to :attr:`js_error`."""
        text = f"page {Path(source).name or source}:{line}: {message}"
        if level == QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel:
            log.error(text)
            self.js_error.emit(text)
        else:
            log.debug(text)


def _webchannel_script() -> QWebEngineScript:
    """qwebchannel.js from Qt's resources, injected before the page's own scripts run."""
    source = QFile(":/qtwebchannel/qwebchannel.js")
    if not source.open(QIODevice.OpenModeFlag.ReadOnly):
        raise RuntimeError("Qt resource qrc:///qtwebchannel/qwebchannel.js is missing")
    code = bytes(source.readAll().data()).decode("utf-8")
    source.close()
    script = QWebEngineScript()
    script.setName("qwebchannel")
    script.setSourceCode(code)
    script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentCreation)
    script.setWorldId(QWebEngineScript.ScriptWorldId.MainWorld)
    script.setRunsOnSubFrames(False)
    return script


class PageSession(QObject):
    """The map page in ``view``: load it, call it, and hear ready, painted and failed.

    Calls made with :meth:`send` before the page is ready are kept (the latest of each kind)
    and run in one script when it is. ``painted`` carries the page's change number; use
    :meth:`after_paint` to act once a given change is on screen.
    """

    ready = Signal()
    painted = Signal(int)
    failed = Signal(str)
    pin_clicked = Signal(str)
    view_changed = Signal(object)  # a pagecalls.BBox

    #: The order in which kept calls run: each relies on the ones before.
    SEND_ORDER = ("events", "layers", "pins", "date", "view", "focus")

    def __init__(
        self,
        view: QWebEngineView,
        parent: QObject | None = None,
        ready_timeout_ms: int = READY_TIMEOUT_MS,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.page = _Page(view)
        view.setPage(self.page)
        settings = self.page.settings()
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, True)
        settings.setAttribute(
            QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, False
        )
        self.page.scripts().insert(_webchannel_script())
        self.bridge = Bridge(self)
        self.channel = QWebChannel(self.page)
        self.channel.registerObject("bridge", self.bridge)
        self.page.setWebChannel(self.channel)

        self.is_ready = False
        self.error: str | None = None
        #: The number of the last change the page reported painted.
        self.last_painted = 0
        self._pending: dict[str, str] = {}
        self._after: list[tuple[int, Callable[[], None]]] = []
        self._timeout = QTimer(self, singleShot=True, interval=ready_timeout_ms)
        self._timeout.timeout.connect(self._on_timeout)
        self.view.loadFinished.connect(self._on_load_finished)
        self.page.js_error.connect(self._on_js_error)
        self.bridge.ready.connect(self._on_ready)
        self.bridge.painted.connect(self._on_painted)
        self.bridge.pin_clicked.connect(self.pin_clicked)
        self.bridge.view_changed.connect(lambda *bbox: self.view_changed.emit(tuple(bbox)))

    # --- loading ---------------------------------------------------------------------------
    def load(self, index: Path) -> None:
        """Load the built page from its file (never setHtml: pages over 2 MB fail)."""
        self.is_ready = False
        self.error = None
        self.last_painted = 0  # a new page counts its changes from 0
        self._after.clear()
        self._timeout.start()
        self.view.load(QUrl.fromLocalFile(str(index)))

    def fail(self, message: str) -> None:
        """Note ``message`` as the session's error and emit :attr:`failed`."""
        self._timeout.stop()
        self.error = message
        self.failed.emit(message)

    def _on_load_finished(self, ok: bool) -> None:
        if not ok and not self.is_ready:
            self.fail(f"The page {self.view.url().toString()} failed to load.")

    def _on_js_error(self, text: str) -> None:
        if not self.is_ready and self.error is None:
            self.fail(f"The page reported an error while starting:\n{text}")

    def _on_timeout(self) -> None:
        if not self.is_ready and self.error is None:
            self.fail(f"The page did not start within {self._timeout.interval() // 1000} s.")

    def _on_ready(self) -> None:
        self._timeout.stop()
        if self.error is not None:
            return
        self.is_ready = True
        log.info("map page ready")
        pending, self._pending = self._pending, {}
        if pending:
            self.run(pagecalls.batch(*(pending[k] for k in self.SEND_ORDER if k in pending)))
        self.ready.emit()

    # --- calls -----------------------------------------------------------------------------
    def run(self, script: str, callback: Callable[[Any], None] | None = None) -> None:
        """Run ``script`` in the page; ``callback`` receives its (JSON-like) value."""
        if callback is None:
            self.page.runJavaScript(script)
        else:
            self.page.runJavaScript(script, 0, callback)

    def send(self, kind: str, script: str) -> None:
        """Run now if the page is ready, else keep the latest call of this ``kind`` (one of
        :attr:`SEND_ORDER`) for when it is."""
        if self.is_ready:
            self.run(script)
        else:
            self._pending[kind] = script

    def state(self, callback: Callable[[PageState], None]) -> None:
        """Ask the page what it shows (``{}`` while it is loading)."""
        self.run(pagecalls.state(), lambda result: callback(pagecalls.read_state(result)))

    def get_view(self, callback: Callable[[BBox | None], None]) -> None:
        """Ask the page for its extent (``None`` while it is loading)."""

        def answer(result: Any) -> None:
            view = pagecalls.read_view(result)
            callback(view.bbox if view is not None else None)

        self.run(pagecalls.get_view(), answer)

    # --- painted ---------------------------------------------------------------------------
    def _on_painted(self, token: int) -> None:
        self.last_painted = max(self.last_painted, token)
        due = [then for wanted, then in self._after if wanted <= self.last_painted]
        self._after = [(w, t) for w, t in self._after if w > self.last_painted]
        for then in due:
            then()
        self.painted.emit(token)

    def after_paint(self, token: int, then: Callable[[], None]) -> None:
        """Call ``then()`` once the page's change number ``token`` is painted (now, if it is).

        The page reports only its last change, so a report of a later one covers it too.
        """
        if token <= self.last_painted:
            then()
        else:
            self._after.append((token, then))

    def forget_paint_waits(self) -> None:
        """Drop every :meth:`after_paint` wait (after a timeout or a failure)."""
        self._after.clear()
