"""`sovietmap borders --date D`: GeoJSON on stdout; bad dates give one line on stderr, exit 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sovietmap", "borders", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_borders_on_the_headline_date() -> None:
    done = _run("--date", "1937-11-01")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["type"] == "FeatureCollection"
    ids = {f["properties"]["id"] for f in data["features"]}
    assert {"ussr", "azerbaijan-ssr", "nakhchivan", "nkao"} <= ids
    assert "tsfsr" not in ids  # dissolved on 1936-12-05
    for feature in data["features"]:
        props = feature["properties"]
        assert set(props) == {
            "id",
            "name",
            "valid_from",
            "valid_to",
            "precision",
            "sources",
            "kind",
        }
        assert props["kind"] in {
            "union",
            "federation",
            "republic",
            "autonomy",
            "neighbour",
            "context",
            "disputed",
            "district",
        }
        assert props["valid_from"] <= "1937-11-01"
        assert props["valid_to"] is None or props["valid_to"] > "1937-11-01"
        assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}


def test_lines_one_feature_per_stretch_with_its_own_precision() -> None:
    done = _run("--date", "1950-01-01", "--lines")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["type"] == "FeatureCollection" and data["features"]
    for feature in data["features"]:
        props = feature["properties"]
        assert set(props) == {"polities", "kind", "precision", "sources"}
        assert props["kind"] in {"border", "coast"} and props["precision"] in {1, 2, 3}
        assert props["polities"] and props["sources"]
        assert feature["geometry"]["type"] in {"LineString", "MultiLineString"}
    by_kind = {f["properties"]["kind"] for f in data["features"]}
    assert by_kind == {"border", "coast"}
    # The USSR's outline is not one style: treaty-exact with Iran, good or approximate elsewhere.
    ussr = {
        f["properties"]["precision"]
        for f in data["features"]
        if "ussr" in f["properties"]["polities"] and f["properties"]["kind"] == "border"
    }
    assert {2, 3} <= ussr
    iran = [f for f in data["features"] if {"ussr", "iran"} <= set(f["properties"]["polities"])]
    assert iran and all(f["properties"]["precision"] == 3 for f in iran)
    assert any("Turkmenchay" in s for f in iran for s in f["properties"]["sources"])
    assert "tsfsr" not in {p for f in data["features"] for p in f["properties"]["polities"]}


def test_lines_on_a_day_hold_only_that_days_polities() -> None:
    polygons = json.loads(_run("--date", "1930-01-01").stdout)
    lines = json.loads(_run("--date", "1930-01-01", "--lines").stdout)
    ids = {f["properties"]["id"] for f in polygons["features"]}
    held = {p for f in lines["features"] for p in f["properties"]["polities"]}
    assert "ussr" in held and held <= ids
    riga = [
        f
        for f in lines["features"]
        if f["properties"]["polities"] == ["ussr"] and f["properties"]["precision"] == 1
    ]
    assert any(s.startswith("S23:") for f in riga for s in f["properties"]["sources"])


def test_python_dash_m_and_the_console_script_agree() -> None:
    script = subprocess.run(
        ["sovietmap", "borders", "--date", "1925-01-01"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert script.returncode == 0, script.stderr
    assert script.stdout == _run("--date", "1925-01-01").stdout


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1937-13-01", "not a real calendar day"),
        ("01/11/1937", "not an ISO date"),
        ("1900-01-01", "outside the timeline"),
        ("2001-01-01", "outside the timeline"),
    ],
)
def test_bad_dates_give_one_line_and_exit_2(value: str, message: str) -> None:
    done = _run("--date", value)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and value in lines[0]


def test_missing_date_is_a_usage_error() -> None:
    done = _run()
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_closed_pipe_is_not_an_error() -> None:
    """`sovietmap borders --date D | head -c 100` ends quietly."""
    command = f"'{sys.executable}' -m sovietmap borders --date 1937-11-01 | head -c 100"
    done = subprocess.run(
        command, shell=True, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.stdout.startswith('{"type": "FeatureCollection"')
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr
