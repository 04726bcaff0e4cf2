"""An event, and how one record (a row of any events file) becomes one: the field checks.

:func:`build_event` reads one record (a mapping of field to raw value, as a CSV, YAML or
GeoJSON reader gives it) and returns an :class:`Event`, or raises
:class:`~sovietmap.core.eventfiles.RowError` naming the first bad field. Loading whole files,
with one problem per bad row, is :func:`sovietmap.core.events.load_events_file`'s job.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sovietmap import PROJECT_ROOT, SEEDS_DIR
from sovietmap.core.dates import DateError, check_in_range, parse_date
from sovietmap.core.eventfiles import RowError
from sovietmap.core.regions import UnknownRegionError, region

#: How exactly an event's dates are known.
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


def build_event(record: Mapping[str, Any], *, origin: str, base_dir: Path, strict: bool) -> Event:
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
