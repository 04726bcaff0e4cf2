"""The standalone HTML: nothing from a network, and it renders offline in a browser."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from sovietmap.core.atlas import BorderAtlas
from sovietmap.core.events import EventCatalogue
from sovietmap.export import qtcapture
from sovietmap.export.html import export_html


def _ask(page: qtcapture.PageCapturer, script: str) -> Any:
    box: list[Any] = []
    page.view.page().runJavaScript(script, 0, box.append)
    qtcapture.wait_for(lambda: bool(box), 10, "the page")
    return json.loads(box[0])


@pytest.fixture(scope="module")
def day_page(qapp: Any, atlas: BorderAtlas, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html") / "day.html"
    export_html(
        out,
        dt.date(1937, 11, 1),
        atlas=atlas,
        events=EventCatalogue.load().events,
        title="<script>alert(1)</script> Baku",
    )
    return out


def test_no_network_address(day_page: Path) -> None:
    text = day_page.read_text(encoding="utf-8")
    assert not re.search(r"https?://", text)
    assert "//cdn" not in text and "file://" not in text
    assert not re.search(r'<(?:script|img|link)[^>]+(?:src|href)="(?!data:)', text)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Baku" in text
    assert "<script>alert(1)" not in text


def test_day_page_renders_offline(day_page: Path, atlas: BorderAtlas) -> None:
    page = qtcapture.PageCapturer(day_page)
    try:
        page.wait_ready()
        state = _ask(page, "JSON.stringify(sovietmap.state())")
        expected = set(atlas.at(dt.date(1937, 11, 1))["id"])
        assert state["date"] == "1937-11-01"
        assert set(state["polities"]) == expected and len(state["polities"]) >= 5
        assert "hamberg-execution" in state["pins"]
    finally:
        page.close()


def test_timeline_page_has_a_working_slider(qapp: Any, tmp_path: Path, atlas: BorderAtlas) -> None:
    out = tmp_path / "timeline.html"
    export_html(out, dt.date(1930, 1, 1), timeline=True)
    assert 'type="range"' in out.read_text(encoding="utf-8")
    page = qtcapture.PageCapturer(out)
    try:
        page.wait_ready()
        before = _ask(page, "JSON.stringify(sovietmap.state())")
        assert "tsfsr" in before["polities"]
        days = (dt.date(1950, 1, 1) - dt.date(1918, 1, 1)).days
        after = _ask(
            page,
            "(function () { var r = document.getElementById('sm-range');"
            f" r.value = {days}; r.dispatchEvent(new Event('input'));"
            " return JSON.stringify(sovietmap.state()); })()",
        )
        assert after["date"] == "1950-01-01"
        assert set(after["polities"]) == set(atlas.at(dt.date(1950, 1, 1))["id"])
    finally:
        page.close()


def test_a_one_date_page_compares_two_dates(qapp: Any, atlas: BorderAtlas, tmp_path: Path) -> None:
    """``export_html(..., compare=D1)``: the page hatches what the USSR gained from 1939 to
    1941, with the legend's Gained/Lost rows and popups naming the polity; a timeline page
    cannot compare (exit 2's error)."""
    from sovietmap.core.changes import Comparer
    from sovietmap.export.atomic import EXIT_USAGE, ExportError

    out = tmp_path / "ussr.html"
    first, last = dt.date(1939, 1, 1), dt.date(1941, 1, 1)
    export_html(out, last, atlas=atlas, compare=first, compare_polity="ussr")
    text = out.read_text(encoding="utf-8")
    assert "Gained, 1939-01-01 to 1941-01-01" in text and "Lost, 1939-01-01 to" in text
    pieces = Comparer(atlas).compare(first, last, polity="ussr").polities[0].pieces
    page = qtcapture.PageCapturer(out)
    try:
        page.wait_ready()
        state = _ask(page, "JSON.stringify(sovietmap.compareState())")
        assert state["paths"] == len(pieces) and state["gained"] == len(pieces)
        assert state["info"]["names"] == {"ussr": "Union of Soviet Socialist Republics"}
    finally:
        page.close()
    with pytest.raises(ExportError) as refused:
        export_html(tmp_path / "all.html", last, timeline=True, compare=first)
    assert refused.value.exit_code == EXIT_USAGE
    assert not (tmp_path / "all.html").exists()
