"""Timeline arithmetic and the viewer model's navigation: clamping, stepping, changes, play."""

from __future__ import annotations

import datetime as dt

from sovietmap.core.dates import TIMELINE_END, TIMELINE_START
from sovietmap.core.timeline import add_months
from sovietmap.core.viewer import ViewerModel

D = dt.date


def test_add_months_clips_the_day() -> None:
    assert add_months(D(1930, 1, 31), 1) == D(1930, 2, 28)
    assert add_months(D(1932, 1, 31), 1) == D(1932, 2, 29)
    assert add_months(D(1930, 3, 15), -14) == D(1929, 1, 15)
    assert add_months(D(1930, 3, 31), 12) == D(1931, 3, 31)


def test_add_months_stops_at_the_ends_of_the_calendar() -> None:
    assert add_months(D(9999, 12, 1), 1) == dt.date.max
    assert add_months(D(1, 1, 1), -1) == dt.date.min


def test_date_is_clamped_to_the_range() -> None:
    model = ViewerModel(day=D(1900, 1, 1))
    assert model.date == TIMELINE_START
    model.set_date(D(2100, 1, 1))
    assert model.date == TIMELINE_END
    model.step_years(-200)
    assert model.date == TIMELINE_START


def test_listeners_hear_each_change_once() -> None:
    model = ViewerModel(day=D(1930, 1, 1))
    heard: list[dt.date] = []
    model.date_changed.connect(heard.append)
    assert model.set_date(D(1931, 1, 1))
    assert not model.set_date(D(1931, 1, 1))
    model.step_months(1)
    assert heard == [D(1931, 1, 1), D(1931, 2, 1)]
    model.date_changed.disconnect(heard.append)
    model.step_years(1)
    assert len(heard) == 2


def test_next_and_prev_change_visit_every_change() -> None:
    changes = [D(1922, 12, 30), D(1920, 4, 28), D(1936, 12, 5), D(1800, 1, 1)]
    model = ViewerModel(day=TIMELINE_START, changes=changes)
    assert model.changes == [D(1920, 4, 28), D(1922, 12, 30), D(1936, 12, 5)]
    visited = []
    while model.go_next_change():
        visited.append(model.date)
    assert visited == model.changes
    back = []
    while model.go_prev_change():
        back.append(model.date)
    assert back == model.changes[::-1][1:]
    assert model.prev_change() is None


def test_play_advances_and_stops_at_the_end() -> None:
    model = ViewerModel(day=D(1995, 1, 1))
    model.set_speed(6)
    model.set_playing(True)
    model.tick()
    assert model.date == D(1995, 7, 1)
    model.tick()
    assert model.date == TIMELINE_END and not model.playing
    model.toggle_playing()  # playing from the end rewinds
    assert model.playing and model.date == TIMELINE_START
