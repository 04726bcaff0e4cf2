"""What exports may know of the window: a narrow interface, and the one place that fills it.

:class:`~sovietmap.ui.export_dialogs.ExportController` sees only an :class:`ExportHost`: the
viewer model (date, layers, pin mode), the map's size, current view and page file, the pins
the page holds, the catalogue's events, the border index, a status line and a parent widget
for its dialogs. :func:`window_host` builds it from the main window; nothing else of the
window is reachable from the exports, so the window's insides can change freely.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from sovietmap.core.viewer import ViewerModel
from sovietmap.mapview import pagecalls
from sovietmap.mapview.pagecalls import PageView

if TYPE_CHECKING:
    from sovietmap.core.atlas import BorderIndex
    from sovietmap.core.events import Event
    from sovietmap.ui.main_window import MainWindow


@dataclass(frozen=True)
class ExportHost:
    """Everything an export reads from the application (and nothing more)."""

    #: Parent of the export dialogs, progress and message boxes.
    widget: QWidget
    #: The viewer's state: date, layers and pin mode (read, never changed, by exports).
    model: ViewerModel
    #: The visible map's size in CSS pixels (width, height).
    map_size: Callable[[], tuple[int, int]]
    #: The built page the map shows (the capture page loads the same file).
    page_file: Callable[[], Path]
    #: Ask the visible map for its view; the callback gets it, or ``None`` if the page is not up.
    read_view: Callable[[Callable[[PageView | None], None]], None]
    #: The events the visible page holds, as page payloads (what its pins are made from).
    page_events: Callable[[], list[dict[str, Any]]]
    #: Every event of the catalogue (print maps and HTML pages pin them by date).
    catalogue_events: Callable[[], Sequence[Event]]
    #: The border index (change dates and captions for animations).
    index: Callable[[], BorderIndex]
    #: Show a message in the status line for a number of milliseconds.
    show_status: Callable[[str, int], None]


def window_host(window: MainWindow) -> ExportHost:
    """The :class:`ExportHost` of the main window."""
    view = window.map.view

    def read_view(callback: Callable[[PageView | None], None]) -> None:
        window.map.run_js(
            pagecalls.get_view(), lambda result: callback(pagecalls.read_view(result))
        )

    def page_events() -> list[dict[str, Any]]:
        from sovietmap.mapview.page import event_payload

        # what the window's page holds: every event, or for a big catalogue those of the date
        # and pin mode (ui/pins.py): 200,000 markers would take the capture page many seconds
        return [event_payload(e) for e in window.user_events.page_events()]

    return ExportHost(
        widget=window,
        model=window.model,
        map_size=lambda: (view.width(), view.height()),
        page_file=lambda: Path(view.url().toLocalFile()),
        read_view=read_view,
        page_events=page_events,
        catalogue_events=lambda: list(window.catalogue.events),
        index=lambda: window.atlas,
        show_status=lambda text, ms: window.statusBar().showMessage(text, ms),
    )
