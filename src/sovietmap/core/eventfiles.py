"""Reading the rows of a user's events file: CSV, YAML or GeoJSON, as plain records.

:func:`read_bytes` reads a regular file (a FIFO, device or folder is refused unread) and
:func:`records` yields ``(row number, record)`` pairs, or a :class:`RowError` in place of a
record that cannot be one (including text no writer can carry: a lone surrogate, a NUL byte,
an over-long field); a file that cannot be read at all raises :class:`FileError` (a file in
another encoding than UTF-8 is named as such). Checking the fields of a record is
:mod:`sovietmap.core.events`'s work.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
import stat
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from sovietmap.core.eventtext import (
    bad_byte,
    escape_terminal,
    escaped_byte,
    guess_8bit,
    join_surrogate_pairs,
    not_utf8,
    text_problem,
    wide_encoding,
)

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


class _HeaderNotUtf8Error(FileError):
    """The CSV header holds bytes that are not UTF-8 (the caller names the encoding)."""


# A cell may be longer than csv's default limit (131,072): then it is its row's problem
# (see MAX_TEXT), not a file that cannot be read. Raised once, for the whole process.
csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))


def _csv_records(text: str) -> Records:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise FileError("empty file (no header row)") from None
    except csv.Error as exc:
        raise FileError(f"malformed CSV header: {exc}") from None
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing and any("\udc80" <= ch <= "\udcff" for h in header for ch in h):
        raise _HeaderNotUtf8Error()
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


# Characters YAML does not allow in a stream. Each stands in the text for a private-use
# character while parsing and is put back after, so a NUL byte (or ESC…) in one row is
# that row's problem (or its text), not a file that cannot be parsed.
_NOT_YAML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_STAND_IN = 0xF0000  # plane 15, private use: U+F0000 + the character's code (low 16 bits)
_STOOD_IN = re.compile("[\U000f0000-\U000fffff]")


def _put_back(text: str) -> str:
    return _STOOD_IN.sub(lambda m: chr(ord(m.group()) - _STAND_IN), text)


def _yaml_records(text: str) -> Records:
    stood_in = False
    if _NOT_YAML.search(text) and not _STOOD_IN.search(text):
        text = _NOT_YAML.sub(lambda m: chr(_STAND_IN + (ord(m.group()) & 0xFFFF)), text)
        stood_in = True
    data = yaml.load(text, Loader=_NoTimestampLoader)
    if isinstance(data, Mapping) and "events" in data:
        data = data["events"]
    if data is None:
        data = []
    if not isinstance(data, list):
        raise FileError("expected a list of events (or a mapping with an 'events' list)")
    for index, item in enumerate(data, start=1):
        if not isinstance(item, Mapping):
            yield index, RowError(None, "not a mapping")
        else:
            yield index, _mapped(item, _put_back) if stood_in else item


def _geojson_records(text: str) -> Records:
    # Raw control characters in strings are text; a 5,000-digit number is its row's problem.
    data = json.loads(text, strict=False, parse_int=_json_int)
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


def _yaml_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int | float:
    """An integer, or ±inf beyond Python's 4,300 digits (its row's problem, not the file's)."""
    try:
        return loader.construct_yaml_int(node)
    except ValueError:
        return float("-inf") if str(node.value).lstrip().startswith("-") else float("inf")


