"""`sovietmap borders --date D`: GeoJSON on stdout; bad dates give one line on stderr, exit 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sovietmap", "borders", *args],
                          capture_output=True, text=True, timeout=120, check=False)


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
        assert set(props) == {"id", "name", "valid_from", "valid_to", "precision", "sources"}
        assert props["valid_from"] <= "1937-11-01"
        assert props["valid_to"] is None or props["valid_to"] > "1937-11-01"
        assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}


def test_python_dash_m_and_the_console_script_agree() -> None:
    script = subprocess.run(["sovietmap", "borders", "--date", "1925-01-01"],
                            capture_output=True, text=True, timeout=120, check=False)
    assert script.returncode == 0, script.stderr
    assert script.stdout == _run("--date", "1925-01-01").stdout


@pytest.mark.parametrize(("value", "message"), [
    ("1937-13-01", "not a real calendar day"),
    ("01/11/1937", "not an ISO date"),
    ("1900-01-01", "outside the timeline"),
    ("2001-01-01", "outside the timeline"),
])
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
    done = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.stdout.startswith('{"type": "FeatureCollection"')
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr
