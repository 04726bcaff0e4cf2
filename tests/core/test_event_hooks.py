"""Reading a big events file: the progress and cancel hooks of ``load_events_file``, the CSV
read a block at a time (the same rows as the whole text would give), and a catalogue that does
not sort what is already in order."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest

from sovietmap.core.eventfiles import CSV_BLOCK, RowError, records
from sovietmap.core.events import Cancelled, Event, EventCatalogue, load_events_file

HEADER = "id,title,description,start,lat,lon\n"


def _rows(n: int, *, newline: str = "\n", long_cell_every: int = 0) -> str:
    """``n`` good rows; every ``long_cell_every``-th has a quoted cell over several lines."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    for i in range(n):
        text = f"row {i} ünïcode"
        if long_cell_every and i % long_cell_every == 0:
            text = f'a cell{newline}over three{newline}lines, "quoted", ' + "x" * 3000
        day = dt.date(1920, 1, 1) + dt.timedelta(days=(i * 37) % 25_000)
        writer.writerow([f"e{i:06d}", f"Event {i}", text, day.isoformat(), "40.1", "49.2"])
    return out.getvalue()


def _big_csv(path: Path, rows: int = 20_000) -> Path:
    path.write_text(HEADER + _rows(rows), "utf-8")
    return path


def test_progress_counts_bytes_up_to_the_file_size(tmp_path: Path) -> None:
    path = _big_csv(tmp_path / "big.csv")
    size = path.stat().st_size
    assert size > 2 * CSV_BLOCK  # read in several blocks
    seen: list[tuple[int, int]] = []
    events, problems = load_events_file(path, progress=lambda d, n: seen.append((d, n)))
    assert len(events) == 20_000 and not problems
    assert len(seen) >= 3
    assert all(total == size for _, total in seen)
    dones = [done for done, _ in seen]
    assert dones == sorted(dones) and dones[0] < size and dones[-1] == size


@pytest.mark.parametrize("suffix", [".yaml", ".geojson"])
def test_progress_of_yaml_and_geojson_counts_items(tmp_path: Path, suffix: str) -> None:
    n = 5000
    if suffix == ".yaml":
        text = "".join(
            f"- {{id: y{i}, title: T, start: '1930-01-01', lat: 40, lon: 49}}\n" for i in range(n)
        )
    else:
        feature = (
            '{"type":"Feature","geometry":{"type":"Point","coordinates":[49,40]},'
            '"properties":{"id":"g%d","title":"T","start":"1930-01-01"}}'
        )
        text = (
            '{"type":"FeatureCollection","features":['
            + ",".join(feature % i for i in range(n))
            + "]}"
        )
    path = tmp_path / f"items{suffix}"
    path.write_text(text, "utf-8")
    seen: list[tuple[int, int]] = []
    events, _ = load_events_file(path, progress=lambda d, t: seen.append((d, t)))
    assert len(events) == n
    assert seen and all(total == n for _, total in seen) and seen[-1] == (n, n)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_cancel_stops_the_reading(tmp_path: Path) -> None:
    path = _big_csv(tmp_path / "big.csv")
    asked: list[int] = []
    seen: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 2

    with pytest.raises(Cancelled):
        load_events_file(path, cancelled=cancelled, progress=lambda d, _n: seen.append(d))
    assert len(asked) == 3
    assert seen and seen[-1] < path.stat().st_size  # it stopped before the end


def test_cancelled_at_once_reads_nothing(tmp_path: Path) -> None:
    with pytest.raises(Cancelled):
        load_events_file(_big_csv(tmp_path / "big.csv", 10), cancelled=lambda: True)


def test_without_hooks_nothing_changes(tmp_path: Path) -> None:
    path = _big_csv(tmp_path / "big.csv", 3000)
    calls: list[int] = []
    plain = load_events_file(path)
    hooked = load_events_file(path, progress=lambda d, n: calls.append(d), cancelled=lambda: False)
    assert plain == hooked and calls


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_blocks_give_the_rows_the_whole_text_gives(tmp_path: Path, newline: str) -> None:
    """Quoted cells over several lines across block boundaries, any line ending, a BOM, a
    byte that is not UTF-8 and a NUL: rows and row numbers as csv over the whole text."""
    text = HEADER.replace("\n", newline) + _rows(2500, newline=newline, long_cell_every=7)
    data = b"\xef\xbb\xbf" + text.encode("utf-8")
    data = data.replace(b"row 100 ", b"row \xe9 ").replace(b"row 200 ", b"row \x00 ")
    assert len(data) > 2 * CSV_BLOCK
    got = list(records(data, ".csv"))
    whole = csv.reader(io.StringIO(data[3:].decode("utf-8", "surrogateescape"), newline=""))
    header = next(whole)
    expected, line = [], whole.line_num
    for row in whole:
        expected.append((line + 1, dict(zip(header, row, strict=True))))
        line = whole.line_num
    good = [(r, rec) for r, rec in got if not isinstance(rec, RowError)]
    bad = [(r, rec.field) for r, rec in got if isinstance(rec, RowError)]
    assert len(got) == len(expected) == 2500
    assert [r for r, _ in got] == [r for r, _ in expected]
    assert good == [x for x in expected if x[0] not in dict(bad)]
    assert len(bad) == 2 and {f for _, f in bad} == {"description"}
    path = tmp_path / "blocks.csv"
    path.write_bytes(data)
    events, problems = load_events_file(path)
    assert len(events) == 2498 and len(problems) == 2
    assert {p.row for p in problems} == {r for r, _ in bad}


