"""A lineage (core.changes.LINEAGES) is compared as one country: Azerbaijan from the Democratic
Republic to the SSR gains what the SSR holds beyond the ADR, and gains minus losses equal the
area difference (within 0.5 %)."""

from __future__ import annotations

import datetime as dt

from sovietmap.core.atlas import BorderAtlas
from sovietmap.core.changes import DEFAULT_POLITY, Comparer, area_km2, compared_polity


def test_azerbaijan_lineage_from_adr_to_ssr(atlas: BorderAtlas) -> None:
    first, second = dt.date(1920, 1, 1), dt.date(1925, 1, 1)
    (change,) = Comparer(atlas).compare(first, second, "azerbaijan").polities
    assert (change.name_from, change.name_to) == (
        "Azerbaijan Democratic Republic",
        "Azerbaijan SSR",
    )
    before = area_km2(atlas.feature("adr", first))
    after = area_km2(atlas.feature("azerbaijan-ssr", second))
    assert abs((change.gained_km2 - change.lost_km2) - (after - before)) <= 0.005 * after
    assert sum(p.area_km2 for p in change.pieces if p.change == "gained") > 0


def test_the_polity_compared_falls_back_to_azerbaijan() -> None:
    """What the app and its exports compare for the user's choice (``compared_polity``)."""
    names = {"ussr": "Union of Soviet Socialist Republics", "nkao": "Nagorno-Karabakh AO"}
    assert compared_polity("nkao", names) == "nkao"
    assert compared_polity(None, names) is None  # every polity
    assert compared_polity("azerbaijan", {}) == "azerbaijan"  # a lineage is always offered
    assert compared_polity("adr", names) == DEFAULT_POLITY == "azerbaijan"
