"""A comparison on a print map (SVG/PDF): land gained and lost since another date, hatched.

``MapSpec.compare`` is the other date; the map's own date is the later or the earlier one, as
given (sovietmap.core.changes swaps them). Land a polity gained is hatched in green (``///``),
land it lost in red (``\\\\\\``); where land changed hands between two drawn polities both show
(one's gain is the other's loss). The legend gets a row for each (:func:`legend_handles`).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sovietmap.core.atlas import BorderAtlas
    from sovietmap.core.changes import Comparer, Comparison
    from sovietmap.export.legend import LegendRow
    from sovietmap.export.spec import MapSpec

#: change -> (colour, hatch) of its land on the map and in the legend.
COMPARE_STYLE: dict[str, tuple[str, str]] = {
    "gained": ("#1a7f37", "///"),
    "lost": ("#b3261e", "\\\\\\"),
}


@cache
def _comparer(atlas: BorderAtlas) -> Comparer:
    from sovietmap.core.changes import Comparer

    return Comparer(atlas)


def compare_dates(
    atlas: BorderAtlas, other: dt.date, day: dt.date, polity: str | None = None
) -> Comparison:
    """What changed between ``other`` and ``day`` for ``polity`` (None: every polity), from
    one :class:`~sovietmap.core.changes.Comparer` per atlas (its differences cached)."""
    return _comparer(atlas).compare(other, day, polity=polity)


def comparison(atlas: BorderAtlas, spec: MapSpec) -> Comparison | None:
    """What changed between ``spec.compare`` and ``spec.day`` (None without a comparison)."""
    if spec.compare is None:
        return None
    return compare_dates(atlas, spec.compare, spec.day, spec.compare_polity)


def draw_comparison(ax: Any, atlas: BorderAtlas, spec: MapSpec, crs: Any, view: Any) -> None:
    """Hatch the land gained and lost between the two dates (``crs``: the map's projection;
    ``view``: the map's extent in it). Each kind is one matplotlib collection with its gid
    (``compare-gained``, ``compare-lost``)."""
    result = comparison(atlas, spec)
    if result is None:
        return
    import geopandas as gpd

    for change, (colour, hatch) in COMPARE_STYLE.items():
        geoms = [p.geometry for pol in result.polities for p in pol.pieces if p.change == change]
        if not geoms:
            continue
        series = gpd.GeoSeries(geoms, crs="EPSG:4326").to_crs(crs)
        series = series[series.intersects(view)]
        if series.empty:
            continue
        series.plot(
            ax=ax,
            facecolor="none",
            edgecolor=colour,
            hatch=hatch,
            linewidth=0.8,
            gid=f"compare-{change}",
        )


def legend_labels(spec: MapSpec) -> dict[str, str]:
    """change -> its legend label (empty without a comparison)."""
    if spec.compare is None:
        return {}
    return labels_between(spec.compare, spec.day)


def legend_rows_between(one: dt.date, other: dt.date) -> tuple[LegendRow, ...]:
    """The legend rows "Gained, D1 to D2" and "Lost, …" of a comparison of two dates, hatched
    in the colours the page and the print map draw them (``marker``: the change)."""
    from sovietmap.export.legend import LegendRow

    return tuple(
        LegendRow(
            label, COMPARE_STYLE[change][0], 0.12, stroke=COMPARE_STYLE[change][0], marker=change
        )
        for change, label in labels_between(one, other).items()
    )


def labels_between(one: dt.date, other: dt.date) -> dict[str, str]:
    """change -> its legend label for a comparison of two dates (in either order)."""
    first, last = sorted((one, other))
    since = f"{first.isoformat()} to {last.isoformat()}"
    return {"gained": f"Gained, {since}", "lost": f"Lost, {since}"}


def legend_handles(spec: MapSpec) -> list[Any]:
    """matplotlib legend handles for the comparison's two rows (none without one)."""
    from matplotlib.patches import Patch

    return [
        Patch(
            facecolor="none",
            edgecolor=COMPARE_STYLE[change][0],
            hatch=COMPARE_STYLE[change][1],
            label=label,
        )
        for change, label in legend_labels(spec).items()
    ]
