"""Border lines by stretch on print maps, as the page draws them (assets/lines.js).

Each stretch of data/geo/lines.geojson.gz is drawn in the style of the highest polity kind
(style.LINE_KINDS) whose outline holds it on the day and whose layer is shown, dashed, dotted
or solid by the stretch's own precision that day; a coast is a plain thin line. Stretches
drawn alike go into one group, ``id="polity-<id>"`` (the polity whose style they take; a
second group of the same polity is ``polity-<id>-<n>``), coasts into ``id="coast"``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import geopandas as gpd

from sovietmap.core.lines import LINES_FILE, load, stretch_at
from sovietmap.export.legend import PT as _PT
from sovietmap.mapview.style import COAST, COAST_LINE, KINDS, LINE_KINDS, polity_line_colour


def project_lines(crs: str, path: Any = LINES_FILE) -> gpd.GeoDataFrame:
    """The stretches as a GeoDataFrame in ``crs`` (properties kept as columns)."""
    data = load(path)
    frame = gpd.GeoDataFrame.from_features(data["features"], crs="EPSG:4326")
    return frame.to_crs(crs)


def draw_lines(
    ax: Any,
    lines: gpd.GeoDataFrame,
    day: dt.date,
    polities: gpd.GeoDataFrame,
    shown: Callable[[str], bool],
    view: Any,
    line_style: Callable[[Any, float], tuple[float, Any, str]],
) -> None:
    """Draw the stretches of ``day`` inside ``view`` (a box in the frame's CRS).

    ``polities``: the border features of the day (id, kind, country); ``shown(layer)``: whether
    a layer is on; ``line_style(precision, weight)``: (width, dash, cap) as for polity lines.
    """
    rank = {kind: i for i, kind in enumerate(LINE_KINDS)}
    current = {
        str(r["id"]): r
        for _, r in polities.iterrows()
        if r["kind"] in rank and shown(str(KINDS[str(r["kind"])]["layer"]))
    }
    groups: dict[tuple[str, int, str], list[Any]] = {}
    for _, row in lines[lines.intersects(view)].iterrows():
        props = {"polities": row["polities"], "precision": row["precision"]}
        ids, precision, _ = stretch_at(props, day)
        holders = [current[i] for i in ids if i in current]
        if not holders:
            continue
        top = min(holders, key=lambda r: rank[str(r["kind"])])
        key = (
            ("", 0, "coast")
            if row["kind"] == "coast"
            else (str(top["id"]), int(precision or 1), str(top["kind"]))
        )
        groups.setdefault(key, []).append(row.geometry)
    seen: dict[str, int] = {}
    for (pid, precision, kind), geoms in sorted(groups.items()):
        series = gpd.GeoSeries(geoms)
        if kind == "coast":
            series.plot(
                ax=ax,
                color=COAST_LINE,
                alpha=COAST["opacity"],
                linewidth=float(COAST["weight"]) * _PT,
                gid="coast",
            )
            continue
        style = KINDS[kind]
        row = current[pid]
        colour = polity_line_colour({"kind": kind, "country": row.get("country")})  # 3:1 on fills
        width, dash, cap = line_style(precision, float(style["weight"]))
        n = seen.get(pid, 0)
        seen[pid] = n + 1
        series.plot(
            ax=ax,
            color=colour,
            alpha=style["opacity"],
            linewidth=width,
            linestyle=dash,
            capstyle=cap,
            gid=f"polity-{pid}" + (f"-{n}" if n else ""),
        )
