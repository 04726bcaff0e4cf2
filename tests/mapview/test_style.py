"""A country keeps its colour through its names; every other polity takes its kind's."""

from __future__ import annotations

import json

from sovietmap.core.atlas import INDEX_FILE
from sovietmap.mapview.style import COUNTRY_COLOURS, KINDS, legend_entries, polity_colour

LINEAGES = {
    "azerbaijan": ("adr", "azerbaijan-ssr", "azerbaijan-republic"),
    "armenia": ("armenia-dr", "armenia-ssr", "armenia-republic"),
    "georgia": ("georgia-dr", "georgia-ssr", "georgia-republic"),
}


def _features() -> list[dict]:
    features: list[dict] = json.loads(INDEX_FILE.read_text("utf-8"))
    return features


def test_each_republic_of_a_country_has_that_countrys_colour() -> None:
    by_id: dict[str, set[str]] = {}
    for props in _features():
        by_id.setdefault(props["id"], set()).add(polity_colour(props))
    for country, ids in LINEAGES.items():
        for pid in ids:
            assert by_id.get(pid) == {COUNTRY_COLOURS[country]}, pid
    assert len(set(COUNTRY_COLOURS.values())) == len(COUNTRY_COLOURS)
    assert KINDS["republic"]["colour"] not in COUNTRY_COLOURS.values()


def test_the_colour_follows_the_country_not_the_id() -> None:
    # A polity added later (or renamed) needs no entry: its country, else its kind, decides.
    assert (
        polity_colour({"id": "armenia-2030", "kind": "republic", "country": "armenia"})
        == COUNTRY_COLOURS["armenia"]
    )
    assert (
        polity_colour({"id": "rsfsr", "kind": "republic", "country": None})
        == KINDS["republic"]["colour"]
    )
    assert (
        polity_colour({"id": "nakhchivan", "kind": "autonomy", "country": "azerbaijan"})
        == KINDS["autonomy"]["colour"]
    )
    assert polity_colour({"id": "x", "kind": "no-such-kind"}) == KINDS["context"]["colour"]
    assert (
        polity_colour({"kind": "republic", "country": float("nan")}) == KINDS["republic"]["colour"]
    )  # a frame's missing value


def test_the_legend_shows_the_country_colours() -> None:
    colours = {label: colour for label, colour, _fill, _dash in legend_entries()}
    assert colours["Azerbaijan"] == COUNTRY_COLOURS["azerbaijan"]
    assert colours["Armenia"] == COUNTRY_COLOURS["armenia"]
    assert colours["Georgia"] == COUNTRY_COLOURS["georgia"]
    assert colours["Other republic"] == KINDS["republic"]["colour"]
