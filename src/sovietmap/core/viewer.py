"""The viewer's state in one Qt-free model: date, play state, layers, pins, selection, extent.

Everything the user can change lives here, and each field has its own change signal (as the
fields of napari's ``Dims`` do), so that a listener hears only what it cares about: toggling
play emits ``playing_changed`` and nothing else, so the page is not sent the date again.
Widgets, menu actions, settings, exports and the page bind to the model; ``ui/wiring.py``
connects them in one place. The play clock (``ui/playclock.py``) sits beside the model and
calls :meth:`ViewerModel.tick`.

Every setter emits only on a real change, after the field holds its new value.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Generic, TypeVar

from sovietmap.core.changes import DEFAULT_POLITY
from sovietmap.core.dates import TIMELINE_END, TIMELINE_START
from sovietmap.core.timeline import PLAY_SPEEDS, add_months

T = TypeVar("T")

#: The pin modes: pins of the day, of the year, or of everything up to the day.
PIN_MODES: tuple[str, ...] = ("date", "year", "upto")

#: A map extent: west, south, east, north in degrees.
Extent = tuple[float, float, float, float]


class Signal(Generic[T]):
    """A small Qt-free signal: callbacks connected in order, each called with the new value."""

    def __init__(self) -> None:
        self._slots: list[Callable[[T], object]] = []

    def connect(self, slot: Callable[[T], object]) -> None:
        """Call ``slot(value)`` on every emit (a slot connected twice is called twice)."""
        self._slots.append(slot)

    def disconnect(self, slot: Callable[[T], object]) -> None:
        """Stop calling ``slot`` (one connection of it); a slot not connected is ignored."""
        if slot in self._slots:
            self._slots.remove(slot)

    def emit(self, value: T) -> None:
        """Call the connected slots with ``value`` (slots connected meanwhile wait a turn)."""
        for slot in list(self._slots):
            slot(value)

    def __len__(self) -> int:
        """The number of connections."""
        return len(self._slots)


class ViewerModel:
    """What the viewer shows, with the timeline's navigation; no Qt.

    The date is clamped to ``[start, end]``; ``changes`` are the dates worth stopping at
    (border changes and event dates).
    """

    def __init__(
        self,
        start: dt.date = TIMELINE_START,
        end: dt.date = TIMELINE_END,
        day: dt.date | None = None,
        changes: Iterable[dt.date] = (),
        *,
        layers: Mapping[str, bool] | None = None,
        pin_mode: str = "date",
        speed: int = PLAY_SPEEDS["1 month"],
    ) -> None:
        if end < start:
            raise ValueError(f"timeline end {end} is before its start {start}")
        _check_pin_mode(pin_mode)
        self.start = start
        self.end = end
        self._date = self.clamp(day or start)
        self._playing = False
        self._speed = max(1, int(speed))
        self._layers: dict[str, bool] = dict(layers or {})
        self._pin_mode = pin_mode
        self._selected_event: str | None = None
        self._extent: Extent | None = None
        self._compare_date: dt.date | None = None
        self._compare_polity: str | None = DEFAULT_POLITY
        self._changes: list[dt.date] = []
        self.date_changed: Signal[dt.date] = Signal()
        self.playing_changed: Signal[bool] = Signal()
        self.speed_changed: Signal[int] = Signal()
        self.layers_changed: Signal[dict[str, bool]] = Signal()
        self.pin_mode_changed: Signal[str] = Signal()
        self.selected_event_changed: Signal[str | None] = Signal()
        self.extent_changed: Signal[Extent | None] = Signal()
        #: Compare mode: the second date (None: Compare is off).
        self.compare_date_changed: Signal[dt.date | None] = Signal()
        #: Compare mode: the polity compared (None: every polity).
        self.compare_polity_changed: Signal[str | None] = Signal()
        #: The change dates were replaced (no value worth sending: read :attr:`changes`).
        self.changes_changed: Signal[list[dt.date]] = Signal()
        self.set_changes(changes)

    # --- fields ----------------------------------------------------------------------------
    @property
    def date(self) -> dt.date:
        """The date shown."""
        return self._date

    @property
    def playing(self) -> bool:
        """Whether the timeline plays."""
        return self._playing

    @property
    def speed(self) -> int:
        """Months advanced per play tick."""
        return self._speed

    @property
    def layers(self) -> dict[str, bool]:
        """Layer key -> shown (a copy)."""
        return dict(self._layers)

    @property
    def pin_mode(self) -> str:
        """Which pins the map shows: one of :data:`PIN_MODES`."""
        return self._pin_mode

    @property
    def selected_event(self) -> str | None:
        """The id of the selected event, if any."""
        return self._selected_event

    @property
    def extent(self) -> Extent | None:
        """The map's view as (west, south, east, north), once known."""
        return self._extent

    @property
    def compare_date(self) -> dt.date | None:
        """The date the shown date is compared with (None: Compare is off)."""
        return self._compare_date

    # --- setters ---------------------------------------------------------------------------
    def clamp(self, day: dt.date) -> dt.date:
        """``day`` moved into the timeline's range."""
        return min(max(day, self.start), self.end)

    def set_date(self, day: dt.date) -> bool:
        """Move to ``day`` (clamped); return True (having emitted) when the date changed."""
        day = self.clamp(day)
        if day == self._date:
            return False
        self._date = day
        self.date_changed.emit(day)
        return True

    def set_playing(self, playing: bool) -> bool:
        """Start or stop playing; starting on the last day rewinds to the first day first."""
        playing = bool(playing)
        if playing == self._playing:
            return False
        if playing and self._date >= self.end:
            self.set_date(self.start)
        self._playing = playing
        self.playing_changed.emit(playing)
        return True

    def toggle_playing(self) -> None:
        """Play when paused, pause when playing."""
        self.set_playing(not self._playing)

    def set_speed(self, months: int) -> bool:
        """Months advanced per play tick (at least one)."""
        months = max(1, int(months))
        if months == self._speed:
            return False
        self._speed = months
        self.speed_changed.emit(months)
        return True

    def set_layers(self, layers: Mapping[str, bool]) -> bool:
        """Show or hide the layers named in ``layers`` (others keep their state)."""
        merged = {**self._layers, **{k: bool(v) for k, v in layers.items()}}
        if merged == self._layers:
            return False
        self._layers = merged
        self.layers_changed.emit(dict(merged))
        return True

    def set_layer(self, key: str, on: bool) -> bool:
        """Show or hide one layer."""
        return self.set_layers({key: on})

    def set_pin_mode(self, mode: str) -> bool:
        """Choose which pins the map shows (one of :data:`PIN_MODES`)."""
        _check_pin_mode(mode)
        if mode == self._pin_mode:
            return False
        self._pin_mode = mode
        self.pin_mode_changed.emit(mode)
        return True

    def select_event(self, event_id: str | None) -> bool:
        """Select an event by id (None: none). The date is not moved here; wiring decides."""
        if event_id == self._selected_event:
            return False
        self._selected_event = event_id
        self.selected_event_changed.emit(event_id)
        return True

    def set_extent(self, extent: Iterable[float] | None) -> bool:
        """The map's view as (west, south, east, north) in degrees."""
        value = None if extent is None else _extent(extent)
        if value == self._extent:
            return False
        self._extent = value
        self.extent_changed.emit(value)
        return True

    def set_compare_date(self, day: dt.date | None) -> bool:
        """Compare the shown date with ``day`` (clamped); None turns Compare off."""
        value = None if day is None else self.clamp(day)
        if value == self._compare_date:
            return False
        self._compare_date = value
        self.compare_date_changed.emit(value)
        return True

    @property
    def compare_polity(self) -> str | None:
        """The polity Compare shows (a polity id or a ``core.changes.LINEAGES`` key; None:
        every polity). Kept while Compare is off, for the next time."""
        return self._compare_polity

    def set_compare_polity(self, polity: str | None) -> bool:
        """Compare ``polity`` (None: every polity)."""
        value = polity or None
        if value == self._compare_polity:
            return False
        self._compare_polity = value
        self.compare_polity_changed.emit(value)
        return True

    # --- navigation ------------------------------------------------------------------------
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

    @property
    def changes(self) -> list[dt.date]:
        """The sorted, distinct change dates that lie on the timeline."""
        return list(self._changes)

    def set_changes(self, days: Iterable[dt.date]) -> None:
        """Replace the change dates (border changes and event dates)."""
        changes = sorted({d for d in days if self.start <= d <= self.end})
        if changes != self._changes:
            self._changes = changes
            self.changes_changed.emit(list(changes))

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

    def tick(self) -> None:
        """One play step (the play clock calls this): ``speed`` months on; stop at the end."""
        if not self._playing:
            return
        if self._date < self.end:
            self.step_months(self._speed)
        if self._date >= self.end:
            self.set_playing(False)

    def snapshot(self) -> dict[str, object]:
        """The model's state as plain data (for logs and tests)."""
        return {
            "date": self._date.isoformat(),
            "playing": self._playing,
            "speed": self._speed,
            "layers": dict(self._layers),
            "pin_mode": self._pin_mode,
            "selected_event": self._selected_event,
            "extent": self._extent,
            "compare_date": None if self._compare_date is None else self._compare_date.isoformat(),
            "compare_polity": self._compare_polity,
        }


def _check_pin_mode(mode: str) -> None:
    if mode not in PIN_MODES:
        raise ValueError(f"unknown pin mode {mode!r} (expected one of {', '.join(PIN_MODES)})")


def _extent(values: Iterable[float]) -> Extent:
    west, south, east, north = (float(v) for v in values)
    return (west, south, east, north)
