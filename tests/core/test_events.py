"""The event catalogue and the loader for users' own CSV, GeoJSON and YAML files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sovietmap import PROJECT_ROOT, RESOURCES_DIR
from sovietmap.core.dates import TIMELINE_END, TIMELINE_START
from sovietmap.core.events import (
    CSV_COLUMNS,
    DEFAULT_CATALOGUE,
    CatalogueError,
    Event,
    EventCatalogue,
    Problem,
    Source,
    escape_html,
    load_events_file,
)
from sovietmap.core.regions import REGIONS

D = dt.date
DATA = Path(__file__).resolve().parents[1] / "data"
BAD_CSV = DATA / "bad-events.csv"
SEED = "seeds/000_6967661b8bf3442b.txt"
CATALOGUE = EventCatalogue.load()
JSON_KEYS = [
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
    "source",
    "note",
]


def _event(eid: str, start: dt.date, end: dt.date) -> Event:
    return Event(eid, eid, "", "", start, end, "day", "Baku", 40.4, 49.9, "test", None, "")


def _csv(path: Path, *rows: dict[str, str]) -> Path:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    path.write_text(out.getvalue(), "utf-8")
    return path


GOOD = {"id": "u1", "title": "User event", "start": "1930-01-01", "lat": "40.4", "lon": "49.9"}


# ---------------------------------------------------------------- the catalogue


def test_catalogue_is_sorted_with_unique_ids() -> None:
    events = CATALOGUE.events
    assert len(events) >= 20
    assert events == sorted(events, key=lambda e: (e.start, e.id))
    assert len({e.id for e in events}) == len(events)
    assert all(e.origin == "catalogue" for e in events)


def test_catalogue_quotes_are_verbatim_bytes() -> None:
    for e in CATALOGUE.events:
        assert e.source is not None and e.source.file.startswith("seeds/"), e.id
        raw = (PROJECT_ROOT / e.source.file).read_bytes()
        assert e.source.quote.encode("utf-8") in raw, e.id


def test_catalogue_lies_on_the_timeline_and_in_its_regions() -> None:
    for e in CATALOGUE.events:
        assert TIMELINE_START <= e.start <= e.end <= TIMELINE_END, e.id
        assert e.region is not None, e.id
        assert REGIONS[e.region].contains(e.lat, e.lon), e.id
        assert e.title and e.title_pt and e.description and e.place and e.kind, e.id


@pytest.mark.parametrize(
    ("eid", "start", "end", "precision"),
    [
        ("azerbaijan-ssr-created", D(1920, 4, 28), D(1920, 4, 28), "day"),
        ("transcaucasian-federation", D(1922, 3, 12), D(1922, 3, 12), "day"),
        ("tsfsr-formed", D(1922, 12, 13), D(1922, 12, 13), "day"),
        ("tsfsr-joins-ussr", D(1922, 12, 1), D(1922, 12, 31), "month"),
        ("ussr-created", D(1922, 12, 30), D(1922, 12, 30), "day"),
        ("azerbaijan-ssr-union-republic", D(1922, 12, 30), D(1991, 12, 26), "day"),
        ("stalinism", D(1927, 1, 1), D(1953, 12, 31), "year"),
        ("great-purge", D(1936, 1, 1), D(1938, 12, 31), "year"),
        ("holodomor", D(1932, 1, 1), D(1933, 12, 31), "year"),
        ("ford-contract", D(1929, 5, 31), D(1929, 5, 31), "day"),
        ("gorky-automobile-plant", D(1932, 1, 1), D(1932, 1, 1), "day"),
        ("azerbaijan-constitution-1937", D(1937, 3, 14), D(1937, 3, 14), "day"),
        ("hamberg-execution", D(1937, 11, 1), D(1937, 11, 1), "day"),
        ("presidential-decree-1990", D(1990, 11, 29), D(1990, 11, 29), "day"),
        ("republic-of-azerbaijan", D(1991, 2, 5), D(1991, 2, 5), "day"),
        ("independence-declaration", D(1991, 8, 1), D(1991, 8, 31), "month"),
        ("constitution-1995", D(1995, 11, 12), D(1995, 11, 12), "day"),
    ],
)
def test_key_events(eid: str, start: dt.date, end: dt.date, precision: str) -> None:
    e = CATALOGUE.by_id(eid)
    assert (e.start, e.end, e.precision) == (start, end, precision)


def test_hamberg_is_honest_about_the_place() -> None:
    e = CATALOGUE.by_id("hamberg-execution")
    assert e.place == "Azerbaijan SSR (placed at Baku)"
    assert e.source is not None and "Paul Hamberg" in e.source.quote
    for needle in (
        "[hamberg-on-this-day]",
        "[baku-lutheran-arrests-1937]",
        "23 Jul 1937",
        "UNCONFIRMED",
    ):
        assert needle in e.note


def test_notes_cite_keys_of_the_bibliography_not_a_facts_sheet() -> None:
    import re

    from sovietmap.core import bibliography

    keys = bibliography.load()
    cited = set()
    for e in CATALOGUE.events:
        assert "FACTS" not in e.note and "http" not in e.note, e.id
        for group in re.findall(r"\[([^\]]+)\]", e.note):
            for key in group.split(","):
                assert key.strip() in keys, (e.id, key)
                cited.add(key.strip())
    assert {"S26", "transcaucasian-congress-1922", "hamberg-on-this-day"} <= cited


def test_title_pt_is_documented_as_a_title_not_as_the_seed_wording() -> None:
    seed = (PROJECT_ROOT / SEED).read_text("utf-8")
    written = [e.id for e in CATALOGUE.events if e.title_pt not in seed]
    assert written, "every title_pt is verbatim: the docs could then say so"
    docs = (PROJECT_ROOT / "docs" / "events.md").read_text("utf-8")
    [row] = [line for line in docs.splitlines() if line.startswith("| `title_pt` |")]
    assert "Portuguese title" in row and "verbatim" in row
    assert "own wording" not in row


def test_dates_not_in_the_seed_have_notes() -> None:
    seed = (PROJECT_ROOT / SEED).read_text("utf-8")
    for e in CATALOGUE.events:
        quote = e.source.quote if e.source else ""
        if str(e.start.year) not in quote:
            assert e.note, f"{e.id}: date not in its quote and no note"
        if e.place not in seed:
            assert e.note, f"{e.id}: place not in the seed and no note"


def test_catalogue_problems_raise(tmp_path: Path) -> None:
    path = tmp_path / "cat.yaml"
    path.write_text(
        "- {id: a, title: A, title_pt: a, description: d, place: Baku, kind: k,"
        " region: azerbaijan, start: 1930-01-01, lat: 40.4, lon: 49.9}\n",
        "utf-8",
    )
    with pytest.raises(CatalogueError) as info:
        EventCatalogue.load(path)
    [problem] = info.value.problems
    assert (problem.row, problem.field) == (1, "source")
    assert DEFAULT_CATALOGUE.name == "events.yaml"


# ---------------------------------------------------------------- queries


def test_at_in_year_up_to_dates() -> None:
    day = D(1937, 11, 1)
    at = CATALOGUE.at(day)
    assert "hamberg-execution" in {e.id for e in at}
    assert at == [e for e in CATALOGUE.events if e.holds_on(day)]
    assert {e.id for e in CATALOGUE.in_year(1944)} >= {
        "chechen-ingush-deportation",
        "meskhetian-turks-deportation",
    }
    assert all(e.touches_year(1944) for e in CATALOGUE.in_year(1944))
    assert CATALOGUE.up_to(D(1922, 12, 30))[-1].start <= D(1922, 12, 30)
    assert len(CATALOGUE.up_to(D(1995, 12, 31))) == len(CATALOGUE.events)
    assert CATALOGUE.up_to(D(1918, 1, 1)) == []
    dates = CATALOGUE.dates()
    assert dates == sorted(set(dates)) and D(1937, 11, 1) in dates
    with pytest.raises(KeyError):
        CATALOGUE.by_id("no-such-event")


def test_at_returns_a_copy() -> None:
    CATALOGUE.at(D(1937, 11, 1)).clear()
    assert CATALOGUE.at(D(1937, 11, 1))


@settings(max_examples=200)
@given(
    spans=st.lists(st.tuples(st.integers(0, 3000), st.integers(0, 400)), max_size=40),
    probe=st.integers(-10, 3500),
)
def test_at_agrees_with_brute_force(spans: list[tuple[int, int]], probe: int) -> None:
    base = D(1920, 1, 1)
    events = [
        _event(f"e{i}", base + dt.timedelta(a), base + dt.timedelta(a + n))
        for i, (a, n) in enumerate(spans)
    ]
    cat = EventCatalogue(events)
    day = base + dt.timedelta(probe)
    assert cat.at(day) == [e for e in cat.events if e.holds_on(day)]
    assert cat.up_to(day) == [e for e in cat.events if e.start <= day]
    assert cat.in_year(day.year) == [e for e in cat.events if e.touches_year(day.year)]


def test_to_dict_shape() -> None:
    d = CATALOGUE.by_id("hamberg-execution").to_dict()
    assert list(d) == JSON_KEYS
    assert d["start"] == "1937-11-01" and d["source"]["file"] == SEED
    json.dumps(d)
    assert _event("x", D(1930, 1, 1), D(1930, 1, 1)).to_dict()["source"] is None


def test_problem_str() -> None:
    problem = Problem("f.csv", 3, "lat", "out of range")
    assert str(problem) == "f.csv, row 3, field lat: out of range"
    assert str(Problem("f.csv", None, None, "not UTF-8")) == "f.csv: not UTF-8"
    assert str(Problem("f.csv", 4, None, "too many fields")) == "f.csv, row 4: too many fields"


def test_escape_html() -> None:
    assert escape_html("<script>alert(\"x\")</script> & 'y'") == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;y&#x27;"
    )
    assert escape_html("Azerbaijão") == "Azerbaijão"


# ---------------------------------------------------------------- user files


def test_bad_rows_file() -> None:
    events, problems = load_events_file(BAD_CSV)
    assert [e.id for e in events] == ["good-one", "good-two", "good-three"]
    assert events[1].description == "Two lines\nof description"
    assert events[2].source == Source(SEED, "comunidade luterana do Azerbaijão")
    assert all(e.origin == str(BAD_CSV) for e in events)
    expected = {
        3: ("start", "not a real calendar day"),
        4: ("lat", "out of range"),
        5: ("title", "missing title"),
        6: ("precision", "unknown precision 'week'"),
        7: ("place", "not UTF-8"),
        8: ("end", "before start"),
        9: ("id", "duplicate id 'good-one'"),
        10: ("start", "outside the timeline"),
        11: ("source_quote", "not verbatim"),
        12: ("lon", "not a number"),
    }
    assert {p.row: p.field for p in problems} == {row: f for row, (f, _) in expected.items()}
    for p in problems:
        field, words = expected[p.row or 0]
        text = str(p)
        assert text.startswith(f"{BAD_CSV}, row {p.row}, field {field}: "), text
        assert words in text


def test_example_file_loads_cleanly() -> None:
    events, problems = load_events_file(RESOURCES_DIR / "example-events.csv")
    assert problems == []
    assert len(events) >= 2 and all(e.note for e in events)


def test_user_source_is_optional_but_checked(tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "u.csv",
        GOOD,
        {**GOOD, "id": "u2", "source_file": "my-notes.pdf", "source_quote": "p. 12"},
        {**GOOD, "id": "u3", "source_file": SEED, "source_quote": "não está no texto"},
        {**GOOD, "id": "u4", "source_file": "seeds/missing.txt", "source_quote": "x"},
        {**GOOD, "id": "u5", "source_quote": "a quote with no file"},
    )
    events, problems = load_events_file(path)
    assert [e.id for e in events] == ["u1", "u2"]
    assert events[0].source is None and events[1].source == Source("my-notes.pdf", "p. 12")
    assert [(p.row, p.field) for p in problems] == [
        (4, "source_quote"),
        (5, "source_file"),
        (6, "source_quote"),
    ]


def test_regions_and_precision_checks(tmp_path: Path) -> None:
    path = tmp_path / "u.yaml"
    path.write_text(
        "events:\n"
        "- {id: ok, title: OK, start: 1937-09-01, end: 1937-10-31, precision: month,"
        " lat: 40.4, lon: 49.9, region: azerbaijan}\n"
        "- {id: moscow-in-az, title: T, start: 1930-01-01, lat: 55.75, lon: 37.62,"
        " region: azerbaijan}\n"
        "- {id: nowhere, title: T, start: 1930-01-01, lat: 1, lon: 1, region: atlantis}\n"
        "- {id: mid-month, title: T, start: 1937-09-15, end: 1937-10-31, precision: month,"
        " lat: 1, lon: 1}\n"
        "- {id: bad-day, title: T, start: 1937-02-30, lat: 1, lon: 1}\n"
        "- just text\n"
        "- {id: listy, title: [a, b], start: 1930-01-01, lat: 1, lon: 1}\n",
        "utf-8",
    )
    events, problems = load_events_file(path)
    assert [e.id for e in events] == ["ok"]
    assert [(p.row, p.field) for p in problems] == [
        (2, "region"),
        (3, "region"),
        (4, "precision"),
        (5, "start"),
        (6, None),
        (7, "title"),
    ]
    assert "outside azerbaijan" in problems[0].message
    assert "unknown region 'atlantis'" in problems[1].message


def test_geojson_user_file(tmp_path: Path) -> None:
    def feature(props: dict[str, object], geometry: object) -> dict[str, object]:
        return {"type": "Feature", "properties": props, "geometry": geometry}

    point = {"type": "Point", "coordinates": [49.87, 40.41]}
    path = tmp_path / "u.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    feature({"id": "g1", "title": "G", "start": "1930-01-01"}, point),
                    feature({"id": "g2", "title": "G"}, point),
                    feature({"id": "g3", "title": "G", "start": "1930-01-01"}, None),
                    feature(
                        {
                            "id": "g4",
                            "title": "G",
                            "start": "1930-01-01",
                            "source": {"file": SEED, "quote": "Paul Hamberg"},
                        },
                        point,
                    ),
                ],
            }
        ),
        "utf-8",
    )
    events, problems = load_events_file(path)
    assert [(e.id, e.lat, e.lon) for e in events] == [("g1", 40.41, 49.87), ("g4", 40.41, 49.87)]
    assert [(p.row, p.field) for p in problems] == [(2, "start"), (3, "geometry")]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("broken.yaml", b"- {id: a, title: [unclosed\n"),
        ("broken.geojson", b'{"type": "FeatureCollection", "features": ['),
        ("notalist.yaml", b"just a string\n"),
        ("nocols.csv", b"name,when\nx,1930-01-01\n"),
        ("empty.csv", b""),
        ("latin1.yaml", "- {id: a, title: Gäncä}\n".encode("latin-1")),
        ("events.txt", b"id,title\n"),
        ("deep.json", b"[" * 100000),
    ],
)
def test_malformed_files_give_one_message(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    events, problems = load_events_file(path)
    assert events == []
    [problem] = problems
    assert (problem.file, problem.row, problem.field) == (str(path), None, None)
    assert str(problem).startswith(f"{path}: ")


def test_missing_file_gives_one_message(tmp_path: Path) -> None:
    events, [problem] = load_events_file(tmp_path / "absent.csv")
    assert events == [] and "cannot read" in problem.message


def test_too_many_fields(tmp_path: Path) -> None:
    path = tmp_path / "u.csv"
    path.write_text("id,title,start,lat,lon\na,A,1930-01-01,1,1,extra\nb,B,1930-01-01,1,1\n")
    events, [problem] = load_events_file(path)
    assert [e.id for e in events] == ["b"]
    assert (problem.row, problem.field) == (2, None) and "6 fields" in problem.message


def test_add_file_merges_and_reports(tmp_path: Path) -> None:
    cat = EventCatalogue.load()
    before = len(cat.events)
    path = _csv(
        tmp_path / "u.csv",
        {**GOOD, "start": "1937-11-01"},
        {**GOOD, "id": "hamberg-execution", "title": "clash"},
    )
    problems = cat.add_file(path)
    assert [(p.row, p.field, p.message) for p in problems] == [
        (3, "id", "duplicate id 'hamberg-execution'"),
    ]
    assert len(cat.events) == before + 1
    assert cat.by_id("u1").origin == str(path)
    assert "u1" in {e.id for e in cat.at(D(1937, 11, 1))}
    assert cat.events == sorted(cat.events, key=lambda e: (e.start, e.id))


# ---------------------------------------------------------------- fuzzing


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".yaml", ".geojson"]))
def test_arbitrary_bytes_never_crash(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(b"id,title,start,lat,lon\n" + data if suffix == ".csv" else data)
    events, problems = load_events_file(path)
    assert all(isinstance(e, Event) for e in events)
    assert all(isinstance(p, Problem) and p.file == str(path) for p in problems)


_cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "1930-01-01", "1937-13-40", "40.4", "-91", "nan", "day", "year", "x"]),
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.fixed_dictionaries({c: _cell for c in CSV_COLUMNS}), max_size=8))
def test_every_csv_row_is_an_event_or_a_problem(tmp_path: Path, rows: list[dict[str, str]]) -> None:
    path = _csv(tmp_path / "fuzz.csv", *rows)
    events, problems = load_events_file(path)
    assert all(p.row is not None for p in problems), problems
    nonblank = [r for r in rows if any(v.strip() for v in r.values())]
    assert len(events) + len(problems) == len(nonblank)
    assert len({p.row for p in problems}) == len(problems)  # one message per bad row
