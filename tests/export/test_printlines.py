"""Print maps draw border lines by stretch, as the page does: each in its own precision's dash."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from matplotlib.colors import to_hex

from sovietmap.core.atlas import BorderAtlas
from sovietmap.export.printmap import PrintMapper
from sovietmap.export.spec import MapSpec
from sovietmap.mapview.style import COAST_LINE


@pytest.fixture(scope="module")
def mapper(atlas: BorderAtlas) -> PrintMapper:
    return PrintMapper(atlas)


def _groups(
    mapper: PrintMapper, day: dt.date, bbox: tuple[float, float, float, float]
) -> dict[str, Any]:
    fig = mapper.figure(MapSpec(day, 600, 400, bbox=bbox))
    return {str(c.get_gid()): c for c in fig.axes[0].collections if c.get_gid()}


def test_the_araz_is_solid_and_the_caspian_a_coast(mapper: PrintMapper) -> None:
    groups = _groups(mapper, dt.date(1950, 1, 1), (44.5, 38.5, 49.0, 40.0))
    ussr = [c for gid, c in groups.items() if gid.startswith("polity-ussr")]
    assert ussr and all(c.get_linestyle()[0][1] is None for c in ussr)  # treaty-exact
    coast = groups["coast"]
    assert to_hex(coast.get_edgecolor()[0]) == COAST_LINE.lower()
    assert coast.get_linestyle()[0][1] is None


def test_the_riga_line_is_dashed(mapper: PrintMapper) -> None:
    groups = _groups(mapper, dt.date(1930, 1, 1), (26.0, 52.5, 28.5, 54.5))
    ussr = [c for gid, c in groups.items() if gid.startswith("polity-ussr")]
    assert ussr and all(c.get_linestyle()[0][1] is not None for c in ussr)  # approximate
