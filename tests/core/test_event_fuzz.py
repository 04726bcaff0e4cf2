"""Fuzzing the YAML and GeoJSON readers, as ``test_events.py`` fuzzes the CSV one.

Thousands of generated files (rows of hostile values, then random byte edits of good files):
``load_events_file`` never raises, every row is an event or exactly one :class:`Problem`
naming its row, and no event carries text that would break a writer (lone surrogates, NUL
bytes, over-long fields), so every event's JSON encodes to UTF-8.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sovietmap.core import eventfiles
from sovietmap.core.events import CSV_COLUMNS, Event, Problem, load_events_file
from sovietmap.core.eventtext import MAX_TEXT

FUZZ = settings(
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# YAML and GeoJSON examples are whole files of up to eight rows each: 500 files give thousands of
# hostile rows a run, within the suite's time budget.
FUZZ_FILES = settings(FUZZ, max_examples=500)
HOSTILE = [
    "\ud800",
    "\udfff",
    "a\udc80b",
    "\x00",
    "a\x00b",
    "\x1b[2J",
    "\u202e",
    "\x07\x08\r",
    "x" * (MAX_TEXT + 1),
    "1930-01-01",
    "1937-02-30",
    "1937-11-01",
    "40.4",
    "-91",
    "nan",
    "inf",
    "day",
    "month",
    "year",
    "azerbaijan",
    "atlantis",
    "<b>x</b>",
    "$x$",
    "",
    "\ufeff",
    "\ufffe",
    "\U0001f4cd",
    "seeds/000_6967661b8bf3442b.txt",
    "Paul Hamberg",
]
_text = st.one_of(st.text(max_size=16), st.sampled_from(HOSTILE))
_scalar = st.one_of(
    _text,
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
)
_value = st.recursive(
    _scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(_text, inner, max_size=3),
    ),
    max_leaves=6,
)
REQUIRED = ("id", "title", "start", "lat", "lon")
_keys = st.one_of(st.sampled_from([*CSV_COLUMNS, "region", "source"]), _text)
_row = st.dictionaries(_keys, _value, max_size=16)


@st.composite
def _likely_row(draw: st.DrawFn) -> dict[str, Any]:
    """A row that would load, with one or two fields swapped for hostile or random values."""
    row: dict[str, Any] = {
        "id": draw(st.text(min_size=1, max_size=8)),
        "title": draw(_text),
        "start": draw(st.sampled_from(["1930-01-01", "1937-11-01", "1991-12-31"])),
        "lat": draw(st.sampled_from([40.4, "49.9", 0, -89.5])),
        "lon": draw(st.sampled_from([49.9, "-179.5", 37])),
    }
    for field in draw(st.lists(st.sampled_from(TEXT_FIELDS), max_size=3)):
        row[field] = draw(_text)
    for field in draw(st.lists(st.sampled_from([*REQUIRED, *TEXT_FIELDS, "end"]), max_size=2)):
        row[field] = draw(st.one_of(st.sampled_from(HOSTILE), _value))
    if draw(st.booleans()):
        row["source"] = {
            "file": draw(st.sampled_from(["x.pdf", HOSTILE[-2], "\ud800"])),
            "quote": draw(st.one_of(st.sampled_from(HOSTILE), _text)),
        }
    return row


TEXT_FIELDS = ("title_pt", "description", "place", "kind", "note")
_rows = st.lists(st.one_of(_row, _likely_row(), _likely_row(), _value), max_size=8)


def _clean(text: str) -> bool:
    return (
        len(text) <= MAX_TEXT
        and "\x00" not in text
        and not any("\ud800" <= ch <= "\udfff" for ch in text)
    )


def _check_events(events: list[Event], problems: list[Problem], path: Path) -> None:
    assert all(isinstance(p, Problem) and p.file == str(path) for p in problems)
    for event in events:
        assert isinstance(event, Event)
        texts = [
            event.id,
            event.title,
            event.title_pt,
            event.description,
            event.place,
            event.kind,
            event.note,
            event.precision,
        ]
        if event.source is not None:
            texts += [event.source.file, event.source.quote]
        assert all(_clean(t) for t in texts), event
        json.dumps(event.to_dict(), ensure_ascii=False).encode("utf-8")


def _check_rows(events: list[Event], problems: list[Problem], n_rows: int) -> None:
    assert all(p.row is not None for p in problems), problems
    assert len(events) + len(problems) == n_rows, (events, problems)
    assert len({p.row for p in problems}) == len(problems)  # one message per bad row


# ---------------------------------------------------------------- YAML


@FUZZ_FILES
@given(rows=_rows, wrapped=st.booleans(), flow=st.booleans(), unicode=st.booleans())
def test_every_yaml_row_is_an_event_or_a_problem(
    tmp_path: Path, rows: list[Any], wrapped: bool, flow: bool, unicode: bool
) -> None:
    path = tmp_path / "fuzz.yaml"
    doc: Any = {"events": rows} if wrapped else rows
    path.write_text(yaml.safe_dump(doc, default_flow_style=flow, allow_unicode=unicode), "utf-8")
    events, problems = load_events_file(path)
    _check_events(events, problems, path)
    _check_rows(events, problems, len(rows))


@settings(FUZZ_FILES, max_examples=100)
@given(rows=_rows, flow=st.booleans(), unicode=st.booleans())
def test_libyaml_and_pyyaml_read_a_file_alike(rows: list[Any], flow: bool, unicode: bool) -> None:
    """Event files are parsed by libyaml where it can (five times faster), else by PyYAML's own
    parser: whatever libyaml reads, PyYAML reads to the same data."""
    if eventfiles._FastLoader is None:  # pragma: no cover - PyYAML's wheels carry libyaml
        pytest.skip("this PyYAML has no libyaml: every file is read by PyYAML's parser")
    text = yaml.safe_dump(rows, default_flow_style=flow, allow_unicode=unicode)
    try:
        fast = yaml.load(text, Loader=eventfiles._FastLoader)
    except (yaml.YAMLError, ValueError):
        return  # read by PyYAML alone (the fuzz test above checks what comes of it)
    assert repr(fast) == repr(yaml.load(text, Loader=eventfiles._NoTimestampLoader))


# ---------------------------------------------------------------- GeoJSON


_coordinate = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-400, 400),
    _text,
    st.none(),
    st.sampled_from([40.4, 49.9, -90, 180, 1e308]),
)
_geometry = st.one_of(
    st.fixed_dictionaries(
        {
            "type": st.sampled_from(["Point", "Point", "LineString", "point", ""]),
            "coordinates": st.one_of(st.lists(_coordinate, max_size=4), _value),
        }
    ),
    _value,
)


@st.composite
def _feature(draw: st.DrawFn) -> Any:
    """Mostly a feature that would load (a Point, likely properties), else anything."""
    kind = draw(st.integers(0, 9))
    if kind >= 8:
        return draw(_value)
    likely = kind < 6
    return {
        "type": "Feature",
        "properties": draw(_likely_row() if likely else st.one_of(_row, _value)),
        "geometry": {"type": "Point", "coordinates": [49.9, 40.4]} if likely else draw(_geometry),
    }


@FUZZ_FILES
@given(features=st.lists(_feature(), max_size=8), ascii_only=st.booleans())
def test_every_geojson_feature_is_an_event_or_a_problem(
    tmp_path: Path, features: list[Any], ascii_only: bool
) -> None:
    path = tmp_path / "fuzz.geojson"
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=ascii_only)
    data = text.encode("utf-8", errors="surrogatepass")
    path.write_bytes(data)
    events, problems = load_events_file(path)
    _check_events(events, problems, path)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:  # a raw surrogate written out: not UTF-8 at all
        [problem] = problems
        assert problem.row is None and "not UTF-8" in problem.message
        return
    _check_rows(events, problems, len(features))


# ---------------------------------------------------------------- damaged files

GOOD_YAML = (
    b"events:\n"
    b'- {id: e1, title: "Baku \\u00e9", start: 1930-01-01, end: 1930-12-31, precision: year,'
    b" lat: 40.4, lon: 49.9, region: azerbaijan}\n"
    b"- id: e2\n  title: 'Two'\n  start: 1937-11-01\n  lat: 40.4\n  lon: 49.9\n"
    b"  source: {file: seeds/000_6967661b8bf3442b.txt, quote: Paul Hamberg}\n"
)
GOOD_GEOJSON = json.dumps(
    {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [49.9, 40.4]},
                "properties": {"id": "e1", "title": "Baku é", "start": "1930-01-01"},
            },
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [49.9, 40.4]},
                "properties": {
                    "id": "e2",
                    "title": "Two",
                    "start": "1937-11-01",
                    "source": {"file": "x.pdf", "quote": "p. 1"},
                },
            },
        ],
    }
).encode()
_edit = st.tuples(
    st.sampled_from(["insert", "replace", "delete"]),
    st.integers(0, 10**6),
    st.binary(min_size=1, max_size=4),
)


def _damage(data: bytes, edits: list[tuple[str, int, bytes]]) -> bytes:
    for kind, where, chunk in edits:
        at = where % (len(data) + 1)
        if kind == "insert":
            data = data[:at] + chunk + data[at:]
        elif kind == "replace":
            data = data[:at] + chunk + data[at + len(chunk) :]
        else:
            data = data[:at] + data[at + len(chunk) :]
    return data


@FUZZ
@given(
    edits=st.lists(_edit, min_size=1, max_size=6),
    suffix=st.sampled_from([".yaml", ".yml", ".geojson", ".json"]),
)
def test_damaged_files_give_problems_not_exceptions(
    tmp_path: Path, edits: list[tuple[str, int, bytes]], suffix: str
) -> None:
    path = tmp_path / f"damaged{suffix}"
    path.write_bytes(_damage(GOOD_YAML if "y" in suffix else GOOD_GEOJSON, edits))
    events, problems = load_events_file(path)
    _check_events(events, problems, path)
    assert len(events) <= 2
    assert all(p.row is None or p.row >= 1 for p in problems)
