"""The timeline model: the current date, play state and change dates, with no Qt.

Widgets set the model and listen to it (as napari's ``Dims``): one change, one notification.
The model works at day resolution; play advances by whole months so that a step is visible.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from sovietmap.core.dates import TIMELINE_END, TIMELINE_START

#: Play speeds offered to the user: label -> months advanced per tick.
PLAY_SPEEDS: dict[str, int] = {"1 month": 1, "3 months": 3, "6 months": 6, "1 year": 12}

Listener = Callable[["TimelineModel"], None]


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months, the day clipped to the month's length."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if year < dt.MINYEAR or year > dt.MAXYEAR:
        return dt.date.min if months < 0 else dt.date.max
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


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


#: Ids of the Azerbaijani polity through the period, tried in this order.
AZERBAIJAN_IDS = ("azerbaijan-republic", "azerbaijan-ssr", "adr")

#: Steps towards independence that no border shows, by the acts of the Supreme Soviet of
#: Azerbaijan: from, words, citation key (data/bibliography.yaml; also cited on the Republic
#: of Azerbaijan's border).
INDEPENDENCE_STEPS: tuple[tuple[dt.date, str, str], ...] = (
    (
        dt.date(1991, 8, 30),
        "independence declared on 30 Aug 1991 (Declaration on restoring the state independence)",
        "S31",
    ),
    (
        dt.date(1991, 10, 18),
        "Constitutional Act on State Independence adopted on 18 Oct 1991 "
        "(after the declaration of 30 Aug)",
        "S31",
    ),
)


def _step(day: dt.date) -> tuple[dt.date, str, str] | None:
    """The latest independence step on or before ``day``."""
    return next((step for step in reversed(INDEPENDENCE_STEPS) if step[0] <= day), None)


def standing_sources(atlas: Any, day: dt.date) -> list[str]:
    """Citation keys of the acts the caption of ``day`` names (none before 30 Aug 1991)."""
    step = _step(day)
    return [step[2]] if step is not None and "ussr" in atlas.names_at(day) else []


def _union_end(atlas: Any, day: dt.date) -> dt.date | None:
    """The day the USSR's last interval ends, if it ends after ``day`` (None if unknown)."""
    intervals = getattr(atlas, "intervals", None)
    if intervals is None:
        return None
    ends = [end for _start, end in intervals("ussr") if end is not None]
    return max(ends) if ends and max(ends) > day else None


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _when(day: dt.date) -> str:
    """``day`` as '26 Dec 1991' (in English whatever the locale)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def describe_state(atlas: Any, day: dt.date) -> str:
    """A one-line caption of Azerbaijan's standing on ``day``, derived from the border atlas.

    ``atlas`` is a :class:`~sovietmap.core.atlas.BorderIndex` (or anything with
    ``names_at(day)`` returning polity id -> name).
    """
    names = atlas.names_at(day)
    home_id = next((i for i in AZERBAIJAN_IDS if i in names), None)
    if home_id is None:
        return "No Azerbaijani state on this date"
    text = names[home_id]
    if "tsfsr" in names:
        text += f" within the {names['tsfsr']}"
    step = _step(day)
    if "ussr" in names and step is not None:
        end = _union_end(atlas, day)
        until = f" until {_when(end)}" if end else ""
        return f"{text}: {step[1]}; still part of the {names['ussr']}{until}"
    if "ussr" in names:
        return f"{text}, part of the {names['ussr']}"
    if "tsfsr" in names:
        return f"{text}, before the USSR"
    if home_id == "azerbaijan-ssr":
        return f"{text}, a Soviet republic before the USSR"
    return f"{text}, independent"
