"""Soviet Russia and its neighbours before the USSR (1918-1924), the USSR's creation as a merge,
Bukhara and Khorezm in 1924, Salla and Kuusamo in 1940, and the date rule (issue 9)."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Point, box

from sovietmap.core.atlas import BorderAtlas

D = dt.date.fromisoformat
IN, OUT = True, False


def _km2(geom: object, lon: float, lat: float) -> float:
    """Area in km² in a Lambert azimuthal equal-area projection centred on (lon, lat), as the
    area checks of tests/core/test_atlas.py measure it."""
    series = gpd.GeoSeries([geom], crs="EPSG:4326")
    return float(series.to_crs(f"+proj=laea +lat_0={lat} +lon_0={lon}").area.iloc[0]) / 1e6


@pytest.mark.parametrize(
    ("polity", "kind", "start", "end"),
    [
        ("rsfsr", "republic", "1918-01-28", "1922-12-30"),
        ("turkestan-assr", "autonomy", "1918-04-30", "1924-10-27"),
        ("far-eastern-republic", "neighbour", "1920-04-06", "1922-11-15"),
        ("ukrainian-ssr", "republic", "1919-03-10", "1922-12-30"),
        ("byelorussian-ssr", "republic", "1920-07-31", "1922-12-30"),
        ("bukhara-psr", "neighbour", "1918-01-01", "1924-10-27"),
        ("khorezm-psr", "neighbour", "1918-01-01", "1924-10-27"),
    ],
)
def test_lifespans_and_kinds(
    atlas: BorderAtlas, polity: str, kind: str, start: str, end: str
) -> None:
    spans = atlas.intervals(polity)
    assert spans[0][0] == D(start)
    assert spans[-1][1] == D(end)
    assert set(atlas.frame.loc[atlas.frame["id"] == polity, "kind"]) == {kind}


@pytest.mark.parametrize(
    ("polity", "day", "name"),
    [
        ("rsfsr", "1918-03-01", "Russian Socialist Soviet Republic"),
        ("rsfsr", "1918-07-10", "Russian SFSR"),
        ("turkestan-assr", "1919-01-01", "Turkestan Soviet Republic"),
        ("turkestan-assr", "1920-09-24", "Turkestan ASSR"),
        ("bukhara-psr", "1919-01-01", "Emirate of Bukhara"),
        ("bukhara-psr", "1920-10-08", "Bukharan People's Soviet Republic"),
        ("bukhara-psr", "1924-09-19", "Bukharan SSR"),
        ("khorezm-psr", "1919-01-01", "Khanate of Khiva"),
        ("khorezm-psr", "1920-04-26", "Khorezm People's Soviet Republic"),
        ("khorezm-psr", "1923-10-20", "Khorezm SSR"),
    ],
)
def test_names(atlas: BorderAtlas, polity: str, day: str, name: str) -> None:
    assert atlas.names_at(D(day))[polity] == name


MOSCOW, CHITA, KIEV, TASHKENT = (37.62, 55.75), (113.50, 52.03), (30.52, 50.45), (69.28, 41.31)
BUKHARA, KHIVA, ALAKURTTI = (64.42, 39.77), (60.36, 41.38), (30.35, 66.97)
PLACES = [
    ("Moscow", MOSCOW, "1920-06-01", "rsfsr", IN),
    ("Moscow", MOSCOW, "1918-01-27", "rsfsr", None),
    ("Moscow", MOSCOW, "1922-12-29", "rsfsr", IN),
    ("Moscow", MOSCOW, "1922-12-30", "rsfsr", None),
    ("Petrograd", (30.31, 59.94), "1921-06-01", "rsfsr", IN),
    ("Derbent (north of Azerbaijan)", (48.29, 42.06), "1921-06-01", "rsfsr", IN),
    ("Baku", (49.87, 40.41), "1921-06-01", "rsfsr", OUT),
    ("Simferopol (Crimea)", (34.10, 44.95), "1922-06-01", "rsfsr", IN),
    ("Sevastopol", (33.52, 44.60), "1922-06-01", "ukrainian-ssr", OUT),
    ("Vitebsk", (30.20, 55.19), "1921-06-01", "rsfsr", IN),
    ("Gomel", (30.98, 52.44), "1921-06-01", "byelorussian-ssr", OUT),
    ("Kyzyl (Tuva)", (94.45, 51.72), "1921-06-01", "rsfsr", OUT),
    ("Aleksandrovsk (North Sakhalin)", (142.15, 50.90), "1921-06-01", "rsfsr", OUT),
    ("Aleksandrovsk (North Sakhalin)", (142.15, 50.90), "1921-06-01", "far-eastern-republic", OUT),
    ("Viipuri (Finland)", (28.75, 60.71), "1921-06-01", "rsfsr", OUT),
    ("Petropavlovsk-Kamchatsky", (158.65, 53.02), "1921-06-01", "rsfsr", IN),
    # The Far Eastern Republic
    ("Chita", CHITA, "1921-06-01", "far-eastern-republic", IN),
    ("Chita", CHITA, "1921-06-01", "rsfsr", OUT),
    ("Chita", CHITA, "1920-04-05", "rsfsr", IN),
    ("Chita", CHITA, "1922-11-14", "far-eastern-republic", IN),
    ("Chita", CHITA, "1922-11-15", "rsfsr", IN),
    ("Verkhneudinsk (Ulan-Ude)", (107.60, 51.83), "1920-06-01", "far-eastern-republic", IN),
    ("Vladivostok", (131.89, 43.12), "1921-06-01", "far-eastern-republic", IN),
    ("Irkutsk", (104.28, 52.29), "1921-06-01", "rsfsr", IN),
    # The Ukrainian and Byelorussian SSRs
    ("Kiev", KIEV, "1921-06-01", "ukrainian-ssr", IN),
    ("Kiev", KIEV, "1921-06-01", "rsfsr", OUT),
    ("Kharkov", (36.23, 50.00), "1919-06-01", "ukrainian-ssr", IN),
    ("Grigoriopol (left bank)", (29.30, 47.15), "1921-06-01", "ukrainian-ssr", IN),
    ("Lwow (Poland)", (24.03, 49.84), "1921-06-01", "ukrainian-ssr", OUT),
    ("Taganrog (Donetsk governorate)", (38.90, 47.22), "1920-04-15", "rsfsr", IN),
    ("Taganrog (Donetsk governorate)", (38.90, 47.22), "1920-04-16", "ukrainian-ssr", IN),
    ("Shakhty", (40.21, 47.71), "1921-06-01", "ukrainian-ssr", IN),
    ("Rostov-on-Don", (39.71, 47.23), "1921-06-01", "rsfsr", IN),
    ("Minsk", (27.56, 53.90), "1921-06-01", "byelorussian-ssr", IN),
    ("Bobruisk", (29.22, 53.15), "1921-06-01", "byelorussian-ssr", IN),
    ("Minsk", (27.56, 53.90), "1920-07-30", "byelorussian-ssr", None),
    # Turkestan, Bukhara, Khorezm
    ("Tashkent", TASHKENT, "1922-06-01", "turkestan-assr", IN),
    ("Tashkent", TASHKENT, "1922-06-01", "rsfsr", IN),
    ("Tashkent", TASHKENT, "1923-06-01", "turkestan-assr", IN),
    ("Tashkent", TASHKENT, "1924-10-27", "turkestan-assr", None),
    ("Samarkand", (66.96, 39.65), "1922-06-01", "turkestan-assr", IN),
    ("Ashgabat (Poltoratsk)", (58.38, 37.95), "1922-06-01", "turkestan-assr", IN),
    ("Bishkek (Pishpek)", (74.60, 42.87), "1922-06-01", "turkestan-assr", IN),
    ("Nukus (right bank)", (59.60, 42.46), "1922-06-01", "turkestan-assr", IN),
    ("Tamdy (Kyzylkum)", (64.62, 41.73), "1922-06-01", "turkestan-assr", IN),
    ("Bukhara", BUKHARA, "1922-06-01", "bukhara-psr", IN),
    ("Bukhara", BUKHARA, "1922-06-01", "turkestan-assr", OUT),
    ("Bukhara", BUKHARA, "1924-10-26", "ussr", OUT),
    ("Bukhara", BUKHARA, "1924-10-27", "ussr", IN),
    ("Chardzhou", (63.58, 39.08), "1922-06-01", "bukhara-psr", IN),
    ("Karshi", (65.80, 38.86), "1922-06-01", "bukhara-psr", IN),
    ("Dushanbe", (68.78, 38.56), "1922-06-01", "bukhara-psr", IN),
    ("Nurata", (65.69, 40.56), "1922-06-01", "bukhara-psr", IN),
    ("Khiva", KHIVA, "1922-06-01", "khorezm-psr", IN),
    ("Khiva", KHIVA, "1924-10-26", "ussr", OUT),
    ("Dashoguz", (59.97, 41.84), "1922-06-01", "khorezm-psr", IN),
    ("Kungrad (left bank)", (58.90, 43.07), "1922-06-01", "khorezm-psr", IN),
    # Salla and Kuusamo, 12 March 1940
    ("Alakurtti", ALAKURTTI, "1940-03-11", "ussr", OUT),
    ("Alakurtti", ALAKURTTI, "1940-03-12", "ussr", IN),
    ("Alakurtti", ALAKURTTI, "1940-04-01", "ussr", IN),
    ("Paanajarvi", (30.35, 66.25), "1940-04-01", "ussr", IN),
    ("Salla (Markajarvi, Finnish)", (28.67, 66.83), "1940-04-01", "ussr", OUT),
    ("Kuusamo (Finnish)", (29.18, 65.97), "1940-04-01", "ussr", OUT),
]


@pytest.mark.parametrize(
    ("place", "lonlat", "day", "polity", "expected"),
    PLACES,
    ids=[f"{r[0]}-{r[2]}-{r[3]}" for r in PLACES],
)
def test_places(
    atlas: BorderAtlas,
    place: str,
    lonlat: tuple[float, float],
    day: str,
    polity: str,
    expected: bool | None,
) -> None:
    """``None``: the polity does not exist on that day."""
    geom = atlas.feature(polity, D(day))
    if expected is None:
        assert geom is None, f"{polity} should not exist on {day}"
        return
    assert geom is not None, f"{polity} missing on {day}"
    assert geom.contains(Point(lonlat)) is expected, place


def test_the_ussr_is_created_as_a_merge(atlas: BorderAtlas) -> None:
    eve, day = D("1922-12-29"), D("1922-12-30")
    founders = ["rsfsr", "ukrainian-ssr", "byelorussian-ssr", "tsfsr"]
    parts = [atlas.feature(p, eve) for p in founders]
    assert all(p is not None for p in parts)
    assert all(atlas.feature(p, day) is None for p in founders[:3])
    ussr = atlas.feature("ussr", day)
    union = shapely.union_all(parts)
    assert shapely.symmetric_difference(ussr, union).area / ussr.area < 1e-6
    for i, a in enumerate(parts):
        for b in parts[i + 1 :]:
            assert shapely.intersection(a, b).area < 1e-5


def test_far_eastern_republic_and_turkestan_fit_soviet_russia(atlas: BorderAtlas) -> None:
    day = D("1921-06-01")
    rsfsr, fer = atlas.feature("rsfsr", day), atlas.feature("far-eastern-republic", day)
    turkestan = atlas.feature("turkestan-assr", day)
    assert shapely.intersection(rsfsr, fer).area < 1e-5
    assert shapely.difference(turkestan, rsfsr).area < 1e-6
    # Beyond Lake Baikal (Buryatia reaches a little west of it), and on 15 Nov 1922 all of it
    # joins the RSFSR.
    assert fer.bounds[0] > 98.0 and fer.centroid.x > 115.0
    joined = atlas.feature("rsfsr", D("1922-11-15"))
    assert shapely.difference(fer, joined).area < 1e-6
    # The Turkestan ASSR lies in the USSR in 1923-24.
    assert (
        shapely.difference(
            atlas.feature("turkestan-assr", D("1923-06-01")), atlas.feature("ussr", D("1923-06-01"))
        ).area
        < 1e-6
    )


def test_azerbaijan_ssr_has_a_northern_neighbour(atlas: BorderAtlas) -> None:
    day = D("1921-06-01")
    shared = shapely.intersection(
        atlas.feature("azerbaijan-ssr", day).boundary, atlas.feature("rsfsr", day).boundary
    )
    assert shared.length > 1.0  # degrees: the Dagestan line, about 150 km


def test_bukhara_and_khorezm_areas(atlas: BorderAtlas) -> None:
    bukhara = atlas.feature("bukhara-psr", D("1922-06-01"))
    khorezm = atlas.feature("khorezm-psr", D("1922-06-01"))
    assert _km2(bukhara, 64, 39) == pytest.approx(182_193, rel=0.12)
    assert _km2(khorezm, 60, 41.5) == pytest.approx(62_200, rel=0.12)
    before, after = atlas.feature("ussr", D("1924-10-26")), atlas.feature("ussr", D("1924-10-27"))
    gain = shapely.difference(after, before)
    assert _km2(gain, 63, 40) == pytest.approx(182_193 + 62_200, rel=0.12)
    assert shapely.symmetric_difference(gain, shapely.union_all([bukhara, khorezm])).area < 0.01


def test_salla_and_kuusamo_ceded_on_12_march_1940(atlas: BorderAtlas) -> None:
    before, after = atlas.feature("ussr", D("1940-03-11")), atlas.feature("ussr", D("1940-03-12"))
    gain = shapely.difference(after, before).intersection(box(28.0, 65.5, 31.5, 68.0))
    assert _km2(gain, 30, 66.8) == pytest.approx(5_000 + 1_700, rel=0.15)
    north = gain.intersection(box(28.0, 66.45, 31.5, 68.0))
    assert _km2(north, 30, 67) == pytest.approx(5_000, rel=0.15)


def test_one_date_rule(atlas: BorderAtlas) -> None:
    """Treaties by their signature, annexations by the act: no date of entry into force or of
    a capture remains (the exceptions are listed in geodata/CHANGELOG.md)."""
    starts = {s for s, _ in atlas.intervals("ussr")}
    assert D("1940-03-12") in starts and D("1940-03-13") not in starts
    assert D("1945-01-28") not in starts
    klaipeda = Point(21.13, 55.71)
    assert not atlas.feature("ussr", D("1946-04-06")).contains(klaipeda)
    assert atlas.feature("ussr", D("1946-04-07")).contains(klaipeda)
