"""The historical-districts layer: hidden until asked for, then shown on its dates only."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from sovietmap.core.atlas import BorderAtlas
from sovietmap.core.events import EventCatalogue
from sovietmap.mapview.page import build_page
from sovietmap.mapview.style import LAYERS, default_layers
from sovietmap.ui.main_window import MainWindow
from sovietmap.ui.map_widget import MapView
from sovietmap.ui.settings import load_state, save_state

DATA = Path(__file__).resolve().parents[1] / "data"
DISTRICTS = DATA / "districts-mini.geojson", DATA / "base-mini.geojson"


@pytest.fixture(scope="module")
def mini_view(qapp: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A map page of the small fixture with a Kurdistan uyezd (1923-29) and okrug (1930)."""
    index = build_page(*DISTRICTS, cache_dir=tmp_path_factory.mktemp("districts"))
    view = MapView()
    view.resize(900, 700)
    view.show()
    view.load(index)
    yield view
    view.close()
    view.deleteLater()


@pytest.fixture(autouse=True)
def _page_defaults(request: pytest.FixtureRequest) -> None:
    """Before each test that uses the view, its layers go back to the page's defaults (districts
    hidden), so no test sees what another one turned on. (A fresh view per test was tried: a
    second view of the same page sometimes did not start under load.)"""
    if "mini_view" in request.fixturenames:
        qtbot = request.getfixturevalue("qtbot")
        view = request.getfixturevalue("mini_view")
        _state(qtbot, view, f"sovietmap.setLayers({json.dumps(default_layers())});")


def _state(qtbot: QtBot, view: MapView, script: str = "") -> dict[str, Any]:
    """Run ``script`` in the page, then wait for it to paint and return ``sovietmap.state()``."""
    qtbot.waitUntil(lambda: view.is_ready, timeout=60_000)
    if script:
        view.run_js(script)
    seen: dict[str, Any] = {}

    def painted() -> bool:
        box: list[dict[str, Any]] = []
        view.state(box.append)
        qtbot.waitUntil(lambda: bool(box), timeout=10_000)
        seen.clear()
        seen.update(box[0])
        return bool(seen.get("painted"))

    qtbot.waitUntil(painted, timeout=15_000)
    return dict(seen)


def _hatched_paths(qtbot: QtBot, view: MapView) -> int:
    """How many hatched (district) shapes the page's SVG holds."""
    box: list[Any] = []
    view.run_js(
        "JSON.stringify(Array.from(document.querySelectorAll('path.sm-hatch')).length)", box.append
    )
    qtbot.waitUntil(lambda: bool(box), timeout=10_000)
    return json.loads(box[0])


def test_districts_start_hidden_and_show_on_their_dates_when_turned_on(
    qtbot: QtBot, mini_view: MapView
) -> None:
    state = _state(qtbot, mini_view, "sovietmap.setDate('1925-01-01');")
    assert state["layers"]["districts"] is False
    assert "red-kurdistan" in state["polities"]  # valid on the date ...
    assert "red-kurdistan" not in state["drawn"]  # ... but its layer is off
    assert "Kurdistan uyezd" not in state["labels"]
    assert _hatched_paths(qtbot, mini_view) == 0

    state = _state(qtbot, mini_view, "sovietmap.setLayers({districts: true});")
    assert state["layers"]["districts"] is True
    assert "red-kurdistan" in state["drawn"] and "azerbaijan-ssr" in state["drawn"]
    assert "Kurdistan uyezd" in state["labels"]
    assert _hatched_paths(qtbot, mini_view) == 1  # one hatched outline in the SVG

    state = _state(qtbot, mini_view, "sovietmap.setDate('1930-06-15');")
    assert "Kurdistan okrug" in state["labels"] and "red-kurdistan" in state["drawn"]

    state = _state(qtbot, mini_view, "sovietmap.setDate('1935-01-01');")
    assert "red-kurdistan" not in state["drawn"] and "red-kurdistan" not in state["polities"]
    assert not [n for n in state["labels"] if n.startswith("Kurdistan")]
    assert _hatched_paths(qtbot, mini_view) == 0

    # Names go with the layer: labels on, districts off -> no district name.
    _state(qtbot, mini_view, "sovietmap.setDate('1925-01-01');")
    state = _state(qtbot, mini_view, "sovietmap.setLayers({districts: false});")
    assert "Kurdistan uyezd" not in state["labels"] and "Azerbaijan SSR" in state["labels"]


