"""Name placement for print maps: no two names overlap, nor the caption, legend or credits.

The same rule as the page (``mapview/assets/labels.js``): names claim their place in order of
:func:`sovietmap.mapview.style.label_priority`; each goes to the first of its candidate
positions whose box (its text extent, measured by matplotlib) is clear of everything placed
before it and lies on the page, :data:`EDGE_PT` from its edges; one with no such position is
left out (a city with its dot).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

#: Points kept clear around every name, and between a city's dot and its name.
PAD_PT = 0.75
GAP_PT = 1.5
#: A city dot: marker size 5 pt plus its 1.1 pt edge.
DOT_PT = 5.0
DOT_EDGE_PT = 1.1
#: Points kept clear between every name and the page's edge (a printer's margin eats a little).
EDGE_PT = 6.0
#: Text arguments that keep a string as it is: never mathtext (``$...$``), never LaTeX.
PLAIN: dict[str, Any] = {"parse_math": False, "usetex": False}


@dataclass
class PrintLabel:
    """A name to place: where its point is (data coordinates) and how it is drawn."""

    text: str
    x: float
    y: float
    priority: int
    gid: str
    options: dict[str, Any] = field(default_factory=dict)
    city: bool = False  # a city: a dot at the point, its name beside it
    autonomy: bool = False  # an autonomy's point is often its capital: try a line above first


@dataclass
class Placed:
    """What :func:`place` drew: each name's text and box (display pixels), and what it left out."""

    texts: dict[str, Text] = field(default_factory=dict)
    boxes: dict[str, Bbox] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)


def _overlaps(a: Bbox, b: Bbox) -> bool:
    return bool(a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1)


def _hits(candidate: Bbox, boxes: Sequence[Bbox], skip: Bbox | None = None) -> bool:
    return any(b is not skip and _overlaps(candidate, b) for b in boxes)


def _city_offsets(w: float, h: float, dot: float, gap: float) -> list[tuple[float, float]]:
    """Lower-left offsets (pixels, y up) of a city's name: right, left, then above, below."""
    r = dot + gap
    return [
        (r, -h / 2),
        (-r - w, -h / 2),
        (dot - 1, dot),
        (dot - 1, -dot - h),
        (-w - dot + 1, dot),
        (-w - dot + 1, -dot - h),
        (-w / 2, r),
        (-w / 2, -r - h),
    ]


def _polity_offsets(w: float, h: float, line: float, autonomy: bool) -> list[tuple[float, float]]:
    """Centred on the point, then a line or more above or below, then shifted sideways."""
    rows = [1, 0, 2, -1, -2, 3, -3] if autonomy else [0, 1, -1, 2, -2, 3, -3]
    return [(-w / 2 + side * w, -h / 2 + row * line) for row in rows for side in (0, -0.35, 0.35)]


def obstacles(fig: Figure, renderer: Any) -> list[Bbox]:
    """The boxes of the figure's own texts (caption, credits, with their frames) and legends."""
    out: list[Bbox] = []
    for text in fig.texts:
        out.append(text.get_window_extent(renderer))
        patch = text.get_bbox_patch()
        if patch is not None:
            text.update_bbox_position_size(renderer)
            out.append(patch.get_window_extent(renderer))
    out += [legend.get_window_extent(renderer) for legend in fig.legends]
    return out


def renderer_of(fig: Figure) -> Any:
    """An Agg renderer for ``fig`` (text extents), attaching an Agg canvas if it has none."""
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    return canvas.get_renderer()


def place(fig: Figure, ax: Any, labels: Sequence[PrintLabel], soft: Sequence[Bbox] = ()) -> Placed:
    """Draw ``labels`` on ``ax`` where they collide with nothing; return what was drawn.

    ``soft`` boxes (event pins) are avoided when a name can be, never at the cost of leaving
    it out. The figure's texts and legends (see :func:`obstacles`) are never covered.
    """
    renderer = renderer_of(fig)
    px = fig.dpi / 72.0
    pad, dot = PAD_PT * px, (DOT_PT / 2 + DOT_EDGE_PT / 2) * px
    edge = EDGE_PT * px  # names keep clear of the page's edges: none is cut there
    page = Bbox.from_extents(
        fig.bbox.x0 + edge, fig.bbox.y0 + edge, fig.bbox.x1 - edge, fig.bbox.y1 - edge
    )
    placed: list[Bbox] = list(obstacles(fig, renderer))
    order = sorted(range(len(labels)), key=lambda i: (labels[i].priority, i))
    anchors = {i: ax.transData.transform((labels[i].x, labels[i].y)) for i in order}
    dots = {
        i: Bbox.from_extents(
            anchors[i][0] - dot - pad,
            anchors[i][1] - dot - pad,
            anchors[i][0] + dot + pad,
            anchors[i][1] + dot + pad,
        )
        for i in order
        if labels[i].city
    }
    reserved: list[Bbox] = list(soft) + list(dots.values())
    result = Placed()
    for i in order:
        label = labels[i]
        own_dot = dots.get(i)
        if own_dot is not None:
            reserved = [b for b in reserved if b is not own_dot]
            if _hits(own_dot, placed):
                result.left_out.append(label.gid)
                continue
        text = ax.annotate(
            label.text,
            (label.x, label.y),
            xytext=(0, 0),
            textcoords="offset points",
            ha="left",
            va="bottom",
            gid=label.gid,
            annotation_clip=False,
            **{**label.options, **PLAIN},
        )
        extent = text.get_window_extent(renderer)
        w, h = extent.width, extent.height
        base_x, base_y = extent.x0, extent.y0  # where offset (0, 0) puts it
        if label.city:
            offsets = _city_offsets(w, h, dot, GAP_PT * px)
        else:
            line = float(label.options.get("fontsize", 9)) * 1.15 * px
            offsets = _polity_offsets(w, h, line, label.autonomy)
        pick: tuple[float, float, Bbox] | None = None
        fallback: tuple[float, float, Bbox] | None = None
        for dx, dy in offsets:
            x0, y0 = anchors[i][0] + dx, anchors[i][1] + dy
            box = Bbox.from_extents(x0 - pad, y0 - pad, x0 + w + pad, y0 + h + pad)
            inside = (
                page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1
            )
            if not inside or _hits(box, placed):
                continue
            if not _hits(box, reserved):
                pick = (x0, y0, box)
                break
            fallback = fallback or (x0, y0, box)
        pick = pick or fallback
        if pick is None:
            text.remove()
            result.left_out.append(label.gid)
            continue
        x0, y0, box = pick
        # Offsets are in points from the point; the text's own origin may sit off its extent.
        shift_x, shift_y = x0 - base_x, y0 - base_y
        text.xyann = (shift_x / px, shift_y / px)
        placed.append(box)
        if own_dot is not None:
            placed.append(own_dot)
            ax.plot(
                [label.x],
                [label.y],
                marker="o",
                markersize=DOT_PT,
                markerfacecolor="white",
                markeredgecolor="#222222",
                markeredgewidth=DOT_EDGE_PT,
                zorder=30,
                gid=f"{label.gid}-dot",
            )
        result.texts[label.gid] = text
        result.boxes[label.gid] = box
    return result
