"""Reading the rows of a user's events file: CSV, YAML or GeoJSON, as plain records.

Each reader yields ``(row number, record)`` pairs, or a :class:`RowError` in place of a record
that cannot be one; a file that cannot be read at all raises :class:`FileError`. Checking the
fields of a record is :mod:`sovietmap.core.events`'s work.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from typing import Any

import yaml

#: Columns a CSV file must have (the other fields are optional).
REQUIRED_COLUMNS = ("id", "title", "start", "lat", "lon")


class RowError(Exception):
    """One row that cannot be an event: the field at fault (or None) and why."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


Records = Iterator[tuple[int, Mapping[str, Any] | RowError]]


class FileError(Exception):
    """The file as a whole cannot be read."""


def _csv_records(text: str) -> Records:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise FileError("empty file (no header row)") from None
    except csv.Error as exc:
        raise FileError(f"malformed CSV header: {exc}") from None
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise FileError(f"missing column(s) {', '.join(missing)} in the header")
    line = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise FileError(f"malformed CSV at line {reader.line_num}: {exc}") from None
        start_line, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            yield start_line, RowError(None, f"{len(row)} fields, the header has {len(header)}")
            continue
        yield start_line, dict(zip(header, row, strict=False))


def _yaml_records(text: str) -> Records:
    data = yaml.load(text, Loader=_NoTimestampLoader)
    if isinstance(data, Mapping) and "events" in data:
        data = data["events"]
    if data is None:
        data = []
    if not isinstance(data, list):
        raise FileError("expected a list of events (or a mapping with an 'events' list)")
    for index, item in enumerate(data, start=1):
        yield index, item if isinstance(item, Mapping) else RowError(None, "not a mapping")


def _geojson_records(text: str) -> Records:
    data = json.loads(text)
    if isinstance(data, Mapping) and data.get("type") == "Feature":
        data = {"features": [data]}
    if not isinstance(data, Mapping) or not isinstance(data.get("features"), list):
        raise FileError("expected a GeoJSON FeatureCollection")
    for index, feature in enumerate(data["features"], start=1):
        yield index, _feature_record(feature)


def _feature_record(feature: Any) -> Mapping[str, Any] | RowError:
    if not isinstance(feature, Mapping):
        return RowError(None, "not a GeoJSON feature")
    props = feature.get("properties") or {}
    geometry = feature.get("geometry")
    if not isinstance(props, Mapping):
        return RowError("properties", "properties must be an object")
    if not isinstance(geometry, Mapping) or geometry.get("type") != "Point":
        return RowError("geometry", "geometry must be a Point")
    coords = geometry.get("coordinates")
    if not isinstance(coords, list) or len(coords) < 2:
        return RowError("geometry", "Point coordinates must be [lon, lat]")
    return {**props, "lon": coords[0], "lat": coords[1]}


class _NoTimestampLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so one bad date is one bad row, not a bad file."""


_NoTimestampLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in value if tag != "tag:yaml.org,2002:timestamp"]
    for key, value in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

READERS = {
    ".csv": _csv_records, ".yaml": _yaml_records, ".yml": _yaml_records,
    ".geojson": _geojson_records, ".json": _geojson_records,
}


def decode(data: bytes, suffix: str) -> str:
    """The text of a file's bytes; CSV cells are checked one by one later."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if suffix == ".csv":  # per-cell check later, so one bad cell is one bad row
        return data.decode("utf-8", errors="surrogateescape")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileError(
            f"wrong encoding: not UTF-8 (byte 0x{data[exc.start]:02X} at offset {exc.start})"
        ) from None
