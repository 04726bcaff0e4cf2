"""Transcaucasia at village scale, 1920-1991: autonomies, exclaves, districts, coasts, areas.

Recorded areas: NKAO 4,388 km² [nkao-wikipedia]; South Ossetian AO 3,900 km²
[south-ossetian-ao]; Azerbaijan SSR 86,600, Armenian SSR 29,800, Georgian SSR 69,700 and the
USSR 22,402,200 km² (Great Soviet Encyclopedia, 3rd ed.). Coordinates of villages: see the
bibliography entries named in geodata/cuts.yaml.
"""

from __future__ import annotations

import datetime as dt

import pytest
import shapely
import yaml
from shapely.geometry import Point

from sovietmap import PROJECT_ROOT
from sovietmap.core.atlas import BorderAtlas

D = dt.date.fromisoformat
LAEA = "+proj=laea +lat_0=40 +lon_0=46"  # equal-area, centred on the region (as test_atlas)

LACHIN = (46.55, 39.64)
KARKI = (44.9436, 39.7856)
BARKHUDARLY = (45.2253, 40.9933)
SOFULU = (45.2142, 41.0008)
YUKHARI_ASKIPARA = (45.0233, 41.0661)
ARTSVASHEN = (45.5156, 40.6461)  # 40°38′46″N 45°30′56″E [artsvashen-exclave]
TSKHINVALI = (43.97, 42.23)


def _km2(atlas: BorderAtlas, day: str, crs: str = LAEA) -> dict[str, float]:
    frame = atlas.at(D(day)).to_crs(crs)
    return {r.id: r.geometry.area / 1e6 for r in frame.itertuples()}


def _inside(atlas: BorderAtlas, polity: str, day: str, lonlat: tuple[float, float]) -> bool:
    geom = atlas.feature(polity, D(day))
    return geom is not None and bool(geom.contains(Point(lonlat)))


def _part_area_km2(geom: object, lonlat: tuple[float, float]) -> float:
    """Area of the polygon of ``geom`` that holds the point (0 if none does)."""
    for part in shapely.get_parts(geom):
        if part.contains(Point(lonlat)):
            return float(shapely.area(part)) * 111.32**2 * 0.766  # ~40°N: km² per deg²
    return 0.0


# --- 1. The NKAO as constituted -------------------------------------------------------------


@pytest.mark.parametrize("day", ["1923-07-07", "1950-01-01", "1991-11-25"])
def test_lachin_and_the_corridor_are_not_in_the_nkao(atlas: BorderAtlas, day: str) -> None:
    for point in [LACHIN, (46.48, 39.58), (46.58, 39.62)]:  # the town and the corridor around it
        assert not _inside(atlas, "nkao", day, point), f"{point} must lie outside the NKAO"
        republic = "azerbaijan-ssr" if D(day) < D("1991-02-05") else "azerbaijan-republic"
        assert _inside(atlas, republic, day, point)


@pytest.mark.parametrize(
    ("town", "lonlat"),
    [
        ("Shusha", (46.75, 39.76)),
        ("Khankendi/Stepanakert", (46.752, 39.815)),
        ("Askeran", (46.83, 39.94)),
        ("Hadrut", (46.96, 39.52)),
        ("Martuni", (47.03, 39.79)),
        ("Mardakert", (46.80, 40.20)),
    ],
)
def test_nkao_towns_are_in_it(atlas: BorderAtlas, town: str, lonlat: tuple[float, float]) -> None:
    assert _inside(atlas, "nkao", "1950-01-01", lonlat), town


def test_nkao_area_is_the_recorded_one(atlas: BorderAtlas) -> None:
    assert _km2(atlas, "1950-01-01")["nkao"] == pytest.approx(4_388, rel=0.03)


# --- 2. Nakhchivan, Karki and the enclaves --------------------------------------------------


def test_karki_is_part_of_nakhchivan_and_azerbaijan(atlas: BorderAtlas) -> None:
    for day in ["1924-02-09", "1950-01-01", "1991-12-25"]:
        assert _inside(atlas, "nakhchivan", day, KARKI)
        assert _inside(atlas, "ussr", day, KARKI)
    assert _inside(atlas, "azerbaijan-ssr", "1950-01-01", KARKI)
    assert not _inside(atlas, "armenia-ssr", "1950-01-01", KARKI)
    # An exclave of about 19 km², apart from the main body of Nakhchivan.
    nakh = atlas.feature("nakhchivan", D("1950-01-01"))
    assert 14 < _part_area_km2(nakh, KARKI) < 26
    assert _part_area_km2(nakh, (45.41, 39.21)) > 4_000


