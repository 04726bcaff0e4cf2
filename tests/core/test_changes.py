"""What changed between two dates (core/changes.py): gains, losses, pieces, acts, names, cache."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from shapely.geometry import Point, box

from sovietmap import PROJECT_ROOT
from sovietmap.core import bibliography
from sovietmap.core.atlas import BorderAtlas
from sovietmap.core.changes import Comparer, acts_between, area_km2, read_changelog

D = dt.date


@pytest.fixture(scope="module")
def comparer(atlas: BorderAtlas) -> Comparer:
    """One comparer for the module: its cache of differences is shared, as in the app."""
    return Comparer(atlas)


_AREAS: dict[tuple[str, int], float] = {}


def _area(comparer: Comparer, atlas: BorderAtlas, polity: str, day: dt.date) -> float:
    """The polity's area on ``day`` (km²), computed once per interval between changes."""
    key = (polity, comparer.interval(day))
    if key not in _AREAS:
        _AREAS[key] = area_km2(atlas.feature(polity, day))
    return _AREAS[key]


def _check_areas(comparer: Comparer, atlas: BorderAtlas, start: dt.date, end: dt.date) -> int:
    """Gains minus losses = the area difference (0.5 %) for every polity; pieces add up."""
    result = comparer.compare(start, end)
    for pol in result.polities:
        before = _area(comparer, atlas, pol.id, start)
        after = _area(comparer, atlas, pol.id, end)
        difference = after - before
        net = pol.gained_km2 - pol.lost_km2
        assert abs(net - difference) <= 0.005 * abs(difference) + 1e-6, (start, end, pol.id)
        for change, total in (("gained", pol.gained_km2), ("lost", pol.lost_km2)):
            pieces = sum(p.area_km2 for p in pol.pieces if p.change == change)
            assert abs(pieces - total) <= 0.005 * total + 0.1, (start, end, pol.id, change)
    return len(result.polities)


def test_gains_minus_losses_equal_the_area_difference_on_every_change(
    comparer: Comparer, atlas: BorderAtlas
) -> None:
    dates = atlas.change_dates()
    changed = sum(_check_areas(comparer, atlas, a, b) for a, b in itertools.pairwise(dates))
    assert changed >= len(dates) - 1  # every change date changes some polity


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(1918, 1, 1), D(1995, 12, 31)),
        (D(1920, 1, 1), D(1925, 1, 1)),
        (D(1922, 12, 30), D(1991, 12, 25)),
        (D(1936, 1, 1), D(1946, 1, 1)),
        (D(1939, 1, 1), D(1941, 1, 1)),
        (D(1944, 1, 1), D(1992, 6, 1)),
    ],
)
def test_gains_minus_losses_over_long_spans(
    comparer: Comparer, atlas: BorderAtlas, start: dt.date, end: dt.date
) -> None:
    assert _check_areas(comparer, atlas, start, end) > 0


def test_a_polity_that_did_not_change_reports_nothing(
    comparer: Comparer, atlas: BorderAtlas
) -> None:
    start, end = D(1939, 1, 1), D(1941, 1, 1)
    result = comparer.compare(start, end)
    reported = {p.id for p in result.polities}
    for pid in atlas.ids():
        old, new = atlas.feature(pid, start), atlas.feature(pid, end)
        same_land = (old is None and new is None) or (
            old is not None and new is not None and old.equals(new)
        )
        same_name = atlas.names_at(start).get(pid) == atlas.names_at(end).get(pid)
        assert (pid in reported) == (not (same_land and same_name)), pid
    assert "iran" not in reported and "azerbaijan-ssr" not in reported
    alone = comparer.compare(start, end, polity="azerbaijan-ssr")
    assert alone.polities == () and alone.acts == ()
    same = comparer.compare(D(1950, 1, 1), D(1950, 1, 1))
    assert same.polities == () and same.acts == ()


