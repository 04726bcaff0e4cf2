"""Timeline arithmetic with no Qt: play speeds and calendar-month steps.

The viewer's date, play state and navigation live in :class:`sovietmap.core.viewer.ViewerModel`;
the caption of a date lives in :mod:`sovietmap.core.caption`.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from dateutil.relativedelta import relativedelta

from sovietmap.core.dates import TIMELINE_END, TIMELINE_START

Listener = Callable[["TimelineModel"], None]

#: Play speeds offered to the user: label -> months advanced per tick.
PLAY_SPEEDS: dict[str, int] = {"1 month": 1, "3 months": 3, "6 months": 6, "1 year": 12}


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months, the day clipped to the month's length
    (``dateutil``'s :class:`relativedelta`); beyond the calendar it stops at its first or last
    day."""
    try:
        return day + relativedelta(months=months)
    except (OverflowError, ValueError):
        return dt.date.min if months < 0 else dt.date.max


class TimelineModel:
    """The date the viewer shows, clamped to the timeline, plus play state and change dates."""

    def __init__(
        self,
        start: dt.date = TIMELINE_START,
        end: dt.date = TIMELINE_END,
        day: dt.date | None = None,
        changes: Iterable[dt.date] = (),
    ) -> None:
        if end < start:
            raise ValueError(f"timeline end {end} is before its start {start}")
        self.start = start
        self.end = end
        self._date = self.clamp(day or start)
        self._changes: list[dt.date] = []
        self._playing = False
        self.speed = PLAY_SPEEDS["1 month"]
        self._listeners: list[Listener] = []
        self.set_changes(changes)

    # --- listeners -------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(model)`` after every change; returns a function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener(self)

    # --- date ------------------------------------------------------------------------------
    @property
    def date(self) -> dt.date:
        """The current date."""
        return self._date

    def clamp(self, day: dt.date) -> dt.date:
        """``day`` moved into the timeline's range."""
        return min(max(day, self.start), self.end)

    def set_date(self, day: dt.date) -> bool:
        """Move to ``day`` (clamped); notify and return True when the date changed."""
        day = self.clamp(day)
        if day == self._date:
            return False
        self._date = day
        self._notify()
        return True

    def step_months(self, months: int) -> bool:
        """Move by whole calendar months (negative goes back)."""
        return self.set_date(add_months(self._date, months))

    def step_years(self, years: int) -> bool:
        """Move by whole years."""
        return self.step_months(12 * years)

    def go_start(self) -> bool:
        """Move to the first day of the timeline."""
        return self.set_date(self.start)

    def go_end(self) -> bool:
        """Move to the last day of the timeline."""
        return self.set_date(self.end)

    # --- changes ---------------------------------------------------------------------------
    @property
    def changes(self) -> list[dt.date]:
        """The sorted, distinct change dates that lie on the timeline."""
        return list(self._changes)

    def set_changes(self, days: Iterable[dt.date]) -> None:
        """Replace the change dates (border changes and event dates) and notify."""
        self._changes = sorted({d for d in days if self.start <= d <= self.end})
        self._notify()

    def next_change(self, day: dt.date | None = None) -> dt.date | None:
        """The first change date strictly after ``day`` (default: the current date)."""
        day = self._date if day is None else day
        i = bisect.bisect_right(self._changes, day)
        return self._changes[i] if i < len(self._changes) else None

    def prev_change(self, day: dt.date | None = None) -> dt.date | None:
        """The last change date strictly before ``day`` (default: the current date)."""
        day = self._date if day is None else day
        i = bisect.bisect_left(self._changes, day)
        return self._changes[i - 1] if i > 0 else None

    def go_next_change(self) -> bool:
        """Jump to the next change date, if any."""
        day = self.next_change()
        return day is not None and self.set_date(day)

    def go_prev_change(self) -> bool:
        """Jump to the previous change date, if any."""
        day = self.prev_change()
        return day is not None and self.set_date(day)

    # --- play ------------------------------------------------------------------------------
    @property
    def playing(self) -> bool:
        """Whether the timeline is playing."""
        return self._playing

    def set_playing(self, playing: bool) -> None:
        """Start or stop playing; starting at the end rewinds to the start first."""
        if playing == self._playing:
            return
        self._playing = playing
        if playing and self._date >= self.end:
            self._date = self.start
        self._notify()

    def toggle_playing(self) -> None:
        """Play when paused, pause when playing."""
        self.set_playing(not self._playing)

    def set_speed(self, months: int) -> None:
        """Months advanced per play tick (at least one)."""
        self.speed = max(1, int(months))

    def tick(self) -> None:
        """One play step: advance by ``speed`` months; stop at the end."""
        if not self._playing:
            return
        if self._date >= self.end:
            self.set_playing(False)
            return
        self.step_months(self.speed)
        if self._date >= self.end:
            self.set_playing(False)

    def snapshot(self) -> dict[str, Any]:
        """The model's state as plain data (for logs and tests)."""
        return {"date": self._date.isoformat(), "playing": self._playing, "speed": self.speed}


from sovietmap.core.caption import describe_state, standing_sources  # noqa: E402, F401
