"""What the events list and the pins need of a catalogue, worked out once (no Qt).

A catalogue of 200,000 events is too big to scan in Python on every keystroke or date step
within the window's frame budget, so :class:`EventIndex` keeps, beside the catalogue:

- one lower-case search key per event (title, place and description), so a filter is one
  C-level substring pass over a list of strings;
- the rows of each kind, so a kind filter costs nothing;
- the distinct start dates (the marks on the timeline);
- the events in classes by length (a day, a month, a year, longer), so the events that hold
  on a date are found by looking only at those that started at most a class's length before.

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
#: Upper bounds of the length classes (end - start); the last class holds the rest.
SPANS = (dt.timedelta(0), dt.timedelta(days=31), dt.timedelta(days=366))


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
    by_span: list[tuple[dt.timedelta, list[Event]]]  # (longest in the class, its events)

    @classmethod
    def build(
        cls, catalogue: EventCatalogue, step: Callable[[int, int], None] | None = None
    ) -> EventIndex:
        """Index ``catalogue``; ``step(done, total)`` is called every :data:`CHUNK` rows."""
        events = catalogue.events
        keys: list[str] = []
        kind_rows: dict[str, list[int]] = {}
        starts: set[dt.date] = set()
        classes: list[list[Event]] = [[] for _ in range(len(SPANS) + 1)]
        longest = [dt.timedelta(0)] * len(classes)
        for first in range(0, len(events), CHUNK):
            part = events[first : first + CHUNK]
            keys += [search_key(e) for e in part]
            for row, event in enumerate(part, start=first):
                kind_rows.setdefault(event.kind, []).append(row)
                starts.add(event.start)
                span = event.end - event.start
                c = bisect.bisect_left(SPANS, span)
                classes[c].append(event)
                longest[c] = max(longest[c], span)
            if step is not None:
                step(first + len(part), len(events))
        by_span = [(longest[c], classes[c]) for c in range(len(classes)) if classes[c]]
        return cls(catalogue, keys, kind_rows, sorted(starts), by_span)

    @property
    def events(self) -> list[Event]:
        """The catalogue's events, sorted by (start, id)."""
        return self.catalogue.events

    def kinds(self) -> list[str]:
        """The distinct non-empty kinds, sorted."""
        return sorted(k for k in self.kind_rows if k)

    def rows_matching(
        self, text: str, kind: str | None, within: Sequence[int] | None = None
    ) -> Sequence[int]:
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
        return list(
            compress(within, map(operator.contains, map(keys.__getitem__, within), repeat(text)))
        )

    def row_of(self, event_id: str) -> int | None:
        """The position of ``event_id`` in :attr:`events`, if it is there."""
        try:
            event = self.catalogue.by_id(event_id)
        except KeyError:
            return None
        row = bisect.bisect_left(
            self.events, (event.start, event.id), key=lambda e: (e.start, e.id)
        )
        return row if row < len(self.events) and self.events[row] is event else None

    def holding(self, first: dt.date, last: dt.date) -> list[Event]:
        """Events with at least one day from ``first`` to ``last``, sorted by (start, id)."""
        start = operator.attrgetter("start")
        found: list[Event] = []
        for longest, events in self.by_span:
            earliest = first - longest if longest < first - dt.date.min else dt.date.min
            lo = bisect.bisect_left(events, earliest, key=start)
            hi = bisect.bisect_right(events, last, key=start)
            found += [e for e in events[lo:hi] if e.end >= first]
        if len(self.by_span) > 1:
            found.sort(key=lambda e: (e.start, e.id))
        return found