def test_a_change_of_name_only_is_reported_with_no_land(comparer: Comparer) -> None:
    # 1918-07-10: the constitution names the RSFSR (changelog: "name only")
    (pol,) = comparer.compare(D(1918, 7, 1), D(1918, 7, 20), polity="rsfsr").polities
    assert (pol.name_from, pol.name_to) == ("Russian Socialist Soviet Republic", "Russian SFSR")
    assert pol.gained_km2 == pol.lost_km2 == 0 and pol.pieces == ()


def _changelog_dates() -> list[dt.date]:
    text = (PROJECT_ROOT / "geodata" / "CHANGELOG.md").read_text("utf-8")
    return [D.fromisoformat(d) for d in re.findall(r"^## (\d{4}-\d{2}-\d{2})\s*$", text, re.M)]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(1918, 1, 1), D(1995, 12, 31)),
        (D(1939, 1, 1), D(1941, 1, 1)),
        (D(1939, 11, 1), D(1940, 8, 2)),  # an act on the first date is not between, the last is
        (D(1960, 1, 1), D(1970, 1, 1)),
    ],
)
def test_the_acts_between_two_dates_are_the_changelog_entries_in_that_interval(
    comparer: Comparer, atlas: BorderAtlas, start: dt.date, end: dt.date
) -> None:
    expected = sorted(d for d in _changelog_dates() if start < d <= end)
    acts = comparer.compare(start, end).acts
    assert [a.date for a in acts] == expected
    assert [a.date for a in acts] == [d for d in atlas.change_dates() if start < d <= end]
    assert [a.date for a in comparer.compare(end, start).acts] == expected


def test_each_act_has_its_summary_and_full_sources() -> None:
    entries = bibliography.load()
    acts = read_changelog()
    assert len(acts) == len(_changelog_dates())
    for act in acts:
        assert act.summary and "\n" not in act.summary and "[S" not in act.summary, act.date
        assert act.sources, act.date
        for source in act.sources:
            key = source.split(":", 1)[0]
            assert source == bibliography.cite(key, entries)
    (belarus,) = acts_between(D(1939, 11, 1), D(1939, 11, 2))
    assert belarus.summary.startswith("Western Belarus incorporated")
    keys = [s.split(":", 1)[0] for s in belarus.sources]
    assert keys == ["S3", "S4", "S9b"]  # the group runs over a line break in the Markdown


#: Places in each 1939-1940 acquisition: the date of its act, (lon, lat) inside it.
USSR_1939_1940 = {
    "West Ukraine (Lviv)": (D(1939, 11, 1), (24.03, 49.84)),
    "West Belarus (Hrodna)": (D(1939, 11, 2), (23.83, 53.68)),
    "Karelian Isthmus (Vyborg)": (D(1940, 3, 12), (28.75, 60.71)),
    "Salla (Alakurtti)": (D(1940, 3, 12), (30.35, 66.96)),
    "Bessarabia (Chisinau)": (D(1940, 8, 2), (28.86, 47.01)),
    "Northern Bukovina (Chernivtsi)": (D(1940, 8, 2), (25.94, 48.29)),
    "Lithuania (Kaunas)": (D(1940, 8, 3), (23.90, 54.90)),
    "Latvia (Riga)": (D(1940, 8, 5), (24.11, 56.95)),
    "Estonia (Tartu)": (D(1940, 8, 6), (26.72, 58.38)),
}


def test_the_ussr_from_1939_to_1941(comparer: Comparer) -> None:
    result = comparer.compare(D(1939, 1, 1), D(1941, 1, 1), polity="ussr")
    (ussr,) = result.polities
    assert ussr.name_from == ussr.name_to == "Union of Soviet Socialist Republics"
    assert ussr.lost_km2 == 0
    by_date = {p.date: p for p in ussr.pieces}
    assert [p.change for p in ussr.pieces] == ["gained"] * 7
    assert sorted(by_date) == sorted({d for d, _ in USSR_1939_1940.values()})
    for what, (day, (lon, lat)) in USSR_1939_1940.items():
        assert by_date[day].geometry.contains(Point(lon, lat)), what
        assert by_date[day].act in [a.headline for a in result.acts]
    headlines = " ".join(p.act for p in ussr.pieces)
    for words in ("Western Ukraine", "Western Belarus", "Moscow Peace Treaty", "Bessarabia"):
        assert words in headlines
    for state in ("Lithuania", "Latvia", "Estonia"):
        assert state in headlines
    assert any("Karelian Isthmus" in a.summary and "Salla" in a.summary for a in result.acts)
    assert any("Northern Bukovina" in a.summary for a in result.acts)
    assert abs(sum(p.area_km2 for p in ussr.pieces) - ussr.gained_km2) <= 0.005 * ussr.gained_km2
    assert 400_000 < ussr.gained_km2 < 550_000  # about 460,000 km² in the literature
    assert [a.date for a in result.acts] == sorted(by_date)  # only the USSR's acts


