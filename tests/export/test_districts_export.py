"""Exports honour the historical-districts layer: off unless asked for, then on its dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from sovietmap.core.atlas import BorderAtlas
from sovietmap.export.html import standalone_html
from sovietmap.export.printmap import PrintMapper
from sovietmap.export.spec import MapSpec, parse_layers
from sovietmap.mapview.page import page_files, read_data_js
from sovietmap.mapview.style import LAYERS, default_layers, legend_entries

DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURE = DATA / "districts-mini.geojson"
BBOX = (44.0, 38.5, 48.5, 41.5)


@pytest.fixture(scope="module")
def mapper() -> PrintMapper:
    """A print mapper over the small fixture with the Kurdistan uyezd (1923-29)."""
    return PrintMapper(BorderAtlas.load(FIXTURE))


def _svg(mapper: PrintMapper, day: dt.date, **kwargs: Any) -> str:
    options: dict[str, Any] = {"width": 700, "height": 500, **kwargs}
    spec = MapSpec(day, bbox=BBOX, **options)
    return mapper.render(spec, "svg").decode("utf-8")


def test_defaults_leave_districts_out() -> None:
    assert default_layers() == {key: key != "districts" for key in LAYERS}
    assert MapSpec(dt.date(1925, 1, 1)).layers["districts"] is False
    assert parse_layers("land,districts")["districts"] is True
    assert not any("district" in row[0] for row in legend_entries(default_layers()))
    assert any("district" in row[0] for row in legend_entries())  # the panel explains it


def test_print_map_draws_districts_only_when_asked(mapper: PrintMapper) -> None:
    plain = _svg(mapper, dt.date(1925, 1, 1))
    assert 'id="polity-azerbaijan-ssr"' in plain
    assert "polity-red-kurdistan" not in plain and "Kurdistan uyezd" not in plain

    layers = dict(default_layers(), districts=True)
    shown = _svg(
        mapper, dt.date(1925, 1, 1), layers=layers, show_legend=True, width=1000, height=800
    )
    assert 'id="polity-red-kurdistan"' in shown and 'id="polity-red-kurdistan-fill"' in shown
    assert "Kurdistan uyezd" in shown and "Historical district" in shown

    later = _svg(mapper, dt.date(1935, 1, 1), layers=layers)
    assert "polity-red-kurdistan" not in later and "Kurdistan" not in later


def test_html_export_passes_the_layers_to_the_page() -> None:
    files = page_files(FIXTURE, DATA / "base-mini.geojson")
    off = standalone_html(files, dt.date(1925, 1, 1))
    assert "sovietmap.setLayers(" not in off  # the page's own default (districts hidden) holds
    assert read_data_js(off)["style"]["layersOff"] == ["districts"]
    on = standalone_html(files, dt.date(1925, 1, 1), layers=dict(default_layers(), districts=True))
    assert '"districts": true' in on


def test_png_shows_red_kurdistan_only_when_asked_and_on_its_dates(capturer: Any) -> None:
    from sovietmap.export import qtcapture

    lachin = (45.9, 39.2, 46.9, 40.3)
    on = dict(default_layers(), districts=True)

    def grab(day: dt.date, layers: dict[str, bool]) -> np.ndarray:
        spec = MapSpec(day, 320, 320, bbox=lachin, layers=layers, show_date=False)
        return qtcapture.rgb_array(capturer.capture_sync(spec))

    def differ(a: np.ndarray, b: np.ndarray) -> int:
        # A pixel of `b` differs when no pixel of `a` within one pixel matches it: the page may
        # lay the same view out a sub-pixel apart from one capture to the next (the dash phase of
        # the dotted lines moves), which is not a layer showing.
        a, b = a.astype(int), b.astype(int)
        padded = np.pad(a, ((1, 1), (1, 1), (0, 0)), mode="edge")
        height, width = b.shape[:2]
        unmatched = np.ones((height, width), dtype=bool)
        for dy in range(3):
            for dx in range(3):
                near = padded[dy : dy + height, dx : dx + width]
                unmatched &= np.any(np.abs(near - b) > 24, axis=2)
        return int(unmatched.sum())

    shown = differ(grab(dt.date(1925, 1, 1), default_layers()), grab(dt.date(1925, 1, 1), on))
    assert shown > 2000, f"only {shown} pixels change when Red Kurdistan is turned on in 1925"
    gone = differ(grab(dt.date(1935, 1, 1), default_layers()), grab(dt.date(1935, 1, 1), on))
    # a sub-pixel shift leaves some hundred dots of the dotted lines unmatched; the uyezd is ~10,000
    assert gone * 10 < shown, f"{gone} pixels change in 1935, when it no longer existed"