def test_nakhchivan_area_is_natural_earths_exclave_plus_karki(atlas: BorderAtlas) -> None:
    # Natural Earth's exclave measures 4,783 km² and Karki 19 km²: the build loses nothing of
    # them. The recorded 5,502.75 km² is not reached; see CHANGELOG.md (1924-02-09) for why.
    area = _km2(atlas, "1950-01-01")["nakhchivan"]
    assert area == pytest.approx(4_783 + 19, rel=0.01)


@pytest.mark.parametrize(
    ("village", "lonlat", "owner", "host"),
    [
        ("Yukhari Askipara", YUKHARI_ASKIPARA, "azerbaijan-ssr", "armenia-ssr"),
        ("Barkhudarly", BARKHUDARLY, "azerbaijan-ssr", "armenia-ssr"),
        ("Sofulu", SOFULU, "azerbaijan-ssr", "armenia-ssr"),
        ("Karki", KARKI, "azerbaijan-ssr", "armenia-ssr"),
        ("Artsvashen", ARTSVASHEN, "armenia-ssr", "azerbaijan-ssr"),
    ],
)
def test_every_enclave_holds_its_village(
    atlas: BorderAtlas, village: str, lonlat: tuple[float, float], owner: str, host: str
) -> None:
    day = "1950-01-01"
    assert _inside(atlas, owner, day, lonlat), f"{village} must lie in {owner}"
    assert not _inside(atlas, host, day, lonlat), f"{village} must not lie in {host}"
    # It is an enclave: a small part of its republic, not the main body.
    assert 3 < _part_area_km2(atlas.feature(owner, D(day)), lonlat) < 60


def test_barkhudarly_and_sofulu_stay_apart_from_the_main_body(atlas: BorderAtlas) -> None:
    az = atlas.feature("azerbaijan-ssr", D("1950-01-01"))
    main = max(shapely.get_parts(az), key=lambda p: p.area)
    assert not main.contains(Point(BARKHUDARLY)) and not main.contains(Point(SOFULU))
    assert not main.contains(Point(YUKHARI_ASKIPARA))


# --- 3. South Ossetia ------------------------------------------------------------------------


def test_south_ossetia_dates_name_and_kind(atlas: BorderAtlas) -> None:
    assert atlas.intervals("south-ossetia")[0][0] == D("1922-04-20")
    assert atlas.intervals("south-ossetia")[-1][1] == D("1990-12-11")
    assert atlas.names_at(D("1950-01-01"))["south-ossetia"] == "South Ossetian Autonomous Oblast"
    kinds = {r["id"]: r["kind"] for r in atlas.records_at(D("1950-01-01"))}
    assert kinds["south-ossetia"] == "autonomy"
    assert atlas.feature("south-ossetia", D("1922-04-19")) is None
    assert atlas.feature("south-ossetia", D("1990-12-11")) is None


def test_south_ossetia_lies_in_georgia_and_holds_tskhinvali(atlas: BorderAtlas) -> None:
    for day in ["1922-04-20", "1937-11-01", "1990-12-10"]:
        so = atlas.feature("south-ossetia", D(day))
        assert so.contains(Point(TSKHINVALI))
        georgia = atlas.feature(
            "georgia-ssr" if D(day) < D("1990-11-14") else "georgia-republic", D(day)
        )
        assert shapely.area(shapely.difference(so, georgia)) / shapely.area(so) < 1e-4
    assert not _inside(atlas, "south-ossetia", "1950-01-01", (44.11, 41.98))  # Gori


def test_south_ossetia_area(atlas: BorderAtlas) -> None:
    assert _km2(atlas, "1950-01-01")["south-ossetia"] == pytest.approx(3_900, rel=0.05)


# --- 4. Red Kurdistan ------------------------------------------------------------------------


