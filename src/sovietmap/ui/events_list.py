"""The events list as a model and a view: one row per shown event, none built ahead.

A ``QListWidgetItem`` per event cost 1.8 GB and seconds per keystroke for 200,000 events.
Here the model holds the :class:`EventIndex` and a list of the rows the filter lets through;
the view (a one-column table with fixed row heights) asks only for the rows on screen. A
filter is a pass over precomputed lower-case keys (no ``QSortFilterProxyModel``: its per-row
Python callback would cost about a second per keystroke for 200,000 rows), narrowed to the
last result while the user types on.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6 import QtGui
from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from sovietmap.core.events import Event
from sovietmap.core.eventtext import PRECISION_WORDS, kind_word, start_text, when_text
from sovietmap.ui.eventindex import EventIndex

#: The role that holds an event's id.
ID_ROLE = Qt.ItemDataRole.UserRole
#: The longest title a tooltip shows (a 200,000-character cell stays one row).
TIP_CHARS = 400

Index = QModelIndex | QPersistentModelIndex


def _clip(text: str, limit: int = TIP_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def pinned(event: Event, day: dt.date, mode: str) -> bool:
    """Whether the map pins ``event`` on ``day`` in pin ``mode`` (as the page's pins.js does)."""
    if mode == "year":
        return event.start.year <= day.year <= event.end.year
    if mode == "upto":
        return event.start <= day
    return event.start <= day <= event.end


def event_tooltip(event: Event) -> str:
    """An event's tooltip: its text shown as text, never as markup.

    Qt renders a tooltip as rich text when it looks like HTML, so the plain text is put in
    as escaped HTML (``Qt.convertFromPlainText``): ``<b>x</b>`` shows as typed.
    """
    when = when_text(event.start, event.end, event.precision)
    precision = PRECISION_WORDS.get(event.precision, event.precision)
    text = (
        f"{_clip(event.title)}\n{when} ({precision})\n"
        f"{_clip(event.place)} · {_clip(kind_word(event.kind))}"
    )
    return QtGui.Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


class EventListModel(QAbstractListModel):
    """The filtered events, in catalogue order (start date, id).

    Each row reads "date title", the date as precise as it is known ("1927", "Aug 1991",
    "1 Nov 1937"). The rows of the events the map pins on the shown date (:meth:`set_date`)
    are bold, the others grey: the list follows the date.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index_: EventIndex | None = None
        self.rows: Sequence[int] = range(0)
        self._text = ""
        self._kind: str | None = None
        self.day: dt.date | None = None
        self.mode = "date"
        self._bold = QtGui.QFont()
        self._bold.setBold(True)
        self._grey = QtGui.QBrush(QtGui.QColor("#6a6a6a"))

    # --- Qt's model API ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """Rows shown (none under a parent: this is a flat list)."""
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Date and title to show, a plain-text tooltip, the id under :data:`ID_ROLE`."""
        if self.index_ is None or not index.isValid() or index.row() >= len(self.rows):
            return None
        event = self.index_.events[self.rows[index.row()]]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{start_text(event.start, event.precision)}  {_clip(event.title)}"
        if role in (Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ForegroundRole):
            if self.day is None:
                return None
            on_map = pinned(event, self.day, self.mode)
            if role == Qt.ItemDataRole.FontRole:
                return self._bold if on_map else None
            return None if on_map else self._grey
        if role == Qt.ItemDataRole.ToolTipRole:
            return event_tooltip(event)
        if role == ID_ROLE:
            return event.id
        return None

    # --- ours -------------------------------------------------------------------------------
    def set_index(self, index: EventIndex) -> None:
        """Show the events of ``index`` under the current filter."""
        self.beginResetModel()
        self.index_ = index
        self.rows = index.rows_matching(self._text, self._kind)
        self.endResetModel()

    def set_filter(self, text: str, kind: str | None) -> None:
        """Show the events whose title, place or description hold ``text``, of ``kind``."""
        text = text.strip().casefold()
        if (text, kind) == (self._text, self._kind) or self.index_ is None:
            self._text, self._kind = text, kind
            return
        narrowing = kind == self._kind and self._text in text and isinstance(self.rows, list)
        rows = self.index_.rows_matching(text, kind, self.rows if narrowing else None)
        self.beginResetModel()
        self._text, self._kind, self.rows = text, kind, rows
        self.endResetModel()

    def set_date(self, day: dt.date, mode: str) -> None:
        """Mark the rows of the events pinned on ``day`` in pin ``mode`` (bold; others grey)."""
        if (day, mode) == (self.day, self.mode):
            return
        self.day, self.mode = day, mode
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self.rows) - 1, 0),
                [Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ForegroundRole],
            )

    def row_at(self, day: dt.date) -> int | None:
        """The first row starting on or after ``day`` (the last row if none does; None: empty)."""
        if self.index_ is None or not self.rows:
            return None
        events = self.index_.events
        at = bisect.bisect_left(self.rows, day, key=lambda r: events[r].start)
        return min(at, len(self.rows) - 1)

    def event_id(self, row: int) -> str | None:
        """The id of the event on ``row``."""
        if self.index_ is None or not 0 <= row < len(self.rows):
            return None
        return self.index_.events[self.rows[row]].id

    def row_of(self, event_id: str) -> int | None:
        """The row showing ``event_id``, or None if it is filtered out (or unknown)."""
        if self.index_ is None:
            return None
        source = self.index_.row_of(event_id)
        if source is None:
            return None
        if isinstance(self.rows, range):
            return source if source in self.rows else None
        at = bisect.bisect_left(self.rows, source)
        return at if at < len(self.rows) and self.rows[at] == source else None


class EventsListView(QTableView):
    """The list: one column of rows of one height, long titles elided (the tooltip has them).

    A table view, not a ``QListView``: a list view lays out every row on each reset, asking
    the model for each one (seconds for 200,000 rows); a table with fixed row heights asks
    only for the rows on screen.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.horizontalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def count(self) -> int:
        """Rows shown."""
        return self.model().rowCount()

    def setCurrentRow(self, row: int) -> None:  # noqa: N802 - as QListWidget's
        """Make ``row`` the current (selected) row."""
        self.setCurrentIndex(self.model().index(row, 0))
