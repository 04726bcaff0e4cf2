"""The side panels: layers with the legend, and the events list with filters and pin mode."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, QPointF, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from sovietmap.core.events import EventCatalogue
from sovietmap.core.eventtext import kind_word
from sovietmap.export.legend import LEGEND, LegendRow, legend_for_date, legend_rows
from sovietmap.export.printcompare import legend_rows_between
from sovietmap.mapview.style import LAYERS, LAYERS_OFF
from sovietmap.ui.eventindex import EventIndex
from sovietmap.ui.events_list import EventListModel, EventsListView

PIN_MODES = {"date": "On this date", "year": "In this year", "upto": "All up to this date"}


def _swatch(row: LegendRow) -> QPixmap:
    """The row's swatch as in every legend (:data:`~sovietmap.export.legend.LEGEND`): the
    fill as drawn, the outline or line in the map's colour, width and dashes, or a pin."""
    margin = LEGEND.stroke_px
    w, h = round(LEGEND.swatch_w), round(LEGEND.swatch_h)
    pixmap = QPixmap(round(w + 2 * margin), round(h + 2 * margin))
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    x, y = round(margin), round(margin)
    if row.marker == "pin":  # an event pin: a ringed dot, as on the map
        painter.setPen(QPen(QColor(row.line_colour), row.line_px))
        painter.setBrush(QColor(row.colour))
        radius = h / 2 - 0.5
        painter.drawEllipse(QPointF(x + w / 2, y + h / 2), radius, radius)
        painter.end()
        return pixmap
    if row.is_area:
        fill_colour = QColor(row.colour)
        fill_colour.setAlphaF(row.fill_alpha)
        painter.fillRect(x, y, w, h, fill_colour)
        if row.hatched:  # a historical district: hatched, as on the map
            hatch = QBrush(QColor(row.line_colour), Qt.BrushStyle.BDiagPattern)
            painter.fillRect(x, y, w, h, hatch)
        elif row.marker in ("gained", "lost"):  # Compare mode's hatches, as on the map
            pattern = (
                Qt.BrushStyle.BDiagPattern if row.marker == "gained" else Qt.BrushStyle.FDiagPattern
            )
            painter.fillRect(x, y, w, h, QBrush(QColor(row.line_colour), pattern))
    width = row.line_px
    pen = QPen(QColor(row.line_colour), width)
    if row.dash:  # Qt's dash pattern is in pen widths
        pen.setDashPattern([max(0.5, v / width) for v in row.dashes()])
    painter.setPen(pen)
    if row.is_area:
        painter.drawRect(x, y, w, h)
    else:
        painter.drawLine(x, y + h // 2, x + w, y + h // 2)
    painter.end()
    return pixmap


class LayersPanel(QWidget):
    """Check boxes for the map layers and a legend of colours and border line styles."""

    #: The user showed (True) or hid (False) a layer, by key.
    layer_toggled = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.boxes: dict[str, QCheckBox] = {}
        for key, label in LAYERS.items():
            box = QCheckBox(label, self)
            box.setChecked(key not in LAYERS_OFF)  # historical districts start hidden
            box.toggled.connect(lambda on, k=key: self.layer_toggled.emit(k, on))
            self.boxes[key] = box
            layout.addWidget(box)
        legend = QGroupBox("Legend", self)
        self.legend = legend
        rows = QVBoxLayout(legend)
        self._legend_box = QWidget(legend)
        self._legend_lines = QVBoxLayout(self._legend_box)
        self._legend_lines.setContentsMargins(0, 0, 0, 0)
        rows.addWidget(self._legend_box)
        #: The rows the legend shows now (of the date and layers, see :meth:`show_legend`).
        self.legend_rows: list[LegendRow] = []
        self._legend_key: tuple[object, ...] | None = None
        self._fill_legend(legend_rows())
        note = QLabel(
            "Names are shown as they were on the date. Click a border for its dates and sources.",
            legend,
        )
        note.setWordWrap(True)
        rows.addWidget(note)
        layout.addWidget(legend)
        layout.addStretch(1)

    def _fill_legend(self, rows: list[LegendRow]) -> None:
        while self._legend_lines.count():
            item = self._legend_lines.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for row in rows:
            line = QWidget(self._legend_box)
            box = QHBoxLayout(line)
            box.setContentsMargins(0, 0, 0, 0)
            icon = QLabel(line)
            icon.setPixmap(_swatch(row))
            icon.setAccessibleName(f"Legend swatch: {row.label}")
            box.addWidget(icon)
            text = QLabel(row.label, line)
            text.setWordWrap(True)  # a narrow panel (small screens) wraps names, never cuts them
            box.addWidget(text, 1)
            self._legend_lines.addWidget(line)
        self.legend_rows = list(rows)

    def show_legend(
        self, day: dt.date, layers: dict[str, bool], compare: dt.date | None = None
    ) -> None:
        """Show the legend of the map on ``day`` with ``layers``: what is drawn then, in the
        colours, widths and line styles drawn (:func:`~sovietmap.export.legend.legend_for_date`),
        and in Compare mode (``compare``: the second date) the hatches' rows; rebuilt only when
        the rows change."""
        rows = legend_for_date(day, layers, interactive=True)
        if compare is not None and compare != day:
            rows += legend_rows_between(compare, day)
        key = tuple(rows)
        if key != self._legend_key:
            self._legend_key = key
            self._fill_legend(rows)

    def layers(self) -> dict[str, bool]:
        """Layer key -> shown."""
        return {key: box.isChecked() for key, box in self.boxes.items()}

    def set_layers(self, layers: dict[str, bool]) -> None:
        """Tick the boxes for ``layers`` as the user would (unknown keys ignored): each box
        that changes announces :attr:`layer_toggled`."""
        for key, on in layers.items():
            if key in self.boxes:
                self.boxes[key].setChecked(bool(on))

    def show_layers(self, layers: dict[str, bool]) -> None:
        """Show ``layers`` in the boxes without announcing anything."""
        for key, on in layers.items():
            if key in self.boxes:
                with QSignalBlocker(self.boxes[key]):
                    self.boxes[key].setChecked(bool(on))


class EventsPanel(QWidget):
    """The list of events, filtered by text and kind; selecting one announces its id.

    A model/view list (:mod:`sovietmap.ui.events_list`) over an :class:`EventIndex`, with a
    progress row (stage, bar, Cancel) shown while a file loads in the background.
    """

    event_selected = Signal(str)
    pin_mode_changed = Signal(str)
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter events…")
        self.filter.setClearButtonEnabled(True)
        self.kind = QComboBox(self)
        self.kind.setAccessibleName("Kind of event")
        self.model = EventListModel(self)
        self.list = EventsListView(self)
        self.list.setAccessibleName("Events")
        self.list.setModel(self.model)
        modes = QGroupBox("Pins on the map", self)
        mode_row = QVBoxLayout(modes)
        self.mode_group = QButtonGroup(self)
        self.mode_buttons: dict[str, QRadioButton] = {}
        for key, label in PIN_MODES.items():
            button = QRadioButton(label, modes)
            button.setProperty("mode", key)
            self.mode_group.addButton(button)
            self.mode_buttons[key] = button
            mode_row.addWidget(button)
        self.mode_buttons["date"].setChecked(True)
        self.pin_note = QLabel(modes)  # says when the map holds only some of the mode's pins
        self.pin_note.setWordWrap(True)
        self.pin_note.hide()
        mode_row.addWidget(self.pin_note)
        self.loading = QWidget(self)
        self.stage = QLabel(self.loading)
        self.stage.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar(self.loading)
        self.progress.setAccessibleName("Loading progress")
        self.cancel_button = QPushButton("Cancel", self.loading)
        self.cancel_button.clicked.connect(self.cancel_requested)
        loading_rows = QVBoxLayout(self.loading)
        loading_rows.setContentsMargins(0, 0, 0, 0)
        loading_rows.addWidget(self.stage)
        bar_row = QHBoxLayout()
        bar_row.addWidget(self.progress, 1)
        bar_row.addWidget(self.cancel_button)
        loading_rows.addLayout(bar_row)
        self.loading.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(modes)
        layout.addWidget(self.loading)
        layout.addWidget(self.filter)
        layout.addWidget(self.kind)
        layout.addWidget(self.list, 1)
        self._quiet = False  # True while the panel itself moves the selection
        self.filter.textChanged.connect(lambda _t: self._refill())
        self.kind.currentIndexChanged.connect(lambda _i: self._refill())
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.mode_group.buttonToggled.connect(self._mode_toggled)

    def pin_mode(self) -> str:
        """The checked pin mode."""
        return next(k for k, b in self.mode_buttons.items() if b.isChecked())

    def set_pin_mode(self, mode: str) -> None:
        """Check ``mode`` (emits :attr:`pin_mode_changed` if it changes)."""
        if mode in self.mode_buttons:
            self.mode_buttons[mode].setChecked(True)

    def show_pin_mode(self, mode: str) -> None:
        """Check ``mode`` without announcing it."""
        if mode in self.mode_buttons:
            with QSignalBlocker(self.mode_group):
                self.mode_buttons[mode].setChecked(True)

    def _mode_toggled(self, button: QRadioButton, checked: bool) -> None:
        if checked:
            self.pin_mode_changed.emit(str(button.property("mode")))

    def set_pin_note(self, shown: int, total: int | None) -> None:
        """Say that the map holds ``shown`` of the mode's ``total`` pins (None: all)."""
        capped = total is not None and total > shown
        self.pin_note.setText(
            f"The map shows the latest {shown:,} of {total:,} pins of this mode." if capped else ""
        )
        self.pin_note.setVisible(capped)

    # --- loading ----------------------------------------------------------------------------
    def show_progress(self, stage: str, done: int, total: int) -> None:
        """Show the loading row: ``stage``, and a bar (busy while ``total`` is 0)."""
        self.stage.setText(stage)
        self.progress.setRange(0, max(0, total))
        self.progress.setValue(min(done, total))
        self.loading.show()

    def hide_progress(self) -> None:
        """Hide the loading row."""
        self.loading.hide()

    # --- the list ---------------------------------------------------------------------------
    def set_events(self, events: list[Any]) -> None:
        """Show ``events`` (indexed here; for a big catalogue use :meth:`set_index`)."""
        self.set_index(EventIndex.build(EventCatalogue(events)))

    def set_index(self, index: EventIndex) -> None:
        """Show the events of ``index``, keeping the filters and the selection."""
        keep = self.selected_id()
        current = self.kind.currentData()
        with QSignalBlocker(self.kind):
            self.kind.clear()
            self.kind.addItem("All kinds", None)
            for kind in index.kinds():
                self.kind.addItem(kind_word(kind), kind)
            self.kind.setCurrentIndex(max(0, self.kind.findData(current)))
        self.model.set_index(index)
        self.model.set_filter(self.filter.text(), self.kind.currentData())
        self._restore(keep)

    def show_date(self, day: dt.date, mode: str) -> None:
        """Follow the date: the rows of the events on the map in bold, and, with no event
        selected, the list scrolled to where ``day`` falls in it."""
        self.model.set_date(day, mode)
        self._scroll_to_date()

    def _scroll_to_date(self) -> None:
        if self.model.day is None or self.selected_id() is not None:
            return
        row = self.model.row_at(self.model.day)
        if row is not None:
            self.list.scrollTo(
                self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter
            )

    def _refill(self) -> None:
        keep = self.selected_id()
        self.model.set_filter(self.filter.text(), self.kind.currentData())
        self._restore(keep)

    def _restore(self, event_id: str | None) -> None:
        row = None if event_id is None else self.model.row_of(event_id)
        if row is not None:
            self._set_current(row, announce=False)

    def _set_current(self, row: int, *, announce: bool) -> None:
        self._quiet = not announce
        try:
            self.list.setCurrentRow(row)
        finally:
            self._quiet = False

    def _current_changed(self, current: QModelIndex, _old: QModelIndex) -> None:
        event_id = self.model.event_id(current.row()) if current.isValid() else None
        if event_id is not None and not self._quiet and not self.signalsBlocked():
            self.event_selected.emit(event_id)

    def selected_id(self) -> str | None:
        """The id of the selected event, if any."""
        current = self.list.currentIndex()
        return self.model.event_id(current.row()) if current.isValid() else None

    def clear_selection(self) -> None:
        """Select no event (announces nothing)."""
        self._quiet = True
        try:
            self.list.setCurrentIndex(QModelIndex())
            self.list.clearSelection()  # no highlight left on the row
        finally:
            self._quiet = False

    def select(self, event_id: str | None, *, announce: bool = True) -> bool:
        """Select the row of ``event_id`` (clearing the filters if it is hidden)."""
        if event_id is None:
            return False
        row = self.model.row_of(event_id)
        if row is None and (self.filter.text() or self.kind.currentIndex() > 0):
            with QSignalBlocker(self.filter), QSignalBlocker(self.kind):
                self.filter.clear()
                self.kind.setCurrentIndex(0)
            self.model.set_filter("", None)
            row = self.model.row_of(event_id)
        if row is None:
            return False
        self._set_current(row, announce=announce)
        self.list.scrollTo(self.model.index(row, 0))
        return True
