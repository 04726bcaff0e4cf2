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
import functools
import html
import itertools
import math
import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sovietmap import DATA_DIR, PROJECT_ROOT, SEEDS_DIR
from sovietmap.core.dates import DateError, check_in_range, parse_date
from sovietmap.core.eventfiles import READERS, FileError, Progress, RowError, file_records
from sovietmap.core.eventtext import escape_terminal as escape_terminal
from sovietmap.core.regions import UnknownRegionError, region

DEFAULT_CATALOGUE = DATA_DIR / "events.yaml"
PRECISIONS = ("day", "month", "year")
#: Columns of a user CSV file (``source_file``/``source_quote`` give the optional source).
CSV_COLUMNS = (
    "id",
    "title",
    "title_pt",
    "description",
    "start",
    "end",
    "precision",
    "place",
    "lat",
    "lon",
    "kind",
    "source_file",
    "source_quote",
    "note",
)
#: Keys of :meth:`Event.to_dict`, in order (the JSON shape of `sovietmap events`).
JSON_FIELDS = (*CSV_COLUMNS[:11], "source", "note")
#: Columns a CSV file must have (the others may be left out).
#: Fields the catalogue must fill in, beyond those every file needs.
STRICT_FIELDS = ("title_pt", "description", "place", "kind", "region")


@dataclass(frozen=True)
class Source:
    """Where an event comes from: a file (a seed, relative to the project root) and a quote."""

    file: str
    quote: str


