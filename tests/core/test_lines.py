"""The border lines as stretches (data/geo/lines.geojson.gz): every outline drawn once, each
stretch with its own precision and sources, coasts told from borders."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import shapely
from shapely.geometry import Point, shape

from sovietmap.core import bibliography
from sovietmap.core.atlas import BorderAtlas
from sovietmap.core.lines import lines_at, load, stretch_at
from sovietmap.geodata.stretches import LINE_KINDS


@pytest.fixture(scope="module")
def lines() -> dict[str, Any]:
    return load()


def _nearest(lines: dict[str, Any], day: str, lon: float, lat: float) -> dict[str, Any]:
    """The properties (on ``day``) of the stretch drawn that day nearest to a point."""
    drawn = lines_at(dt.date.fromisoformat(day), lines)["features"]
    point = Point(lon, lat)
    best = min(drawn, key=lambda f: shape(f["geometry"]).distance(point))
    assert shape(best["geometry"]).distance(point) < 0.05, (day, lon, lat)
    props: dict[str, Any] = best["properties"]
    return props


@pytest.mark.parametrize(
    "polity",
    ["ussr", "azerbaijan-ssr", "nakhchivan", "armenia-ssr", "georgia-ssr", "iran", "turkey"],
)
def test_stretches_trace_each_outline_on_each_of_its_dates(
    atlas: BorderAtlas, lines: dict[str, Any], polity: str
) -> None:
    stretches = [(f["properties"], shape(f["geometry"])) for f in lines["features"]]
    for start, _ in atlas.intervals(polity):
        # Dissolved: parts of a polity that touch along an edge hold that edge once.
        outline = shapely.union_all([atlas.feature(polity, start).boundary])
        drawn = shapely.union_all([g for p, g in stretches if polity in stretch_at(p, start)[0]])
        for a, b in ((outline, drawn), (drawn, outline)):
            shapely.prepare(b)
            assert shapely.dwithin(b, shapely.points(shapely.get_coordinates(a)), 2e-4).all(), (
                polity,
                start,
            )
        assert drawn.length == pytest.approx(outline.length, rel=1e-3), (polity, start)


def test_every_piece_of_line_is_stored_once(lines: dict[str, Any]) -> None:
    geoms = [shape(f["geometry"]) for f in lines["features"]]
    assert sum(g.length for g in geoms) == pytest.approx(shapely.union_all(geoms).length, rel=1e-6)


def test_only_line_kinds_hold_stretches(atlas: BorderAtlas, lines: dict[str, Any]) -> None:
    kinds = {r["id"]: r["kind"] for r in atlas.records}
    held = {pid for f in lines["features"] for pid in f["properties"]["polities"]}
    assert held and {kinds[pid] for pid in held} <= set(LINE_KINDS)
    assert {f["properties"]["kind"] for f in lines["features"]} == {"border", "coast"}


def test_the_araz_and_astara_are_treaty_exact(lines: dict[str, Any]) -> None:
    for lon, lat in ((45.55, 38.98), (48.75, 38.42)):  # near Julfa-Ordubad; the Astara river
        props = _nearest(lines, "1950-01-01", lon, lat)
        assert props["kind"] == "border" and props["precision"] == 3
        assert {"ussr", "iran"} <= set(props["polities"])
        assert any(s.startswith("treaty-of-turkmenchay:") for s in props["sources"])


def test_the_kars_line_is_approximate_before_the_treaty_and_exact_after(
    lines: dict[str, Any],
) -> None:
    assert _nearest(lines, "1921-06-01", 43.5, 41.0)["precision"] == 1
    after = _nearest(lines, "1950-01-01", 43.5, 41.0)
    assert after["precision"] == 3 and {"ussr", "turkey"} <= set(after["polities"])


def test_the_riga_line_in_belarus_is_approximate(lines: dict[str, Any]) -> None:
    props = _nearest(lines, "1930-01-01", 27.0, 53.6)
    assert props["kind"] == "border" and props["precision"] == 1
    assert props["polities"] == ["ussr"]
    assert any(s.startswith("S23:") for s in props["sources"])  # the Riga treaty


def test_the_caspian_shore_at_baku_is_coast(lines: dict[str, Any]) -> None:
    props = _nearest(lines, "1950-01-01", 49.9, 40.35)
    assert props["kind"] == "coast"
    assert {"ussr", "azerbaijan-ssr"} <= set(props["polities"])


def test_every_source_key_is_cited(lines: dict[str, Any]) -> None:
    known = bibliography.load()
    keys = {k for f in lines["features"] for span in f["properties"]["precision"] for k in span[3]}
    assert keys and keys == set(lines["sources"]) and keys <= set(known)
    for f in lines["features"]:
        for start, end, precision, _ in f["properties"]["precision"]:
            assert precision in (1, 2, 3) and (start is None or end is None or start < end)