def test_a_cell_longer_than_a_block_is_its_rows_problem(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text(
        HEADER + f"a,A,{'y' * (3 * CSV_BLOCK)},1930-01-01,40,49\nb,B,short,1930-01-02,40,49\n",
        "utf-8",
    )
    events, problems = load_events_file(path)
    assert [e.id for e in events] == ["b"]
    assert [(p.row, p.field) for p in problems] == [(2, "description")]
    assert "too long" in problems[0].message


def _event(eid: str, day: dt.date) -> Event:
    return Event(eid, eid, "", "", day, day, "day", "Baku", 40.4, 49.9, "test", None, "")


def test_the_catalogue_keeps_an_ordered_list_and_sorts_the_rest() -> None:
    days = [dt.date(1930, 1, 1) + dt.timedelta(days=i // 3) for i in range(3000)]
    ordered = [_event(f"e{i:05d}", day) for i, day in enumerate(days)]
    catalogue = EventCatalogue(ordered)
    assert catalogue.events == ordered
    shuffled = ordered[1::2] + ordered[::2]
    assert EventCatalogue(shuffled).events == ordered
    same_day = [_event("b", days[0]), _event("a", days[0])]  # same start: by id
    assert [e.id for e in EventCatalogue(same_day).events] == ["a", "b"]


def test_add_file_merges_the_new_rows_in_order(tmp_path: Path) -> None:
    catalogue = EventCatalogue(
        [_event("k1", dt.date(1930, 1, 5)), _event("k2", dt.date(1931, 1, 1))]
    )
    path = tmp_path / "more.csv"
    path.write_text(
        HEADER + "z,Z,,1929-01-01,40,49\nm,M,,1930-06-01,40,49\na,A,,1935-01-01,40,49\n", "utf-8"
    )
    assert catalogue.add_file(path) == []
    assert [e.id for e in catalogue.events] == ["z", "k1", "m", "k2", "a"]
    assert catalogue.at(dt.date(1930, 6, 1))[0].id == "m"


def test_geojson_parsed_a_feature_at_a_time_as_json_loads_would() -> None:
    """The same objects, and the same error messages, as ``json.loads`` on thousands of
    mutations of a FeatureCollection (features, other members, bad syntax, trailing data)."""
    import json
    import random

    from sovietmap.core.eventfiles import _json_int
    from sovietmap.core.eventjson import loads

    base = (
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": '
        '{"type": "Point", "coordinates": [49.8, 40.4]}, "properties": {"id": "a", '
        '"title": "T\\u00e9", "n": 12345678901234567890}}, {"geometry": null}], '
        '"crs": {"x": [1, 2, {"a": null}]}, "features": []}  '
    )
    alphabet = '{}[]:,"\\ \n\t0123456789.eE+-abfnrtu\x00\x1f\ufeff'
    rnd = random.Random(10)

    def outcome(parse: Any, text: str) -> tuple[str, str]:
        try:
            return "ok", repr(parse(text))
        except (ValueError, RecursionError) as exc:
            return type(exc).__name__, str(exc)

    cases = [
        base,
        "",
        "{}",
        " [1] ",
        '{"features": [1,]}',
        '{"a": 1} x',
        "\ufeff{}",
        '{"features": [' + "[" * 3000 + "]" * 3000 + "]}",
    ]
    for _ in range(5000):
        chars = list(base)
        for _ in range(rnd.randint(1, 3)):
            pos = rnd.randrange(len(chars))
            if rnd.random() < 0.4:
                del chars[pos]
            else:
                chars.insert(pos, rnd.choice(alphabet))
        cases.append("".join(chars))
    for text in cases:
        assert outcome(lambda t: loads(t, parse_int=_json_int), text) == outcome(
            lambda t: json.loads(t, strict=False, parse_int=_json_int), text
        ), text
