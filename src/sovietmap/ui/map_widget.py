"""The map: a QWebEngineView on the offline page, in a page session, and an error overlay.

The page, its bridge and its ready and painted signals are a
:class:`~sovietmap.export.pagesession.PageSession`, as in the export capture; every call into
the page is built by :mod:`sovietmap.mapview.pagecalls`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QLabel, QStackedLayout, QWidget

from sovietmap.export.pagesession import READY_TIMEOUT_MS, Bridge, PageSession
from sovietmap.mapview import pagecalls
from sovietmap.mapview.pagecalls import BBox, PageState

__all__ = ["READY_TIMEOUT_MS", "Bridge", "MapView"]

log = logging.getLogger(__name__)


class MapView(QWidget):
    """The map page with intent-level methods; shows a clear message if the page fails.

    ``view_changed(bbox)`` follows the user's pans and zooms (west, south, east, north).
    :meth:`set_view` with the extent the page last reported does nothing, so binding both
    ways to a model's extent does not loop.
    """

    pin_clicked = Signal(str)
    ready = Signal()
    painted = Signal()
    failed = Signal(str)
    view_changed = Signal(object)  # a pagecalls.BBox

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = QWebEngineView(self)
        self.view.setAccessibleName("Map")
        self.view.setAccessibleDescription(
            "The borders, names and event pins of the date; the timeline's keys work here"
        )
        self.setFocusProxy(self.view)  # the keyboard goes to the page
        self.session = PageSession(self.view, self)
        self.page = self.session.page
        self.bridge = self.session.bridge
        self.channel = self.session.channel

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

        self._view: BBox | None = None  # the extent the page last reported
        self.session.failed.connect(self.show_error)
        self.session.ready.connect(self._on_ready)
        self.session.pin_clicked.connect(self.pin_clicked)
        self.session.painted.connect(lambda _token: self.painted.emit())
        self.session.view_changed.connect(self._on_view_changed)

    # --- loading ---------------------------------------------------------------------------
    @property
    def is_ready(self) -> bool:
        """Whether the page's API is up."""
        return self.session.is_ready

    @property
    def error(self) -> str | None:
        """Why the page could not be shown, if it could not."""
        return self.session.error

    def load(self, index: Path) -> None:
        """Load the built page from its file (never setHtml: pages over 2 MB fail)."""
        self.overlay.hide()
        self._view = None
        self.session.load(index)

    def show_error(self, message: str) -> None:
        """Replace the map by a readable message."""
        self.session.error = message
        log.error("map: %s", message)
        self.overlay.setText(f"The map could not be shown.\n\n{message}")
        self.overlay.show()
        self.overlay.raise_()
        self.failed.emit(message)

    def _on_ready(self) -> None:
        self.ready.emit()

    def _on_view_changed(self, bbox: BBox) -> None:
        self._view = bbox
        self.view_changed.emit(bbox)

    # --- the page API ----------------------------------------------------------------------
    def run_js(self, script: str, callback: Callable[[Any], None] | None = None) -> None:
        """Run ``script`` in the page; ``callback`` receives its (JSON-like) result."""
        self.session.run(script, callback)

    def set_date(self, iso: str) -> None:
        """Show the borders, names and pins of ``iso``."""
        self.session.send("date", pagecalls.set_date(iso))

    def set_layers(self, layers: dict[str, bool]) -> None:
        """Show or hide map layers by key."""
        self.session.send("layers", pagecalls.set_layers(layers))

    def set_pin_mode(self, mode: str) -> None:
        """Pins for this date ('date'), this year ('year') or all up to now ('upto')."""
        self.session.send("pins", pagecalls.set_pin_mode(mode))

    def set_events(self, events: list[dict[str, Any]]) -> None:
        """Give the page the events it may pin (plain data; the page escapes all text)."""
        self.session.send("events", pagecalls.set_events(events))

    def focus_event(self, event_id: str | None) -> None:
        """Highlight an event's pin, pan to it and open its popup."""
        self.session.send("focus", pagecalls.focus_event(event_id))

    def set_view(self, bbox: BBox) -> None:
        """Fit the map to ``bbox`` (west, south, east, north); nothing if it shows it already."""
        if self._view is not None and tuple(bbox) == tuple(self._view):
            return
        self.session.send("view", pagecalls.set_view(bbox))

    def get_view(self, callback: Callable[[BBox | None], None]) -> None:
        """Ask the page for its extent; ``callback(bbox)``, ``None`` while it is loading."""
        self.session.get_view(callback)

    def page_state(self, callback: Callable[[PageState], None]) -> None:
        """Ask the page what it shows; ``callback`` gets ``sovietmap.state()`` as a
        :class:`~sovietmap.mapview.pagecalls.PageState` (``{}`` while it is loading)."""
        self.session.state(callback)

    def state(self, callback: Callable[[dict[str, Any]], None]) -> None:
        """:meth:`page_state` as a plain dict."""
        self.session.state(lambda state: callback(cast(dict[str, Any], state)))
