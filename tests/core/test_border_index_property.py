"""The properties-only border index (what the viewer loads) answers every question exactly as the
full atlas with geometry does (what the exports and the geodata build use): for any date and any
polity id, drawn by hypothesis, with extra weight on the days around each change."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from sovietmap.core.atlas import BORDER_FIELDS, BorderAtlas, BorderIndex
from sovietmap.core.caption import describe_state, standing_sources


def _plain(value: Any) -> Any:
    """A record value as JSON gives it: pandas' NaN is ``None``, numpy scalars are Python's."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _record(rec: dict[str, Any]) -> dict[str, Any]:
    return {key: _plain(value) for key, value in rec.items()}


def _days(edges: list[dt.date]) -> st.SearchStrategy[dt.date]:
    """Any day of the data's span and beyond, or a change date give or take a day."""
    return st.one_of(
        st.dates(min_value=dt.date(1850, 1, 1), max_value=dt.date(2050, 12, 31)),
        st.builds(
            lambda edge, shift: edge + dt.timedelta(days=shift),
            st.sampled_from(edges),
            st.integers(min_value=-1, max_value=1),
        ),
    )


def test_the_index_holds_the_same_features_in_the_same_order(
    border_index: BorderIndex, atlas: BorderAtlas
) -> None:
    assert [_record(r) for r in border_index.records] == [_record(r) for r in atlas.records]
    assert all(set(BORDER_FIELDS) <= set(r) for r in border_index.records)
    assert border_index.change_dates() == atlas.change_dates()
    assert border_index.ids() == atlas.ids()


@given(data=st.data())
def test_the_index_finds_the_features_of_a_day_as_the_atlas_does(
    border_index: BorderIndex, atlas: BorderAtlas, data: st.DataObject
) -> None:
    day = data.draw(_days(atlas.change_dates()), label="day")
    rows = border_index.rows_at(day)
    assert rows == atlas.rows_at(day)
    assert list(atlas.at(day).index) == rows  # the geometry the atlas draws is of those rows
    assert [_record(r) for r in border_index.records_at(day)] == [
        _record(r) for r in atlas.records_at(day)
    ]
    assert border_index.names_at(day) == atlas.names_at(day)
    # the window's caption (from the index) is the one the exports print (from the atlas)
    assert describe_state(border_index, day) == describe_state(atlas, day)
    assert standing_sources(border_index, day) == standing_sources(atlas, day)


@given(data=st.data())
def test_a_day_falls_in_exactly_the_intervals_of_its_features(
    border_index: BorderIndex, data: st.DataObject
) -> None:
    """``rows_at`` (cached per border state) agrees with each polity's ``intervals``."""
    day = data.draw(_days(border_index.change_dates()), label="day")
    present = set(border_index.names_at(day))
    for polity in border_index.ids():
        spans = border_index.intervals(polity)
        inside = any(start <= day and (end is None or day < end) for start, end in spans)
        assert inside == (polity in present), (polity, day, spans)


@given(data=st.data())
def test_the_index_gives_a_polity_the_intervals_the_atlas_gives(
    border_index: BorderIndex, atlas: BorderAtlas, data: st.DataObject
) -> None:
    known = atlas.ids()
    # a polity of the data, or an id that names none
    polity = data.draw(st.one_of(st.sampled_from(known), st.text(max_size=12)), label="polity")
    spans = border_index.intervals(polity)
    assert spans == atlas.intervals(polity)
    assert spans == sorted(spans, key=lambda span: span[0])
    assert bool(spans) == (polity in known)
