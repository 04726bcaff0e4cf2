"""Which events the map page gets as pins (no Qt).

The page makes one Leaflet marker per event it is given and walks them all on every date
change, which is fine for the catalogue and a few thousand user events but not for 200,000.
So:

- up to :data:`PAGE_EVENTS_MAX` events in all: the page gets every event once and shows those
  of the pin mode itself (as it always did);
- more: the page gets only the events of the current pin mode (on this date, in this year,
  up to this date), at most :data:`PAGE_EVENTS_MAX` of them — the latest to start — plus the
  selected one; the set is sent again only when it changes.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import operator
from collections.abc import Callable
from dataclasses import dataclass

from sovietmap.core.events import Event
from sovietmap.ui.eventindex import EventIndex

#: The most events the page is given at once: it rebuilds its markers on each new set, which
#: for 500 takes a few tens of milliseconds; a thousand more pins would hide one another in the
#: map's view anyway.
PAGE_EVENTS_MAX = 500


@dataclass(frozen=True)
class PinChoice:
    """The events for the page; ``total`` is how many the mode holds (None: all given)."""

    events: list[Event]
    total: int | None

    @property
    def capped(self) -> bool:
        """True if the mode holds more events than the page was given."""
        return self.total is not None and self.total > len(self.events)


def choose_pins(
    index: EventIndex, day: dt.date, mode: str, focus: str | None = None, cap: int = PAGE_EVENTS_MAX
) -> PinChoice:
    """The events the page should hold for ``day`` in pin ``mode`` ('date', 'year', 'upto')."""
    events = index.events
    if len(events) <= cap:
        return PinChoice(events, None)
    if mode == "upto":
        hi = bisect.bisect_right(events, day, key=operator.attrgetter("start"))
        chosen, total = events[max(0, hi - cap) : hi], hi
    else:
        first, last = (
            (day, day) if mode == "date" else (dt.date(day.year, 1, 1), dt.date(day.year, 12, 31))
        )
        matches = index.holding(first, last)
        chosen, total = matches[-cap:], len(matches)
    if focus is not None and all(e.id != focus for e in chosen):
        with contextlib.suppress(KeyError):  # an id no longer there: nothing to add
            chosen = [*chosen, index.catalogue.by_id(focus)]
    return PinChoice(chosen, total)


class PinFeed:
    """Keeps the page's events in step with the date, mode and selection; sends on change."""

    def __init__(self, send: Callable[[list[Event]], None], cap: int = PAGE_EVENTS_MAX) -> None:
        self.send = send
        self.cap = cap
        self._sent_to: object | None = None  # the catalogue last sent from (identity)
        self._sent_ids: tuple[str, ...] | None = None
        self.last: PinChoice | None = None

    def update(
        self, index: EventIndex, day: dt.date, mode: str, focus: str | None = None
    ) -> PinChoice:
        """Choose the pins; send them if they differ from the last sent."""
        choice = choose_pins(index, day, mode, focus, self.cap)
        # all events (total None): once per catalogue; else whenever the set changes
        ids = None if choice.total is None else tuple(e.id for e in choice.events)
        if self._sent_to is not index.catalogue or (ids is not None and ids != self._sent_ids):
            self._sent_to, self._sent_ids = index.catalogue, ids
            self.send(choice.events)
        self.last = choice
        return choice
