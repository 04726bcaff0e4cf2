"""The visible map's view: set_view, get_view and view_changed on the real page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from sovietmap.mapview.pagecalls import BBox
from sovietmap.ui.map_widget import MapView


@pytest.fixture(scope="module")
def view(qapp: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[MapView]:
    from sovietmap.mapview.page import build_page

    index: Path = build_page(cache_dir=tmp_path_factory.mktemp("mapview"))
    widget = MapView()
    widget.resize(800, 600)
    widget.show()
    widget.load(index)
    yield widget
    widget.close()
    widget.deleteLater()


def _contains(outer: BBox, inner: BBox) -> bool:
    return (
        outer[0] <= inner[0]
        and outer[1] <= inner[1]
        and outer[2] >= inner[2]
        and outer[3] >= inner[3]
    )


def test_set_view_moves_the_map_and_reports_the_new_extent(
    qtbot: QtBot, view: MapView, monkeypatch: pytest.MonkeyPatch
) -> None:
    qtbot.waitUntil(lambda: view.is_ready, timeout=60_000)
    georgia = (40.0, 41.0, 46.8, 43.6)
    with qtbot.waitSignal(view.view_changed, timeout=10_000) as moved:
        view.set_view(georgia)
    reported = moved.args[0]
    assert _contains(reported, georgia)
    box: list[Any] = []
    view.get_view(box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=10_000)
    assert box[0] == reported
    # The extent the page reported is what it shows: setting it again sends nothing.
    sent: list[str] = []
    real_run = view.session.run

    def spy(script: str, callback: Any = None) -> None:
        sent.append(script)
        real_run(script, callback)

    monkeypatch.setattr(view.session, "run", spy)
    view.set_view(reported)
    assert sent == []


def test_calls_before_the_page_is_ready_run_when_it_is(
    qtbot: QtBot, qapp: Any, tmp_path: Path
) -> None:
    from sovietmap.mapview.page import build_page

    widget = MapView()
    qtbot.addWidget(widget)
    widget.resize(600, 400)
    widget.show()
    widget.load(build_page(cache_dir=tmp_path))
    widget.set_date("1960-05-01")
    widget.set_view((44.0, 39.0, 47.0, 41.5))
    with qtbot.waitSignal(widget.view_changed, timeout=60_000) as moved:
        pass
    assert _contains(moved.args[0], (44.0, 39.0, 47.0, 41.5))
    states: list[dict[str, Any]] = []
    widget.state(states.append)
    qtbot.waitUntil(lambda: bool(states), timeout=10_000)
    assert states[0]["date"] == "1960-05-01"