def _json_int(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:  # beyond Python's 4,300 digits: inf, out of every range
        return float(text)


_NoTimestampLoader.add_constructor("tag:yaml.org,2002:int", _yaml_int)

READERS = {
    ".csv": _csv_records, ".yaml": _yaml_records, ".yml": _yaml_records,
    ".geojson": _geojson_records, ".json": _geojson_records,
}


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file; a FIFO, device, socket or folder raises :class:`FileError`.

    Such a path is refused before it is opened (opening a FIFO would wait for a writer, reading
    a device may never end) and checked again on the open file, in case it was swapped.
    """
    kind = file_kind(os.stat(path).st_mode)
    if kind is not None:
        raise FileError(f"not a regular file ({kind}): choose a file")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as file:
        kind = file_kind(os.fstat(fd).st_mode)
        if kind is not None:
            raise FileError(f"not a regular file ({kind}): choose a file")
        return file.read()


def file_kind(mode: int) -> str | None:
    """None for a regular file, else what it is instead ("a FIFO", "a device", "a folder"…)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"


def path_problem(path: Path) -> str | None:
    """Why ``path`` cannot be an events file ("no such file", "not a regular file (a FIFO)"…)."""
    try:
        kind = file_kind(os.stat(path).st_mode)
    except FileNotFoundError:
        return "no such file"
    except (OSError, ValueError) as exc:
        return f"cannot read file: {getattr(exc, 'strerror', None) or exc}"
    return None if kind is None else f"not a regular file ({kind})"


def decode(data: bytes, suffix: str) -> str:
    """The text of a file's bytes; CSV cells are checked one by one later."""
    wide = wide_encoding(data)
    if wide is not None:
        raise FileError(f"the file is {wide}, not UTF-8: save it as UTF-8")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if suffix == ".csv":  # per-cell check later, so one bad cell is one bad row
        return data.decode("utf-8", errors="surrogateescape")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileError(not_utf8(data, exc.start)) from None


def records(data: bytes, suffix: str) -> Records:
    """The rows of a file's bytes (``suffix`` one of :data:`READERS`), their text checked.

    Each record is one whose keys and text values (and those of a mapping within, such as
    ``source``) are fit for an event, or a :class:`RowError` naming the first field that is not.
    """
    reader = READERS[suffix]
    byte_message = None
    if suffix == ".csv":  # decoded with surrogateescape: a surrogate is a byte, not UTF-8

        guess = functools.cache(lambda: guess_8bit(data))  # once a file, when first needed

        def byte_message(byte: int) -> str:
            return bad_byte(byte, guess())

    try:
        rows = reader(decode(data, suffix))
        for row, record in rows:
            if isinstance(record, RowError):
                yield row, record
                continue
            try:
                yield row, _checked(record, byte_message)
            except RowError as exc:
                yield row, exc
    except _HeaderNotUtf8Error:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise FileError(not_utf8(data, exc.start)) from None
        raise  # pragma: no cover - a surrogate in the header comes from a bad byte


def _field_name(key: Any) -> str:
    name = escape_terminal(str(key))
    return name if len(name) <= 40 else name[:39] + "…"


def _checked_text(text: str, field: Any, byte_message: Callable[[int], str] | None) -> str:
    text = join_surrogate_pairs(text)
    if byte_message is not None:
        byte = escaped_byte(text)
        if byte is not None:
            raise RowError(_field_name(field), byte_message(byte))
    problem = text_problem(text)
    if problem is not None:
        raise RowError(_field_name(field), problem)
    return text


def _checked(
    record: Mapping[str, Any], byte_message: Callable[[int], str] | None
) -> dict[Any, Any]:
    """``record`` with its text checked (a mapping value, such as ``source``, one level down).

    ``byte_message``: for a file decoded with ``surrogateescape`` (CSV), where a surrogate is a
    byte that is not UTF-8, the message naming that byte (and a guess at the file's encoding).
    """
    def check(value: Any, field: Any) -> Any:
        return _checked_text(value, field, byte_message) if isinstance(value, str) else value

    out: dict[Any, Any] = {}
    for key, value in record.items():
        key = check(key, key)
        if isinstance(value, Mapping):
            value = {check(k, key): check(v, key) for k, v in value.items()}
        out[key] = check(value, key)
    return out


def _mapped(record: Mapping[Any, Any], fix: Any) -> dict[Any, Any]:
    """``record`` with ``fix`` applied to its text keys and values (and one mapping down)."""
    def one(value: Any) -> Any:
        return fix(value) if isinstance(value, str) else value

    return {
        one(k): ({one(a): one(b) for a, b in v.items()} if isinstance(v, Mapping) else one(v))
        for k, v in record.items()
    }
