"""Settings survive restarts and bad values; a page that fails shows a message, not a blank map."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QSettings
from pytestqt.qtbot import QtBot

from sovietmap.ui.map_widget import MapView
from sovietmap.ui.settings import (
    ALL_POLITIES,
    ViewState,
    load_state,
    model_from,
    save_state,
    state_of,
)


def test_settings_round_trip(tmp_path: Path, make_settings: Callable[[Path], QSettings]) -> None:
    settings = make_settings(tmp_path)
    state = ViewState(
        geometry=QByteArray(b"geo"),
        date=dt.date(1950, 3, 4),
        layers={"cities": False, "land": True},
        pin_mode="upto",
        event_id="some-event",
        speed=3,
        compare_date=dt.date(1936, 12, 5),
        compare_polity="ussr",
    )
    save_state(settings, state)
    again = load_state(make_settings(tmp_path))
    assert again.date == dt.date(1950, 3, 4)
    assert again.layers == {"cities": False, "land": True}
    assert (again.pin_mode, again.event_id, again.speed) == ("upto", "some-event", 3)
    assert (again.compare_date, again.compare_polity) == (dt.date(1936, 12, 5), "ussr")
    model = model_from(again, again.date)  # the app reopens in Compare mode, on that polity
    assert (model.compare_date, model.compare_polity) == (dt.date(1936, 12, 5), "ussr")
    model.set_compare_date(None)
    model.set_compare_polity(None)  # every polity
    save_state(settings, state_of(model))
    again = load_state(make_settings(tmp_path))
    assert again.compare_date is None and again.compare_polity == ALL_POLITIES
    assert model_from(again, again.date or dt.date(1950, 3, 4)).compare_polity is None


def test_corrupt_settings_are_ignored_with_a_log_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, make_settings: Callable[[Path], QSettings]
) -> None:
    (tmp_path / "settings.ini").write_text(
        "[view]\ndate=1850-01-01\nlayers={not json\npin_mode=everywhere\nspeed=-4\n"
        "[window]\ngeometry=garbage\n[compare]\ndate=1920-02-30\npolity=<b>x</b>\n",
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING):
        state = load_state(make_settings(tmp_path))
    assert state.date is None and state.layers == {} and state.pin_mode is None
    assert state.speed is None and state.geometry is None
    assert state.compare_date is None and state.compare_polity is None
    for key in (
        "view/date",
        "view/layers",
        "view/pin_mode",
        "view/speed",
        "window/geometry",
        "compare/date",
        "compare/polity",
    ):
        assert key in caplog.text


def test_a_page_that_fails_shows_a_message(qtbot: QtBot, tmp_path: Path) -> None:
    broken = tmp_path / "index.html"
    broken.write_text("<html><body><script>throw new Error('boom')</script></body></html>")
    view = MapView()
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    with qtbot.waitSignal(view.failed, timeout=20_000) as blocker:
        view.load(broken)
    assert "boom" in blocker.args[0]
    assert view.overlay.isVisible() and "could not be shown" in view.overlay.text()
