"""Event pins: the catalogue (``data/events.yaml``) and a user's own CSV/GeoJSON/YAML files.

Every event has an inclusive interval (``start``..``end``), a place and coordinates, and,
for the catalogue, a verbatim quote from a seed file. Loading never crashes on bad input:
each bad row gives one :class:`Problem` naming file, row and field; good rows still load.

Rows are numbered as a user sees them: in a CSV, the line on which the record starts (the
header is row 1); in YAML, the position of the item in the list (from 1); in GeoJSON, the
position of the feature (from 1).

**Text is data, never markup.** Titles, descriptions, places, notes and quotes come from
files anyone can write. Every display path (map popups, tooltips, labels, HTML panels) must
pass them through :func:`escape_html` before putting them into HTML, and text printed to a
terminal through :func:`escape_terminal` (control characters written as ``\\x1b``…).
"""

from __future__ import annotations

import bisect
import datetime as dt
import html
import itertools
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from sovietmap import DATA_DIR
from sovietmap.core.eventfiles import READERS, FileError, Progress, RowError, file_records

# The event and its field checks live in eventrecord.py; their names stay importable from here.
from sovietmap.core.eventrecord import CSV_COLUMNS as CSV_COLUMNS
from sovietmap.core.eventrecord import JSON_FIELDS as JSON_FIELDS
from sovietmap.core.eventrecord import PRECISIONS as PRECISIONS
from sovietmap.core.eventrecord import STRICT_FIELDS as STRICT_FIELDS
from sovietmap.core.eventrecord import Event as Event
from sovietmap.core.eventrecord import Source as Source
from sovietmap.core.eventrecord import build_event
from sovietmap.core.eventtext import escape_terminal as escape_terminal

DEFAULT_CATALOGUE = DATA_DIR / "events.yaml"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an events file; ``row``/``field`` are None when it concerns the file."""

    file: str
    row: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.field is not None:
            where += f", field {self.field}"
        return f"{where}: {self.message}"


#: Rows read between two calls of ``load_events_file``'s ``progress`` and ``cancelled`` hooks.
HOOK_ROWS = 2000


class Cancelled(Exception):  # noqa: N818 - what happened, as the caller reads it
    """The ``cancelled`` hook of :func:`load_events_file` said stop; nothing is returned."""


class CatalogueError(ValueError):
    """The bundled catalogue has problems (a packaging bug, not a user error)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("bad event catalogue:\n" + "\n".join(str(p) for p in problems))


def escape_html(text: str) -> str:
    """``text`` made safe to put inside HTML (``& < > " '`` escaped). Use on every display path."""
    return html.escape(text, quote=True)


