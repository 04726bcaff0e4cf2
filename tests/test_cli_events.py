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
    "id", "title", "title_pt", "description", "start", "end", "precision", "place",
    "lat", "lon", "kind", "source", "note",
]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p
    )
    return subprocess.run(
        [sys.executable, "-m", "sovietmap", "events", *args],
        capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT, timeout=120,
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
    assert any(
        line.startswith("1937-11-01  1937-11-01  hamberg-execution") for line in lines
    )


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
