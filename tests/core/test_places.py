"""Historical place names from data/places.yaml follow the date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sovietmap.core.places import Gazetteer, PlacesError, names_at

D = dt.date


@pytest.mark.parametrize(
    ("place", "day", "name"),
    [
        ("tbilisi", D(1936, 8, 16), "Tiflis"),
        ("tbilisi", D(1936, 8, 17), "Tbilisi"),
        ("yerevan", D(1930, 1, 1), "Erivan"),
        ("ganja", D(1930, 1, 1), "Ganja"),
        ("ganja", D(1950, 1, 1), "Kirovabad"),
        ("ganja", D(1990, 1, 1), "Ganja"),
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
        ("baku", D(1937, 11, 1), "Baku"),
        ("nakhchivan", D(1937, 11, 1), "Nakhichevan"),
    ],
)
def test_names_follow_the_date(place: str, day: dt.date, name: str) -> None:
    assert names_at(day)[place] == name


def test_every_place_cites_a_known_source_and_names_never_overlap() -> None:
    gazetteer = Gazetteer.load()
    assert len(gazetteer.places) >= 12
    for place in gazetteer.places:
        assert place.sources, place.id
        assert all(s in gazetteer.sources for s in place.sources)
        for a, b in zip(place.names, place.names[1:], strict=False):
            assert a.end == b.start, place.id


def test_bad_file_names_place_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "places.yaml"
    bad.write_text(
        "sources: {S: x}\nplaces:\n"
        "  - {id: x, lon: 1, lat: 2, names: [{name: A, from: '1990-13-01'}], sources: [S]}\n"
    )
    with pytest.raises(PlacesError, match=r"places.yaml: place 1 \(x\), field from"):
        Gazetteer.load(bad)
