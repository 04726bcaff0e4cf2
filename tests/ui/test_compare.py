"""Issue 14, in the app: Compare mode on the real window. The page hatches the land gained and
lost (read back from the page: SVG paths with the compare class) and drops it when Compare is
turned off; the dock's acts are the change log's entries between the dates; an act moves the
timeline; View → Compare with… and its key reach it all."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QMouseEvent
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot

from sovietmap.core.atlas import BorderAtlas, BorderIndex
from sovietmap.core.changes import DEFAULT_POLITY, acts_between
from sovietmap.mapview import pagecalls
from sovietmap.ui.compare import ALL
from sovietmap.ui.main_window import MainWindow
from sovietmap.ui.timeline_bar import COMPARE_HANDLE

from .conftest import close_window, open_window

D1939, D1941 = dt.date(1939, 1, 1), dt.date(1941, 1, 1)
D1920, D1925 = dt.date(1920, 1, 1), dt.date(1925, 1, 1)


@pytest.fixture(autouse=True)
def _compare_off(window: MainWindow) -> Iterator[None]:
    """Each test starts and ends with Compare off and the default polity."""
    window.model.set_compare_polity(DEFAULT_POLITY)
    window.model.set_compare_date(None)
    yield
    window.model.set_compare_polity(DEFAULT_POLITY)
    window.model.set_compare_date(None)


def compare_state(qtbot: QtBot, window: MainWindow) -> dict[str, Any]:
    """``sovietmap.compareState()`` from the page."""
    box: list[Any] = []
    window.map.run_js(pagecalls.compare_state(), box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=10_000)
    value = json.loads(box[0])
    assert isinstance(value, dict)
    return value


def wait_compare(qtbot: QtBot, window: MainWindow, test: Any) -> dict[str, Any]:
    """Poll the page's compare state until ``test(state)`` holds; return it."""
    seen: dict[str, Any] = {}

    def check() -> bool:
        seen.clear()
        seen.update(compare_state(qtbot, window))
        return bool(test(seen))

    qtbot.waitUntil(check, timeout=30_000)
    return dict(seen)


def compared(
    qtbot: QtBot, window: MainWindow, first: dt.date, second: dt.date, polity: str | None
) -> None:
    """Show ``second`` compared with ``first`` for ``polity`` (ALL: every polity), picked in
    the dock's combo; wait until the dock shows that comparison."""
    window.model.set_date(second)
    window.model.set_compare_date(first)
    combo = window.compare.panel.polity
    index = combo.findData(polity)
    assert index >= 0, f"{polity} not offered"
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    ctrl = window.compare
    qtbot.waitUntil(
        lambda: (
            ctrl.result is not None
            and (ctrl.result.start, ctrl.result.end) == (first, second)
            and ctrl._drawn is not None
            and ctrl._drawn[2] == (None if polity == ALL else polity)
        ),
        timeout=60_000,
    )


def test_page_hatches_gains_and_drops_them_when_compare_is_off(
    qtbot: QtBot, window: MainWindow
) -> None:
    compared(qtbot, window, D1939, D1941, "ussr")
    result = window.compare.result
    assert result is not None
    (ussr,) = result.polities
    gained = [p for p in ussr.pieces if p.change == "gained"]
    assert ussr.gained_km2 > 400_000 and gained
    state = wait_compare(qtbot, window, lambda s: s["gained"] == len(gained))
    assert state["paths"] == len(ussr.pieces)  # one SVG path with the compare class each
    name = "Union of Soviet Socialist Republics"
    assert state["info"] == {
        "from": "1939-01-01",
        "to": "1941-01-01",
        "polity": "ussr",
        "names": {"ussr": name},
    }
    assert "gained 466," in window.compare.panel.totals.text()
    # a click on a piece opens its popup: the area, the polity by name (not its id), the act
    # (the selected event's popup may be open: Leaflet keeps one popup, the click's replaces it)
    window.map.run_js(
        "(function () { map_sovietmap.closePopup();"
        " const n = document.querySelector('path.sm-compare');"
        " n.dispatchEvent(new MouseEvent('click', {bubbles: true, clientX: 1, clientY: 1}));"
        " return 1; })()"
    )
    seen: list[Any] = []

    def popup_text() -> bool:
        box: list[Any] = []
        window.map.run_js(
            "(function () { const all = document.querySelectorAll('.leaflet-popup-content');"
            " return all.length ? all[all.length - 1].textContent : null; })()",
            box.append,
        )
        qtbot.waitUntil(lambda: bool(box), timeout=10_000)
        seen[:] = box
        return isinstance(box[0], str) and "km²" in box[0]

    qtbot.waitUntil(popup_text, timeout=10_000)
    assert f"{name}, " in seen[0], seen
    window.map.run_js("map_sovietmap.closePopup(); 1")
    window.compare.panel.enabled.click()  # the dock's check box turns Compare off
    assert window.model.compare_date is None
    assert not window.compare.action.isChecked()
    wait_compare(qtbot, window, lambda s: s["paths"] == 0 and s["gained"] == 0)


