"""The page contract in Python: every call into the page is built in pagecalls, safely."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from sovietmap.mapview import pagecalls

SRC = Path(__file__).resolve().parents[2] / "src" / "sovietmap"


def _args(script: str, name: str) -> list[object]:
    """The JSON arguments of ``sovietmap.name(...)`` in ``script``."""
    match = re.fullmatch(rf"sovietmap\.{name}\((.*)\)", script, flags=re.DOTALL)
    assert match, script
    return list(json.loads(f"[{match.group(1)}]"))


def test_data_text_goes_in_as_json_and_comes_back_unchanged() -> None:
    nasty = 'Baku "1920" </script><!-- \u2028 \\ \' ${x} Гянджа'
    events = [{"id": "e1", "title": nasty, "lat": 40.4, "lon": 49.9}]
    assert _args(pagecalls.set_events(events), "setEvents") == [events]
    assert _args(pagecalls.set_date("1937-11-01"), "setDate") == ["1937-11-01"]
    assert _args(pagecalls.focus_event(None), "focusEvent") == [None]
    truthy: dict[str, bool] = {"cities": 0, "labels": 1}  # type: ignore[dict-item]
    assert _args(pagecalls.set_layers(truthy), "setLayers") == [{"cities": False, "labels": True}]
    assert _args(pagecalls.set_reserved([(1, 2, 3, 4)]), "setReserved") == [
        [{"x0": 1, "y0": 2, "x1": 3, "y1": 4}]
    ]


def test_views_go_in_as_bbox_or_centre_and_zoom() -> None:
    assert pagecalls.set_view((40, 38.3, 50.9, 43.6)) == (
        "JSON.stringify(sovietmap.setView([40.0, 38.3, 50.9, 43.6]))"
    )
    assert 'setView({"center": [41.0, 45.0], "zoom": 7})' in pagecalls.set_center((41, 45), 7)
    nan = float("nan")
    bad_boxes: list[Any] = [(50, 38, 40, 43), (40, 43, 50, 38), (40, nan, 50, 43), (1, 2, 3)]
    for bad in bad_boxes:
        with pytest.raises(ValueError):
            pagecalls.set_view(bad)


def test_answers_are_read_typed_and_garbage_is_no_answer() -> None:
    view = pagecalls.read_view('{"bbox": [40, 38, 51, 44], "center": [41, 45.5], "zoom": 6.25}')
    assert view == pagecalls.PageView((40.0, 38.0, 51.0, 44.0), (41.0, 45.5), 6.25)
    for garbage in [None, "", "null", "{}", "[1]", '{"bbox": [1, 2]}', 7]:
        assert pagecalls.read_view(garbage) is None
    state = pagecalls.read_state('{"date": "1937-11-01", "painted": true, "pins": ["a"]}')
    assert state == {"date": "1937-11-01", "painted": True, "pins": ["a"]}
    assert pagecalls.read_state("not json") == {} and pagecalls.read_state(None) == {}
    assert pagecalls.read_int(3) == 3 and pagecalls.read_int(3.0) == 3
    assert pagecalls.read_int(True) is None and pagecalls.read_int("3") is None


def test_batch_runs_calls_in_order_and_answers_with_the_last() -> None:
    script = pagecalls.batch(pagecalls.set_date("1920-01-01"), pagecalls.paint_token())
    assert script == 'sovietmap.setDate("1920-01-01");\nsovietmap.paintToken();'


def test_no_other_module_writes_calls_into_the_page() -> None:
    """Only the page session runs scripts, and no Python module writes Leaflet code."""
    runners = sorted(
        p.relative_to(SRC).as_posix()
        for p in SRC.rglob("*.py")
        if "runJavaScript(" in p.read_text("utf-8")
    )
    assert runners == ["export/pagesession.py"]
    leaflet = re.compile(r"\bL\.(?:Map|latLngBounds|map)\b|\.fitBounds\(|invalidateSize")
    assert [p.name for p in SRC.rglob("*.py") if leaflet.search(p.read_text("utf-8"))] == []
    calls = re.compile(r"[\"']\s*sovietmap\.[a-zA-Z]+\(")
    others = [p for p in SRC.rglob("*.py") if p.name != "pagecalls.py"]
    assert [p.name for p in others if calls.search(p.read_text("utf-8"))] == []
