"""`sovietmap events` end to end, through `python -m sovietmap`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
BAD_CSV = ROOT / "tests" / "data" / "bad-events.csv"
EXAMPLE = ROOT / "resources" / "example-events.csv"
KEYS = [
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


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p
    )
    return subprocess.run(
        [sys.executable, "-m", "sovietmap", "events", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def _json(*args: str) -> tuple[list[dict[str, Any]], subprocess.CompletedProcess[str]]:
    result = _run(*args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), result


def test_all_events_as_json() -> None:
    events, result = _json()
    assert result.stderr == ""
    assert len(events) >= 20
    assert all(list(e) == KEYS for e in events)
    starts = [e["start"] for e in events]
    assert starts == sorted(starts)
    hamberg = next(e for e in events if e["id"] == "hamberg-execution")
    assert hamberg["start"] == hamberg["end"] == "1937-11-01"
    assert hamberg["place"] == "Azerbaijan SSR (placed at Baku)"
    assert hamberg["source"]["quote"].startswith("Os stalinistas executam o pastor Paul Hamberg")
    assert (hamberg["lat"], hamberg["lon"]) == (40.41, 49.87)


def test_date_filter() -> None:
    events, _ = _json("--date", "1937-11-01")
    ids = {e["id"] for e in events}
    assert {"hamberg-execution", "stalinism", "great-purge"} <= ids
    assert "azerbaijan-constitution-1937" not in ids
    assert all(e["start"] <= "1937-11-01" <= e["end"] for e in events)


def test_year_filter() -> None:
    events, _ = _json("--year", "1944")
    ids = {e["id"] for e in events}
    assert {"chechen-ingush-deportation", "meskhetian-turks-deportation", "gulag"} <= ids
    assert all(e["start"][:4] <= "1944" <= e["end"][:4] for e in events)
    assert "hamberg-execution" not in ids


def test_user_file_with_bad_rows() -> None:
    events, result = _json("--file", str(BAD_CSV), "--year", "1937")
    ids = {e["id"] for e in events}
    assert "good-three" in ids and "hamberg-execution" in ids
    assert "good-one" not in ids  # 1930: filtered by --year, not lost
    lines = result.stderr.splitlines()
    assert len(lines) == 10
    for line in lines:
        assert f"{BAD_CSV}, row " in line and ", field " in line, line
    assert any("row 7, field place: wrong encoding" in line for line in lines)


def test_two_user_files() -> None:
    events, result = _json("--file", str(EXAMPLE), "--file", str(BAD_CSV))
    ids = [e["id"] for e in events]
    assert {"nkao-created", "census-1926", "good-one", "good-two"} <= set(ids)
    assert len(ids) == len(set(ids))
    assert len(result.stderr.splitlines()) == 10


def test_malformed_user_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.geojson"
    broken.write_text('{"features": [', "utf-8")
    events, result = _json("--file", str(broken))
    [line] = result.stderr.splitlines()
    assert f"{broken}: malformed geojson file" in line
    assert len(events) >= 20


def test_table_format() -> None:
    result = _run("--date", "1937-11-01", "--format", "table")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["start", "end", "id", "place", "title"]
    assert any(line.startswith("1937-11-01  1937-11-01  hamberg-execution") for line in lines)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--date", "1937-02-30"], "not a real calendar day"),
        (["--date", "yesterday"], "not an ISO date"),
        (["--date", "1917-12-31"], "outside the timeline"),
        (["--year", "1900"], "outside the timeline"),
        (["--year", "37"], "four-digit year"),
        (["--date", "1937-11-01", "--year", "1937"], "not allowed with"),
        (["--file", "no/such/file.csv"], "no such file"),
        (["--format", "xml"], "invalid choice"),
    ],
)
def test_bad_arguments(args: list[str], words: str) -> None:
    result = _run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and words in lines[0], result.stderr


# ---------------------------------------------------------------- hostile files (issue 10)


def _hostile_geojson(path: Path, *titles: str) -> Path:
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [49.9, 40.4]},
            "properties": {"id": f"h{i}", "title": t, "start": "1937-11-01", "place": "Baku"},
        }
        for i, t in enumerate(titles, start=1)
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    return path


def test_json_output_is_whole_despite_bad_text(tmp_path: Path) -> None:
    path = _hostile_geojson(tmp_path / "h.geojson", "ok", "lone \ud800", "nul \x00", "ok")
    events, result = _json("--file", str(path), "--date", "1937-11-01")
    ids = {e["id"] for e in events}
    assert {"h1", "h4", "hamberg-execution"} <= ids and not {"h2", "h3"} & ids
    assert result.stderr.splitlines() == [
        f"sovietmap events: {path}, row 2, field title: lone surrogate U+D800 "
        "(half of a UTF-16 pair, not a character)",
        f"sovietmap events: {path}, row 3, field title: NUL byte (U+0000) in the text",
    ]


def test_json_output_is_utf8_whatever_the_locale() -> None:
    env = dict(os.environ, PYTHONIOENCODING="ascii", LC_ALL="C", PYTHONUTF8="0")
    env["PYTHONPATH"] = str(ROOT / "src")
    result = subprocess.run(
        [sys.executable, "-m", "sovietmap", "events"],
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    events = json.loads(result.stdout.decode("utf-8"))
    assert any("ã" in e["title_pt"] for e in events)


def test_table_escapes_control_characters(tmp_path: Path) -> None:
    hostile = "\x1b]0;pwned\x07\x1b[2J\rfake\x08\u202eevil\u2066\x9b31m\tend"
    path = _hostile_geojson(tmp_path / "h.geojson", hostile)
    result = _run("--file", str(path), "--date", "1937-11-01", "--format", "table")
    assert result.returncode == 0, result.stderr
    [line] = [ln for ln in result.stdout.splitlines() if "  h1  " in ln]
    assert line.endswith("\\x1b]0;pwned\\x07\\x1b[2J\\rfake\\x08\\u202eevil\\u2066\\x9b31m\\tend")
    bad = [
        ch
        for ch in result.stdout
        if ch != "\n" and (ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 or ch in "\u202e\u2066")
    ]
    assert bad == []


def test_json_output_writes_controls_as_escapes(tmp_path: Path) -> None:
    hostile = "\x1b]0;pwned\x07 \x9b31m \x7f \u202eevil\u2066 \u2028end"
    path = _hostile_geojson(tmp_path / "h.geojson", hostile)
    events, result = _json("--file", str(path), "--date", "1937-11-01")
    assert next(e for e in events if e["id"] == "h1")["title"] == hostile
    raw = [
        ch
        for ch in result.stdout
        if ch not in "\n" and (ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 or ch in "\u202e\u2066\u2028")
    ]
    assert raw == []


def test_a_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "events.csv"
    os.mkfifo(fifo)
    result = _run("--file", str(fifo))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"sovietmap events: --file {str(fifo)!r}: not a regular file (a FIFO)",
    ]


def test_a_utf16_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_bytes(EXAMPLE.read_text("utf-8").encode("utf-16"))
    events, result = _json("--file", str(path))
    assert result.stderr.splitlines() == [
        f"sovietmap events: {path}: the file is UTF-16, not UTF-8: save it as UTF-8",
    ]
    assert len(events) >= 20


def test_the_viewer_refuses_a_fifo_before_it_starts(tmp_path: Path) -> None:
    fifo = tmp_path / "events.yaml"
    os.mkfifo(fifo)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "sovietmap", "--events", str(fifo)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert f"--events {str(fifo)!r}: not a regular file (a FIFO)" in line
