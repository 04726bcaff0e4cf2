"""The legend, specified once: its rows and its layout, for every renderer (no Qt).

The rows come from :func:`sovietmap.mapview.style.legend_entries` (the same colours and line
styles as the page). :data:`LEGEND` holds every number of the legend's look in CSS pixels; a
renderer multiplies them by its own unit (``scale`` image pixels per CSS pixel for a PNG,
:data:`PT` points per CSS pixel for a print map, 1 for the window's legend). Drawn by
``export/decorate.py`` (PNG snapshots and frames), ``export/printmap.py`` (SVG/PDF) and the
window's layers panel (``ui/panels.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sovietmap.mapview.style import legend_entries

#: One CSS pixel in points (print maps are laid out at 96 CSS pixels to 72 points per inch).
PT = 0.75


@dataclass(frozen=True)
class LegendRow:
    """One legend row: a coloured area (``fill`` > 0) or a line, solid or dashed."""

    label: str
    colour: str
    fill: float
    dash: str | None = None

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
        """The swatch's fill opacity: the map's, made stronger to read on a small box."""
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
