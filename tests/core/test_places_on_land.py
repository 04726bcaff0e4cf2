"""Every place of data/places.yaml, and every event pin, lies inside its polities on its dates.

A place lists the atlas polities it lies in (`in:`); the check runs on every state of the border
atlas from 1918 to 1995 (each border change and each membership bound) and also fails when a
place falls inside a polity it does not list (a town drawn in the sea, in a neighbour, or inside
an autonomy it was never part of). Event pins stand exactly on places, so the same check covers
them on the event's dates.
"""

from __future__ import annotations

import datetime as dt

import pytest

from sovietmap.core.atlas import BorderAtlas
from sovietmap.core.events import EventCatalogue
from sovietmap.core.places import Gazetteer, Membership, Place, PlaceName, check_days, misplacements

D = dt.date


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def _place(pid: str, lat: float, lon: float, *polities: Membership) -> Place:
    return Place(pid, lon, lat, (PlaceName(pid),), polities=polities)


def test_every_listed_polity_is_in_the_atlas(atlas: BorderAtlas, gazetteer: Gazetteer) -> None:
    known = set(atlas.ids())
    unknown = sorted(
        {
            f"{p.id}: {m.polity}"
            for p in gazetteer.places
            for m in p.polities
            if m.polity not in known
        }
    )
    assert unknown == []


def test_every_place_lies_inside_its_polities_on_every_date(
    atlas: BorderAtlas, gazetteer: Gazetteer
) -> None:
    days = check_days(gazetteer.places, atlas.change_dates())
    assert len(days) >= 30  # every border change of 1918-1995, not a sample
    problems = [p for p in misplacements(gazetteer.places, atlas, days) if "unknown" not in p]
    assert problems == [], "\n".join(problems[:40])


def test_every_event_pin_stands_on_a_place_inside_a_polity(
    atlas: BorderAtlas, gazetteer: Gazetteer
) -> None:
    events = EventCatalogue.load().events
    assert events
    for event in events:
        place = gazetteer.at(event.lat, event.lon)
        assert place is not None, f"{event.id}: pin at {event.lat}, {event.lon} is on no place"
        name = place.name_on(event.start)
        assert name is not None and name in event.place, (event.id, name, event.place)
        present = set(atlas.names_at(event.start))
        assert place.polities_on(event.start) & present, f"{event.id}: {place.id} in no polity"
        days = check_days([place], atlas.change_dates(), event.start, event.end)
        assert days[0] == event.start
        problems = [p for p in misplacements([place], atlas, days) if "unknown" not in p]
        assert problems == [], (event.id, problems[:5])


def test_the_transcaucasian_congress_is_pinned_at_baku(gazetteer: Gazetteer) -> None:
    event = EventCatalogue.load().by_id("tsfsr-formed")
    assert event.start == D(1922, 12, 13)
    assert gazetteer.at(event.lat, event.lon) is gazetteer.by_id("baku")
    assert event.place == "Baku" and "transcaucasian-congress-1922" in event.note


def test_the_check_finds_the_sea_a_neighbour_and_an_unlisted_autonomy(atlas: BorderAtlas) -> None:
    day = D(1950, 1, 1)
    sea = _place("in-the-caspian", 40.30, 50.60, Membership("azerbaijan-ssr"))
    tabriz = _place("tabriz", 38.08, 46.29, Membership("azerbaijan-ssr"))
    stepanakert = _place(
        "stepanakert", 39.815, 46.752, Membership("azerbaijan-ssr"), Membership("ussr")
    )
    ghost = _place("ghost", 40.41, 49.87, Membership("no-such-polity"))
    problems = misplacements([sea, tabriz, stepanakert, ghost], atlas, [day])
    assert f"in-the-caspian on {day}: outside azerbaijan-ssr" in problems
    assert f"tabriz on {day}: outside azerbaijan-ssr" in problems
    assert f"tabriz on {day}: inside iran, which it does not list" in problems
    assert f"stepanakert on {day}: inside nkao, which it does not list" in problems
    assert "ghost: lists unknown polity 'no-such-polity'" in problems
    # a membership limited in time is not asked for outside its interval
    riga = _place("riga", 56.95, 24.11, Membership("ussr", D(1940, 8, 5), D(1991, 9, 6)))
    assert misplacements([riga], atlas, [D(1930, 1, 1), D(1950, 1, 1)]) == []
    assert misplacements([riga], atlas, [D(1992, 1, 1)]) == []