def load_events_file(
    path: Path,
    *,
    strict: bool = False,
    origin: str | None = None,
    known_ids: Iterable[str] = (),
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[list[Event], list[Problem]]:
    """Read events from a CSV, GeoJSON or YAML file: (good events, one problem per bad row).

    Never raises for bad content. ``strict`` (used for the catalogue) also requires
    ``title_pt``, ``description``, ``place``, ``kind``, ``region`` and a verbatim seed quote.
    ``known_ids`` are ids already taken (a clash is a duplicate-id problem).

    Every :data:`HOOK_ROWS` rows (and once before the first), ``cancelled()`` is asked
    whether to stop (then :class:`Cancelled` is raised and the file closed) and
    ``progress(done, total)`` is told how far the reading has got, once more at the end:
    bytes of the file for CSV, items of the list for YAML and GeoJSON (see
    :class:`~sovietmap.core.eventfiles.Progress`). A CSV file is read a block at a time.
    """
    path = Path(path)
    name = str(path)
    origin = name if origin is None else origin
    if path.suffix.lower() not in READERS:
        kinds = ", ".join(sorted(READERS))
        return [], [Problem(name, None, None, f"unsupported file type (use {kinds})")]
    events: list[Event] = []
    problems: list[Problem] = []
    seen = set(known_ids)
    at = Progress()
    rows = file_records(path, path.suffix.lower(), at)
    hook = progress is not None or cancelled is not None
    if cancelled is not None and cancelled():
        raise Cancelled(name)
    try:
        for count, (row, record) in enumerate(rows, start=1):
            if hook and not count % HOOK_ROWS:
                if cancelled is not None and cancelled():
                    raise Cancelled(name)
                if progress is not None:
                    progress(at.done, at.total)
            try:
                if isinstance(record, RowError):
                    raise record
                event = build_event(record, origin=origin, base_dir=path.parent, strict=strict)
                if event.id in seen:
                    raise RowError("id", f"duplicate id {event.id!r}")
            except RowError as exc:
                problems.append(Problem(name, row, exc.field, exc.message))
                continue
            seen.add(event.id)
            events.append(event)
    except FileError as exc:
        problems.append(Problem(name, None, None, str(exc)))
    except OSError as exc:
        problems.append(Problem(name, None, None, f"cannot read file: {exc.strerror or exc}"))
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        problems.append(Problem(name, None, None, f"malformed {path.suffix[1:]} file: {first}"))
    finally:
        rows.close()
    if progress is not None:
        progress(at.done, at.total)
    return events, problems


def _order(event: Event) -> tuple[dt.date, str]:
    return event.start, event.id


def in_order(events: list[Event], chunk: int = 10_000) -> bool:
    """True if ``events`` are sorted by (start, id) already (one pass, no sort).

    A chunk at a time: one C-level pass over 200,000 keys would hold the interpreter's lock
    (and so every other thread) for tens of milliseconds.
    """
    for first in range(0, len(events), chunk):
        keys = list(map(_order, events[first : first + chunk + 1]))
        if not all(map(operator.le, keys, itertools.islice(keys, 1, None))):
            return False
    return True


class EventCatalogue:
    """Events sorted by (start, id), with fast date queries.

    Treat ``events`` as read-only; add events with :meth:`add_file` so the indexes follow.
    """

    def __init__(self, events: Iterable[Event] = ()) -> None:
        self.events: list[Event] = []
        self._set(list(events))  # a copy: the caller's list stays the caller's

    def _set(self, events: list[Event]) -> None:
        # A list in order already (as a background load hands over) is kept, not sorted again.
        self.events = events if in_order(events) else sorted(events, key=_order)
        self._starts = [e.start.toordinal() for e in self.events]
        self._by_id = {e.id: e for e in self.events}
        self._at_cache: dict[dt.date, list[Event]] = {}

    @classmethod
    def load(cls, path: Path = DEFAULT_CATALOGUE) -> EventCatalogue:
        """Read the catalogue strictly; raises :class:`CatalogueError` listing every problem."""
        events, problems = load_events_file(path, strict=True, origin="catalogue")
        if problems:
            raise CatalogueError(problems)
        return cls(events)

    def add_file(self, path: Path) -> list[Problem]:
        """Add the good rows of a user file; returns the problems (one per bad row)."""
        events, problems = load_events_file(path, known_ids=self._by_id)
        # Two runs in order: the sort merges them in one linear pass.
        self._set(self.events + sorted(events, key=_order))
        return problems

    def at(self, day: dt.date) -> list[Event]:
        """Events whose interval holds ``day``."""
        hit = self._at_cache.get(day)
        if hit is None:
            upto = bisect.bisect_right(self._starts, day.toordinal())
            hit = self._at_cache[day] = [e for e in self.events[:upto] if e.end >= day]
        return list(hit)

    def in_year(self, year: int) -> list[Event]:
        """Events with at least one day in ``year``."""
        return [e for e in self.events if e.touches_year(year)]

    def up_to(self, day: dt.date) -> list[Event]:
        """Events that started on or before ``day``."""
        return self.events[: bisect.bisect_right(self._starts, day.toordinal())]

    def by_id(self, event_id: str) -> Event:
        """The event called ``event_id``; raises KeyError if there is none."""
        return self._by_id[event_id]

    def dates(self) -> list[dt.date]:
        """Distinct start dates, sorted (the marks on the timeline)."""
        return sorted({e.start for e in self.events})
