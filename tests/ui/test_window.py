"""The viewer window driven like a user: timeline, page, pins, panel, keys, files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from sovietmap.mapview import pagecalls
from sovietmap.ui.main_window import FIRST_DATE, MainWindow

D = dt.date


def test_first_run_opens_on_the_hamberg_execution(
    qtbot: QtBot, window: MainWindow, probe: Any
) -> None:
    hamberg = window.events_panel.selected_id()
    assert hamberg is not None
    event = window.catalogue.by_id(hamberg)
    assert event.start == FIRST_DATE and "Hamberg" in event.title
    assert "1937-11-01" in window.windowTitle()
    state = probe.wait(lambda s: s["focused"] == hamberg)
    assert state["date"] == "1937-11-01"
    assert hamberg in state["pins"]
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&View", "&Help"]
    assert window.export_menu.title() == "&Export"


def test_slider_changes_what_the_page_shows(qtbot: QtBot, window: MainWindow, probe: Any) -> None:
    slider = window.timeline.slider
    slider.setValue(slider.value_of(D(1930, 1, 1)))
    assert window.model.date == D(1930, 1, 1)
    assert window.timeline.caption.text().startswith("Azerbaijan SSR within the Transcaucasian")
    state = probe.wait(lambda s: s["date"] == "1930-01-01")
    assert "tsfsr" in state["polities"] and "ussr" in state["polities"]
    assert state["cities"]["tbilisi"] == "Tiflis"
    slider.setValue(slider.value_of(D(1950, 1, 1)))
    state = probe.wait(lambda s: s["date"] == "1950-01-01")
    assert "tsfsr" not in state["polities"] and "azerbaijan-ssr" in state["polities"]
    assert state["cities"]["tbilisi"] == "Tbilisi" and state["cities"]["ganja"] == "Kirovabad"
    assert "1950-01-01" in window.windowTitle()


def test_pin_click_selects_the_event_in_the_panel(
    qtbot: QtBot, window: MainWindow, probe: Any
) -> None:
    window.events_panel.list.setCurrentRow(0)  # something else first
    window.model.set_date(D(1937, 11, 1))
    state = probe.wait(lambda s: s["date"] == "1937-11-01" and bool(s["pins"]))
    pin = state["pins"][0]
    window.map.run_js(f"sovietmap.pinClicked({pin!r})")
    qtbot.waitUntil(lambda: window.events_panel.selected_id() == pin, timeout=10_000)
    assert window.model.selected_event == pin
    assert window.model.date == D(1937, 11, 1)  # a pin click does not move the timeline
    window.model.select_event(None)
    assert window.events_panel.selected_id() is None


def test_panel_selection_moves_timeline_and_focuses_pin(
    qtbot: QtBot, window: MainWindow, probe: Any
) -> None:
    target = next(e for e in window.catalogue.events if e.start.year == 1922)
    window.events_panel.select(target.id)
    assert window.model.date == target.start
    state = probe.wait(lambda s: s["focused"] == target.id)
    assert state["date"] == target.start.isoformat()
    assert target.id in state["pins"]


def test_keys_move_through_time(qtbot: QtBot, window: MainWindow, probe: Any) -> None:
    window.activateWindow()
    window.map.view.setFocus()
    window.model.set_date(D(1930, 6, 15))
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.model.date == D(1931, 6, 15)
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert window.model.date == D(1931, 5, 15)
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert window.model.date == window.model.next_change(D(1931, 5, 15))
    qtbot.keyClick(window, Qt.Key.Key_Home)
    assert window.model.date == D(1918, 1, 1)
    qtbot.keyClick(window, Qt.Key.Key_End)
    assert window.model.date == D(1995, 12, 31)


def test_every_border_state_is_reachable(window: MainWindow) -> None:
    model = window.model
    borders = [d for d in window.atlas.change_dates() if model.start <= d <= model.end]
    window.model.go_start()
    visited = [window.model.date]
    while window.model.go_next_change():
        visited.append(window.model.date)
    assert set(borders) <= set(visited)
    assert set(window.catalogue.dates()) <= set(visited)


def test_typed_date_and_play(qtbot: QtBot, window: MainWindow, probe: Any) -> None:
    edit = window.timeline.date_edit
    edit.setText("1944-02-23")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert window.model.date == D(1944, 2, 23)
    edit.setText("1944-02-31")
    with qtbot.waitSignal(window.timeline.date_rejected):
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert window.model.date == D(1944, 2, 23)
    window.timeline.buttons["play"].click()
    assert window.model.playing and window.clock.running
    qtbot.waitUntil(lambda: window.model.date > D(1944, 2, 23), timeout=5_000)
    window.timeline.buttons["play"].click()
    assert not window.model.playing and not window.clock.running


def test_one_slider_move_sends_one_set_date(
    qtbot: QtBot, window: MainWindow, probe: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slider move reaches the page as exactly one ``setDate``; play and pause send none."""
    window.model.set_date(D(1940, 1, 1))
    probe.wait(lambda s: s["date"] == "1940-01-01")
    sent: list[str] = []
    set_date = window.map.set_date

    def spy(iso: str) -> None:  # calls through: the page really moves
        sent.append(iso)
        set_date(iso)

    scripts: list[str] = []
    run = window.map.session.run  # every script the page gets goes through here

    def run_spy(script: str, callback: Any = None) -> None:
        scripts.append(script)
        run(script, callback)

    def set_dates() -> list[str]:
        return [s for s in scripts if f"{pagecalls.API}.setDate(" in s]

    monkeypatch.setattr(window.map, "set_date", spy)
    monkeypatch.setattr(window.map.session, "run", run_spy)
    slider = window.timeline.slider
    slider.setValue(slider.value_of(D(1941, 6, 22)))
    assert sent == ["1941-06-22"]
    assert len(set_dates()) == 1 and pagecalls.set_date("1941-06-22") in set_dates()[0]
    probe.wait(lambda s: s["date"] == "1941-06-22")
    window.clock.timer.stop()  # no tick between play and pause: only the toggles are seen
    window.model.set_playing(True)
    window.model.set_playing(False)
    window.timeline.buttons["play"].click()
    window.timeline.buttons["play"].click()
    assert sent == ["1941-06-22"] and len(set_dates()) == 1
    assert not window.model.playing


