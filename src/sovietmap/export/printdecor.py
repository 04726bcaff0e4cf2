"""The caption, legend and credits of print maps (matplotlib, no Qt).

The legend follows :data:`sovietmap.export.legend.LEGEND` (its CSS pixels in points).
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable
from typing import Any, Literal

from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import Bbox

from sovietmap.export.legend import LEGEND, PT, LegendRow, legend_for_date, legend_rows
from sovietmap.export.printcompare import legend_handles
from sovietmap.export.printlabels import PLAIN, renderer_of
from sovietmap.export.spec import PRINT_ATTRIBUTION, MapSpec

#: Where the legend may go, in order of preference (matplotlib's loc, the anchor in figure
#: fractions): the bottom right above the credits, the bottom left, the top right (the
#: caption holds the top left).
Corner = Literal["lower right", "lower left", "upper right"]
LEGEND_PLACES: tuple[tuple[Corner, tuple[float, float]], ...] = (
    ("lower right", (0.995, 0.035)),
    ("lower left", (0.005, 0.035)),
    ("upper right", (0.995, 0.985)),
)


def decorations(
    fig: Figure,
    spec: MapSpec,
    caption: str,
    hidden: Callable[[Bbox], float] | None = None,
) -> None:
    """The caption (title, date and standing) at the top left, the legend and the credits.

    ``hidden(box)``: how much of the map's subject a legend at ``box`` (display pixels) would
    hide; the legend takes the place of :data:`LEGEND_PLACES` that hides least (the first, on
    a tie)."""
    box_style = {
        "boxstyle": "square,pad=0.4",
        "facecolor": LEGEND.paper,
        "edgecolor": LEGEND.edge,
        "alpha": LEGEND.paper_alpha,
    }
    # Wrapped to the page (about 12 characters of 11 pt text per inch): a long caption must
    # not run off the map.
    width = max(24, int(fig.get_figwidth() * 12))
    lines = [spec.title] if spec.title else []
    lines += textwrap.wrap(caption, width)
    heading = "\n".join(lines)
    fig.text(
        0.012,
        0.985,
        heading,
        ha="left",
        va="top",
        fontsize=11,
        bbox=box_style,
        gid="caption",
        **PLAIN,
    )  # a title with $...$ is drawn as typed
    if spec.show_legend or spec.compare is not None:  # a comparison always has its legend
        legend = _legend(
            fig, spec.layers, legend_handles(spec), rows=spec.show_legend, day=spec.day
        )
        if hidden is not None:
            _place_legend(fig, legend, hidden)
    if spec.show_attribution:
        fig.text(
            0.99,
            0.01,
            PRINT_ATTRIBUTION,
            ha="right",
            va="bottom",
            fontsize=7,
            color="#333333",
            family="DejaVu Sans",
            gid="attribution",
            **PLAIN,
        )


def _rows(layers: dict[str, bool], day: dt.date | None) -> list[LegendRow]:
    """The legend of ``day`` (what the map draws then); without a day, that of the layers."""
    if day is None:
        return legend_rows(layers)
    return legend_for_date(day, layers)


def _legend(
    fig: Figure,
    layers: dict[str, bool],
    extra: list[Any] | None = None,
    rows: bool = True,
    day: dt.date | None = None,
) -> Legend:
    """The legend (:data:`~sovietmap.export.legend.LEGEND`, in points) at the bottom right,
    above the attribution: the caption holds the top left. ``extra``: handles after the
    layers' rows (a comparison's); ``rows=False``: those only."""
    handles: list[Any] = []
    for row in _rows(layers, day) if rows else []:
        if row.is_area:
            handles.append(
                Patch(
                    facecolor=row.colour,
                    alpha=row.fill_alpha,
                    edgecolor=row.line_colour,
                    linewidth=row.line_px * PT,
                    label=row.label,
                    hatch="///" if row.hatched else None,
                )
            )
        elif row.marker == "pin":  # an event pin: a ringed dot, as on the map
            handles.append(
                Line2D(
                    [0],
                    [0],
                    linestyle="none",
                    marker="o",
                    markersize=LEGEND.swatch_h * PT,
                    markerfacecolor=row.colour,
                    markeredgecolor=row.line_colour,
                    markeredgewidth=row.line_px * PT,
                    label=row.label,
                )
            )
        else:
            dashes = row.dashes(PT)
            style: Any = (0, dashes) if dashes else "solid"
            handles.append(
                Line2D(
                    [0],
                    [0],
                    color=row.line_colour,
                    linewidth=row.line_px * PT,
                    linestyle=style,
                    label=row.label,
                )
            )
    handles.extend(extra or [])
    font = LEGEND.font_px  # matplotlib's legend spacings are in font sizes
    legend = fig.legend(
        handles=handles,
        loc="lower right",
        bbox_to_anchor=(0.995, 0.035),
        fontsize=font * PT,
        framealpha=LEGEND.paper_alpha,
        facecolor=LEGEND.paper,
        edgecolor=LEGEND.edge,
        handlelength=LEGEND.swatch_w / font,
        handleheight=LEGEND.swatch_h / font,
        handletextpad=LEGEND.gap_px / font,
        labelspacing=(LEGEND.row_px - font) / font,
        borderpad=LEGEND.pad_px / 2 / font,
    )
    for text in legend.get_texts():
        text.set_parse_math(False)
        text.set_usetex(False)
    return legend


def _place_legend(fig: Figure, legend: Legend, hidden: Callable[[Bbox], float]) -> None:
    """Move ``legend`` to the place of :data:`LEGEND_PLACES` where it hides least."""
    renderer = renderer_of(fig)
    texts = [t.get_window_extent(renderer) for t in fig.texts]  # the caption and the credits
    costs = []
    for loc, anchor in LEGEND_PLACES:
        legend.set_loc(loc)
        legend.set_bbox_to_anchor(anchor, transform=fig.transFigure)
        where = legend.get_window_extent(renderer)
        clash = any(where.overlaps(t) for t in texts)
        costs.append(float("inf") if clash and loc != LEGEND_PLACES[0][0] else hidden(where))
    loc, anchor = LEGEND_PLACES[costs.index(min(costs))]
    legend.set_loc(loc)
    legend.set_bbox_to_anchor(anchor, transform=fig.transFigure)
