"""The timeline's caption: Azerbaijan's standing on a date, derived from the border atlas."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
from shapely.geometry import box

from sovietmap.core.atlas import BorderAtlas, BorderIndex
from sovietmap.core.caption import describe_state, standing_sources

D = dt.date


def _atlas() -> BorderAtlas:
    rows = [
        ("ussr", "USSR", "1922-12-30", "1991-12-26"),
        ("tsfsr", "Transcaucasian SFSR", "1922-03-12", "1936-12-05"),
        ("adr", "Azerbaijan Democratic Republic", "1918-05-28", "1920-04-28"),
        ("azerbaijan-ssr", "Azerbaijan SSR", "1920-04-28", "1991-02-05"),
        ("azerbaijan-republic", "Republic of Azerbaijan", "1991-02-05", None),
    ]
    frame = gpd.GeoDataFrame(
        {
            "id": [r[0] for r in rows],
            "name": [r[1] for r in rows],
            "valid_from": [r[2] for r in rows],
            "valid_to": [r[3] for r in rows],
            "precision": [3] * len(rows),
            "sources": [["S"]] * len(rows),
        },
        geometry=[box(0, 0, 1, 1)] * len(rows),
    )
    return BorderAtlas(frame)


def test_caption_names_the_state_of_affairs() -> None:
    atlas = _atlas()
    assert describe_state(atlas, D(1930, 1, 1)) == (
        "Azerbaijan SSR within the Transcaucasian SFSR, part of the USSR"
    )
    assert describe_state(atlas, D(1950, 1, 1)) == "Azerbaijan SSR, part of the USSR"
    assert describe_state(atlas, D(1919, 1, 1)) == "Azerbaijan Democratic Republic, independent"
    assert describe_state(atlas, D(1993, 1, 1)) == "Republic of Azerbaijan, independent"
    assert describe_state(atlas, D(1918, 1, 1)) == "No Azerbaijani state on this date"


def test_caption_of_1991_follows_the_acts_of_independence() -> None:
    atlas = _atlas()
    assert describe_state(atlas, D(1991, 2, 4)) == "Azerbaijan SSR, part of the USSR"
    # Renamed on 5 Feb 1991, still a Soviet republic with nothing declared yet.
    assert describe_state(atlas, D(1991, 2, 5)) == "Republic of Azerbaijan, part of the USSR"
    assert describe_state(atlas, D(1991, 8, 29)) == "Republic of Azerbaijan, part of the USSR"
    declared = describe_state(atlas, D(1991, 8, 30))
    assert declared == (
        "Republic of Azerbaijan: independence declared on 30 Aug 1991 (Declaration on "
        "restoring the state independence); still part of the USSR until 26 Dec 1991"
    )
    assert describe_state(atlas, D(1991, 10, 17)) == declared
    act = describe_state(atlas, D(1991, 10, 18))
    assert act.startswith(
        "Republic of Azerbaijan: Constitutional Act on State Independence adopted on 18 Oct 1991"
    )
    assert act.endswith("; still part of the USSR until 26 Dec 1991")
    assert describe_state(atlas, D(1991, 12, 25)) == act
    assert describe_state(atlas, D(1991, 12, 26)) == "Republic of Azerbaijan, independent"


def test_caption_of_1991_on_the_real_atlas(border_index: BorderIndex) -> None:
    index = border_index
    assert describe_state(index, D(1991, 9, 1)).endswith(
        "still part of the Union of Soviet Socialist Republics until 26 Dec 1991"
    )
    assert "Constitutional Act" in describe_state(index, D(1991, 11, 1))
    assert describe_state(index, D(1992, 1, 1)) == "Republic of Azerbaijan, independent"


def test_the_1991_caption_names_its_source() -> None:
    from sovietmap.core import bibliography

    atlas = _atlas()
    assert standing_sources(atlas, D(1991, 8, 29)) == []
    assert standing_sources(atlas, D(1992, 1, 1)) == []  # "independent": the border says so
    for day in (D(1991, 8, 30), D(1991, 10, 18)):
        keys = standing_sources(atlas, day)
        assert keys and all("1991" in bibliography.cite(k) for k in keys)
