"""The USSR outline arcs: on every date their union is exactly the outline of that day's USSR."""

from __future__ import annotations

import datetime as dt

import pytest
import shapely
from shapely.geometry import shape

from sovietmap.core.atlas import OUTLINES_FILE, BorderAtlas, read_features


@pytest.fixture(scope="module")
def atlas() -> BorderAtlas:
    return BorderAtlas.load()


def _holds(ranges: list[list[str]], iso: str) -> bool:
    """``ranges`` are [from, to] pairs; ``to`` may be None (still so at the end)."""
    return any(start <= iso and (end is None or iso < end) for start, end in ranges)


def test_arcs_on_each_date_trace_the_ussr_outline(atlas: BorderAtlas) -> None:
    arcs = read_features(OUTLINES_FILE)
    assert {a["properties"]["id"] for a in arcs} == {"ussr"}
    lines = [(a["properties"]["ranges"], shape(a["geometry"])) for a in arcs]
    for start, _ in atlas.intervals("ussr"):
        iso = start.isoformat()
        outline = atlas.feature("ussr", start).boundary
        drawn = shapely.union_all([g for ranges, g in lines if _holds(ranges, iso)])
        # Same line: every vertex of each lies on the other, and the lengths agree.
        for a, b in ((outline, drawn), (drawn, outline)):
            shapely.prepare(b)
            assert shapely.dwithin(b, shapely.points(shapely.get_coordinates(a)), 2e-4).all(), iso
        assert drawn.length == pytest.approx(outline.length, rel=1e-3), iso
    before = dt.date(1922, 12, 29).isoformat()
    assert not any(_holds(ranges, before) for ranges, _ in lines)


def test_arcs_hold_the_coast_once(atlas: BorderAtlas) -> None:
    arcs = read_features(OUTLINES_FILE)
    total = sum(shape(a["geometry"]).length for a in arcs)
    longest = max(atlas.feature("ussr", s).boundary.length for s, _ in atlas.intervals("ussr"))
    assert total < 1.3 * longest  # twenty outlines, stored as little more than one
