"""The window's events: loading users' files (in the background or at once), the list, the
timeline marks and the pins the page gets.

:class:`UserEvents` holds the :class:`EventIndex` of the window's catalogue and keeps the
events panel, the timeline and the map in step with it; the window calls it from a few lines.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from sovietmap.core.events import Event
from sovietmap.core.eventtext import kind_word, when_text
from sovietmap.mapview.page import event_payload
from sovietmap.ui import dialogs
from sovietmap.ui.eventindex import EventIndex
from sovietmap.ui.events_loader import EventsLoader, LoadResult, prepare
from sovietmap.ui.pins import PinFeed

if TYPE_CHECKING:
    from sovietmap.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def pin_payload(event: Event) -> dict[str, object]:
    """What the page gets of an event for its pin: the payload, with the dates as precise as
    they are known (``when``) and the kind as a word (``kindLabel``) for the short popup."""
    data = event_payload(event)
    data["when"] = when_text(event.start, event.end, event.precision)
    data["kindLabel"] = kind_word(event.kind)
    return data


class UserEvents(QObject):
    """Events of one window: index, background loader, pins; wired to its panel."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.index = EventIndex.build(window.catalogue)
        self.loader = EventsLoader(lambda: self.window.catalogue, self._apply, self)
        self.pins = PinFeed(self._send_pins)
        panel = window.events_panel
        self.loader.progress.connect(panel.show_progress)
        self.loader.busy_changed.connect(lambda busy: None if busy else panel.hide_progress())
        self.loader.loaded.connect(self._loaded)
        self.loader.failed.connect(self._failed)
        self.loader.cancelled.connect(self._cancelled)
        panel.cancel_requested.connect(self.loader.cancel)

    # --- showing ----------------------------------------------------------------------------
    def show(self, index: EventIndex | None = None, *, sliced: bool = False) -> None:
        """Show ``index`` (default: the window's catalogue, indexed now) everywhere.

        ``sliced``: the list and the pins now, the change dates and the timeline marks each
        in a later turn of the event loop (for 200,000 events, each is some 40 ms of work on
        this thread, and a paint; together they would hold the window over 100 ms).
        """
        window = self.window
        if index is None and self.index.catalogue is window.catalogue:
            index = self.index
        if index is None or index.catalogue is not window.catalogue:
            index = EventIndex.build(window.catalogue)
        self.index = index
        window.events_panel.set_index(index)
        self.update_pins()
        steps: list[Callable[[EventIndex], None]] = [self._set_changes, self._set_marks]
        if not sliced:
            for step in steps:
                step(index)
            return

        def run(rest: list[Callable[[EventIndex], None]]) -> None:
            if self.index is index:  # else a later show() does it
                rest[0](index)
                if rest[1:]:
                    QTimer.singleShot(0, self, lambda: run(rest[1:]))

        QTimer.singleShot(0, self, lambda: run(steps))

    def _set_changes(self, index: EventIndex) -> None:
        self.window.model.set_changes(self.window.atlas.change_dates() + index.dates)

    def _set_marks(self, index: EventIndex) -> None:
        self.window.timeline.set_marks(self.window.atlas.change_dates(), index.dates)

    def update_pins(self) -> None:
        """Give the page the pins of the model's date and pin mode (if they changed); the
        wiring calls this when the date, the pin mode or the selected event changes."""
        model = self.window.model
        choice = self.pins.update(self.index, model.date, model.pin_mode, model.selected_event)
        self.window.events_panel.set_pin_note(len(choice.events), choice.total)

    def page_events(self) -> list[Event]:
        """The events the map page holds now (for a snapshot export of the same view)."""
        last = self.pins.last
        return list(last.events) if last is not None else list(self.index.events)

    def _send_pins(self, events: list[Event]) -> None:
        self.window.map.set_events([pin_payload(e) for e in events])

    # --- loading ----------------------------------------------------------------------------
    def load(self, path: Path) -> None:
        """Read ``path`` in the background (progress and Cancel in the events panel)."""
        self.loader.load(Path(path))

    def add_now(self, path: Path) -> list[str]:
        """Read ``path`` on this thread (scripted runs); returns the problem lines."""
        result = prepare(self.window.catalogue, Path(path))
        self._apply(result, sliced=False)
        self._loaded(str(result.path), result.added, result.problems)
        return result.problems

    def _apply(self, result: LoadResult, sliced: bool = True) -> None:
        self.window.catalogue = result.index.catalogue
        self.show(result.index, sliced=sliced)

    def _loaded(self, path: str, added: int, problems: list[str]) -> None:
        window = self.window
        log.info("events: %s added %d event(s), %d problem(s)", path, added, len(problems))
        if problems:
            dialogs.problems_box(window, path, problems, added)
            window.problems_shown.emit(problems)
        window.statusBar().showMessage(f"{added:,} event(s) added from {Path(path).name}", 6000)

    def _failed(self, path: str, message: str) -> None:
        self._loaded(path, 0, [f"{path}: could not be loaded: {message}"])

    def _cancelled(self, path: str) -> None:
        self.window.statusBar().showMessage(
            f"Loading {Path(path).name} cancelled; the events are as they were", 6000
        )
