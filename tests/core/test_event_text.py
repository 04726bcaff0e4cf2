"""Hostile text in users' event files: encodings, lone surrogates, NUL bytes, huge cells, FIFOs.

Each bad row is a problem of its own (file, row and field named); every other row loads; a file
in another encoding is named as such; a FIFO or a device is refused without being read.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from sovietmap.core.events import Event, Problem, escape_terminal, load_events_file
from sovietmap.core.eventtext import MAX_TEXT

CSV_HEAD = "id,title,start,lat,lon\n"
CSV_ROWS = "a,Gäncä,1930-01-01,40.4,49.9\nb,Баку,1931-01-01,40.4,49.9\n"


def _load(path: Path, data: bytes) -> tuple[list[str], list[str]]:
    path.write_bytes(data)
    events, problems = load_events_file(path)
    return [e.id for e in events], [str(p) for p in problems]


# ---------------------------------------------------------------- encodings named


@pytest.mark.parametrize(
    ("codec", "name"),
    [
        ("utf-16", "UTF-16"),  # with BOM
        ("utf-16-le", "UTF-16"),  # no BOM
        ("utf-16-be", "UTF-16"),
        ("utf-32", "UTF-32"),
        ("utf-32-le", "UTF-32"),
        ("utf-32-be", "UTF-32"),
    ],
)
@pytest.mark.parametrize("suffix", [".csv", ".yaml", ".geojson"])
def test_utf16_and_utf32_are_named(tmp_path: Path, codec: str, name: str, suffix: str) -> None:
    text = {
        ".csv": CSV_HEAD + CSV_ROWS,
        ".yaml": "- {id: a, title: Gäncä, start: 1930-01-01, lat: 40.4, lon: 49.9}\n",
        ".geojson": '{"type": "FeatureCollection", "features": []}\n',
    }[suffix]
    ids, [problem] = _load(tmp_path / f"wide{suffix}", text.encode(codec))
    assert ids == []
    assert (
        problem == f"{tmp_path / f'wide{suffix}'}: the file is {name}, not UTF-8: save it as UTF-8"
    )


@pytest.mark.parametrize(
    ("text", "codec", "name"),
    [
        (
            "- {id: a, title: Баку и Гянджа, start: 1930-01-01, lat: 40.4, lon: 49.9}\n",
            "cp1251",
            "Windows-1251 (Cyrillic)",
        ),
        (
            "- {id: a, title: Gäncä in Azərbaycan, start: 1930-01-01, lat: 40.4, lon: 49.9}\n",
            "latin-1",
            "Latin-1 / Windows-1252 (Western European)",
        ),
        (
            "- {id: a, title: Azerbaijão e Geórgia, start: 1930-01-01, lat: 40.4, lon: 49.9}\n",
            "cp1252",
            "Latin-1 / Windows-1252 (Western European)",
        ),
    ],
)
def test_eight_bit_encodings_are_named(tmp_path: Path, text: str, codec: str, name: str) -> None:
    ids, [problem] = _load(tmp_path / "old.yaml", text.encode(codec, errors="replace"))
    assert ids == []
    assert f"the file looks like {name}, not UTF-8" in problem, problem
    assert problem.endswith("save it as UTF-8")
    assert "missing" not in problem


def test_cp1251_csv_names_the_encoding_on_each_bad_row(tmp_path: Path) -> None:
    data = (
        CSV_HEAD + "a,Баку,1930-01-01,40.4,49.9\nb,Ok,1930-01-01,40.4,49.9\n"
        "c,Гянджа,1930-01-01,40.4,49.9\n"
    ).encode("cp1251")
    path = tmp_path / "ru.csv"
    ids, problems = _load(path, data)
    assert ids == ["b"]
    assert [p.split(":")[0] for p in problems] == [
        f"{path}, row 2, field title",
        f"{path}, row 4, field title",
    ]
    assert all("looks like Windows-1251 (Cyrillic), not UTF-8" in p for p in problems), problems


def test_the_guess_looks_only_at_the_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    data = (
        CSV_HEAD + "a,Баку и Гянджа,1930-01-01,40.4,49.9\n"
    ).encode() + "b,Gäncä,1930-01-01,40.4,49.9\n".encode("latin-1")
    path = tmp_path / "mixed.csv"
    ids, [problem] = _load(path, data)
    assert ids == ["a"]
    assert problem.startswith(f"{path}, row 3, field title: wrong encoding (byte 0xE4): ")
    assert "looks like Latin-1 / Windows-1252 (Western European), not UTF-8" in problem


def test_utf8_with_bom_still_loads(tmp_path: Path) -> None:
    ids, problems = _load(tmp_path / "bom.csv", b"\xef\xbb\xbf" + (CSV_HEAD + CSV_ROWS).encode())
    assert (ids, problems) == (["a", "b"], [])


# ---------------------------------------------------------------- one bad row, the rest loads


def _geojson(*titles: str) -> bytes:
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [49.9, 40.4]},
            "properties": {"id": f"e{i}", "title": t, "start": "1930-01-01"},
        }
        for i, t in enumerate(titles, start=1)
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


LONG = "x" * 200_000


@pytest.mark.parametrize(
    ("name", "data", "row", "words"),
    [
        ("sur.geojson", _geojson("ok", "bad \ud800 title", "ok too"), 2, "lone surrogate"),
        (
            "sur.yaml",
            b"- {id: e1, title: ok, start: 1930-01-01, lat: 1, lon: 1}\n"
            b'- {id: e2, title: "bad \\ud800", start: 1930-01-01, lat: 1, lon: 1}\n'
            b"- {id: e3, title: ok, start: 1930-01-01, lat: 1, lon: 1}\n",
            2,
            "lone surrogate",
        ),
        ("nul.geojson", _geojson("ok", "a\x00b", "ok too"), 2, "NUL"),
        ("rawnul.geojson", _geojson("ok", "a_b", "ok").replace(b"a_b", b"a\x00b"), 2, "NUL"),
        (
            "nul.yaml",
            b"- {id: e1, title: ok, start: 1930-01-01, lat: 1, lon: 1}\n"
            b'- {id: e2, title: "a\x00b", start: 1930-01-01, lat: 1, lon: 1}\n'
            b"- {id: e3, title: ok, start: 1930-01-01, lat: 1, lon: 1}\n",
            2,
            "NUL",
        ),
        (
            "escnul.yaml",
            b"- {id: e1, title: ok, start: 1930-01-01, lat: 1, lon: 1}\n"
            b'- {id: e2, title: "a\\0b", start: 1930-01-01, lat: 1, lon: 1}\n'
            b"- {id: e3, title: ok, start: 1930-01-01, lat: 1, lon: 1}\n",
            2,
            "NUL",
        ),
        (
            "nul.csv",
            (
                CSV_HEAD + "e1,ok,1930-01-01,1,1\ne2,a\x00b,1930-01-01,1,1\ne3,ok,1930-01-01,1,1\n"
            ).encode(),
            3,
            "NUL",
        ),
        (
            "long.csv",
            (
                CSV_HEAD + f"e1,ok,1930-01-01,1,1\ne2,{LONG},1930-01-01,1,1\ne3,ok,1930-01-01,1,1\n"
            ).encode(),
            3,
            "200,000 characters",
        ),
        ("long.geojson", _geojson("ok", LONG, "ok"), 2, "200,000 characters"),
        (
            "long.yaml",
            (
                f"- {{id: e1, title: ok, start: 1930-01-01, lat: 1, lon: 1}}\n"
                f"- {{id: e2, title: {LONG}, start: 1930-01-01, lat: 1, lon: 1}}\n"
                f"- {{id: e3, title: ok, start: 1930-01-01, lat: 1, lon: 1}}\n"
            ).encode(),
            2,
            "200,000 characters",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) and "." in value[1:9] else "",
)
def test_bad_text_is_a_problem_of_its_row(
    tmp_path: Path, name: str, data: bytes, row: int, words: str
) -> None:
    path = tmp_path / name
    ids, [problem] = _load(path, data)
    assert ids == ["e1", "e3"]
    assert problem.startswith(f"{path}, row {row}, field title: "), problem
    assert words in problem
    assert len(problem) < 300 and "\x00" not in problem and "\ud800" not in problem


@pytest.mark.parametrize("suffix", [".yaml", ".geojson"])
def test_a_5000_digit_number_is_a_problem_of_its_row(tmp_path: Path, suffix: str) -> None:
    huge = "9" * 5000
    path = tmp_path / f"huge{suffix}"
    if suffix == ".yaml":
        path.write_text(
            "- {id: e1, title: ok, start: 1930-01-01, lat: 1, lon: 1}\n"
            f"- {{id: e2, title: ok, start: 1930-01-01, lat: -{huge}, lon: 1}}\n"
            "- {id: e3, title: ok, start: 1930-01-01, lat: 1, lon: 1}\n",
            "utf-8",
        )
    else:
        text = _geojson("ok", "ok", "ok").decode().replace("[49.9, 40.4]", f"[{huge}, 1]", 2)
        path.write_text(text.replace(f"[{huge}, 1]", "[49.9, 40.4]", 1), "utf-8")
    events, [problem] = load_events_file(path)
    assert [e.id for e in events] == ["e1", "e3"]
    assert (problem.row, problem.field) == (2, "lat" if suffix == ".yaml" else "lon")
    assert "out of range" in problem.message


def test_the_limit_is_generous(tmp_path: Path) -> None:
    ids, problems = _load(
        tmp_path / "ok.csv", (CSV_HEAD + f"e1,{'y' * MAX_TEXT},1930-01-01,1,1\n").encode()
    )
    assert (ids, problems) == (["e1"], [])
    assert MAX_TEXT >= 10_000


def test_surrogate_pairs_in_yaml_escapes_are_one_character(tmp_path: Path) -> None:
    path = tmp_path / "emoji.yaml"
    path.write_bytes(
        b'- {id: e1, title: "pin \\ud83d\\udccd", start: 1930-01-01, lat: 1, lon: 1}\n'
    )
    [event], problems = load_events_file(path)
    assert problems == [] and event.title == "pin \U0001f4cd"


def test_bad_text_in_a_source_or_a_key_is_its_rows_problem(tmp_path: Path) -> None:
    path = tmp_path / "src.yaml"
    path.write_bytes(
        b"- {id: e1, title: ok, start: 1930-01-01, lat: 1, lon: 1,"
        b' source: {file: x.pdf, quote: "\\ud800"}}\n'
        b'- {id: e2, title: ok, start: 1930-01-01, lat: 1, lon: 1, "k\\0": v}\n'
        b"- {id: e3, title: ok, start: 1930-01-01, lat: 1, lon: 1}\n"
    )
    events, problems = load_events_file(path)
    assert [e.id for e in events] == ["e3"]
    assert [(p.row, p.field) for p in problems] == [(1, "source"), (2, "k\\x00")]


def test_other_raw_control_characters_in_yaml_load_as_text(tmp_path: Path) -> None:
    path = tmp_path / "esc.yaml"
    path.write_bytes(b'- {id: e1, title: "a\x1b[2Jb\x07", start: 1930-01-01, lat: 1, lon: 1}\n')
    [event], problems = load_events_file(path)
    assert problems == [] and event.title == "a\x1b[2Jb\x07"


# ---------------------------------------------------------------- FIFOs and devices


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "events.csv"
    os.mkfifo(fifo)
    box: list[tuple[list[Event], list[Problem]]] = []
    reader = threading.Thread(target=lambda: box.append(load_events_file(fifo)), daemon=True)
    reader.start()
    reader.join(10)
    if reader.is_alive():  # the old code blocks in open(): let it go, then fail
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
        reader.join(10)
    assert box, "load_events_file did not return"
    events, [problem] = box[0]
    assert events == []
    assert str(problem) == f"{fifo}: not a regular file (a FIFO): choose a file"


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_a_device_is_refused(tmp_path: Path, device: str) -> None:
    link = tmp_path / "events.yaml"
    link.symlink_to(device)
    events, [problem] = load_events_file(link)
    assert events == []
    assert str(problem) == f"{link}: not a regular file (a device): choose a file"


def test_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "events.geojson"
    folder.mkdir()
    events, [problem] = load_events_file(folder)
    assert (
        events == [] and str(problem) == f"{folder}: not a regular file (a folder): choose a file"
    )


# ---------------------------------------------------------------- terminal text


def test_escape_terminal() -> None:
    hostile = "a\x1b]0;pwned\x07b\rc\x08d\u202eevil\u2066e\x9bf\x00\tg\u2028h"
    safe = escape_terminal(hostile)
    assert safe == ("a\\x1b]0;pwned\\x07b\\rc\\x08d\\u202eevil\\u2066e\\x9bf\\x00\\tg\\u2028h")
    assert escape_terminal("Azerbaijão — Баку, Gəncə 🗺") == "Azerbaijão — Баку, Gəncə 🗺"