def test_reversed_dates_are_swapped_and_say_so(comparer: Comparer) -> None:
    forward = comparer.compare(D(1939, 1, 1), D(1941, 1, 1))
    backward = comparer.compare(D(1941, 1, 1), D(1939, 1, 1))
    assert not forward.swapped and backward.swapped
    assert (backward.start, backward.end) == (D(1939, 1, 1), D(1941, 1, 1))
    assert backward.to_json() == forward.to_json()


def test_differences_are_cached_per_pair_of_change_intervals(comparer: Comparer) -> None:
    # 1939-11-02 .. 1940-03-11 and 1940-08-06 .. 1944-09-18 are intervals between changes
    assert comparer.interval(D(1939, 12, 1)) == comparer.interval(D(1940, 3, 11))
    assert comparer.interval(D(1940, 3, 11)) != comparer.interval(D(1940, 3, 12))
    first = comparer.polity_change("ussr", D(1939, 12, 1), D(1941, 1, 1))
    again = comparer.polity_change("ussr", D(1940, 3, 11), D(1944, 9, 18))
    assert again is first
    other = comparer.polity_change("ussr", D(1940, 3, 12), D(1941, 1, 1))
    assert other is not first and other.gained_km2 < first.gained_km2


def test_the_json_is_the_object_of_the_issue(comparer: Comparer) -> None:
    data = comparer.compare(D(1939, 1, 1), D(1941, 1, 1)).to_json()
    assert set(data) == {"polities", "acts"}
    for pol in data["polities"]:
        assert set(pol) == {"id", "name_from", "name_to", "gained_km2", "lost_km2", "pieces"}
        assert pol["pieces"]["type"] == "FeatureCollection"
        for feature in pol["pieces"]["features"]:
            assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}
            assert feature["properties"]["polity"] == pol["id"]
            assert feature["properties"]["change"] in {"gained", "lost"}
    for act in data["acts"]:
        assert set(act) == {"date", "summary", "sources"}


def test_areas_are_equal_area_km2(atlas: BorderAtlas) -> None:
    # a 1-degree cell is about 12,309 km² at the equator and half that at 60 N
    assert area_km2(box(0, 0, 1, 1)) == pytest.approx(12_309, rel=0.002)
    assert area_km2(box(0, 60, 1, 61)) == pytest.approx(6_096, rel=0.01)
    # the Republic of Azerbaijan: 86,600 km²
    azerbaijan = atlas.feature("azerbaijan-republic", D(1995, 1, 1))
    assert area_km2(azerbaijan) == pytest.approx(86_600, rel=0.01)


def test_the_cache_is_bounded(atlas: BorderAtlas, monkeypatch: pytest.MonkeyPatch) -> None:
    from sovietmap.core import changes

    monkeypatch.setattr(changes, "CACHE_SIZE", 2)
    fresh = Comparer(atlas)
    first = fresh.polity_change("turkey", D(1939, 1, 1), D(1940, 1, 1))
    for year in (1941, 1942, 1950):  # each in another interval between changes
        fresh.polity_change("turkey", D(1939, 1, 1), D(year, 1, 1))
    assert len(fresh._pairs) == 2 and len(fresh._steps) <= 2
    again = fresh.polity_change("turkey", D(1939, 1, 1), D(1940, 1, 1))
    assert again is not first and again == first  # computed again, the same