@dataclass(frozen=True)
class Event:
    """One pin on the map and mark on the timeline; ``start``/``end`` are inclusive."""

    id: str
    title: str
    title_pt: str
    description: str
    start: dt.date
    end: dt.date
    precision: str
    place: str
    lat: float
    lon: float
    kind: str
    source: Source | None
    note: str
    region: str | None = None
    origin: str = "catalogue"

    def holds_on(self, day: dt.date) -> bool:
        """True if ``day`` lies in the event's interval."""
        return self.start <= day <= self.end

    def touches_year(self, year: int) -> bool:
        """True if the event's interval has at least one day in ``year``."""
        return self.start.year <= year <= self.end.year

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape (dates as ISO strings, ``source`` an object or None)."""
        out: dict[str, Any] = {name: getattr(self, name) for name in JSON_FIELDS}
        out.update(start=self.start.isoformat(), end=self.end.isoformat())
        if self.source is not None:
            out["source"] = {"file": self.source.file, "quote": self.source.quote}
        return out


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


def _as_text(value: Any, field: str, *, required: bool = False) -> str:
    if value is None:
        value = ""
    elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = value.isoformat()
    elif isinstance(value, bool) or not isinstance(value, str | int | float):
        raise RowError(field, f"must be text, not {type(value).__name__}")
    value = str(value).strip()
    if required and not value:
        raise RowError(field, f"missing {field}")
    return value


def _text(record: Mapping[str, Any], field: str, *, required: bool = False) -> str:
    return _as_text(record.get(field), field, required=required)


def _date(record: Mapping[str, Any], field: str) -> dt.date:
    text = _text(record, field, required=True)
    try:
        return check_in_range(parse_date(text, what=field), what=field)
    except DateError as exc:
        raise RowError(field, f"bad date: {exc}") from None


def _coordinate(record: Mapping[str, Any], field: str, limit: float) -> float:
    value = record.get(field)
    if isinstance(value, str):
        value = value.strip()
    if value is None or value == "":
        raise RowError(field, f"missing {field}")
    try:
        number = float(value) if not isinstance(value, bool) else math.nan
    except (TypeError, ValueError, OverflowError):
        raise RowError(field, f"{field} {value!r} is not a number") from None
    if not math.isfinite(number) or not -limit <= number <= limit:
        raise RowError(field, f"{field} {value!r} out of range (-{limit:g} to {limit:g})")
    return number


def _check_precision(precision: str, start: dt.date, end: dt.date) -> None:
    if precision not in PRECISIONS:
        known = ", ".join(PRECISIONS)
        raise RowError("precision", f"unknown precision {precision!r} (use {known})")
    if precision == "month" and (start.day != 1 or (end + dt.timedelta(days=1)).day != 1):
        raise RowError("precision", "precision month needs start on a 1st, end on a month's end")
    if precision == "year" and (start.timetuple().tm_yday != 1 or (end.month, end.day) != (12, 31)):
        raise RowError("precision", "precision year needs start on 1 Jan and end on 31 Dec")


@functools.lru_cache(maxsize=64)
def _seed_text(path: str) -> str:
    return Path(path).read_bytes().decode("utf-8")


def _source(record: Mapping[str, Any], base_dir: Path, strict: bool) -> Source | None:
    raw = record.get("source")
    if raw is not None:
        if not isinstance(raw, Mapping):
            raise RowError("source", "source must be a mapping with file and quote")
        fields = ("source", "source")
        file_raw, quote_raw = raw.get("file"), raw.get("quote")
    else:
        fields = ("source_file", "source_quote")
        file_raw, quote_raw = record.get(fields[0]), record.get(fields[1])
    file = _as_text(file_raw, fields[0]).replace("\\", "/")
    quote = _as_text(quote_raw, fields[1])
    if not file:
        if quote:
            raise RowError(fields[1], "a quote needs a source file")
        if strict:
            raise RowError("source", "missing source (the catalogue cites a seed)")
        return None
    as_path = Path(file)
    candidates = [PROJECT_ROOT / as_path, base_dir / as_path]  # an absolute path stays as is
    seeds = SEEDS_DIR.resolve()
    seed = next((p for p in candidates if p.resolve().is_relative_to(seeds)), None)
    if seed is None:
        if strict:
            raise RowError(fields[0], f"source file {file!r} is not a seed under seeds/")
        return Source(file, quote)
    if not seed.is_file():
        raise RowError(fields[0], f"seed file {file!r} not found")
    if not quote:
        raise RowError(fields[1], f"missing quote from {file}")
    try:
        text = _seed_text(str(seed.resolve()))
    except (OSError, UnicodeDecodeError) as exc:
        raise RowError(fields[0], f"cannot read seed {file!r}: {exc}") from None
    if quote not in text:
        short = quote if len(quote) <= 60 else quote[:57] + "..."
        raise RowError(fields[1], f"quote {short!r} is not verbatim in {file}")
    return Source(file, quote)


def _build(record: Mapping[str, Any], *, origin: str, base_dir: Path, strict: bool) -> Event:
    """One event from one record, or :class:`RowError` naming the first bad field."""
    event_id = _text(record, "id", required=True)
    title = _text(record, "title", required=True)
    for field in STRICT_FIELDS if strict else ():
        _text(record, field, required=True)
    start = _date(record, "start")
    end = _date(record, "end") if _text(record, "end") else start
    if end < start:
        raise RowError("end", f"end {end.isoformat()} is before start {start.isoformat()}")
    precision = _text(record, "precision") or "day"
    _check_precision(precision, start, end)
    lat = _coordinate(record, "lat", 90)
    lon = _coordinate(record, "lon", 180)
    region_name = _text(record, "region") or None
    if region_name is not None:
        try:
            box = region(region_name)
        except UnknownRegionError as exc:
            raise RowError("region", str(exc)) from None
        if not box.contains(lat, lon):
            raise RowError("region", f"lat {lat:g}, lon {lon:g} lie outside {box.describe()}")
    return Event(
        id=event_id,
        title=title,
        title_pt=_text(record, "title_pt"),
        description=_text(record, "description"),
        start=start,
        end=end,
        precision=precision,
        place=_text(record, "place"),
        lat=lat,
        lon=lon,
        kind=_text(record, "kind") or "event",
        source=_source(record, base_dir, strict),
        note=_text(record, "note"),
        region=region_name,
        origin=origin,
    )


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
                event = _build(record, origin=origin, base_dir=path.parent, strict=strict)
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
