"""The timeline bar: a day-resolution slider with year ticks and change marks, the exact date,
a caption, play/pause with speeds, prev/next year and change, and a typed-date entry.

The bar knows no model: it announces what the user asks for (:attr:`TimelineBar.date_picked`,
:attr:`TimelineBar.command`, :attr:`TimelineBar.speed_picked`) and shows what it is told
(:meth:`TimelineBar.show_date`, :meth:`TimelineBar.show_playing`,
:meth:`TimelineBar.show_speed`); ``ui/wiring.py`` binds both sides to the
:class:`~sovietmap.core.viewer.ViewerModel`. Shown values are set under
:class:`QSignalBlocker`, so showing never echoes back as a request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from PySide6.QtCore import QPoint, QRect, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QPolygon
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSlider,
    QStyle,
    QStyleOptionSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sovietmap.core.dates import TIMELINE_END, TIMELINE_START, DateError, parse_timeline_date
from sovietmap.core.timeline import PLAY_SPEEDS
from sovietmap.ui.shortcuts import KEYS, key_text

BORDER_MARK = QColor("#D55E00")
EVENT_MARK = QColor("#0072B2")
#: Compare mode's second handle (the compare date) and the band of the compared interval.
COMPARE_HANDLE = QColor("#6a3d9a")
COMPARE_BAND = QColor(106, 61, 154, 60)
#: How near (px) a press must be to the second handle to take it rather than the slider.
COMPARE_GRIP = 7

#: The bar's buttons: command, icon, name (the command names are those of ``ui/wiring.py``;
#: the tooltip adds the command's key from :data:`sovietmap.ui.shortcuts.KEYS`).
BUTTONS: tuple[tuple[str, str, str], ...] = (
    ("start", "SP_MediaSkipBackward", "First day"),
    ("prev_change", "SP_ArrowLeft", "Previous change"),
    ("prev_year", "SP_MediaSeekBackward", "Back a year"),
    ("play", "SP_MediaPlay", "Play / pause"),
    ("next_year", "SP_MediaSeekForward", "Forward a year"),
    ("next_change", "SP_ArrowRight", "Next change"),
    ("end", "SP_MediaSkipForward", "Last day"),
)


def _key_of(command: str) -> str:
    """The key of ``command`` in the one key table, as Help shows it ("" if none)."""
    return next((key_text(k.keys) for k in KEYS if k.command == command), "")


class MarkedSlider(QSlider):
    """A horizontal slider over days that paints year ticks, labels and change marks, and in
    Compare mode a second handle at the compare date (drag it to move that date), with the
    compared interval shaded between the two handles."""

    #: The user dragged the second handle to a day.
    compare_dragged = Signal(object)

    def __init__(self, start: dt.date, end: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.start = start
        self.end = end
        self.setRange(0, (end - start).days)
        self.setPageStep(365)
        self.setSingleStep(1)
        self.setMinimumHeight(58)
        self.setMinimumWidth(400)
        self.border_marks: list[dt.date] = []
        self.event_marks: list[dt.date] = []
        self._xs: dict[tuple[str, int, int, int], list[int]] = {}
        #: The compare date (None: Compare is off, no second handle).
        self.compare_day: dt.date | None = None
        self._dragging_compare = False
        self.setToolTip(
            "Drag to move in time; marks: orange = border change, blue = event; "
            "in Compare mode, drag the purple handle to move the second date"
        )
        self.setAccessibleName("Timeline")
        self.setAccessibleDescription(
            "The date shown, 1918 to 1995; arrows: a year, Shift+arrows: a month, "
            "Page Up and Page Down: the previous or next change"
        )

    def value_of(self, day: dt.date) -> int:
        """Slider value of ``day``."""
        return (day - self.start).days

    def day_of(self, value: int) -> dt.date:
        """The day at slider value ``value``."""
        return self.start + dt.timedelta(days=int(value))

    def set_marks(self, borders: Iterable[dt.date], events: Iterable[dt.date]) -> None:
        """Dates to mark: border changes and event dates."""
        self.border_marks = sorted(borders)
        self.event_marks = sorted(events)
        self._xs.clear()
        self.update()

    def set_compare_day(self, day: dt.date | None) -> None:
        """Show the second handle at ``day`` (None: hide it)."""
        if day != self.compare_day:
            self.compare_day = day
            self.update()

    def _part(self, part: QStyle.SubControl) -> QRect:
        """Where the style draws ``part`` (the groove, the handle) now."""
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        return self.style().subControlRect(QStyle.ComplexControl.CC_Slider, option, part, self)

    def _geometry(self) -> tuple[QRect, int]:
        """The groove's rectangle and the handle's width."""
        groove = self._part(QStyle.SubControl.SC_SliderGroove)
        return groove, self._part(QStyle.SubControl.SC_SliderHandle).width()

    def compare_x(self) -> int | None:
        """The x of the second handle (None: Compare is off)."""
        if self.compare_day is None:
            return None
        groove, handle = self._geometry()
        return self._x(self.compare_day, groove, handle)

    def day_at(self, x: float) -> dt.date:
        """The day under x (clamped to the timeline)."""
        groove, handle = self._geometry()
        span = groove.width() - handle
        value = QStyle.sliderValueFromPosition(
            self.minimum(), self.maximum(), round(x) - groove.x() - handle // 2, span
        )
        return self.day_of(value)

    def _on_main_handle(self, point: QPoint) -> bool:
        return self._part(QStyle.SubControl.SC_SliderHandle).contains(point)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        """A press on the second handle takes it (the date handle wins where they overlap)."""
        x = self.compare_x()
        point = event.position().toPoint()
        if (
            x is not None
            and event.button() == Qt.MouseButton.LeftButton
            and abs(point.x() - x) <= COMPARE_GRIP
            and not self._on_main_handle(point)
        ):
            self._dragging_compare = True
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        """Dragging the second handle moves the compare date."""
        if self._dragging_compare:
            day = self.day_at(event.position().x())
            if day != self.compare_day:
                self.set_compare_day(day)
                self.compare_dragged.emit(day)
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        """Let go of the second handle."""
        if self._dragging_compare:
            self._dragging_compare = False
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def _paint_compare(self, painter: QPainter, groove: QRect, handle: int, mid: int) -> None:
        """The compared interval shaded, and the second handle: a line with a triangle."""
        if self.compare_day is None:
            return
        x = self._x(self.compare_day, groove, handle)
        here = self._x(self.day_of(self.value()), groove, handle)
        painter.fillRect(QRect(min(x, here), mid - 6, abs(here - x), 12), COMPARE_BAND)
        painter.setPen(QPen(COMPARE_HANDLE, 2))
        painter.drawLine(x, mid - 22, x, mid + 6)
        painter.setBrush(COMPARE_HANDLE)
        painter.drawPolygon(
            QPolygon([QPoint(x - 6, mid - 28), QPoint(x + 6, mid - 28), QPoint(x, mid - 20)])
        )

    def _mark_xs(self, which: str, days: list[dt.date], groove: QRect, handle: int) -> list[int]:
        """The distinct x of ``days``, kept until the marks or the geometry change: 200,000
        events have up to 28,000 dates, but the slider has only so many pixels to mark."""
        key = (which, groove.x(), groove.width(), handle)
        xs = self._xs.get(key)
        if xs is None:
            span, top = groove.width() - handle, self.maximum() - self.minimum()
            if len(days) < 512 or span <= 0 or top <= span:
                xs = sorted({self._x(day, groove, handle) for day in days})
            else:  # QStyle.sliderPositionFromValue (range > span), in Python integers
                base, origin = groove.x() + handle // 2, self.start.toordinal() + self.minimum()
                values = [min(max(day.toordinal() - origin, 0), top) for day in days]
                xs = sorted({base + (2 * v * span + top) // (2 * top) for v in values})
            self._xs[key] = xs
        return xs

    def _x(self, day: dt.date, groove: QRect, handle: int) -> int:
        span = groove.width() - handle
        pos = QStyle.sliderPositionFromValue(
            self.minimum(), self.maximum(), self.value_of(day), span
        )
        return groove.x() + handle // 2 + pos

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        """Paint ticks, labels and marks (and Compare's second handle) under the slider."""
        groove, handle = self._geometry()
        painter = QPainter(self)
        mid = self.height() // 2
        metrics = painter.fontMetrics()
        label_every = 5 if groove.width() / (self.end.year - self.start.year) > 9 else 10
        for year in range(self.start.year, self.end.year + 1):
            x = self._x(dt.date(year, 1, 1), groove, handle)
            major = year % label_every == 0
            painter.setPen(QPen(QColor("#555555" if major else "#aaaaaa"), 1))
            painter.drawLine(x, mid + 7, x, mid + (15 if major else 10))
            if major:
                text = str(year)
                width = metrics.horizontalAdvance(text)
                painter.drawText(x - width // 2, mid + 16 + metrics.ascent(), text)
        for which, days, colour, top in (
            ("border", self.border_marks, BORDER_MARK, mid - 20),
            ("event", self.event_marks, EVENT_MARK, mid - 13),
        ):
            painter.setPen(QPen(colour, 2))
            for x in self._mark_xs(which, days, groove, handle):
                painter.drawLine(x, top, x, mid - 6)
        self._paint_compare(painter, groove, handle, mid)
        painter.end()
        super().paintEvent(event)


class TimelineBar(QWidget):
    """Everything to move through time: it asks for changes and shows what it is told."""

    #: The user picked a day (slider or typed date).
    date_picked = Signal(object)
    #: The user pressed a button: one of the command names of :data:`BUTTONS`.
    command = Signal(str)
    #: The user picked a play speed (months per step).
    speed_picked = Signal(int)
    #: The user typed a date that is not valid (the message says why).
    date_rejected = Signal(str)
    #: The user dragged Compare's second handle to a day.
    compare_picked = Signal(object)

    def __init__(
        self,
        start: dt.date = TIMELINE_START,
        end: dt.date = TIMELINE_END,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._day = start
        self.slider = MarkedSlider(start, end, self)
        self._slider_description = self.slider.accessibleDescription()
        self.date_edit = QLineEdit(self)
        self.date_edit.setPlaceholderText("YYYY-MM-DD")
        self.date_edit.setMaximumWidth(120)
        self.date_edit.setToolTip("Type a date (YYYY-MM-DD) and press Enter")
        self.date_edit.setAccessibleName("Go to date")
        self.date_edit.setAccessibleDescription("Type a date (YYYY-MM-DD) and press Enter")
        self.date_label = QLabel(self)
        self.date_label.setObjectName("timelineDate")
        self.date_label.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.caption = QLabel(self)
        self.caption.setObjectName("timelineCaption")
        self.caption.setStyleSheet("font-size: 13px; font-style: italic;")
        self.caption.setWordWrap(True)  # the captions of 1991 are long: wrap, never widen
        self.speed = QComboBox(self)
        self.speed.addItems([f"{label} per step" for label in PLAY_SPEEDS])
        self.speed.setToolTip("Play speed")
        self.speed.setAccessibleName("Play speed")

        self.buttons: dict[str, QToolButton] = {}
        row = QHBoxLayout()
        for key, icon, name in BUTTONS:
            button = QToolButton(self)
            button.setObjectName(f"timeline-{key}")
            button.setIcon(self.style().standardIcon(getattr(QStyle.StandardPixmap, icon)))
            keys = _key_of(key)
            button.setToolTip(f"{name} ({keys})" if keys else name)
            button.setAccessibleName(name)
            if keys:
                button.setAccessibleDescription(f"Key: {keys}")
            # Tab reaches the buttons; a click leaves the keyboard where it was (on the map)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(lambda _checked=False, k=key: self.command.emit(k))
            self.buttons[key] = button
            row.addWidget(button)
        row.addWidget(self.speed)
        row.addSpacing(12)
        row.addWidget(self.date_label)
        row.addWidget(self.date_edit)
        row.addSpacing(12)
        row.addWidget(self.caption, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addLayout(row)
        layout.addWidget(self.slider)

        self.slider.valueChanged.connect(lambda v: self.date_picked.emit(self.slider.day_of(v)))
        self.slider.compare_dragged.connect(self.compare_picked)
        self.date_edit.returnPressed.connect(self._typed)
        self.speed.currentIndexChanged.connect(
            lambda i: self.speed_picked.emit(list(PLAY_SPEEDS.values())[i])
        )

    def set_marks(self, borders: Iterable[dt.date], events: Iterable[dt.date]) -> None:
        """Dates painted on the slider."""
        self.slider.set_marks(borders, events)

    def _typed(self) -> None:
        try:
            day = parse_timeline_date(self.date_edit.text(), what="date")
        except DateError as exc:
            self.date_edit.setStyleSheet("background: #f6d5c8;")
            self.date_edit.setToolTip(str(exc))
            self.date_rejected.emit(str(exc))
            return
        self.date_edit.setStyleSheet("")
        self.date_edit.setToolTip("Type a date (YYYY-MM-DD) and press Enter")
        self.date_picked.emit(day)
        self.date_edit.setText(self._day.isoformat())  # as shown (the same day, normalised)

    # --- showing ----------------------------------------------------------------------------
    def show_date(self, day: dt.date, caption: str) -> None:
        """Show ``day`` and its caption without echoing a request."""
        self._day = day
        with QSignalBlocker(self.slider):
            self.slider.setValue(self.slider.value_of(day))
        if not self.date_edit.hasFocus():
            self.date_edit.setText(day.isoformat())
        self.date_label.setText(f"{day.day} {day:%B %Y}")
        self.caption.setText(caption)

    def show_compare_date(self, day: dt.date | None) -> None:
        """Show Compare's second handle at ``day`` (None: Compare is off)."""
        self.slider.set_compare_day(day)
        described = "" if day is None else f"; compared with {day.isoformat()} (purple handle)"
        self.slider.setAccessibleDescription(self._slider_description + described)

    def show_playing(self, playing: bool) -> None:
        """Show the play button as pause while playing."""
        icon = "SP_MediaPause" if playing else "SP_MediaPlay"
        pixmap = getattr(QStyle.StandardPixmap, icon)
        self.buttons["play"].setIcon(self.style().standardIcon(pixmap))

    def show_speed(self, months: int) -> None:
        """Select the play speed of ``months`` per step, if offered."""
        values = list(PLAY_SPEEDS.values())
        if months in values:
            with QSignalBlocker(self.speed):
                self.speed.setCurrentIndex(values.index(months))
