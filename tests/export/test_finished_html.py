"""Issue 12 §6: the HTML exports, opened in a real browser page: a real <title>; the one-date
page has a heading (title, date, Azerbaijan's standing) and a legend; the timeline's slider
covers neither the attribution nor the scale, and no box covers another."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWebEngineWidgets import QWebEngineView
from pytestqt.qtbot import QtBot

from sovietmap.core.atlas import BorderAtlas
from sovietmap.export.html import export_html
from sovietmap.export.legend import legend_for_date
from sovietmap.export.spec import date_caption

DAY = dt.date(1937, 11, 1)
BOXES = (
    "#sm-heading",
    "#sm-legend",
    "#sm-timeline",
    ".leaflet-control-attribution",
    ".leaflet-control-zoom",
    ".leaflet-control-scale",
)
_PROBE = (
    "JSON.stringify({title: document.title,"
    " heading: (document.querySelector('#sm-heading') || {}).innerText || '',"
    " legend: document.querySelectorAll('#sm-legend li').length,"
    " rects: Object.fromEntries(%s.map(s => { const e = document.querySelector(s);"
    " if (!e) return [s, null]; const r = e.getBoundingClientRect();"
    " return [s, [r.left, r.top, r.right, r.bottom]]; }))})"
)


@pytest.fixture
def browser(qtbot: QtBot) -> Iterator[QWebEngineView]:
    view = QWebEngineView()
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    yield view


def _open(qtbot: QtBot, view: QWebEngineView, path: Path) -> dict[str, Any]:
    with qtbot.waitSignal(view.loadFinished, timeout=60_000) as loaded:
        view.load(QUrl.fromLocalFile(str(path)))
    assert loaded.args == [True]
    seen: list[dict[str, Any]] = []

    def probe() -> bool:
        seen.clear()
        view.page().runJavaScript(_PROBE % json.dumps(BOXES), lambda r: seen.append(json.loads(r)))
        qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
        return seen[0]["rects"][".leaflet-control-attribution"] is not None

    qtbot.waitUntil(probe, timeout=30_000)
    return seen[0]


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _apart(rects: dict[str, list[float] | None]) -> None:
    shown = {k: v for k, v in rects.items() if v is not None}
    names = sorted(shown)
    for i, a in enumerate(names):
        x0, y0, x1, y1 = shown[a]
        assert 0 <= x0 < x1 <= 1100 and 0 <= y0 < y1 <= 700, (a, shown[a])
        for b in names[i + 1 :]:
            assert not _overlap(shown[a], shown[b]), f"{a} {shown[a]} covers {b} {shown[b]}"


def _file_title(path: Path) -> str:
    titles = re.findall(r"<title>(.*?)</title>", path.read_text(encoding="utf-8"), re.DOTALL)
    assert len(titles) == 1
    return titles[0]


def test_one_date_page_has_title_heading_and_legend(
    qtbot: QtBot, browser: QWebEngineView, atlas: BorderAtlas, tmp_path: Path
) -> None:
    out = export_html(tmp_path / "day.html", DAY, atlas=atlas, title="Baku <1937>")
    caption = date_caption(atlas, DAY)
    assert _file_title(out) == f"Baku &lt;1937&gt; — {caption}"
    page = _open(qtbot, browser, out)
    assert page["title"] == f"Baku <1937> — {caption}"
    assert [line for line in page["heading"].splitlines() if line] == ["Baku <1937>", caption]
    assert page["legend"] == len(legend_for_date(DAY, None)) > 5  # the legend of the date
    assert page["rects"]["#sm-timeline"] is None
    _apart(page["rects"])


def test_one_date_page_without_a_title_still_has_one(
    qtbot: QtBot, browser: QWebEngineView, atlas: BorderAtlas, tmp_path: Path
) -> None:
    out = export_html(tmp_path / "untitled.html", dt.date(1991, 12, 26), atlas=atlas)
    caption = date_caption(atlas, dt.date(1991, 12, 26))
    assert _file_title(out) == f"sovietmap: {caption}"
    page = _open(qtbot, browser, out)
    assert page["heading"].strip() == caption


def test_timeline_slider_covers_no_control(
    qtbot: QtBot, browser: QWebEngineView, tmp_path: Path
) -> None:
    out = export_html(tmp_path / "timeline.html", DAY, timeline=True)
    assert _file_title(out) == "sovietmap: borders 1918–1995"
    page = _open(qtbot, browser, out)
    assert page["title"] == "sovietmap: borders 1918–1995"
    rects = page["rects"]
    assert rects["#sm-timeline"] is not None and page["legend"] > 5
    slider_top = rects["#sm-timeline"][1]
    assert rects[".leaflet-control-attribution"][3] <= slider_top
    assert rects[".leaflet-control-scale"][3] <= slider_top
    _apart(rects)
