"""Historical place names from data/places.yaml follow the date, and cite the bibliography."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from sovietmap.core import bibliography
from sovietmap.core.places import PLACES_FILE, Gazetteer, Membership, PlacesError, names_at

D = dt.date
GAZETTEER = Gazetteer.load()

#: One place per union-republic capital (Karelo-Finnish SSR 1940-56 included) and Kharkov,
#: capital of the Ukrainian SSR until 1934.
CAPITALS = [
    "moscow",
    "kiev",
    "kharkiv",
    "minsk",
    "tashkent",
    "almaty",
    "bishkek",
    "dushanbe",
    "ashgabat",
    "baku",
    "tbilisi",
    "yerevan",
    "chisinau",
    "tallinn",
    "riga",
    "vilnius",
    "petrozavodsk",
]
#: Cities renamed 1918-1995 with 100,000 people or more in 1989 (the issue's list).
RENAMED = [
    "samara",
    "yekaterinburg",
    "perm",
    "tver",
    "kirov",
    "ulyanovsk",
    "vladikavkaz",
    "krasnodar",
    "donetsk",
    "luhansk",
    "dnipro",
    "zaporizhzhia",
    "kropyvnytskyi",
    "mariupol",
    "izhevsk",
    "naberezhnye-chelny",
    "rybinsk",
    "tolyatti",
    "novosibirsk",
    "makhachkala",
    "khujand",
    "ivano-frankivsk",
    "st-petersburg",
    "volgograd",
    "nizhny-novgorod",
    "kaliningrad",
    "ganja",
    "gyumri",
    "vanadzor",
    "orenburg",
    "novokuznetsk",
    "stavropol",
    "ulan-ude",
    "kemerovo",
    "tselinograd",
    "lviv",
    "brest",
    "chernivtsi",
    "uzhhorod",
    "khmelnytskyi",
    "dniprodzerzhynsk",
    "severodvinsk",
    "makiivka",
    "syktyvkar",
    "yoshkar-ola",
    "ussuriysk",
    "taraz",
    "dzerzhinsk",
]
#: The focus region's towns named in the issue.
REGION = [
    "sumgait",
    "mingachevir",
    "sheki",
    "goygol",
    "shusha",
    "lachin",
    "kalbajar",
    "lankaran",
    "astara",
    "julfa",
    "ordubad",
    "gori",
    "tskhinvali",
    "poti",
    "zugdidi",
    "kutaisi",
    "batumi",
    "sukhumi",
    "stepanakert",
    "nakhchivan",
]


@pytest.mark.parametrize(
    ("place", "day", "name"),
    [
        ("tbilisi", D(1936, 8, 16), "Tiflis"),
        ("tbilisi", D(1936, 8, 17), "Tbilisi"),
        ("yerevan", D(1930, 1, 1), "Erivan"),
        ("akhaltsikhe", D(1936, 8, 17), "Akhaltsikhe"),
        # Ganja by the acts: 30 Jul 1918, 22 Feb 1935, 30 Dec 1989
        ("ganja", D(1918, 7, 29), "Elisavetpol"),
        ("ganja", D(1918, 7, 30), "Ganja"),
        ("ganja", D(1935, 2, 21), "Ganja"),
        ("ganja", D(1935, 2, 22), "Kirovabad"),
        ("ganja", D(1989, 12, 29), "Kirovabad"),
        ("ganja", D(1989, 12, 30), "Ganja"),
        ("yuzhno-sakhalinsk", D(1946, 6, 3), "Toyohara"),
        ("yuzhno-sakhalinsk", D(1946, 6, 4), "Yuzhno-Sakhalinsk"),
        ("gyumri", D(1924, 1, 21), "Alexandropol"),
        ("gyumri", D(1950, 1, 1), "Leninakan"),
        ("st-petersburg", D(1924, 1, 25), "Petrograd"),
        ("st-petersburg", D(1924, 1, 26), "Leningrad"),
        ("volgograd", D(1925, 4, 9), "Tsaritsyn"),
        ("volgograd", D(1950, 1, 1), "Stalingrad"),
        ("volgograd", D(1961, 11, 10), "Volgograd"),
        ("nizhny-novgorod", D(1932, 10, 7), "Gorky"),
        ("nizhny-novgorod", D(1990, 10, 22), "Nizhny Novgorod"),
        ("stepanakert", D(1922, 1, 1), "Khankendi"),
        ("stepanakert", D(1950, 1, 1), "Stepanakert"),
        ("kaliningrad", D(1946, 7, 3), "Königsberg"),
        ("kaliningrad", D(1946, 7, 4), "Kaliningrad"),
        ("samara", D(1935, 1, 27), "Kuibyshev"),
        ("samara", D(1991, 1, 25), "Samara"),
        ("yekaterinburg", D(1924, 11, 14), "Sverdlovsk"),
        ("perm", D(1950, 1, 1), "Molotov"),
        ("perm", D(1957, 10, 2), "Perm"),
        ("tver", D(1990, 7, 16), "Kalinin"),
        ("kirov", D(1934, 12, 4), "Vyatka"),
        ("kirov", D(1934, 12, 5), "Kirov"),
        ("ulyanovsk", D(1924, 5, 9), "Ulyanovsk"),
        ("luhansk", D(1960, 1, 1), "Lugansk"),
        ("luhansk", D(1980, 1, 1), "Voroshilovgrad"),
        ("mariupol", D(1989, 1, 12), "Zhdanov"),
        ("izhevsk", D(1985, 1, 1), "Ustinov"),
        ("naberezhnye-chelny", D(1985, 1, 1), "Brezhnev"),
        ("rybinsk", D(1985, 1, 1), "Andropov"),
        ("rybinsk", D(1989, 3, 3), "Rybinsk"),
        ("tolyatti", D(1964, 8, 28), "Tolyatti"),
        ("dushanbe", D(1950, 1, 1), "Stalinabad"),
        ("bishkek", D(1950, 1, 1), "Frunze"),
        ("almaty", D(1921, 3, 14), "Alma-Ata"),
        ("sheki", D(1968, 3, 14), "Nukha"),
        ("tskhinvali", D(1950, 1, 1), "Staliniri"),
        ("goygol", D(1950, 1, 1), "Khanlar"),
        ("khujand", D(1950, 1, 1), "Leninabad"),
        ("makhachkala", D(1921, 5, 13), "Petrovsk-Port"),
        ("orenburg", D(1950, 1, 1), "Chkalov"),
        ("ulan-ude", D(1934, 7, 27), "Ulan-Ude"),
        ("lviv", D(1939, 10, 31), "Lwów"),
        ("lviv", D(1939, 11, 1), "Lvov"),
        ("tselinograd", D(1961, 3, 20), "Tselinograd"),
        ("khmelnytskyi", D(1954, 1, 15), "Proskurov"),
        ("khmelnytskyi", D(1954, 1, 16), "Khmelnitsky"),
        ("ussuriysk", D(1950, 1, 1), "Voroshilov"),
        ("yoshkar-ola", D(1928, 1, 23), "Yoshkar-Ola"),
        ("baku", D(1937, 11, 1), "Baku"),
        ("nakhchivan", D(1937, 11, 1), "Nakhichevan"),
    ],
)
def test_names_follow_the_date(place: str, day: dt.date, name: str) -> None:
    assert names_at(day)[place] == name


def test_the_gazetteer_covers_capitals_renamed_cities_and_the_region() -> None:
    ids = {p.id for p in GAZETTEER.places}
    assert len(ids) >= 60
    for wanted in CAPITALS + RENAMED + REGION:
        assert wanted in ids, wanted
    for capital in CAPITALS:
        if capital not in ("kharkiv", "petrozavodsk"):
            assert GAZETTEER.by_id(capital).rank == 1, capital
    assert {p.rank for p in GAZETTEER.places} <= {1, 2, 3}
    for renamed in RENAMED:
        assert len(GAZETTEER.by_id(renamed).names) >= 2, renamed


def test_names_are_contiguous_and_chosen_days_are_said_to_be_chosen() -> None:
    for place in GAZETTEER.places:
        # named from the start, unless it became a town in the period (its note says when)
        assert place.names[0].start is None or "Shown from" in place.note, place.id
        assert place.names[-1].end is None, place.id
        for a, b in zip(place.names, place.names[1:], strict=False):
            assert a.end == b.start, place.id
        if any(n.precision < 3 for n in place.names):
            said = ("placeholder", "year", "month", "placed")
            assert any(w in place.note for w in said), place.id


def test_every_place_cites_the_bibliography_and_the_file_has_no_url_map() -> None:
    raw = yaml.safe_load(PLACES_FILE.read_text("utf-8"))
    assert set(raw) == {"places"}
    keys = bibliography.load()
    for place in GAZETTEER.places:
        assert place.sources, place.id
        for key in place.sources:
            entry = keys[key]
            assert isinstance(entry, dict) and entry["title"] and entry["url"], key
        assert place.polities, place.id


def test_memberships_are_read_with_their_intervals() -> None:
    riga = GAZETTEER.by_id("riga")
    assert riga.polities == (Membership("ussr", D(1940, 8, 5), D(1991, 9, 6)),)
    assert riga.polities_on(D(1940, 8, 4)) == set()
    assert riga.polities_on(D(1950, 1, 1)) == {"ussr"}
    assert GAZETTEER.by_id("stepanakert").polities_on(D(1950, 1, 1)) >= {"nkao", "azerbaijan-ssr"}
    assert GAZETTEER.at(40.41, 49.87) is GAZETTEER.by_id("baku")
    assert GAZETTEER.at(40.42, 49.87) is None


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "places.yaml"
    path.write_text("places:\n" + body, "utf-8")
    return path


def test_bad_file_names_place_and_field(tmp_path: Path) -> None:
    bad = _write(tmp_path, "  - {id: x, lon: 1, lat: 2, names: [{name: A, from: '1990-13-01'}]}\n")
    with pytest.raises(PlacesError, match=r"places.yaml: place 1 \(x\), field from"):
        Gazetteer.load(bad, known_sources=[])


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "  - {id: x, lon: 1, lat: 2, names: [{name: A}], sources: [nope]}\n",
            r"unknown key\(s\) \['nope'\]",
        ),
        (
            "  - {id: x, lon: 1, lat: 2, names: [{name: A}], in: [{from: '1920-01-01'}]}\n",
            r"place 1 \(x\), field in",
        ),
        (
            "  - {id: x, lon: 1, lat: 2, names: [{name: A}],"
            " in: [{polity: ussr, from: '1950-01-01', to: '1940-01-01'}]}\n",
            r"'ussr' ends before it starts",
        ),
        (
            "  - {id: x, lon: 1, lat: 2, names: [{name: A}]}\n"
            "  - {id: x, lon: 3, lat: 4, names: [{name: B}]}\n",
            r"used twice: \['x'\]",
        ),
        ("  - {id: x, lat: 2, names: [{name: A}]}\n", r"missing field lon"),
    ],
)
def test_bad_sources_memberships_and_ids_are_refused(
    tmp_path: Path, body: str, message: str
) -> None:
    with pytest.raises(PlacesError, match=message):
        Gazetteer.load(_write(tmp_path, body), known_sources=["yes"])


def test_towns_founded_in_the_period_appear_when_they_became_towns() -> None:
    """Sumgait (a city from 22 Nov 1949) and Mingechaur (1948) are not on the maps of 1919:
    the villages they grew from are not named; the towns are from then on."""
    for place_id, before, after in (
        ("sumgait", D(1949, 11, 21), D(1949, 11, 22)),
        ("mingachevir", D(1947, 12, 31), D(1948, 1, 1)),
    ):
        assert place_id not in GAZETTEER.names_at(D(1919, 6, 1))
        assert place_id not in GAZETTEER.names_at(before)
        assert place_id in GAZETTEER.names_at(after)
