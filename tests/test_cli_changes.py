"""`sovietmap changes --from D1 --to D2`: JSON, GeoJSON and a table on stdout; reversed dates are
swapped with a note on stderr; bad dates and unknown polities exit 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sovietmap", "changes", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_json_for_the_ussr_from_1939_to_1941() -> None:
    done = _run("--from", "1939-01-01", "--to", "1941-01-01", "--polity", "ussr")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    data = json.loads(done.stdout)
    assert set(data) == {"polities", "acts"}
    (ussr,) = data["polities"]
    assert set(ussr) == {"id", "name_from", "name_to", "gained_km2", "lost_km2", "pieces"}
    assert ussr["id"] == "ussr" and ussr["lost_km2"] == 0
    features = ussr["pieces"]["features"]
    assert [f["properties"]["date"] for f in features] == [
        "1939-11-01",
        "1939-11-02",
        "1940-03-12",
        "1940-08-02",
        "1940-08-03",
        "1940-08-05",
        "1940-08-06",
    ]
    total = sum(f["properties"]["area_km2"] for f in features)
    assert total == pytest.approx(ussr["gained_km2"], rel=0.005)
    assert [a["date"] for a in data["acts"]] == [f["properties"]["date"] for f in features]
    for act in data["acts"]:
        assert act["summary"] and act["sources"]
        assert all(": " in s and "http" in s for s in act["sources"])


def test_reversed_dates_are_swapped_and_the_table_says_so() -> None:
    done = _run("--from", "1941-01-01", "--to", "1939-01-01", "--format", "table")
    assert done.returncode == 0, done.stderr
    assert "dates were swapped" in done.stderr and "1939-01-01 to 1941-01-01" in done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Changes from 1939-01-01 to 1941-01-01 (dates swapped)"
    assert "ussr: Union of Soviet Socialist Republics" in lines
    assert "turkey: Republic of Turkey" in lines  # Hatay, 29 June 1939
    assert "iran: Persia" not in done.stdout  # unchanged: not reported
    assert "Acts (8):" in lines
    assert any(line.startswith("  1940-03-12 +") for line in lines)


def test_geojson_is_every_piece() -> None:
    done = _run("--from", "1920-01-01", "--to", "1921-01-01", "--format", "geojson")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["type"] == "FeatureCollection"
    polities = {f["properties"]["polity"] for f in data["features"]}
    assert {"adr", "azerbaijan-ssr"} <= polities
    lost = [f for f in data["features"] if f["properties"]["polity"] == "adr"]
    assert [f["properties"]["change"] for f in lost] == ["lost"]
    assert lost[0]["properties"]["date"] == "1920-04-28"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "1939-13-01", "--to", "1941-01-01"), "--from '1939-13-01' is not a real"),
        (("--from", "1939-01-01", "--to", "2001-01-01"), "--to 2001-01-01 is outside"),
        (("--from", "1939-01-01", "--to", "1941-01-01", "--polity", "x"), "'x' is not a polity"),
        (("--from", "1939-01-01", "--to", "1941-01-01", "--format", "csv"), "invalid choice"),
    ],
)
def test_bad_arguments_exit_2(args: tuple[str, ...], message: str) -> None:
    done = _run(*args)
    assert done.returncode == 2
    assert message in done.stderr and done.stdout == ""
