"""What the events list and the pins need of a catalogue, worked out once (no Qt).

A catalogue of 200,000 events is too big to scan in Python on every keystroke or date step
within the window's frame budget, so :class:`EventIndex` keeps, beside the catalogue:

- one lower-case search key per event (title, place and description), so a filter is one
  C-level substring pass over a list of strings;
- the rows of each kind, so a kind filter costs nothing;
- the distinct start dates (the marks on the timeline) and the longest interval, which bounds
  the window of events that can hold on a date.

It is built on the loading thread (:mod:`sovietmap.ui.events_loader`), never on the GUI thread
for a big file.
"""

from __future__ import annotations

import bisect
import datetime as dt
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import compress, repeat

from sovietmap.core.events import Event, EventCatalogue

#: Rows worked per step by :meth:`EventIndex.build` between two calls of its ``step`` hook.
CHUNK = 10_000


def search_key(event: Event) -> str:
    """The lower-case text a filter looks in: title, place and description."""
    return f"{event.title} {event.place} {event.description}".casefold()


@dataclass(frozen=True)
class EventIndex:
    """A catalogue with its search keys, rows by kind, start dates and longest interval."""

    catalogue: EventCatalogue
    keys: list[str]
    kind_rows: dict[str, list[int]]
    dates: list[dt.date]
    longest: dt.timedelta

    @classmethod
    def build(cls, catalogue: EventCatalogue,
              step: Callable[[int, int], None] | None = None) -> EventIndex:
        """Index ``catalogue``; ``step(done, total)`` is called every :data:`CHUNK` rows."""
        events = catalogue.events
        keys: list[str] = []
        kind_rows: dict[str, list[int]] = {}
        longest = dt.timedelta(0)
        starts: set[dt.date] = set()
        for first in range(0, len(events), CHUNK):
            part = events[first:first + CHUNK]
            keys += [search_key(e) for e in part]
            for row, event in enumerate(part, start=first):
                kind_rows.setdefault(event.kind, []).append(row)
                longest = max(longest, event.end - event.start)
                starts.add(event.start)
            if step is not None:
                step(first + len(part), len(events))
        return cls(catalogue, keys, kind_rows, sorted(starts), longest)

    @property
    def events(self) -> list[Event]:
        """The catalogue's events, sorted by (start, id)."""
        return self.catalogue.events

    def kinds(self) -> list[str]:
        """The distinct non-empty kinds, sorted."""
        return sorted(k for k in self.kind_rows if k)

    def rows_matching(self, text: str, kind: str | None,
                      within: Sequence[int] | None = None) -> Sequence[int]:
        """Rows whose key holds ``text`` (already case-folded) and of ``kind`` (None: any).

        ``within``, if given, are the rows of a shorter text with the same kind (typing on):
        only they are searched.
        """
        keys = self.keys
        if within is None and kind:
            within = self.kind_rows.get(kind, [])
        if within is None:
            if not text:
                return range(len(keys))
            # every row: one pass in C over the keys
            return list(compress(range(len(keys)), map(operator.contains, keys, repeat(text))))
        if not text:
            return within
        return [r for r in within if text in keys[r]]

    def row_of(self, event_id: str) -> int | None:
        """The position of ``event_id`` in :attr:`events`, if it is there."""
        try:
            event = self.catalogue.by_id(event_id)
        except KeyError:
            return None
        row = bisect.bisect_left(self.events, (event.start, event.id),
                                 key=lambda e: (e.start, e.id))
        return row if row < len(self.events) and self.events[row] is event else None

    def starting_between(self, first: dt.date, last: dt.date) -> tuple[int, int]:
        """The slice of :attr:`events` that starts from ``first`` to ``last``, inclusive."""
        events = self.events
        lo = bisect.bisect_left(events, first, key=operator.attrgetter("start"))
        hi = bisect.bisect_right(events, last, key=operator.attrgetter("start"))
        return lo, max(lo, hi)
