"""The timeline bar: a day-resolution slider with year ticks and change marks, the exact date,
a caption, play/pause with speeds, prev/next year and change, and a typed-date entry.

The bar only sets the Qt-free :class:`TimelineModel` and listens to it; its own widgets are
updated under :class:`QSignalBlocker` so one change makes one update.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from PySide6.QtCore import QRect, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
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

from sovietmap.core.dates import DateError, parse_timeline_date
from sovietmap.core.timeline import PLAY_SPEEDS, TimelineModel

#: Milliseconds between play steps.
PLAY_INTERVAL_MS = 400
BORDER_MARK = QColor("#D55E00")
EVENT_MARK = QColor("#0072B2")


class MarkedSlider(QSlider):
    """A horizontal slider over days that paints year ticks, labels and change marks."""

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
        self.setToolTip("Drag to move in time; marks: orange = border change, blue = event")

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
        """Paint ticks, labels and marks under the standard slider."""
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        style = self.style()
        groove = style.subControlRect(
            QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, self
        )
        handle = style.subControlRect(
            QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, self
        ).width()
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
        painter.end()
        super().paintEvent(event)


class TimelineBar(QWidget):
    """Everything to move through time, bound to a :class:`TimelineModel`."""

    #: The user typed a date that is not valid (the message says why).
    date_rejected = Signal(str)

    def __init__(
        self, model: TimelineModel, caption: Callable[[dt.date], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self._caption_of = caption
        self.slider = MarkedSlider(model.start, model.end, self)
        self.date_edit = QLineEdit(self)
        self.date_edit.setPlaceholderText("YYYY-MM-DD")
        self.date_edit.setMaximumWidth(120)
        self.date_edit.setToolTip("Type a date (YYYY-MM-DD) and press Enter")
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
        self.timer = QTimer(self, interval=PLAY_INTERVAL_MS)
        self.timer.timeout.connect(model.tick)

        self.buttons: dict[str, QToolButton] = {}
        row = QHBoxLayout()
        for key, icon, tip, slot in (
            ("start", "SP_MediaSkipBackward", "First day (Home)", model.go_start),
            ("prev_change", "SP_ArrowLeft", "Previous change (PgUp)", model.go_prev_change),
            ("prev_year", "SP_MediaSeekBackward", "Back a year (←)", lambda: model.step_years(-1)),
            ("play", "SP_MediaPlay", "Play / pause (Space)", model.toggle_playing),
            ("next_year", "SP_MediaSeekForward", "Forward a year (→)", lambda: model.step_years(1)),
            ("next_change", "SP_ArrowRight", "Next change (PgDn)", model.go_next_change),
            ("end", "SP_MediaSkipForward", "Last day (End)", model.go_end),
        ):
            button = QToolButton(self)
            button.setIcon(self.style().standardIcon(getattr(QStyle.StandardPixmap, icon)))
            button.setToolTip(tip)
            button.setAccessibleName(tip)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(slot)
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

        self.slider.valueChanged.connect(lambda v: model.set_date(self.slider.day_of(v)))
        self.date_edit.returnPressed.connect(self._typed)
        self.speed.currentIndexChanged.connect(
            lambda i: model.set_speed(list(PLAY_SPEEDS.values())[i])
        )
        self._unsubscribe = model.subscribe(lambda _m: self.refresh())
        self.refresh()

    def set_marks(self, borders: Iterable[dt.date], events: Iterable[dt.date]) -> None:
        """Dates painted on the slider."""
        self.slider.set_marks(borders, events)

    def set_speed_months(self, months: int) -> None:
        """Select the play speed of ``months`` per step, if offered."""
        values = list(PLAY_SPEEDS.values())
        if months in values:
            self.speed.setCurrentIndex(values.index(months))

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
        self.model.set_date(day)
        self.refresh()

    def refresh(self) -> None:
        """Show the model's state in the widgets without echoing back to the model."""
        day = self.model.date
        with QSignalBlocker(self.slider):
            self.slider.setValue(self.slider.value_of(day))
        if not self.date_edit.hasFocus():
            self.date_edit.setText(day.isoformat())
        self.date_label.setText(f"{day.day} {day:%B %Y}")
        self.caption.setText(self._caption_of(day))
        icon = "SP_MediaPause" if self.model.playing else "SP_MediaPlay"
        pixmap = getattr(QStyle.StandardPixmap, icon)
        self.buttons["play"].setIcon(self.style().standardIcon(pixmap))
        if self.model.playing and not self.timer.isActive():
            self.timer.start()
        elif not self.model.playing and self.timer.isActive():
            self.timer.stop()
