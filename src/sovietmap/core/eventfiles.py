"""Reading the rows of a user's events file: CSV, YAML or GeoJSON, as plain records.

:func:`read_bytes` reads a regular file (a FIFO, device or folder is refused unread) and
:func:`records` yields ``(row number, record)`` pairs, or a :class:`RowError` in place of a
record that cannot be one (including text no writer can carry: a lone surrogate, a NUL byte,
an over-long field); a file that cannot be read at all raises :class:`FileError` (a file in
another encoding than UTF-8 is named as such). Checking the fields of a record is
:mod:`sovietmap.core.events`'s work.

:func:`file_records` reads a file as its rows are asked for: a CSV file a block of
:data:`CSV_BLOCK` bytes at a time (never the whole file as one text), and it tells how far it
has got in a :class:`Progress`.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import os
import re
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import yaml

from sovietmap.core import eventjson
from sovietmap.core.eventio import FileError as FileError
from sovietmap.core.eventio import file_kind as file_kind
from sovietmap.core.eventio import open_regular as open_regular
from sovietmap.core.eventio import path_problem as path_problem
from sovietmap.core.eventio import read_bytes as read_bytes
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


Row = tuple[int, Mapping[str, Any] | RowError]
Records = Iterator[Row]


class Progress:
    """How far a read has got: ``done`` of ``total``.

    For a CSV file, bytes of the file (``total`` its size); for YAML and GeoJSON, items of the
    list (``total`` known once the file is parsed; until then the file's size, ``done`` 0).
    """

    __slots__ = ("done", "total")

    def __init__(self) -> None:
        self.done = 0
        self.total = 0


#: Bytes of a CSV file decoded and parsed at a time (a block ends after a line break).
CSV_BLOCK = 1 << 18


class _HeaderNotUtf8Error(FileError):
    """The CSV header holds bytes that are not UTF-8 (the caller names the encoding)."""


# A cell may be longer than csv's default limit (131,072): then it is its row's problem
# (see MAX_TEXT), not a file that cannot be read. Raised once, for the whole process.
csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))


def _csv_records(text: str, at: Progress | None = None) -> Records:
    return _csv_rows(io.StringIO(text, newline=""))


def _csv_rows(lines: Iterable[str]) -> Records:
    """The rows of a CSV text given as its lines (as ``io.StringIO(text, newline="")`` gives)."""
    reader = csv.reader(lines)
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


def _blocks(file: IO[bytes], block: bytes, at: Progress) -> Iterator[bytes]:
    """``block`` and the rest of ``file`` in pieces that each end after a line break.

    A piece is cut after the last LF or CR of what was read, but never between a CR and the
    byte after it (a CR LF stays whole); a block with no line break waits for the next one.
    UTF-8 never has these bytes inside a character, so each piece decodes on its own.
    """
    pending: list[bytes] = []
    while block:
        at.done += len(block)
        cut = max(block.rfind(b"\n"), block.rfind(b"\r", 0, len(block) - 1)) + 1
        if cut:
            pending.append(block[:cut])
            yield b"".join(pending)
            pending = [block[cut:]]
        else:
            pending.append(block)
        block = file.read(CSV_BLOCK)
    rest = b"".join(pending)
    if rest:
        yield rest


def _csv_file(file: IO[bytes], whole: Callable[[], bytes], at: Progress) -> Records:
    """The checked rows of the CSV file open as ``file``, read a block at a time.

    ``whole()`` gives all of the file's bytes: only needed to name its encoding.
    """
    head = file.read(CSV_BLOCK)
    wide = wide_encoding(head)
    if wide is not None:
        raise FileError(f"the file is {wide}, not UTF-8: save it as UTF-8")
    if head.startswith(b"\xef\xbb\xbf"):
        at.done += 3
        head = head[3:]
    data = functools.cache(whole)  # once a file, when first needed
    guess = functools.cache(lambda: guess_8bit(data()))

    def byte_message(byte: int) -> str:  # decoded with surrogateescape: a surrogate is a byte
        return bad_byte(byte, guess())

    lines = itertools.chain.from_iterable(
        io.StringIO(piece.decode("utf-8", errors="surrogateescape"), newline="")
        for piece in _blocks(file, head, at)
    )
    try:
        yield from _checked_records(_csv_rows(lines), byte_message)
    except _HeaderNotUtf8Error:
        try:
            data().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise FileError(not_utf8(data(), exc.start)) from None
        raise  # pragma: no cover - a surrogate in the header comes from a bad byte


# Characters YAML does not allow in a stream. Each stands in the text for a private-use
# character while parsing and is put back after, so a NUL byte (or ESC…) in one row is
# that row's problem (or its text), not a file that cannot be parsed.
_NOT_YAML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_STAND_IN = 0xF0000  # plane 15, private use: U+F0000 + the character's code (low 16 bits)
_STOOD_IN = re.compile("[\U000f0000-\U000fffff]")


def _put_back(text: str) -> str:
    return _STOOD_IN.sub(lambda m: chr(ord(m.group()) - _STAND_IN), text)


def _yaml_records(text: str, at: Progress | None = None) -> Records:
    stood_in = False
    if _NOT_YAML.search(text) and not _STOOD_IN.search(text):
        text = _NOT_YAML.sub(lambda m: chr(_STAND_IN + (ord(m.group()) & 0xFFFF)), text)
        stood_in = True
    data = _load_yaml(text)
    if isinstance(data, Mapping) and "events" in data:
        data = data["events"]
    if data is None:
        data = []
    if not isinstance(data, list):
        raise FileError("expected a list of events (or a mapping with an 'events' list)")
    for index, item in _one_by_one(data, at):
        if not isinstance(item, Mapping):
            yield index, RowError(None, "not a mapping")
        else:
            yield index, _mapped(item, _put_back) if stood_in else item


def _geojson_records(text: str, at: Progress | None = None) -> Records:
    # Raw control characters in strings are text; a 5,000-digit number is its row's problem.
    data = eventjson.loads(text, parse_int=_json_int)  # a feature at a time
    if isinstance(data, Mapping) and data.get("type") == "Feature":
        data = {"features": [data]}
    if not isinstance(data, Mapping) or not isinstance(data.get("features"), list):
        raise FileError("expected a GeoJSON FeatureCollection")
    for index, feature in _one_by_one(data["features"], at):
        yield index, _feature_record(feature)


def _one_by_one(items: list[Any], at: Progress | None) -> Iterator[tuple[int, Any]]:
    """``(index from 1, item)`` of a parsed file's ``items``, each let go of once taken.

    So the parsed file is freed a row at a time: freed at the end, 200,000 features in one
    C-level pass would hold the interpreter's lock (and every other thread) for 100 ms or more.
    """
    at = Progress() if at is None else at
    at.done, at.total = 0, len(items)
    for index in range(len(items)):
        item, items[index] = items[index], None
        at.done = index + 1
        yield index + 1, item


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


#: The same loader on libyaml's parser (about five times faster), when PyYAML has it.
_FastLoader: type[Any] | None = None
if getattr(yaml, "__with_libyaml__", False):

    class _FastNoTimestampLoader(yaml.CSafeLoader):
        """:class:`_NoTimestampLoader` with libyaml's parser."""

    _FastLoader = _FastNoTimestampLoader

for _loader in (_NoTimestampLoader, _FastLoader):
    if _loader is not None:
        _loader.yaml_implicit_resolvers = {
            key: [(tag, rx) for tag, rx in value if tag != "tag:yaml.org,2002:timestamp"]
            for key, value in yaml.SafeLoader.yaml_implicit_resolvers.items()
        }


def _load_yaml(text: str) -> Any:
    """The document in ``text``: parsed by libyaml where it can, else (a file libyaml refuses,
    such as one with a ``"\\ud800"`` escape) by PyYAML's own parser, which says where a file is
    broken and takes a lone surrogate as its row's text; both build the same data."""
    if _FastLoader is not None:
        try:
            return yaml.load(text, Loader=_FastLoader)
        except (yaml.YAMLError, ValueError, RecursionError):
            pass  # parsed again below: its message, or its rows, are the Python parser's
    return yaml.load(text, Loader=_NoTimestampLoader)


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


for _loader in (_NoTimestampLoader, _FastLoader):
    if _loader is not None:
        _loader.add_constructor("tag:yaml.org,2002:int", _yaml_int)

READERS = {
    ".csv": _csv_records,
    ".yaml": _yaml_records,
    ".yml": _yaml_records,
    ".geojson": _geojson_records,
    ".json": _geojson_records,
}


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


def records(data: bytes, suffix: str, at: Progress | None = None) -> Records:
    """The rows of a file's bytes (``suffix`` one of :data:`READERS`), their text checked.

    Each record is one whose keys and text values (and those of a mapping within, such as
    ``source``) are fit for an event, or a :class:`RowError` naming the first field that is not.
    ``at``, if given, follows how far the reading has got.
    """
    at = Progress() if at is None else at
    if suffix == ".csv":
        at.total = len(data)
        yield from _csv_file(io.BytesIO(data), lambda: data, at)
        return
    at.total = len(data)
    yield from _checked_records(READERS[suffix](decode(data, suffix), at), None)


def file_records(path: Path, suffix: str, at: Progress | None = None) -> Generator[Row, None, None]:
    """:func:`records` of the regular file ``path``, read as the rows are asked for.

    A CSV file is read a block at a time; a YAML or GeoJSON file is read and parsed whole.
    Close the iterator (or run it to its end) to close the file.
    """
    at = Progress() if at is None else at
    with open_regular(path) as file:
        at.total = os.fstat(file.fileno()).st_size
        if suffix == ".csv":
            yield from _csv_file(file, lambda: read_bytes(path), at)
        else:
            yield from records(file.read(), suffix, at)


def _checked_records(rows: Records, byte_message: Callable[[int], str] | None) -> Records:
    for row, record in rows:
        if isinstance(record, RowError):
            yield row, record
            continue
        try:
            yield row, _checked(record, byte_message)
        except RowError as exc:
            yield row, exc


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
