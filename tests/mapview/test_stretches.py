"""The page draws border lines by stretch: each in its own precision's dash, coasts plain.

The real page is driven in a hidden view (as exports do); ``sovietmap.stretchNear`` reports the
drawn stretch nearest to a point with the style it was given.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from sovietmap.export import qtcapture
from sovietmap.mapview.page import build_page
from sovietmap.mapview.style import COAST, COAST_LINE, COUNTRY_LINE_COLOURS, KINDS, PRECISION


@pytest.fixture(scope="module")
def page(qapp: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[qtcapture.PageCapturer]:
    capturer = qtcapture.PageCapturer(build_page(cache_dir=tmp_path_factory.mktemp("lines")))
    capturer.wait_ready()
    yield capturer
    capturer.close()


def _near(
    page: qtcapture.PageCapturer, date: str, lat: float, lon: float, drawn: bool = True
) -> Any:
    """The drawn stretch nearest to a point on ``date`` (asserted to be right there)."""
    box: list[Any] = []
    script = (
        f"(function () {{ sovietmap.setDate({json.dumps(date)});"
        f" return JSON.stringify(sovietmap.stretchNear({lat}, {lon})); }})()"
    )
    page.view.page().runJavaScript(script, 0, box.append)
    qtcapture.wait_for(lambda: bool(box), 20, "the page's answer")
    found = json.loads(box[0])
    if drawn:
        assert found["distance"] < 0.1, found  # a stretch right there is drawn
    return found


def test_the_araz_is_solid_and_the_riga_line_dashed(page: qtcapture.PageCapturer) -> None:
    araz = _near(page, "1950-01-01", 38.98, 45.55)
    assert araz["kind"] == "border" and araz["precision"] == 3
    assert araz["dashArray"] is None  # treaty-exact: solid
    assert {"ussr", "iran"} <= set(araz["polities"])
    assert araz["color"].lower() == KINDS["union"]["colour"].lower()  # the highest kind's style
    # Its popup: its own polities with their dates, and its own sources.
    assert "Union of Soviet Socialist Republics: 1922-12-30" in araz["popup"]
    assert "Treaty of Turkmenchay" in araz["popup"] and "treaty-exact" in araz["popup"]
    riga = _near(page, "1930-01-01", 53.6, 27.0)
    assert riga["precision"] == 1 and riga["dashArray"] == PRECISION["1"]["dash"]


def test_a_stretch_changes_style_with_the_date(page: qtcapture.PageCapturer) -> None:
    """The line with Turkey by Leninakan: approximate before the Treaty of Kars, solid after."""
    before = _near(page, "1921-06-01", 41.0, 43.5)
    after = _near(page, "1950-01-01", 41.0, 43.5)
    assert before["precision"] == 1 and before["dashArray"] == PRECISION["1"]["dash"]
    assert after["precision"] == 3 and after["dashArray"] is None


def test_coasts_are_drawn_as_coast(page: qtcapture.PageCapturer) -> None:
    coast = _near(page, "1950-01-01", 40.35, 49.9)  # the Caspian shore at Baku
    assert coast["kind"] == "coast"
    assert coast["dashArray"] is None and coast["color"].lower() == COAST_LINE.lower()
    assert coast["weight"] == COAST["weight"]


def test_with_the_union_layer_off_a_stretch_takes_the_next_kind(
    page: qtcapture.PageCapturer,
) -> None:
    box: list[Any] = []
    page.view.page().runJavaScript("sovietmap.setLayers({union: false}); 1", 0, box.append)
    qtcapture.wait_for(lambda: bool(box), 20, "the page's answer")
    try:
        araz = _near(page, "1950-01-01", 38.98, 45.55)
        assert araz["color"].lower() == COUNTRY_LINE_COLOURS["azerbaijan"].lower()
        assert araz["dashArray"] is None  # still the stretch's own precision
        riga = _near(page, "1930-01-01", 53.6, 27.0, drawn=False)
        assert riga is None or riga["distance"] > 0.1  # held by the union alone: hidden
    finally:
        box.clear()
        page.view.page().runJavaScript("sovietmap.setLayers({union: true}); 1", 0, box.append)
        qtcapture.wait_for(lambda: bool(box), 20, "the page's answer")
