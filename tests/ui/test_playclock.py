"""The play clock beside the viewer model: it ticks while the model plays, and only then."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from sovietmap.core.viewer import ViewerModel
from sovietmap.ui.playclock import PlayClock


def test_the_clock_plays_the_model_to_the_end_and_stops(qtbot: QtBot) -> None:
    model = ViewerModel(day=dt.date(1993, 1, 1), speed=12)
    clock = PlayClock(model, interval_ms=1)
    assert not clock.running
    days: list[dt.date] = []
    model.date_changed.connect(days.append)
    model.set_playing(True)
    assert clock.running
    qtbot.waitUntil(lambda: not model.playing, timeout=5_000)
    assert not clock.running
    assert days == [dt.date(1994, 1, 1), dt.date(1995, 1, 1), model.end]


def test_pausing_stops_the_clock_and_a_deleted_clock_lets_go_of_the_model(qtbot: QtBot) -> None:
    model = ViewerModel(day=dt.date(1930, 1, 1))
    owner = QObject()
    clock = PlayClock(model, parent=owner)
    model.set_playing(True)
    assert clock.running
    model.set_playing(False)
    assert not clock.running and model.date == dt.date(1930, 1, 1)
    connections = len(model.playing_changed)
    with qtbot.waitSignal(clock.destroyed):
        owner.deleteLater()
    assert len(model.playing_changed) == connections - 1
    model.set_playing(True)  # no clock any more: nothing ticks, nothing fails
    assert model.date == dt.date(1930, 1, 1)
