"""The map: a QWebEngineView on the offline page, a QWebChannel bridge, and an error overlay."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFile, QIODevice, QObject, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineScript, QWebEngineSettings
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QLabel, QStackedLayout, QWidget

log = logging.getLogger(__name__)

#: How long the page may take to report ready before the window says it failed.
READY_TIMEOUT_MS = 30_000


class Bridge(QObject):
    """The object the page sees as ``bridge`` over QWebChannel."""

    pin_clicked = Signal(str)
    ready = Signal()
    painted = Signal(int)

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
        """The page painted twice (two animation frames) after its last change."""
        self.painted.emit(int(token))


class _Page(QWebEnginePage):
    """A page that logs the JS console and remembers the first error."""

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


class MapView(QWidget):
    """The map page with intent-level methods; shows a clear message if the page fails."""

    pin_clicked = Signal(str)
    ready = Signal()
    painted = Signal()
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = QWebEngineView(self)
        self.page = _Page(self.view)
        self.view.setPage(self.page)
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

        self.overlay = QLabel(self)
        self.overlay.setObjectName("mapError")
        self.overlay.setWordWrap(True)
        self.overlay.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.overlay.setStyleSheet(
            "QLabel#mapError { background: #f3ecd9; color: #6b1d0a; font-size: 15px;"
            " padding: 40px; }"
        )
        layout = QStackedLayout(self)
        layout.setStackingMode(QStackedLayout.StackingMode.StackAll)
        layout.addWidget(self.overlay)
        layout.addWidget(self.view)
        self.overlay.hide()

        self.is_ready = False
        self.error: str | None = None
        self._pending: dict[str, str] = {}
        self._timeout = QTimer(self, singleShot=True, interval=READY_TIMEOUT_MS)
        self._timeout.timeout.connect(self._on_timeout)
        self.view.loadFinished.connect(self._on_load_finished)
        self.page.js_error.connect(self._on_js_error)
        self.bridge.ready.connect(self._on_ready)
        self.bridge.pin_clicked.connect(self.pin_clicked)
        self.bridge.painted.connect(lambda _token: self.painted.emit())

    # --- loading ---------------------------------------------------------------------------
    def load(self, index: Path) -> None:
        """Load the built page from its file (never setHtml: pages over 2 MB fail)."""
        self.is_ready = False
        self.error = None
        self.overlay.hide()
        self._timeout.start()
        self.view.load(QUrl.fromLocalFile(str(index)))

    def show_error(self, message: str) -> None:
        """Replace the map by a readable message."""
        self.error = message
        log.error("map: %s", message)
        self.overlay.setText(f"The map could not be shown.\n\n{message}")
        self.overlay.show()
        self.overlay.raise_()
        self.failed.emit(message)

    def _on_load_finished(self, ok: bool) -> None:
        if not ok:
            self._timeout.stop()
            self.show_error(f"The page {self.view.url().toString()} failed to load.")

    def _on_js_error(self, text: str) -> None:
        if not self.is_ready:
            self._timeout.stop()
            self.show_error(f"The page reported an error while starting:\n{text}")

    def _on_timeout(self) -> None:
        if not self.is_ready:
            self.show_error(f"The page did not start within {READY_TIMEOUT_MS // 1000} s.")

    def _on_ready(self) -> None:
        self._timeout.stop()
        self.is_ready = True
        log.info("map page ready")
        pending, self._pending = self._pending, {}
        if pending:  # events first, focus last: each call relies on the ones before
            order = ("events", "layers", "pins", "date", "focus")
            self.run_js("\n".join(pending[k] for k in order if k in pending))
        self.ready.emit()

    # --- the page API ----------------------------------------------------------------------
    def run_js(self, script: str, callback: Callable[[Any], None] | None = None) -> None:
        """Run ``script`` in the page; ``callback`` receives its (JSON-like) result."""
        if callback is None:
            self.page.runJavaScript(script)
        else:
            self.page.runJavaScript(script, 0, callback)

    def _call(self, key: str, script: str) -> None:
        """Run now if the page is ready, else keep the latest call of this kind for later."""
        if self.is_ready:
            self.run_js(script)
        else:
            self._pending[key] = script

    def set_date(self, iso: str) -> None:
        """Show the borders, names and pins of ``iso``."""
        self._call("date", f"sovietmap.setDate({json.dumps(iso)});")

    def set_layers(self, layers: dict[str, bool]) -> None:
        """Show or hide map layers by key."""
        self._call("layers", f"sovietmap.setLayers({json.dumps(layers)});")

    def set_pin_mode(self, mode: str) -> None:
        """Pins for this date ('date'), this year ('year') or all up to now ('upto')."""
        self._call("pins", f"sovietmap.setPinMode({json.dumps(mode)});")

    def set_events(self, events: list[dict[str, Any]]) -> None:
        """Give the page the events it may pin (plain data; the page escapes all text)."""
        self._call("events", f"sovietmap.setEvents({json.dumps(events, ensure_ascii=False)});")

    def focus_event(self, event_id: str | None) -> None:
        """Highlight an event's pin, pan to it and open its popup."""
        self._call("focus", f"sovietmap.focusEvent({json.dumps(event_id)});")

    def state(self, callback: Callable[[dict[str, Any]], None]) -> None:
        """Ask the page what it shows; ``callback`` gets ``sovietmap.state()``."""
        self.run_js(
            "JSON.stringify(window.sovietmap && window.sovietmap.state ? sovietmap.state() : {})",
            lambda result: callback(json.loads(result) if isinstance(result, str) else {}),
        )
