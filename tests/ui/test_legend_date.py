"""The legend and names true to the date (issue 12 §4): names go with their layer, the legend
is that of the date (in the colours, widths and styles drawn, pins explained), and the Abkhaz
ASSR is not named after it ceased."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections import Counter
from typing import Any

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from sovietmap.core.atlas import BorderIndex
from sovietmap.export.legend import legend_for_date
from sovietmap.mapview import style
from sovietmap.mapview.contrast import composite
from sovietmap.ui.main_window import MainWindow

D = dt.date


def test_hiding_republics_hides_their_names(window: MainWindow, probe: Any) -> None:
    window.model.set_date(D(1937, 11, 1))
    state = probe.wait(lambda s: s["date"] == "1937-11-01" and "Azerbaijan SSR" in s["labels"])
    assert "Nagorno-Karabakh Autonomous Oblast" in state["labels"]
    window.layers_panel.boxes["republics"].setChecked(False)
    state = probe.wait(lambda s: s["layers"]["republics"] is False)
    assert "Azerbaijan SSR" not in state["labels"]
    assert "Armenian SSR" not in state["labels"]
    assert "Nagorno-Karabakh Autonomous Oblast" in state["labels"]  # its own layer is on
    window.layers_panel.boxes["autonomies"].setChecked(False)
    state = probe.wait(lambda s: s["layers"]["autonomies"] is False)
    assert "Nagorno-Karabakh Autonomous Oblast" not in state["labels"]
    window.layers_panel.boxes["republics"].setChecked(True)
    state = probe.wait(lambda s: s["layers"]["republics"] is True)
    assert "Azerbaijan SSR" in state["labels"]


def _labels(window: MainWindow) -> list[str]:
    return [row.label for row in window.layers_panel.legend_rows]


def test_the_legend_is_that_of_the_date(window: MainWindow, probe: Any) -> None:
    window.model.set_date(D(1919, 6, 1))
    probe.wait(lambda s: s["date"] == "1919-06-01")
    rows = _labels(window)
    assert "Democratic Republic of Georgia" in rows
    assert "Republic of Armenia (1918–1920)" in rows
    assert "Azerbaijan Democratic Republic" in rows
    assert "Soviet Union" not in rows and "Transcaucasian federation" not in rows
    assert "Disputed zone" in rows
    window.model.set_date(D(1937, 11, 1))
    rows = _labels(window)
    assert {"Azerbaijan SSR", "Armenian SSR", "Georgian SSR", "Soviet Union"} <= set(rows)
    assert "Disputed zone" not in rows and "Transcaucasian federation" not in rows
    window.model.set_date(D(1991, 6, 1))
    rows = _labels(window)
    assert {"Republic of Azerbaijan", "Republic of Armenia", "Republic of Georgia"} <= set(rows)
    window.model.set_layer("events", False)
    assert not any(row.marker for row in window.layers_panel.legend_rows)
    window.model.set_layer("events", True)
    assert [r.label for r in window.layers_panel.legend_rows if r.marker == "pin"] == [
        "Event (click for details)",
        "Event: repression",
    ]


def test_swatches_are_drawn_as_the_map_draws(window: MainWindow, qtbot: QtBot) -> None:
    """Each country's swatch: its fill as seen over the land; its outline the map's line colour
    at the map's width; Georgia and Armenia never share a colour."""
    window.model.set_date(D(1919, 6, 1))
    land = str(style.LAND["fillColor"])
    icons = {
        label.accessibleName().removeprefix("Legend swatch: "): label
        for label in window.layers_panel.legend.findChildren(QLabel)
        if label.accessibleName().startswith("Legend swatch: ")
    }
    colours = {}
    for name, country in (
        ("Democratic Republic of Georgia", "georgia"),
        ("Republic of Armenia (1918–1920)", "armenia"),
        ("Azerbaijan Democratic Republic", "azerbaijan"),
    ):
        image = icons[name].pixmap().toImage()
        centre = QColor(image.pixel(image.width() // 2, image.height() // 2)).name()
        expected = composite(style.COUNTRY_COLOURS[country], 0.28, land)
        assert _close(centre, expected), (name, centre, expected)
        edge = QColor(image.pixel(image.width() // 2, 2)).name()  # the top outline
        assert _close(edge, style.COUNTRY_LINE_COLOURS[country], 40), (name, edge)
        colours[country] = centre
    assert len(set(colours.values())) == 3
    row = next(r for r in window.layers_panel.legend_rows if r.label.startswith("Border good"))
    assert row.dash == style.PRECISION["2"]["dash"]
    assert row.line_px == style.KINDS["republic"]["weight"] * style.PRECISION["2"]["weightScale"]


def _close(a: str, b: str, tolerance: int = 6) -> bool:
    ca, cb = QColor(a), QColor(b)
    pairs = ((ca.red(), cb.red()), (ca.green(), cb.green()), (ca.blue(), cb.blue()))
    return all(abs(x - y) <= tolerance for x, y in pairs)


def test_abkhaz_assr_not_named_after_it_ceased(window: MainWindow, probe: Any) -> None:
    names = BorderIndex.load()
    assert names.names_at(D(1992, 7, 22))["abkhazia"] == "Abkhaz ASSR"
    assert names.names_at(D(1992, 7, 23))["abkhazia"] == "Abkhazia"
    assert names.names_at(D(1991, 1, 1))["adjara"] == "Autonomous Republic of Adjara"
    window.model.set_date(D(1995, 1, 1))
    state = probe.wait(lambda s: s["date"] == "1995-01-01")
    assert "Abkhaz ASSR" not in state["labels"] and "Abkhazia" in state["labels"]
    assert "Adjarian ASSR" not in state["labels"]


def test_export_legend_is_of_the_date() -> None:
    rows = {r.label for r in legend_for_date(D(1919, 6, 1))}
    assert "Soviet Union" not in rows and "Democratic Republic of Georgia" in rows
    # an image cannot be clicked: its pin row says "Event"; the viewer's and a page's, more
    assert "Event" in rows and not any("click" in r for r in rows)
    clickable = {r.label for r in legend_for_date(D(1919, 6, 1), interactive=True)}
    assert "Event (click for details)" in clickable
    rows = {r.label for r in legend_for_date(D(1930, 1, 1))}
    assert "Transcaucasian federation" in rows and "Soviet Union" in rows


def _js(qtbot: QtBot, window: MainWindow, script: str) -> Any:
    box: list[Any] = []
    window.map.run_js(f"JSON.stringify({script})", box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=10_000)
    return json.loads(box[0])


def _mode_colour(image: QImage, x: int, y: int, half: int = 12) -> str:
    """The most common colour in a square around (x, y): a fill, not a line or a dot."""
    seen = Counter(
        QColor(image.pixel(i, j)).name()
        for i in range(x - half, x + half)
        for j in range(y - half, y + half)
    )
    return seen.most_common(1)[0][0]


def test_map_pixels_match_the_legend_in_1919_and_1991(
    window: MainWindow, qtbot: QtBot, probe: Any
) -> None:
    """The colour of each republic's interior on the map is its legend swatch's, and Georgia's
    and Armenia's differ (the issue saw them share one colour in 1919 and 1991)."""
    before = _js(qtbot, window, "sovietmap.getView()")
    try:
        _compare_pixels(window, qtbot, probe)
    finally:  # the next test finds the view as it was
        west, south, east, north = before["bbox"]
        window.map.set_view((west, south, east, north))


def _compare_pixels(window: MainWindow, qtbot: QtBot, probe: Any) -> None:
    for key in ("labels", "cities", "events", "autonomies"):
        window.model.set_layer(key, False)
    window.map.set_view((39.0, 38.3, 50.0, 43.3))
    points = {  # inside each republic, away from the disputed zones (lat, lon)
        "georgia": (42.05, 43.3),
        "armenia": (40.55, 44.6),
        "azerbaijan": (40.4, 48.3),
    }
    swatches = {
        country: composite(style.COUNTRY_COLOURS[country], 0.28, str(style.LAND["fillColor"]))
        for country in points
    }
    for day in (D(1919, 6, 1), D(1991, 6, 1)):
        window.model.set_date(day)
        probe.wait(lambda s, d=day: s["date"] == d.isoformat())
        at = {
            country: _js(qtbot, window, f"map_sovietmap.latLngToContainerPoint([{lat}, {lon}])")
            for country, (lat, lon) in points.items()
        }
        drawn: dict[str, str] = {}

        def shown(at: dict[str, Any] = at, drawn: dict[str, str] = drawn) -> bool:
            # The page reports "painted" once Chromium has drawn the date; the widget's own
            # frame can come a little later, so look again until it shows (or time runs out).
            image = window.map.grab().toImage()
            ratio = image.width() / window.map.width()
            for country, xy in at.items():
                x, y = round(xy["x"] * ratio), round(xy["y"] * ratio)
                drawn[country] = _mode_colour(image, x, y)
            return all(_close(drawn[c], swatches[c]) for c in points)

        with contextlib.suppress(qtbot.TimeoutError):  # the asserts say what was drawn
            qtbot.waitUntil(shown, timeout=5_000)
        for country in points:
            assert _close(drawn[country], swatches[country]), (day, country, drawn, swatches)
        assert not _close(drawn["georgia"], drawn["armenia"], 10), (day, drawn)
        legend = {row.colour for row in window.layers_panel.legend_rows if row.is_area}
        assert set(swatches.values()) <= legend