def test_layer_box_and_menu_action_follow_the_model(
    qtbot: QtBot, window: MainWindow, probe: Any
) -> None:
    box = window.layers_panel.boxes["labels"]
    action = window.layer_actions["labels"]
    assert box.isChecked() and action.isChecked() and window.model.layers["labels"]
    action.setChecked(False)  # View → Layers → Labels
    assert not box.isChecked() and window.model.layers["labels"] is False
    probe.wait(lambda s: s["layers"]["labels"] is False)
    box.setChecked(True)
    assert action.isChecked() and window.model.layers["labels"] is True
    window.model.set_layer("labels", False)
    assert not box.isChecked() and not action.isChecked()
    window.model.set_layer("labels", True)
    probe.wait(lambda s: s["layers"]["labels"] is True)


def test_pin_mode_and_speed_follow_the_model(window: MainWindow) -> None:
    window.events_panel.set_pin_mode("year")  # as a click on "In this year"
    assert window.model.pin_mode == "year"
    window.model.set_pin_mode("upto")
    assert window.events_panel.pin_mode() == "upto"
    window.model.set_pin_mode("date")
    assert window.events_panel.pin_mode() == "date"
    window.timeline.speed.setCurrentIndex(2)
    assert window.model.speed == 6
    window.model.set_speed(12)
    assert window.timeline.speed.currentText().startswith("1 year")
    window.model.set_speed(1)
    assert window.view_state().speed == 1 and window.view_state().pin_mode == "date"


def test_the_model_follows_the_map_view(qtbot: QtBot, window: MainWindow, probe: Any) -> None:
    before: list[Any] = []
    window.map.get_view(before.append)
    qtbot.waitUntil(lambda: bool(before), timeout=10_000)
    georgia = (40.0, 41.0, 46.8, 43.6)
    with qtbot.waitSignal(window.map.view_changed, timeout=10_000) as moved:
        window.map.set_view(georgia)
    extent = window.model.extent
    assert extent is not None and extent == moved.args[0]
    west, south, east, north = extent
    assert west <= 40.0 and south <= 41.0 and east >= 46.8 and north >= 43.6
    with qtbot.waitSignal(window.map.view_changed, timeout=10_000):
        window.map.set_view(before[0])  # the next test sees the map where it was


def test_layers_toggle_in_the_page(qtbot: QtBot, window: MainWindow, probe: Any) -> None:
    window.layers_panel.boxes["cities"].setChecked(False)
    state = probe.wait(lambda s: s["layers"]["cities"] is False)
    assert state["layers"]["labels"] is True
    window.layers_panel.boxes["cities"].setChecked(True)
    probe.wait(lambda s: s["layers"]["cities"] is True)


def test_bad_events_file_shows_its_rows_and_keeps_the_good(
    qtbot: QtBot, window: MainWindow, probe: Any, tmp_path: Path
) -> None:
    path = tmp_path / "mine.csv"
    path.write_text(
        "id,title,start,end,precision,place,lat,lon,kind\n"
        "mine-ok,<img src=x onerror=alert(1)> test,1937-11-01,1937-11-01,day,Baku,40.4,49.8,test\n"
        "mine-bad,Bad day,1937-02-30,,day,Baku,40.4,49.8,test\n",
        encoding="utf-8",
    )
    with qtbot.waitSignal(window.problems_shown) as blocker:
        window.add_events_file(path)
    problems = blocker.args[0]
    assert len(problems) == 1 and "row" in problems[0] and "mine.csv" in problems[0]
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    assert boxes and any("mine.csv" in b.text() for b in boxes if b.isVisible())
    for box in boxes:
        box.close()
    window.model.set_date(D(1937, 11, 1))
    window.map.focus_event("mine-ok")
    state = probe.wait(lambda s: s["focused"] == "mine-ok")
    assert "mine-ok" in state["pins"]
    # the title went in as text: the page holds no element made from it
    found: list[object] = []
    window.map.run_js("document.querySelectorAll('img[src=x]').length", found.append)
    qtbot.waitUntil(lambda: bool(found), timeout=5_000)
    assert found[0] == 0
    assert probe.state()["events"] == len(window.catalogue.events)