def test_acts_list_is_the_changelog_between_the_dates(qtbot: QtBot, window: MainWindow) -> None:
    compared(qtbot, window, D1920, D1925, ALL)
    acts = window.compare.panel.acts
    listed = [acts.item(i).data(Qt.ItemDataRole.UserRole) for i in range(acts.count())]
    expected = [a.date for a in acts_between(D1920, D1925)]
    assert listed == expected and len(expected) > 3
    # the default, Azerbaijan through its states (ADR, then SSR) compared as one country: the
    # entries on whose dates its territory changed, a subset in order
    assert window.compare.panel.polity.currentData() == ALL
    window.model.set_compare_polity(DEFAULT_POLITY)
    window.model.set_compare_date(None)
    compared(qtbot, window, D1920, D1925, "azerbaijan")
    mine = [acts.item(i).data(Qt.ItemDataRole.UserRole) for i in range(acts.count())]
    assert mine and set(mine) <= set(expected) and mine == sorted(mine)
    state = wait_compare(qtbot, window, lambda s: s["info"]["polity"] == "azerbaijan")
    assert state["paths"] > 0
    result = window.compare.result
    assert result is not None
    (azerbaijan,) = result.polities
    assert (azerbaijan.name_from, azerbaijan.name_to) == (
        "Azerbaijan Democratic Republic",
        "Azerbaijan SSR",
    )
    assert 10_000 < azerbaijan.gained_km2 < 20_000  # Nakhchivan, Karabakh, Zangezur's east…
    assert "Azerbaijan (ADR, SSR, Republic): gained" in window.compare.panel.totals.text()


def test_clicking_or_entering_an_act_moves_the_timeline(qtbot: QtBot, window: MainWindow) -> None:
    compared(qtbot, window, D1939, D1941, "ussr")
    acts = window.compare.panel.acts
    assert acts.count() >= 3
    first = acts.item(0)
    target = first.data(Qt.ItemDataRole.UserRole)
    rect = acts.visualItemRect(first)
    qtbot.mouseClick(acts.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.model.date == target
    # after the jump the comparison runs to the act's date: Enter on an act jumps again
    compared(qtbot, window, D1939, D1941, "ussr")
    acts.setFocus()
    acts.setCurrentRow(1)
    target = acts.item(1).data(Qt.ItemDataRole.UserRole)
    qtbot.keyClick(acts, Qt.Key.Key_Return)
    assert window.model.date == target


def test_compare_with_from_the_view_menu_and_key(qtbot: QtBot, window: MainWindow) -> None:
    action = window.compare.action
    assert window.model.compare_date is None
    view_menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&View")
    assert action in view_menu.actions() and action.shortcut().toString() == "Ctrl+K"
    window.map.view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.model.compare_date is not None, timeout=5_000)
    other = window.model.compare_date
    assert other is not None and other < window.model.date
    assert window.compare.dock.isVisible() and action.isChecked()
    panel = window.compare.panel
    qtbot.waitUntil(panel.date.hasFocus, timeout=5_000)  # the user types the second date
    assert panel.polity.currentData() == "azerbaijan"  # the default polity
    wait_compare(qtbot, window, lambda s: s["info"] is not None)
    action.trigger()  # the action again: off
    assert window.model.compare_date is None
    wait_compare(qtbot, window, lambda s: s["paths"] == 0)


