"""Pins on one spot told apart, border lines clicked as lines, and both opened from the keyboard.

Driven on the real window: real mouse clicks and key presses on the web view (QTest), the page
read back (``sovietmapPins.current`` / ``sovietmapLines.current``, the open popup's text).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sovietmap.ui.main_window import MainWindow

D = dt.date
HAMBERG = "hamberg-execution"
AZERBAIJAN = (44.5, 38.2, 51.0, 42.0)  # west, south, east, north


def _js(qtbot: QtBot, window: MainWindow, script: str) -> Any:
    """The page's answer to ``script`` (a JSON string), decoded."""
    box: list[Any] = []
    window.map.run_js(f"JSON.stringify({script})", box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=10_000)
    return json.loads(box[0]) if isinstance(box[0], str) and box[0] else None


def _popup(qtbot: QtBot, window: MainWindow) -> str | None:
    """The text of the popup open on the map, if any."""
    return _js(
        qtbot,
        window,
        # the last popup not fading out (a closed one stays 200 ms at opacity 0)
        "(function () { const open = Array.from(document.querySelectorAll('.leaflet-popup'))"
        ".filter(function (n) { return n.style.opacity !== '0'; }).pop();"
        " return open ? open.querySelector('.leaflet-popup-content').textContent : null; })()",
    )


def _click(qtbot: QtBot, window: MainWindow, x: float, y: float) -> None:
    """A real left click on the map at container pixel (x, y); never a double click with the
    click before (that would zoom the map)."""
    qtbot.wait(QApplication.doubleClickInterval() + 100)
    target = window.map.view.focusProxy() or window.map.view
    QTest.mouseClick(
        target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(int(x), int(y))
    )


def _key(window: MainWindow, key: Qt.Key) -> None:
    target = window.map.view.focusProxy() or window.map.view
    QTest.keyClick(target, key)


def _at(qtbot: QtBot, window: MainWindow, probe: Any, day: D, mode: str) -> None:
    window.model.set_pin_mode(mode)
    window.model.select_event(None)
    window.model.set_date(day)
    window.map.focus_event(None)
    probe.wait(
        lambda s: s["date"] == day.isoformat() and s["pinMode"] == mode and s["focused"] is None
    )
    _js(qtbot, window, "map_sovietmap.closePopup() && 1")


def _baku_stack(qtbot: QtBot, window: MainWindow) -> list[str]:
    stacks = _js(qtbot, window, "sovietmapPins.current.stacks()")
    return next(s for s in stacks if HAMBERG in s)


def _screen(qtbot: QtBot, window: MainWindow, event_id: str) -> dict[str, float]:
    return _js(qtbot, window, f"sovietmapPins.current.screen({json.dumps(event_id)})")


