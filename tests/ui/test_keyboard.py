"""Keyboard use of the real window (issue 12 §5): keys go to the focused control, the timeline's
keys work on the map and the timeline, Tab reaches every control in layout order, every control
has a name, and Help lists every shortcut from what binds it. Keys are pressed as a user would:
on the widget that has the keyboard focus."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from sovietmap.mapview.pagecalls import BBox
from sovietmap.ui import focus
from sovietmap.ui.dialogs import ShortcutsDialog
from sovietmap.ui.main_window import MainWindow
from sovietmap.ui.shortcuts import KEYS, key_text
from sovietmap.ui.timeline_bar import BUTTONS
from sovietmap.ui.wiring import COMMANDS

D = dt.date
Key = Qt.Key
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def focused() -> QWidget:
    """The widget with the keyboard focus (there must be one)."""
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def put_focus(qtbot: QtBot, window: MainWindow, widget: QWidget) -> None:
    """Give ``widget`` the keyboard as a Tab would, in the active window."""
    window.activateWindow()
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: widget.hasFocus() or widget.isAncestorOf(focused()), timeout=5_000)


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier | None = None) -> None:
    """Press and release ``key`` on whatever has the keyboard focus."""
    if modifier is None:
        qtbot.keyClick(focused(), key)
    else:
        qtbot.keyClick(focused(), key, modifier)


def in_map(window: MainWindow) -> bool:
    """Whether the keyboard is on the map."""
    return window.map.isAncestorOf(focused())


# --- keys go to the focused control ----------------------------------------------------------
def test_space_on_a_focused_check_box_ticks_it_and_does_not_play(
    qtbot: QtBot, window: MainWindow, probe: Any
) -> None:
    box = window.layers_panel.boxes["republics"]
    assert box.isChecked()
    day = window.model.date
    put_focus(qtbot, window, box)
    press(qtbot, Key.Key_Space)
    assert not box.isChecked() and window.model.layers["republics"] is False
    assert not window.model.playing and not window.clock.running
    probe.wait(lambda s: s["layers"]["republics"] is False)  # the map hid the republics
    for key in (Key.Key_PageDown, Key.Key_Home, Key.Key_End):  # no timeline key from here
        press(qtbot, key)
    assert window.model.date == day
    put_focus(qtbot, window, box)
    press(qtbot, Key.Key_Space)
    assert box.isChecked() and window.model.layers["republics"] is True
    probe.wait(lambda s: s["layers"]["republics"] is True)


def test_arrows_and_space_on_the_pin_mode_buttons_choose_a_mode(
    qtbot: QtBot, window: MainWindow, probe: Any
) -> None:
    buttons = window.events_panel.mode_buttons
    assert window.model.pin_mode == "date"
    day = window.model.date
    put_focus(qtbot, window, buttons["date"])
    press(qtbot, Key.Key_Down)
    assert focused() is buttons["year"]
    assert window.events_panel.pin_mode() == "year"
    assert window.model.pin_mode == "year"
    probe.wait(lambda s: s["pinMode"] == "year")
    press(qtbot, Key.Key_Space)
    press(qtbot, Key.Key_Right)
    assert not window.model.playing
    assert window.model.date == day


def test_keys_in_the_events_list_move_through_the_list(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.events_panel
    put_focus(qtbot, window, panel.list)
    start = panel.list.currentIndex().row()
    assert start >= 0  # the first run's event is selected
    press(qtbot, Key.Key_Down)
    assert panel.list.currentIndex().row() == start + 1
    picked = panel.selected_id()
    assert picked is not None and window.model.selected_event == picked
    assert window.model.date == window.catalogue.by_id(picked).start  # the list moved it
    day = window.model.date
    press(qtbot, Key.Key_Space)
    press(qtbot, Key.Key_Home)  # a table's Home: its first column (there is one): nothing
    assert not window.model.playing and not window.clock.running
    assert window.model.date == day and panel.selected_id() == picked
    press(qtbot, Key.Key_Home, CTRL)
    assert panel.list.currentIndex().row() == 0
    press(qtbot, Key.Key_End, CTRL)
    assert panel.list.currentIndex().row() == panel.model.rowCount() - 1
    press(qtbot, Key.Key_PageUp)
    assert 0 < panel.list.currentIndex().row() < panel.model.rowCount() - 1
    assert focused() is panel.list or panel.list.isAncestorOf(focused())


def test_arrows_in_the_speed_box_change_the_speed_not_the_date(
    qtbot: QtBot, window: MainWindow
) -> None:
    speed = window.timeline.speed
    put_focus(qtbot, window, speed)
    day, before = window.model.date, window.model.speed
    assert speed.currentIndex() == 0
    press(qtbot, Key.Key_Down)
    assert speed.currentIndex() == 1 and window.model.speed != before
    press(qtbot, Key.Key_End)
    assert speed.currentIndex() == speed.count() - 1
    press(qtbot, Key.Key_Home)
    assert speed.currentIndex() == 0 and window.model.speed == before
    assert window.model.date == day and not window.model.playing


def test_the_date_field_keeps_its_keys(qtbot: QtBot, window: MainWindow) -> None:
    edit = window.timeline.date_edit
    put_focus(qtbot, window, edit)
    day = window.model.date
    for key in (Key.Key_Home, Key.Key_End, Key.Key_Left, Key.Key_Right, Key.Key_Space):
        press(qtbot, key)
    press(qtbot, Key.Key_Left, SHIFT)
    assert window.model.date == day and not window.model.playing
    assert edit.text().endswith(" ")  # Space typed a space
    edit.setText("1941-06-22")
    press(qtbot, Key.Key_Return)
    assert window.model.date == D(1941, 6, 22)


def test_filter_field_takes_space_and_page_keys_stay_in_the_panel(
    qtbot: QtBot, window: MainWindow
) -> None:
    panel = window.events_panel
    put_focus(qtbot, window, panel.filter)
    day = window.model.date
    qtbot.keyClicks(focused(), "baku ")
    press(qtbot, Key.Key_PageDown)
    press(qtbot, Key.Key_PageUp)
    assert panel.filter.text() == "baku "
    assert window.model.date == day and not window.model.playing


# --- the timeline's keys on the map and the timeline ------------------------------------------
def test_timeline_keys_work_on_the_map(qtbot: QtBot, window: MainWindow, probe: Any) -> None:
    put_focus(qtbot, window, window.map)
    assert in_map(window)
    window.model.set_date(D(1930, 6, 15))
    press(qtbot, Key.Key_Right)
    assert window.model.date == D(1931, 6, 15)
    press(qtbot, Key.Key_Left, SHIFT)
    assert window.model.date == D(1931, 5, 15)
    press(qtbot, Key.Key_PageUp)
    assert window.model.date == window.model.prev_change(D(1931, 5, 15))
    press(qtbot, Key.Key_End)
    assert window.model.date == D(1995, 12, 31)
    probe.wait(lambda s: s["date"] == "1995-12-31")
    press(qtbot, Key.Key_Home)
    assert window.model.date == D(1918, 1, 1)
    press(qtbot, Key.Key_Space)
    assert window.model.playing and window.clock.running
    press(qtbot, Key.Key_Space)
    assert not window.model.playing and not window.clock.running
    assert in_map(window)


def test_timeline_keys_work_on_the_slider(qtbot: QtBot, window: MainWindow) -> None:
    slider = window.timeline.slider
    put_focus(qtbot, window, slider)
    window.model.set_date(D(1944, 2, 23))
    press(qtbot, Key.Key_Right, SHIFT)
    assert window.model.date == D(1944, 3, 23)
    press(qtbot, Key.Key_Left)
    assert window.model.date == D(1943, 3, 23)
    press(qtbot, Key.Key_PageDown)
    assert window.model.date == window.model.next_change(D(1943, 3, 23))
    assert slider.value() == slider.value_of(window.model.date)
    assert focused() is slider


def test_space_on_a_focused_timeline_button_presses_that_button(
    qtbot: QtBot, window: MainWindow
) -> None:
    buttons = window.timeline.buttons
    window.model.set_date(D(1936, 1, 1))
    put_focus(qtbot, window, buttons["next_change"])
    press(qtbot, Key.Key_Space)
    assert window.model.date == window.model.next_change(D(1936, 1, 1))
    assert not window.model.playing
    put_focus(qtbot, window, buttons["start"])
    press(qtbot, Key.Key_Space)
    assert window.model.date == D(1918, 1, 1)
    put_focus(qtbot, window, buttons["play"])
    press(qtbot, Key.Key_Space)
    assert window.model.playing
    press(qtbot, Key.Key_Space)
    assert not window.model.playing
    window.model.set_date(D(1950, 5, 9))
    press(qtbot, Key.Key_Right)  # arrows on the timeline's buttons: the timeline's keys
    assert window.model.date == D(1951, 5, 9)


# --- Tab -----------------------------------------------------------------------------------
def test_tab_order_follows_the_layout(window: MainWindow) -> None:
    order = focus.tab_order(window)
    position = {id(w): i for i, w in enumerate(order)}

    def where(widget: QWidget) -> int:
        return position[id(widget)]

    boxes = [where(b) for b in window.layers_panel.boxes.values()]
    assert boxes == sorted(boxes)  # top to bottom
    map_at = next(i for i, w in enumerate(order) if window.map.isAncestorOf(w))
    panel = window.events_panel
    modes = [where(b) for b in panel.mode_buttons.values()]  # Tab stops at the checked one
    events = [*modes, where(panel.filter), where(panel.kind), where(panel.list)]
    bar = window.timeline
    timeline = [where(bar.buttons[name]) for name, _icon, _text in BUTTONS]
    timeline += [where(bar.speed), where(bar.date_edit), where(bar.slider)]
    views = [where(window.view_bar.widgetForAction(a)) for a in window.view_bar.presets.values()]
    # views toolbar, left panel, map, right panel, timeline; each in its own layout's order
    assert views == sorted(views) and max(views) < min(boxes)
    assert max(boxes) < map_at < min(events)
    assert events == sorted(events) and max(events) < min(timeline)
    assert timeline == list(range(timeline[0], timeline[0] + len(timeline)))


def test_tab_reaches_every_timeline_control_in_order(qtbot: QtBot, window: MainWindow) -> None:
    bar = window.timeline
    expected: list[QWidget] = [bar.buttons[name] for name, _icon, _text in BUTTONS]
    expected += [bar.speed, bar.date_edit, bar.slider]
    put_focus(qtbot, window, window.events_panel.list)
    for _ in range(40):  # through the events panel (and the details pane) to the timeline
        press(qtbot, Key.Key_Tab)
        if focused() is expected[0]:
            break
    assert focused() is expected[0], "Tab never reached the timeline's first button"
    for widget in expected[1:]:
        press(qtbot, Key.Key_Tab)
        assert focused() is widget
    for widget in reversed(expected[:-1]):
        press(qtbot, Key.Key_Backtab, SHIFT)
        assert focused() is widget
    # a button reached with Tab is pressed with Space
    window.model.set_date(D(1960, 1, 1))
    put_focus(qtbot, window, bar.buttons["prev_year"])
    press(qtbot, Key.Key_Space)
    assert window.model.date == D(1959, 1, 1)


def test_tab_goes_from_the_layers_to_the_map(qtbot: QtBot, window: MainWindow) -> None:
    boxes = list(window.layers_panel.boxes.values())
    put_focus(qtbot, window, boxes[0])
    for box in boxes[1:]:
        press(qtbot, Key.Key_Tab)
        assert focused() is box
    press(qtbot, Key.Key_Tab)
    assert in_map(window)
    press(qtbot, Key.Key_Tab)  # Tab goes on through the page's own stops (zoom, pins, lines)
    assert in_map(window)
    put_focus(qtbot, window, window.events_panel.mode_buttons["date"])
    press(qtbot, Key.Key_Backtab, SHIFT)  # back from the right panel: into the map
    assert in_map(window)


# --- names -----------------------------------------------------------------------------------
def test_every_control_has_an_accessible_name(window: MainWindow) -> None:
    everything = focus.controls(window)
    assert len(everything) > 30  # the walk sees the panels, the timeline and the toolbar
    missing = [
        f"{type(w).__name__} {w.objectName()!r} in {type(w.parentWidget()).__name__}"
        for w in focus.unnamed(window)
    ]
    assert missing == []
    assert window.map.view.accessibleName() == "Map"
    for name, _icon, text in BUTTONS:  # icon-only buttons: a name, and their key described
        button = window.timeline.buttons[name]
        assert focus.accessible_name(button) == text
    assert window.timeline.buttons["play"].accessibleDescription() == "Key: Space"
    assert focus.accessible_name(window.timeline.speed) == "Play speed"
    assert focus.accessible_name(window.timeline.slider) == "Timeline"
    assert focus.accessible_name(window.events_panel.list) == "Events"


# --- Help → Keyboard shortcuts ----------------------------------------------------------------
def test_the_shortcuts_are_bound_from_the_table(window: MainWindow) -> None:
    bound = {
        shortcut.key().toString(): name
        for name, shortcut in window.shortcuts.items()
        if isinstance(shortcut, QShortcut)
    }
    assert bound == {QKeySequence(k.keys).toString(): k.command for k in KEYS}
    assert {k.command for k in KEYS} <= set(COMMANDS)
    assert len(window.findChildren(QShortcut)) == len(KEYS)  # no key bound elsewhere


def test_help_lists_every_shortcut_of_the_window(qtbot: QtBot, window: MainWindow) -> None:
    put_focus(qtbot, window, window.map)
    press(qtbot, Key.Key_F1)
    qtbot.waitUntil(
        lambda: any(isinstance(w, ShortcutsDialog) and w.isVisible() for w in _tops()),
        timeout=5_000,
    )
    dialog = next(w for w in _tops() if isinstance(w, ShortcutsDialog) and w.isVisible())
    text = dialog.browser.toPlainText()
    for shortcut in window.findChildren(QShortcut):
        assert key_text(shortcut.key()) in text
    for key in KEYS:
        assert f"{key_text(key.keys)}\n{key.text}" in text or key.text in text
    actions = [a for a in window.findChildren(QAction) if a.shortcuts()]
    assert len(actions) >= 8  # open, quit, help, the exports, the views
    for action in actions:
        for seq in action.shortcuts():
            assert key_text(seq) in text, action.text()
    for keys, label in (("Ctrl+O", "Open events file"), ("F1", "Keyboard shortcuts")):
        assert keys in text and label in text
    assert "Ctrl+E" in text  # an export's, read from its action
    dialog.close()


def _tops() -> list[QWidget]:
    return list(QApplication.topLevelWidgets())


def test_tab_reaches_the_view_presets_and_space_picks_one(qtbot: QtBot, window: MainWindow) -> None:
    """The views toolbar is part of the Tab chain (before the layers); Space on a preset
    frames its view, as a click or Ctrl+1/2/3 does."""
    bar = window.view_bar
    buttons = [bar.widgetForAction(a) for a in bar.presets.values()]
    put_focus(qtbot, window, buttons[0])
    for button in buttons[1:]:
        press(qtbot, Key.Key_Tab)
        assert focused() is button
    before: list[BBox | None] = []
    window.map.get_view(before.append)
    qtbot.waitUntil(lambda: bool(before), timeout=10_000)
    picked: list[str] = []
    bar.preset_picked.connect(picked.append)
    try:
        press(qtbot, Key.Key_Space)
        qtbot.waitUntil(lambda: bool(picked), timeout=5_000)
    finally:
        bar.preset_picked.disconnect(picked.append)
        if before[0] is not None:  # the next test finds the view as it was
            window.map.set_view(before[0])
    assert picked == [list(bar.presets)[-1]]