def test_a_district_popup_gives_its_dates_and_sources(qtbot: QtBot, mini_view: MapView) -> None:
    _state(
        qtbot, mini_view, "sovietmap.setDate('1925-01-01'); sovietmap.setLayers({districts: true});"
    )
    box: list[Any] = []
    # A click in the middle of the hatched path opens the border's popup.
    mini_view.run_js(
        "(function () { var p = document.querySelector('path.sm-hatch');"
        " var r = p.getBoundingClientRect();"
        " p.dispatchEvent(new MouseEvent('click', {bubbles: true, clientX: r.left + r.width / 2,"
        " clientY: r.top + r.height / 2}));"
        " var pop = document.querySelector('.sm-popup');"
        " return pop ? pop.textContent : ''; })()",
        box.append,
    )
    qtbot.waitUntil(lambda: bool(box), timeout=10_000)
    text = box[0]
    assert "Kurdistan uyezd" in text and "1923-07-07 – 1929-04-08" in text
    assert "test fixture" in text


def test_districts_are_off_on_a_first_run_and_the_choice_is_remembered(
    qtbot: QtBot,
    tmp_path: Path,
    atlas: BorderAtlas,
    page: Path,
    make_settings: Callable[[Path], QSettings],
) -> None:
    assert "districts" in LAYERS
    window = MainWindow(atlas, EventCatalogue.load(), page, make_settings(tmp_path))
    qtbot.addWidget(window)
    window.remember = False
    box = window.layers_panel.boxes["districts"]
    action = window.findChild(QAction, "layer-districts")
    assert box.text() == "Historical districts"
    assert not box.isChecked() and action is not None and not action.isChecked()
    assert window.layers_panel.layers()["districts"] is False
    assert all(on for key, on in window.layers_panel.layers().items() if key != "districts")

    action.setChecked(True)  # View → Layers → Historical districts
    assert box.isChecked()
    save_state(make_settings(tmp_path), window.view_state())
    assert load_state(make_settings(tmp_path)).layers["districts"] is True
    again = MainWindow(atlas, EventCatalogue.load(), page, make_settings(tmp_path))
    qtbot.addWidget(again)
    again.remember = False
    assert again.layers_panel.boxes["districts"].isChecked()


def test_the_real_map_has_red_kurdistan_on_the_districts_layer(
    qtbot: QtBot, window: MainWindow, probe: Any
) -> None:
    window.model.set_date(dt.date(1925, 1, 1))
    state = probe.wait(lambda s: s["date"] == "1925-01-01")
    assert state["layers"]["districts"] is False and "red-kurdistan" not in state["drawn"]
    assert not window.layers_panel.boxes["districts"].isChecked()
    window.layers_panel.boxes["districts"].setChecked(True)
    try:
        state = probe.wait(lambda s: s["layers"]["districts"] is True)
        assert "red-kurdistan" in state["drawn"] and "Kurdistan uyezd" in state["labels"]
        window.model.set_date(dt.date(1935, 1, 1))
        state = probe.wait(lambda s: s["date"] == "1935-01-01")
        assert "red-kurdistan" not in state["drawn"] and "Kurdistan uyezd" not in state["labels"]
    finally:
        window.layers_panel.boxes["districts"].setChecked(False)
        probe.wait(lambda s: s["layers"]["districts"] is False)
