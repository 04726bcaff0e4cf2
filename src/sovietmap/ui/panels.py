"""The side panels: layers with the legend, and the events list with filters and pin mode."""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from sovietmap.mapview.style import LAYERS, LAYERS_OFF, legend_entries

PIN_MODES = {"date": "On this date", "year": "In this year", "upto": "All up to this date"}


def _swatch(colour: str, fill: float, dash: str | None) -> QPixmap:
    pixmap = QPixmap(34, 16)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if fill > 0:
        fill_colour = QColor(colour)
        fill_colour.setAlphaF(min(1.0, fill * 1.6))
        painter.fillRect(2, 2, 30, 12, fill_colour)
        if dash:  # a dashed area is a historical district: hatched, as on the map
            painter.fillRect(2, 2, 30, 12, QBrush(QColor(colour), Qt.BrushStyle.BDiagPattern))
    pen = QPen(QColor(colour), 2)
    if dash:
        pen.setDashPattern([max(0.5, float(v) / 2) for v in dash.split()])
    painter.setPen(pen)
    if fill > 0:
        painter.drawRect(2, 2, 30, 12)
    else:
        painter.drawLine(2, 8, 32, 8)
    painter.end()
    return pixmap


class LayersPanel(QWidget):
    """Check boxes for the map layers and a legend of colours and border line styles."""

    layers_changed = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.boxes: dict[str, QCheckBox] = {}
        for key, label in LAYERS.items():
            box = QCheckBox(label, self)
            box.setChecked(key not in LAYERS_OFF)  # historical districts start hidden
            box.toggled.connect(lambda _on: self.layers_changed.emit(self.layers()))
            self.boxes[key] = box
            layout.addWidget(box)
        legend = QGroupBox("Legend", self)
        rows = QVBoxLayout(legend)
        for label, colour, fill, dash in legend_entries():
            line = QHBoxLayout()
            icon = QLabel(legend)
            icon.setPixmap(_swatch(colour, fill, dash))
            line.addWidget(icon)
            line.addWidget(QLabel(label, legend), 1)
            rows.addLayout(line)
        note = QLabel("Names are shown as they were on the date. Click a border for its dates "
                      "and sources.", legend)
        note.setWordWrap(True)
        rows.addWidget(note)
        layout.addWidget(legend)
        layout.addStretch(1)

    def layers(self) -> dict[str, bool]:
        """Layer key -> shown."""
        return {key: box.isChecked() for key, box in self.boxes.items()}

    def set_layers(self, layers: dict[str, bool]) -> None:
        """Tick the boxes for ``layers`` (unknown keys ignored) and emit one change."""
        for key, on in layers.items():
            if key in self.boxes:
                with QSignalBlocker(self.boxes[key]):
                    self.boxes[key].setChecked(bool(on))
        self.layers_changed.emit(self.layers())


class EventsPanel(QWidget):
    """The list of events, filtered by text and kind; selecting one announces its id."""

    event_selected = Signal(str)
    pin_mode_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter events…")
        self.filter.setClearButtonEnabled(True)
        self.kind = QComboBox(self)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
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
        layout = QVBoxLayout(self)
        layout.addWidget(modes)
        layout.addWidget(self.filter)
        layout.addWidget(self.kind)
        layout.addWidget(self.list, 1)
        self._events: list[Any] = []
        self.filter.textChanged.connect(lambda _t: self._refill())
        self.kind.currentIndexChanged.connect(lambda _i: self._refill())
        self.list.currentItemChanged.connect(self._current_changed)
        self.mode_group.buttonToggled.connect(self._mode_toggled)

    def pin_mode(self) -> str:
        """The checked pin mode."""
        return next(k for k, b in self.mode_buttons.items() if b.isChecked())

    def set_pin_mode(self, mode: str) -> None:
        """Check ``mode`` (emits :attr:`pin_mode_changed` if it changes)."""
        if mode in self.mode_buttons:
            self.mode_buttons[mode].setChecked(True)

    def _mode_toggled(self, button: QRadioButton, checked: bool) -> None:
        if checked:
            self.pin_mode_changed.emit(str(button.property("mode")))

    def set_events(self, events: list[Any]) -> None:
        """Show ``events`` (objects with id, title, start, kind, place)."""
        self._events = list(events)
        kinds = sorted({e.kind for e in self._events if e.kind})
        current = self.kind.currentData()
        with QSignalBlocker(self.kind):
            self.kind.clear()
            self.kind.addItem("All kinds", None)
            for kind in kinds:
                self.kind.addItem(kind, kind)
            index = self.kind.findData(current)
            self.kind.setCurrentIndex(max(0, index))
        self._refill()

    def _refill(self) -> None:
        keep = self.selected_id()
        text = self.filter.text().strip().casefold()
        kind = self.kind.currentData()
        with QSignalBlocker(self.list):
            self.list.clear()
            for event in self._events:
                haystack = f"{event.title} {event.place} {event.description}".casefold()
                if (text and text not in haystack) or (kind and event.kind != kind):
                    continue
                item = QListWidgetItem(f"{event.start.isoformat()}  {event.title}")
                item.setData(Qt.ItemDataRole.UserRole, event.id)
                item.setToolTip(f"{event.place} · {event.kind} · precision: {event.precision}")
                self.list.addItem(item)
                if event.id == keep:
                    self.list.setCurrentItem(item)

    def _current_changed(self, item: QListWidgetItem | None, _old: Any) -> None:
        if item is not None:
            self.event_selected.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    def selected_id(self) -> str | None:
        """The id of the selected event, if any."""
        item = self.list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def select(self, event_id: str | None, *, announce: bool = True) -> bool:
        """Select the row of ``event_id`` (clearing the filters if it is hidden)."""
        if event_id is None:
            return False
        for attempt in range(2):
            for row in range(self.list.count()):
                item = self.list.item(row)
                if item.data(Qt.ItemDataRole.UserRole) == event_id:
                    with QSignalBlocker(self.list) if not announce else nullcontext():
                        self.list.setCurrentItem(item)
                    self.list.scrollToItem(item)
                    return True
            if attempt == 0:
                with QSignalBlocker(self.filter), QSignalBlocker(self.kind):
                    self.filter.clear()
                    self.kind.setCurrentIndex(0)
                self._refill()
        return False
