"""Transcaucasia 1918-1921 on its own lines: Kars, Batum, the disputed zones, Nakhchivan's names.

Point-in-polity checks on the bundled data (data/geo/), dated by the acts in
geodata/CHANGELOG.md, and the build's `except` for members.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from shapely.geometry import Point

from sovietmap.core.atlas import BorderAtlas
from sovietmap.geodata.build import polity_intervals
from sovietmap.mapview.style import KINDS, ORDER, legend_entries

IN, OUT = True, False
KARS, IGDIR, ARDAHAN = (43.10, 40.60), (44.04, 39.92), (42.70, 41.11)
BATUMI, ARTVIN, ERZURUM = (41.64, 41.64), (41.82, 41.18), (41.27, 39.90)
ALAVERDI, SHUSHA, GORIS = (44.66, 41.10), (46.75, 39.76), (46.34, 39.51)
NAKHCHIVAN, YEREVAN = (45.41, 39.21), (44.51, 40.18)

TABLE = [
    # Kars: Ottoman by the Treaty of Batum, Armenian from 19 Apr 1919, disputed after
    # Alexandropol, Turkish from the Treaty of Moscow.
    ("Kars", KARS, "1918-07-01", "ottoman-empire", IN),
    ("Kars", KARS, "1919-04-18", "armenia-dr", OUT),
    ("Kars", KARS, "1919-04-19", "armenia-dr", IN),
    ("Kars", KARS, "1919-06-01", "armenia-dr", IN),
    ("Kars", KARS, "1920-12-15", "kars-1920", IN),
    ("Kars", KARS, "1920-12-15", "armenia-ssr", OUT),
    ("Kars", KARS, "1921-06-01", "armenia-dr", OUT),
    ("Kars", KARS, "1921-06-01", "turkey", IN),
    ("Igdir (Surmali)", IGDIR, "1919-06-01", "armenia-dr", IN),
    ("Igdir (Surmali)", IGDIR, "1921-03-16", "turkey", IN),
    ("Ardahan", ARDAHAN, "1919-06-01", "ardahan-1919", IN),
    ("Ardahan", ARDAHAN, "1919-06-01", "armenia-dr", OUT),
    ("Ardahan", ARDAHAN, "1919-06-01", "georgia-dr", OUT),
    ("Ardahan", ARDAHAN, "1921-06-01", "turkey", IN),
    ("Erzurum", ERZURUM, "1919-06-01", "ottoman-empire", IN),
    ("Erzurum", ERZURUM, "1920-08-01", "turkey", IN),
    # Batum: Georgian until the Treaty of Batum, Ottoman, British, Georgian from 7 Jul 1920.
    ("Batumi", BATUMI, "1918-06-01", "georgia-dr", IN),
    ("Batumi", BATUMI, "1918-07-01", "ottoman-empire", IN),
    ("Batumi", BATUMI, "1918-07-01", "georgia-dr", OUT),
    ("Batumi", BATUMI, "1919-06-01", "batum-british", IN),
    ("Batumi", BATUMI, "1919-06-01", "georgia-dr", OUT),
    ("Batumi", BATUMI, "1920-07-06", "georgia-dr", OUT),
    ("Batumi", BATUMI, "1920-07-07", "georgia-dr", IN),
    ("Batumi", BATUMI, "1920-08-01", "georgia-dr", IN),
    ("Batumi", BATUMI, "1921-06-01", "georgia-ssr", IN),
    ("Artvin", ARTVIN, "1919-06-01", "batum-british", IN),
    ("Artvin", ARTVIN, "1920-08-01", "georgia-dr", IN),
    ("Artvin", ARTVIN, "1921-06-01", "turkey", IN),
    # Lori neutral zone 17 Jan 1919 - 13 Nov 1920.
    ("Alaverdi", ALAVERDI, "1918-10-01", "armenia-dr", IN),
    ("Alaverdi", ALAVERDI, "1919-06-01", "lori-neutral-zone", IN),
    ("Alaverdi", ALAVERDI, "1919-06-01", "armenia-dr", OUT),
    ("Alaverdi", ALAVERDI, "1919-06-01", "georgia-dr", OUT),
    ("Alaverdi", ALAVERDI, "1920-12-01", "georgia-dr", IN),
    ("Alaverdi", ALAVERDI, "1930-01-01", "armenia-ssr", IN),
    # Karabakh, Zangezur, Nakhchivan: disputed, in neither republic.
    ("Shusha", SHUSHA, "1919-06-01", "karabakh-1918", IN),
    ("Shusha", SHUSHA, "1919-06-01", "adr", OUT),
    ("Shusha", SHUSHA, "1919-06-01", "armenia-dr", OUT),
    ("Shusha", SHUSHA, "1921-06-01", "azerbaijan-ssr", OUT),
    ("Shusha", SHUSHA, "1921-07-05", "azerbaijan-ssr", IN),
    ("Goris", GORIS, "1919-06-01", "zangezur-1918", IN),
    ("Goris", GORIS, "1919-06-01", "armenia-dr", OUT),
    ("Goris", GORIS, "1919-06-01", "adr", OUT),
    ("Goris", GORIS, "1921-01-01", "armenia-ssr", IN),
    ("Nakhchivan", NAKHCHIVAN, "1919-06-01", "nakhchivan-1918", IN),
    ("Nakhchivan", NAKHCHIVAN, "1919-06-01", "adr", OUT),
    ("Nakhchivan", NAKHCHIVAN, "1919-06-01", "armenia-dr", OUT),
    ("Nakhchivan", NAKHCHIVAN, "1921-03-15", "azerbaijan-ssr", OUT),
    ("Nakhchivan", NAKHCHIVAN, "1921-03-16", "azerbaijan-ssr", IN),
    ("Nakhchivan", NAKHCHIVAN, "1921-03-16", "nakhchivan", IN),
    ("Yerevan", YEREVAN, "1919-06-01", "armenia-dr", IN),
]


@pytest.mark.parametrize(
    ("place", "lonlat", "day", "polity", "inside"),
    TABLE,
    ids=[f"{r[0]}-{r[2]}-{r[3]}" for r in TABLE],
)
def test_place_on_date(
    atlas: BorderAtlas, place: str, lonlat: tuple[float, float], day: str, polity: str, inside: bool
) -> None:
    geom = atlas.feature(polity, dt.date.fromisoformat(day))
    found = geom is not None and geom.contains(Point(lonlat))
    assert found is inside, f"{place} on {day}: expected {'in' if inside else 'outside'} {polity}"


@pytest.mark.parametrize(
    ("day", "name"),
    [
        ("1921-03-16", "Nakhchivan SSR"),
        ("1923-06-15", "Nakhchivan SSR"),
        ("1923-06-16", "Nakhchivan Autonomous Krai"),
        ("1924-02-09", "Nakhichevan ASSR"),
        ("1990-11-16", "Nakhichevan ASSR"),
        ("1990-11-17", "Nakhchivan Autonomous Republic"),
    ],
)
def test_nakhchivan_names(atlas: BorderAtlas, day: str, name: str) -> None:
    assert atlas.names_at(dt.date.fromisoformat(day))["nakhchivan"] == name


FIRST_YEARS = [
    d
    for d in (dt.date(1918, 5, 28) + dt.timedelta(days=30 * i) for i in range(45))
    if d < dt.date(1922, 1, 1)
]
REPUBLICS = {"adr", "armenia-dr", "georgia-dr", "azerbaijan-ssr", "armenia-ssr", "georgia-ssr"}


@pytest.mark.parametrize("day", FIRST_YEARS, ids=str)
def test_disputed_zones_are_in_no_republic(atlas: BorderAtlas, day: dt.date) -> None:
    rows = atlas.at(day)
    zones = rows[rows["kind"] == "disputed"]
    republics = rows[rows["id"].isin(REPUBLICS)]
    for zone, rep in itertools.product(zones.itertuples(), republics.itertuples()):
        shared = zone.geometry.intersection(rep.geometry).area
        assert shared < 1e-4, f"{day}: {zone.id} overlaps {rep.id} ({shared:.4f} sq deg)"


@pytest.mark.parametrize("day", FIRST_YEARS[1:], ids=str)  # from 4 Jun 1918 on
def test_kars_and_batum_land_has_one_holder(atlas: BorderAtlas, day: dt.date) -> None:
    """Every town of the Kars and Batum oblasts and Surmali is in exactly one top polity."""
    rows = atlas.at(day)
    top = rows[rows["kind"].isin(["republic", "neighbour", "disputed"])]
    for lonlat in (KARS, IGDIR, ARDAHAN, BATUMI, ARTVIN):
        holders = [r.id for r in top.itertuples() if r.geometry.contains(Point(lonlat))]
        assert len(holders) == 1, f"{lonlat} on {day}: held by {holders}"


def test_disputed_zones_are_approximate_and_sourced(atlas: BorderAtlas) -> None:
    zones = [r for r in atlas.records if r["kind"] == "disputed"]
    assert {r["id"] for r in zones} >= {
        "lori-neutral-zone",
        "zangezur-1918",
        "karabakh-1918",
        "nakhchivan-1918",
    }
    for rec in zones:
        assert rec["precision"] == 1, rec["id"]
        assert any(not s.startswith("NE") for s in rec["sources"]), rec["id"]


def test_disputed_has_its_own_look() -> None:
    assert "disputed" in ORDER
    look = KINDS["disputed"]
    others = {k: v["colour"] for k, v in KINDS.items() if k != "disputed"}
    assert look["colour"] not in others.values()
    assert 0 < look["fillOpacity"] < KINDS["republic"]["fillOpacity"]
    assert ORDER.index("disputed") > ORDER.index("republic")
    assert any(
        row[0].startswith("Disputed") and row[1] == look["colour"] for row in legend_entries()
    )


def test_a_member_can_leave_atoms_out() -> None:
    spec = {
        "names": [["1918-01-01", "1921-01-01", "Republic"]],
        "precision": [["1918-01-01", "1921-01-01", 1]],
        "members": [
            {"atoms": ["country"], "except": ["zone"], "from": "1918-01-01", "to": "1921-01-01"},
            {"atoms": ["zone"], "from": "1920-01-01", "to": "1921-01-01"},
        ],
    }
    groups = {"country": ["core", "east", "west"], "zone": ["east", "west"]}
    got = [(i.start.isoformat(), sorted(i.atoms)) for i in polity_intervals(spec, groups)]
    assert got == [("1918-01-01", ["core"]), ("1920-01-01", ["core", "east", "west"])]
