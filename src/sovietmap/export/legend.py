"""The legend, specified once: its rows and its layout, for every renderer (no Qt).

The rows come from :func:`sovietmap.mapview.style.legend_entries` (the same colours and line
styles as the page). :data:`LEGEND` holds every number of the legend's look in CSS pixels; a
renderer multiplies them by its own unit (``scale`` image pixels per CSS pixel for a PNG,
:data:`PT` points per CSS pixel for a print map, 1 for the window's legend). Drawn by
``export/decorate.py`` (PNG snapshots and frames), ``export/printmap.py`` (SVG/PDF) and the
window's layers panel (``ui/panels.py``).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from sovietmap.core.atlas import BorderIndex
from sovietmap.mapview.contrast import composite
from sovietmap.mapview.style import (
    COAST,
    COAST_LINE,
    COUNTRY_COLOURS,
    COUNTRY_KINDS,
    COUNTRY_LINE_COLOURS,
    EVENT_COLOURS,
    KIND_LINE_COLOURS,
    KINDS,
    LAND,
    LAYERS_OFF,
    PIN,
    PRECISION,
    legend_entries,
)

#: One CSS pixel in points (print maps are laid out at 96 CSS pixels to 72 points per inch).
PT = 0.75


@dataclass(frozen=True)
class LegendRow:
    """One legend row: a coloured area (``fill`` > 0) or a line, solid or dashed."""

    label: str
    colour: str
    fill: float
    dash: str | None = None
    #: The outline's or line's colour (None: ``colour``) and width in CSS px (None: the
    #: legend's stroke), as the map draws them.
    stroke: str | None = None
    weight: float | None = None
    #: "pin": an event pin (a ringed dot of ``colour``), not an area or a line.
    marker: str | None = None

    @property
    def line_colour(self) -> str:
        """The colour of the outline or line."""
        return self.stroke or self.colour

    @property
    def line_px(self) -> float:
        """The outline's or line's width in CSS pixels."""
        return self.weight if self.weight is not None else LEGEND.stroke_px

    @property
    def is_area(self) -> bool:
        """Drawn as a filled box (else as a line across the swatch)."""
        return self.fill > 0

    @property
    def hatched(self) -> bool:
        """A dashed area is a historical district: hatched, as on the map."""
        return self.is_area and self.dash is not None

    @property
    def fill_alpha(self) -> float:
        """The swatch's fill opacity: the map's, made stronger to read on a small box (a row
        of :func:`legend_for_date` carries the colour as drawn, opaque)."""
        return min(1.0, self.fill * LEGEND.fill_boost)

    def dashes(self, unit: float = 1.0) -> tuple[float, ...]:
        """The dash pattern (on, off, ...) in ``unit``-sized steps of CSS pixels; () if solid."""
        if not self.dash:
            return ()
        return tuple(float(v) * LEGEND.dash_scale * unit for v in self.dash.split())


@dataclass(frozen=True)
class LegendLayout:
    """The legend's measures in CSS pixels (and its colours); one instance, :data:`LEGEND`."""

    font_px: float = 11.0
    row_px: float = 16.0
    swatch_w: float = 30.0
    swatch_h: float = 12.0
    stroke_px: float = 2.0
    gap_px: float = 6.0  # between the frame and the swatch, and the swatch and its label
    pad_px: float = 8.0  # inside the frame, and between the frame and the image's edge
    fill_boost: float = 1.6
    dash_scale: float = 1.0  # the dash numbers of style.PRECISION are CSS pixels, as on the page
    paper: str = "#faf6ea"
    edge: str = "#8a7a55"
    ink: str = "#1e1a12"
    paper_alpha: float = 0.92


#: The one legend layout.
LEGEND = LegendLayout()


def legend_rows(layers: dict[str, bool] | None = None) -> list[LegendRow]:
    """The legend's rows; with ``layers``, rows of layers that start hidden only when shown."""
    return [LegendRow(*entry) for entry in legend_entries(layers)]


@functools.cache
def _index() -> BorderIndex:
    return BorderIndex.load()


def _as_drawn(colour: str, kind: str, under: str | None = None) -> str:
    """A kind's fill as the map shows it: its colour at its opacity over the land."""
    return composite(colour, float(KINDS[kind]["fillOpacity"]), under or str(LAND["fillColor"]))