def test_red_kurdistan_is_a_district_on_its_dates(atlas: BorderAtlas) -> None:
    assert atlas.intervals("red-kurdistan") == [
        (D("1923-07-07"), D("1929-04-08")),
        (D("1930-05-30"), D("1930-07-23")),
    ]
    assert atlas.names_at(D("1925-01-01"))["red-kurdistan"] == "Kurdistan uyezd"
    assert atlas.names_at(D("1930-06-01"))["red-kurdistan"] == "Kurdistan okrug"
    kinds = {r["id"]: r["kind"] for r in atlas.records_at(D("1925-01-01"))}
    assert kinds["red-kurdistan"] == "district"


def test_red_kurdistan_covers_its_rayons_centred_on_lachin(atlas: BorderAtlas) -> None:
    for town in [LACHIN, (46.04, 40.10), (46.58, 39.34)]:  # Lachin, Kalbajar, Qubadli
        assert _inside(atlas, "red-kurdistan", "1925-01-01", town)
        assert _inside(atlas, "red-kurdistan", "1930-06-01", town)
    zangilan = (46.65, 39.09)
    assert not _inside(atlas, "red-kurdistan", "1925-01-01", zangilan)
    assert _inside(atlas, "red-kurdistan", "1930-06-01", zangilan)
    kurd = atlas.feature("red-kurdistan", D("1925-01-01"))
    # No shared land beyond grid rounding (1e-5 square degrees is about 0.1 km²).
    assert shapely.area(shapely.intersection(kurd, atlas.feature("nkao", D("1925-01-01")))) < 1e-5
    az = atlas.feature("azerbaijan-ssr", D("1925-01-01"))
    assert shapely.area(shapely.difference(kurd, az)) < 1e-5


# --- 5. Coasts good enough for the towns on them --------------------------------------------


@pytest.mark.parametrize(
    ("town", "lonlat", "polity"),
    [
        ("Batumi", (41.64, 41.64), "adjara"),
        ("Batumi (centre)", (41.6367, 41.6168), "adjara"),
        ("Astara", (48.87, 38.46), "azerbaijan-ssr"),
        ("Lankaran", (48.85, 38.75), "azerbaijan-ssr"),
        ("Baku", (49.87, 40.41), "azerbaijan-ssr"),
        ("Sumgait", (49.67, 40.59), "azerbaijan-ssr"),
        ("Poti", (41.67, 42.146), "georgia-ssr"),
        ("Kobuleti", (41.78, 41.82), "adjara"),
        ("Sukhumi", (41.02, 43.00), "abkhazia"),
        ("Ochamchire", (41.47, 42.71), "abkhazia"),
        ("Gagra", (40.27, 43.28), "abkhazia"),
        ("Anaklia", (41.56, 42.39), "georgia-ssr"),
    ],
)
def test_coastal_towns_are_on_land(
    atlas: BorderAtlas, town: str, lonlat: tuple[float, float], polity: str
) -> None:
    assert _inside(atlas, polity, "1950-01-01", lonlat), f"{town} falls into the sea"


def test_every_place_of_the_region_is_on_land(atlas: BorderAtlas) -> None:
    places = yaml.safe_load((PROJECT_ROOT / "data" / "places.yaml").read_text("utf-8"))["places"]
    region = shapely.box(39.9, 38.2, 50.9, 43.7)
    for day in ["1924-06-01", "1937-11-01", "1960-01-01", "1985-01-01"]:
        land = shapely.union_all(list(atlas.at(D(day)).geometry))
        for place in places:
            point = Point(place["lon"], place["lat"])
            if region.contains(point):
                assert land.contains(point), f"{place['id']} is off the land on {day}"


# --- 6. Areas of the Union and of the three republics --------------------------------------


def test_ussr_area_in_1960(atlas: BorderAtlas) -> None:
    # The recorded figure includes the White Sea and the Sea of Azov (about 127,000 km²),
    # which are not land here; the land stays within the tolerance all the same.
    area = _km2(atlas, "1960-01-01", "EPSG:6933")["ussr"]
    assert area == pytest.approx(22_402_200, rel=0.015)


@pytest.mark.parametrize(
    ("polity", "recorded"),
    [("azerbaijan-ssr", 86_600), ("armenia-ssr", 29_800), ("georgia-ssr", 69_700)],
)
def test_republic_areas(atlas: BorderAtlas, polity: str, recorded: int) -> None:
    for day in ["1937-11-01", "1960-01-01"]:
        assert _km2(atlas, day)[polity] == pytest.approx(recorded, rel=0.015)