def test_pins_on_one_spot_spread_and_each_can_be_clicked(
    qtbot: QtBot, window: MainWindow, probe: Any
) -> None:
    """1995, all up to this date: Baku's pins are one stack; a click spreads it, a click on a
    spread pin (Hamberg, once under the others) opens and selects that event."""
    _at(qtbot, window, probe, D(1995, 12, 31), "upto")
    stack = _baku_stack(qtbot, window)
    assert len(stack) >= 5 and HAMBERG in stack
    starts = [window.catalogue.by_id(i).start for i in stack]
    assert starts == sorted(starts)  # in date order
    spots = {(p["x"], p["y"]) for p in (_screen(qtbot, window, i) for i in stack)}
    assert len(spots) == 1  # all on one spot: only the top one could be clicked
    top = _screen(qtbot, window, stack[0])
    _click(qtbot, window, top["x"], top["y"])
    qtbot.waitUntil(lambda: _js(qtbot, window, "sovietmapPins.current.spreadIds()") == stack)
    where = [_screen(qtbot, window, i) for i in stack]
    for i, a in enumerate(where):  # no two spread pins overlap
        for b in where[i + 1 :]:
            assert (a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2 >= (2 * 7) ** 2
    assert window.model.selected_event is None  # spreading selects nothing yet
    hamberg = where[stack.index(HAMBERG)]
    _click(qtbot, window, hamberg["x"], hamberg["y"])
    qtbot.waitUntil(lambda: window.model.selected_event == HAMBERG, timeout=10_000)
    qtbot.waitUntil(lambda: "Hamberg" in (_popup(qtbot, window) or ""), timeout=10_000)
    # A click on the map away from the pins folds the stack back.
    _js(qtbot, window, "map_sovietmap.closePopup() && 1")
    _click(qtbot, window, window.map.view.width() // 2, 40)
    qtbot.waitUntil(lambda: _js(qtbot, window, "sovietmapPins.current.spreadIds()") == [])


def test_choosing_a_stacked_event_spreads_its_stack(
    qtbot: QtBot, window: MainWindow, probe: Any
) -> None:
    """Selected in the list (or from the details), a pin under others is brought out."""
    _at(qtbot, window, probe, D(1995, 12, 31), "upto")
    window.events_panel.select(HAMBERG, announce=False)
    window.model.select_event(HAMBERG)
    window.map.focus_event(HAMBERG)
    probe.wait(lambda s: s["focused"] == HAMBERG)
    assert HAMBERG in _js(qtbot, window, "sovietmapPins.current.spreadIds()")
    qtbot.waitUntil(lambda: "Hamberg" in (_popup(qtbot, window) or ""), timeout=10_000)


def _aras_point(qtbot: QtBot, window: MainWindow, probe: Any) -> dict[str, Any]:
    """1950, the map on Azerbaijan: the USSR–Iran line on the Aras, and its screen point."""
    _at(qtbot, window, probe, D(1950, 1, 1), "date")
    _js(qtbot, window, f"sovietmap.setView({json.dumps(list(AZERBAIJAN))})")  # now, not queued
    near: dict[str, Any] = {}

    def found() -> bool:
        near.clear()
        near.update(_js(qtbot, window, "sovietmapLines.current.near(38.98, 45.55)") or {})
        if not near or near["distance"] >= 0.1:
            return False
        x, y = near["point"]
        return 0 < x < window.map.view.width() and 0 < y < window.map.view.height()

    qtbot.waitUntil(found, timeout=10_000)
    return near


def test_a_click_on_a_border_line_opens_the_line_not_the_fill(
    qtbot: QtBot, window: MainWindow, probe: Any
) -> None:
    """The USSR line on the Aras: a click on it, or 3 px beside it (on the Azerbaijan SSR
    fill), opens the line's own polities, dates and sources; a click inside the fill, away
    from any line, still opens the Azerbaijan SSR."""
    for dy in (0, 3):
        x, y = _aras_point(qtbot, window, probe)["point"]  # a popup's auto-pan moved the map
        _js(qtbot, window, "map_sovietmap.closePopup() && 1")
        _click(qtbot, window, x, y - dy)
        qtbot.waitUntil(lambda: _popup(qtbot, window) is not None, timeout=10_000)
        text = _popup(qtbot, window) or ""
        assert text.startswith("Border"), text
        assert "Union of Soviet Socialist Republics: 1922-12-30" in text
        assert "Treaty of Turkmenchay" in text
        # Polities named as they were, also those gone by the date (no bare ids).
        assert "Transcaucasian SFSR: 1922-03-12" in text and "tsfsr" not in text
    # Well inside the republic (Yevlakh, away from every line): the fill's own popup.
    _aras_point(qtbot, window, probe)
    _js(qtbot, window, "map_sovietmap.closePopup() && 1")
    inside = _js(qtbot, window, "map_sovietmap.latLngToContainerPoint([40.3, 47.6])")
    assert _js(qtbot, window, f"sovietmapLines.current.hit({inside['x']}, {inside['y']})") is None
    _click(qtbot, window, inside["x"], inside["y"])
    qtbot.waitUntil(lambda: _popup(qtbot, window) is not None, timeout=10_000)
    assert (_popup(qtbot, window) or "").startswith("Azerbaijan")


def _focus(qtbot: QtBot, window: MainWindow, selector: str) -> str:
    """Give the keyboard to the page element ``selector``; its accessible name."""
    window.activateWindow()
    window.map.view.setFocus()
    return _js(
        qtbot,
        window,
        f"(function () {{ const n = document.querySelector({json.dumps(selector)});"
        " n.focus(); return document.activeElement === n ? n.getAttribute('aria-label') : null;"
        " })()",
    )


def test_pins_are_keyboard_stops_opened_with_enter(
    qtbot: QtBot, window: MainWindow, probe: Any
) -> None:
    """Tab from the map reaches a pin first; every shown pin is a named button; Enter on a
    stacked pin opens that event (its stack spread out on focus)."""
    _at(qtbot, window, probe, D(1995, 12, 31), "upto")
    pins = _js(
        qtbot,
        window,
        "Array.from(document.querySelectorAll('path[data-event]')).map(function (n) {"
        " return [n.getAttribute('data-event'), n.getAttribute('tabindex'),"
        " n.getAttribute('role'), n.getAttribute('aria-label')]; })",
    )
    shown = probe.state()["pins"]
    assert sorted(p[0] for p in pins) == sorted(shown)
    assert all(p[1] == "0" and p[2] == "button" for p in pins)
    title = window.catalogue.by_id(HAMBERG).title
    assert any(p[0] == HAMBERG and p[3].startswith(title) for p in pins)
    # Tab order: the first stop inside the map is a pin (pins come before the border lines).
    first = _js(
        qtbot,
        window,
        "(function () { const c = map_sovietmap.getContainer();"
        " const n = c.querySelector('[tabindex=\"0\"]:not(.leaflet-container)');"
        " return n ? n.getAttribute('data-event') : null; })()",
    )
    assert first in shown
    # Hamberg, under the other Baku pins: focused, its stack spreads; Enter opens it.
    assert _focus(qtbot, window, f'path[data-event="{HAMBERG}"]').startswith(title)
    assert HAMBERG in _js(qtbot, window, "sovietmapPins.current.spreadIds()")
    _key(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.model.selected_event == HAMBERG, timeout=10_000)
    qtbot.waitUntil(lambda: "Hamberg" in (_popup(qtbot, window) or ""), timeout=10_000)
    # Escape folds the stack back and closes the popup.
    _key(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: _js(qtbot, window, "sovietmapPins.current.spreadIds()") == [])
    qtbot.waitUntil(lambda: _popup(qtbot, window) is None, timeout=10_000)


def test_tab_walks_the_pins_in_the_order_of_the_event_list(
    qtbot: QtBot, window: MainWindow, probe: Any
) -> None:
    """Pins shown on 1 Nov 1937 first, then every pin: the pins added later were appended
    after Hamberg's; the page puts them back in the list's (date) order for Tab (not while a
    pin has the keyboard: a test before may have left it on one)."""
    _js(qtbot, window, "(document.activeElement && document.activeElement.blur(), 1)")
    _at(qtbot, window, probe, D(1937, 11, 1), "date")
    assert HAMBERG in probe.state()["pins"]
    _at(qtbot, window, probe, D(1995, 12, 31), "upto")
    dom = _js(
        qtbot,
        window,
        "Array.from(document.querySelectorAll('path[data-event][tabindex=\"0\"]'))"
        ".map(function (n) { return n.getAttribute('data-event'); })",
    )
    listed = _js(qtbot, window, "sovietmapPins.current.visibleIds()")
    assert dom == listed and len(dom) > 10
    starts = [window.catalogue.by_id(i).start for i in dom]
    assert starts == sorted(starts), "pins out of date order"


def test_border_lines_in_view_open_their_popup_with_enter(
    qtbot: QtBot, window: MainWindow, probe: Any
) -> None:
    """Border lines in view are named buttons; Enter on the USSR–Iran line opens its popup."""
    _aras_point(qtbot, window, probe)
    labels = _js(
        qtbot,
        window,
        "Array.from(document.querySelectorAll('.leaflet-k-lines-pane path[tabindex=\"0\"]'))"
        ".map(function (n) { return n.getAttribute('aria-label'); })",
    )
    assert labels and all(label.startswith("Border: ") for label in labels)
    iran = next(i for i, label in enumerate(labels) if "Iran" in label and "Soviet" in label)
    _js(qtbot, window, "map_sovietmap.closePopup() && 1")
    window.activateWindow()
    window.map.view.setFocus()
    _js(
        qtbot,
        window,
        "document.querySelectorAll('.leaflet-k-lines-pane path[tabindex=\"0\"]')"
        f"[{iran}].focus() || 1",
    )
    _key(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _popup(qtbot, window) is not None, timeout=10_000)
    text = _popup(qtbot, window) or ""
    assert text.startswith("Border") and "Iran" in text
