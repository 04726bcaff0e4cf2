"""Issue 14, exports: a PNG honours a comparison — the capture page hatches the land gained and
lost (the same pieces as the print map) and the legend gets its "Gained"/"Lost" rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np

from sovietmap.export import qtcapture
from sovietmap.export.decorate import compare_rows, decoration_layout
from sovietmap.export.printcompare import COMPARE_STYLE
from sovietmap.export.spec import MapSpec

D1939, D1941 = dt.date(1939, 1, 1), dt.date(1941, 1, 1)
#: The Baltic states and the Karelian isthmus: land the USSR gained in 1939-40.
BALTIC = (18.0, 53.0, 32.0, 61.0)


def _near(image: np.ndarray, colour: str, tol: int = 40) -> int:
    """How many pixels are within ``tol`` of ``colour`` on every channel."""
    rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
    return int(np.all(np.abs(image.astype(int) - rgb) <= tol, axis=2).sum())


def test_png_hatches_the_gained_land_and_drops_it_after(
    capturer: qtcapture.PageCapturer,
) -> None:
    base = MapSpec(D1941, 400, 300, bbox=BALTIC, show_date=False)
    spec = replace(base, compare=D1939)
    green = COMPARE_STYLE["gained"][0]
    compared = qtcapture.rgb_array(capturer.capture_sync(spec))
    plain = qtcapture.rgb_array(capturer.capture_sync(base))  # the next capture has none
    assert _near(compared, green) > 10 * max(1, _near(plain, green))
    layout = decoration_layout(spec)
    assert "legend" in layout  # a comparison always has its legend
    labels = [row.label for row in compare_rows(spec)]
    assert labels == ["Gained, 1939-01-01 to 1941-01-01", "Lost, 1939-01-01 to 1941-01-01"]
    assert compare_rows(base) == ()