def test_compare_controls_have_accessible_names(window: MainWindow) -> None:
    panel = window.compare.panel
    for widget in (panel.enabled, panel.date, panel.polity, panel.acts):
        assert widget.accessibleName()


def test_geometry_is_read_lazily_off_the_gui_thread(
    qtbot: QtBot, page: Path, tmp_path: Path, make_settings: Any
) -> None:
    """A window on the BorderIndex (as the app opens) reads the geometry only when Compare is
    first used, on the worker; the dock says "computing…" meanwhile, then draws."""
    win = open_window(make_settings(tmp_path), BorderIndex.load(), page)
    try:
        assert win.compare._atlas is None  # nothing read at start
        win.model.set_date(D1941)
        win.compare.action.trigger()
        assert "computing" in win.compare.panel.status.text().casefold()
        qtbot.waitUntil(lambda: win.compare.result is not None, timeout=60_000)
        assert isinstance(win.compare._atlas, BorderAtlas)
        wait_compare(qtbot, win, lambda s: s["info"] is not None)  # drawn (Azerbaijan: no change)
    finally:
        win.model.set_compare_date(None)
        close_window(win)


def test_snapshot_export_in_compare_mode_hatches_and_has_the_legend_rows(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """File → Export in Compare mode: the PNG compares the same two dates (every polity, as
    the print map and ``export --compare``)."""
    import numpy as np
    from PIL import Image

    from sovietmap.export.printcompare import COMPARE_STYLE

    compared(qtbot, window, D1920, D1925, ALL)
    exports = window.exports
    assert exports.current_spec().compare == D1920
    assert exports.current_spec().compare_polity is None  # every polity, as the map shows
    out = tmp_path / "compare.png"
    with qtbot.waitSignal(exports.exported, timeout=60_000):
        exports.run(exports.request(out, legend=True), "snapshot")
    image = np.asarray(Image.open(out).convert("RGB")).astype(int)
    for change in ("gained", "lost"):
        colour = COMPARE_STYLE[change][0]
        rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
        near = np.all(np.abs(image - rgb) <= 40, axis=2).sum()
        assert near > 200, f"no {change} hatching in the snapshot"
    html = exports.request(tmp_path / "page.html")
    assert (html.spec.compare, html.spec.compare_polity) == (D1920, None)  # a one-date page
    timeline = exports.request(tmp_path / "all.html", timeline=True)
    assert timeline.spec.compare is None  # a page with every date cannot compare two


def test_window_exports_compare_the_polity_the_map_compares(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The dock's polity travels into File → Export (the map and its export hatch the same
    land); a polity absent on both dates falls back to Azerbaijan on the map and in the file."""
    spec = window.exports.current_spec
    window.model.set_date(D1941)
    assert spec().compare is None and spec().compare_polity is None  # Compare is off
    compared(qtbot, window, D1939, D1941, "ussr")
    assert (spec().compare, spec().compare_polity) == (D1939, "ussr")
    assert window.model.compare_polity == "ussr"
    compared(qtbot, window, D1939, D1941, DEFAULT_POLITY)
    assert spec().compare_polity == DEFAULT_POLITY
    window.model.set_compare_polity("nkao")  # Nagorno-Karabakh AO, there on both dates
    assert spec().compare_polity == "nkao"
    for absent in ("adr", "no-such-polity"):  # the ADR ceased in 1920
        window.model.set_compare_polity(absent)
        assert spec().compare_polity == DEFAULT_POLITY
    qtbot.waitUntil(lambda: window.compare.panel.polity.currentData() == DEFAULT_POLITY)


def _mouse(slider: QWidget, kind: QEvent.Type, x: int, buttons: Qt.MouseButton) -> None:
    """Send ``slider`` one left-button mouse event at (x, its middle)."""
    at = QPointF(x, slider.height() / 2)
    event = QMouseEvent(
        kind,
        at,
        slider.mapToGlobal(at),
        Qt.MouseButton.LeftButton,
        buttons,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(slider, event)


def test_the_timeline_has_a_second_handle_to_drag(qtbot: QtBot, window: MainWindow) -> None:
    """In Compare mode the timeline shows the compare date as a purple handle; dragging it
    moves the compare date (not the date shown), and it goes when Compare is turned off."""
    slider = window.timeline.slider
    window.model.set_date(D1941)
    assert slider.compare_day is None and slider.compare_x() is None
    window.model.set_compare_date(D1920)
    assert slider.compare_day == D1920
    x = slider.compare_x()
    assert x is not None
    image = slider.grab().toImage()
    ratio = image.width() / slider.width()
    top = round((slider.height() // 2 - 24) * ratio)
    assert QColor(image.pixel(round(x * ratio), top)) == COMPARE_HANDLE
    assert "compared with 1920-01-01" in slider.accessibleDescription()

    target = slider._x(dt.date(1930, 1, 1), *slider._geometry())
    _mouse(slider, QEvent.Type.MouseButtonPress, x, Qt.MouseButton.LeftButton)
    for step in range(x, target + 1, max(1, (target - x) // 5)):
        _mouse(slider, QEvent.Type.MouseMove, step, Qt.MouseButton.LeftButton)
    _mouse(slider, QEvent.Type.MouseMove, target, Qt.MouseButton.LeftButton)
    _mouse(slider, QEvent.Type.MouseButtonRelease, target, Qt.MouseButton.NoButton)
    compare = window.model.compare_date
    assert compare is not None and abs((compare - dt.date(1930, 1, 1)).days) <= 40, compare
    assert window.model.date == D1941  # the date shown stays
    assert window.compare.panel.date.date().year() == compare.year  # the dock follows
    window.model.set_compare_date(None)
    assert slider.compare_day is None
    assert "compared with" not in slider.accessibleDescription()


def test_export_dialogs_offer_the_comparison(qtbot: QtBot, window: MainWindow) -> None:
    """In Compare mode the Snapshot, Print and HTML dialogs say what will be hatched, checked;
    unticked, the file is the plain map; an animation's dialog does not offer it."""
    compared(qtbot, window, D1920, D1925, "azerbaijan")
    exports = window.exports
    for kind in ("snapshot", "print", "html"):
        dialog = exports.open_dialog(kind)
        assert dialog is not None
        try:
            box = dialog.compare
            assert box.isVisibleTo(dialog) and box.isChecked(), kind
            assert "since 1920-01-01" in box.text()
            assert dialog.request(exports.current_spec()).spec.compare == D1920
            box.setChecked(False)
            assert dialog.request(exports.current_spec()).spec.compare is None
        finally:
            dialog.reject()
    dialog = exports.open_dialog("animation")
    assert dialog is not None
    try:
        assert not dialog.compare.isVisibleTo(dialog)
    finally:
        dialog.reject()
    window.model.set_compare_date(None)
    dialog = exports.open_dialog("snapshot")
    assert dialog is not None
    try:
        assert not dialog.compare.isVisibleTo(dialog)
        assert dialog.request(exports.current_spec()).spec.compare is None
    finally:
        dialog.reject()


def test_the_side_legend_explains_the_hatches(qtbot: QtBot, window: MainWindow) -> None:
    """In Compare mode the layers panel's legend has the rows "Gained, D1 to D2" and "Lost, …",
    with hatched swatches; they go with Compare, and follow the date."""

    def labels() -> list[str]:
        return [row.label for row in window.layers_panel.legend_rows]

    window.model.set_date(D1925)
    assert not any(label.startswith(("Gained", "Lost")) for label in labels())
    window.model.set_compare_date(D1920)
    assert "Gained, 1920-01-01 to 1925-01-01" in labels()
    assert "Lost, 1920-01-01 to 1925-01-01" in labels()
    window.model.set_date(D1941)
    assert "Gained, 1920-01-01 to 1941-01-01" in labels()
    window.model.set_compare_date(None)
    assert not any(label.startswith(("Gained", "Lost")) for label in labels())
