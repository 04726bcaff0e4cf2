"""Names on the real page never overlap, at any zoom; colours agree with the style module.

The page is driven in a hidden view (as exports do): a date and a view are set through the
page's API (pagecalls), then the boxes of the visible name elements are read with
getBoundingClientRect.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest

from sovietmap.core.atlas import INDEX_FILE
from sovietmap.export import qtcapture
from sovietmap.export.decorate import decoration_boxes
from sovietmap.export.spec import MapSpec
from sovietmap.mapview import pagecalls
from sovietmap.mapview.page import VIEW, build_page
from sovietmap.mapview.style import polity_colour

#: The map's size in the viewer at its default window size (about).
SIZE = (720, 680)
#: Two boxes overlap when they share more than this many pixels each way (sub-pixel
#: rounding of positions is not a collision).
SLACK = 0.5

_BOXES_JS = """
(function () {
  var box = document.querySelector('.leaflet-container').getBoundingClientRect();
  var out = [];
  document.querySelectorAll('.sm-label span, .sm-city .sm-name, .sm-city .sm-dot')
    .forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (!r.width || !r.height) return;                       // display: none
      if (getComputedStyle(el).visibility !== 'visible') return;  // left out for want of room
      if (r.right < box.left || r.left > box.right || r.bottom < box.top || r.top > box.bottom)
        return;                                                 // off the map
      out.push({ text: el.textContent, dot: el.classList.contains('sm-dot'),
                 x0: r.left, y0: r.top, x1: r.right, y1: r.bottom });
    });
  return JSON.stringify({ boxes: out, state: sovietmap.state() });
})()
"""


@pytest.fixture(scope="module")
def page(qapp: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[qtcapture.PageCapturer]:
    """The real page in a hidden view of the viewer's map size."""
    capturer = qtcapture.PageCapturer(build_page(cache_dir=tmp_path_factory.mktemp("labels")))
    capturer.wait_ready()
    capturer.view.resize(*SIZE)
    _run(capturer, "1")  # let the resize land
    qtcapture.wait_for(lambda: _run(capturer, "window.innerWidth") == SIZE[0], 20, "resize")
    yield capturer
    capturer.close()


def _run(page: qtcapture.PageCapturer, script: str) -> Any:
    box: list[Any] = []
    page.view.page().runJavaScript(script, 0, box.append)
    qtcapture.wait_for(lambda: bool(box), 20, "the page's answer")
    return box[0]


def _show(
    page: qtcapture.PageCapturer,
    date: str,
    center: tuple[float, float] | None = None,
    zoom: float | None = None,
) -> dict[str, Any]:
    """Set the date and view (the default view when no centre), return boxes and state."""
    if center is None or zoom is None:
        (south, west), (north, east) = VIEW
        view = pagecalls.set_view((west, south, east, north))
    else:
        view = pagecalls.set_center(center, zoom)
    layers = pagecalls.set_layers({"labels": True, "cities": True})
    _run(page, pagecalls.batch(layers, pagecalls.set_date(date), view))
    result: dict[str, Any] = json.loads(_run(page, _BOXES_JS))
    return result


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return (
        min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > SLACK
        and min(a["y1"], b["y1"]) - max(a["y0"], b["y0"]) > SLACK
    )


def _collisions(boxes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [
        (a["text"] or "•", b["text"] or "•")
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if _overlap(a, b)
    ]


def _visible_names(result: dict[str, Any]) -> set[str]:
    return {b["text"] for b in result["boxes"] if not b["dot"]}


VIEWS = [
    ("1941-01-01", None, None),  # the viewer's default view
    ("1990-12-01", (39.25, 45.45), 6),  # Nakhchivan, renamed in 1990
    ("1990-12-01", (39.25, 45.45), 8),
    ("1937-11-01", (41.6, 42.5), 7),  # Abkhazia, Adjara
    *[("1941-01-01", (40.6, 45.0), z) for z in range(4, 10)],
    *[(d, (40.5, 45.8), 7) for d in ("1919-06-01", "1921-06-01", "1922-06-01", "1924-06-01")],
]


@pytest.mark.parametrize(("date", "center", "zoom"), VIEWS)
def test_visible_names_never_overlap(
    page: qtcapture.PageCapturer, date: str, center: tuple[float, float] | None, zoom: float | None
) -> None:
    result = _show(page, date, center, zoom)
    boxes = result["boxes"]
    assert sum(not b["dot"] for b in boxes) >= 3, "too few names to mean anything"
    assert _collisions(boxes) == []
    assert result["state"]["labelPass"]["runs"] > 0


def test_crowded_names_are_moved_not_dropped(page: qtcapture.PageCapturer) -> None:
    result = _show(page, "1941-01-01")
    cities = result["state"]["cities"]
    shown = _visible_names(result)
    # The two that ran into each other in the default view of 1941 both show, apart.
    assert {cities["gyumri"], cities["vanadzor"]} <= shown
    result = _show(page, "1990-12-01", (39.25, 45.45), 7)
    shown = _visible_names(result)
    assert result["state"]["cities"]["nakhchivan"] in shown
    republic = next(n for n in result["state"]["labels"] if n.startswith("Nakhchivan"))
    assert republic in shown
    assert _collisions(result["boxes"]) == []


def test_a_date_change_that_changes_no_name_places_nothing(page: qtcapture.PageCapturer) -> None:
    _show(page, "1941-01-01")
    before = json.loads(_run(page, "JSON.stringify(sovietmap.state().labelPass)"))
    _run(page, pagecalls.batch(pagecalls.set_date("1941-01-02"), pagecalls.set_date("1941-01-03")))
    after = json.loads(_run(page, "JSON.stringify(sovietmap.state().labelPass)"))
    assert after["runs"] == before["runs"]
    view = pagecalls.read_view(_run(page, pagecalls.get_view()))
    assert view is not None
    _run(page, pagecalls.set_center(view.center, 8))
    again = json.loads(_run(page, "JSON.stringify(sovietmap.state().labelPass)"))
    assert again["runs"] == before["runs"] + 1


def test_page_colours_agree_with_the_style_module(page: qtcapture.PageCapturer) -> None:
    features = json.loads(INDEX_FILE.read_text("utf-8"))
    script = (
        "JSON.stringify("
        + json.dumps(features)
        + ".map(function (p) { return sovietmap.colourOf(p); }))"
    )
    page_colours = json.loads(_run(page, script))
    assert page_colours == [polity_colour(p) for p in features]


def test_a_png_export_keeps_names_clear_of_its_caption_and_legend(
    page: qtcapture.PageCapturer,
) -> None:
    # Last in this file: a capture resizes the view to the export's size.
    spec = MapSpec(
        dt.date(1937, 11, 1),
        1024,
        768,
        show_legend=True,
        show_attribution=True,
        title="Transcaucasia",
    )
    page.capture_sync(spec)
    result = json.loads(_run(page, _BOXES_JS))
    drawn = [
        {"text": f"decoration {i}", "x0": x0, "y0": y0, "x1": x1, "y1": y1}
        for i, (x0, y0, x1, y1) in enumerate(decoration_boxes(spec))
    ]
    assert len(drawn) >= 3 and len(result["boxes"]) >= 20
    hits = [(n["text"], d["text"]) for n in result["boxes"] for d in drawn if _overlap(n, d)]
    assert hits == []
    assert _collisions(result["boxes"]) == []