def _area(label: str, kind: str, fill: str, line: str, dash: str | None = None) -> LegendRow:
    weight = float(KINDS[kind]["weight"])
    return LegendRow(label, fill, 1.0, dash, stroke=line, weight=weight)


def _kind_area(label: str, kind: str, dash: str | None = None) -> LegendRow:
    """The row of a kind drawn in its own colour and line colour."""
    return _area(label, kind, _as_drawn(KINDS[kind]["colour"], kind), KIND_LINE_COLOURS[kind], dash)


def legend_for_date(
    day: dt.date,
    layers: dict[str, bool] | None = None,
    records: list[dict[str, Any]] | None = None,
    *,
    interactive: bool = False,
) -> list[LegendRow]:
    """The legend of the map on ``day``: a row for what is drawn then, in the colours, line
    widths and styles drawn (fills as seen over the land, opaque), named as on the date.

    A row goes in only if its layer is shown (``layers``; default: as on a first run) and a
    feature of it exists on ``day`` (``records``: the border features' properties then, by
    default from ``data/geo/borders-index.json``). ``interactive``: the legend of a map that
    can be clicked (the viewer, an HTML page), whose pin row says a click gives the details; an
    image's says only "Event".
    """
    shown = layers if layers is not None else {k: k not in LAYERS_OFF for k in KINDS_LAYERS}
    now = records if records is not None else _index().records_at(day)

    def on(layer: str) -> bool:
        return bool(shown.get(layer, layer not in LAYERS_OFF))

    rows: list[LegendRow] = []
    kinds = {str(r["kind"]) for r in now}
    if on("republics"):
        for country, colour in COUNTRY_COLOURS.items():
            names = [
                str(r["name"])
                for r in now
                if r["kind"] in COUNTRY_KINDS and r.get("country") == country
            ]
            if names:
                rows.append(
                    _area(
                        names[0],
                        "republic",
                        _as_drawn(colour, "republic"),
                        COUNTRY_LINE_COLOURS[country],
                    )
                )
        if any(r["kind"] == "republic" and r.get("country") not in COUNTRY_COLOURS for r in now):
            rows.append(_kind_area("Other republic", "republic"))
        if "disputed" in kinds:
            rows.append(_kind_area("Disputed zone", "disputed", "4 3"))
    if on("autonomies") and "autonomy" in kinds:
        rows.append(_kind_area("Autonomy", "autonomy"))
    if on("districts") and "district" in kinds:
        rows.append(_kind_area("Historical district", "district", "4 3"))
    for kind, layer, label in (
        ("federation", "federation", "Transcaucasian federation"),
        ("union", "union", "Soviet Union"),
    ):
        if on(layer) and kind in kinds:
            rows.append(
                LegendRow(
                    label,
                    KIND_LINE_COLOURS[kind],
                    0.0,
                    None,
                    stroke=KIND_LINE_COLOURS[kind],
                    weight=float(KINDS[kind]["weight"]),
                )
            )
    if on("neighbours") and "neighbour" in kinds:
        rows.append(_kind_area("Neighbour state", "neighbour"))
    precisions = {str(r.get("precision")) for r in now}
    for key in ("3", "2", "1"):
        if key in precisions:
            style = PRECISION[key]
            rows.append(
                LegendRow(
                    f"Border {style['label']}",
                    "#333333",
                    0.0,
                    style["dash"],
                    weight=float(KINDS["republic"]["weight"]) * float(style["weightScale"]),
                )
            )
    rows.append(LegendRow("Coast", COAST_LINE, 0.0, None, weight=float(COAST["weight"])))
    if on("events"):
        rows.append(
            LegendRow(
                "Event (click for details)" if interactive else "Event",
                EVENT_COLOURS["default"],
                0.0,
                stroke=PIN["stroke"],
                weight=float(PIN["weight"]),
                marker="pin",
            )
        )
        rows.append(
            LegendRow(
                "Event: repression",
                EVENT_COLOURS["repression"],
                0.0,
                stroke=PIN["stroke"],
                weight=float(PIN["weight"]),
                marker="pin",
            )
        )
    return rows


#: The layers that hold polity kinds (for the default ``layers`` of :func:`legend_for_date`).
KINDS_LAYERS = sorted({str(kind["layer"]) for kind in KINDS.values()} | {"events"})
