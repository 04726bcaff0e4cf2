"""Title, date, legend and attribution drawn into a snapshot or frame (Pillow, no Qt).

Fonts are the DejaVu faces that matplotlib ships, so images look the same everywhere.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import numpy as np
from PIL import Image, ImageColor, ImageDraw, ImageFont

from sovietmap.export.legend import LEGEND, LegendRow, legend_for_date, legend_rows
from sovietmap.export.printcompare import legend_rows_between
from sovietmap.export.spec import ATTRIBUTION, MapSpec


def _rgb(colour: str, alpha: float = 1.0) -> tuple[int, int, int, int]:
    """``colour`` (any CSS colour PIL knows: ``#rrggbb``, ``#rgb``, names) with ``alpha``."""
    r, g, b = ImageColor.getrgb(colour)[:3]
    return r, g, b, round(255 * alpha)


Box = tuple[float, float, float, float]

_PAPER = _rgb(LEGEND.paper, LEGEND.paper_alpha)
_EDGE = _rgb(LEGEND.edge)
_INK = _rgb(LEGEND.ink)
#: The least share of the image's width the title and caption get beside a top-right legend.
MIN_HEADING = 0.4


@functools.lru_cache(maxsize=32)
def _font(family: str, size: int, bold: bool = False) -> Any:
    from matplotlib import font_manager

    prop = font_manager.FontProperties(family=family, weight="bold" if bold else "normal")
    return ImageFont.truetype(font_manager.findfont(prop), max(7, size))


def _wrap(draw: Any, text: str, font: Any, width: float | None) -> str:
    """``text`` broken into lines no wider than ``width`` pixels (at word ends)."""
    if width is None or draw.textlength(text, font=font) <= width:
        return text
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


def _text_box(
    draw: Any, text: str, x: int, y: int, font: Any, margin: int, width: float | None = None
) -> Box:
    """Boxed text with its top-left at (x, y), wrapped to ``width``; returns the box."""
    text = _wrap(draw, text, font, width)
    left, top, right, bottom = draw.multiline_textbbox((0, 0), text, font=font)
    w, h = right - left + 2 * margin, bottom - top + 2 * margin
    draw.rectangle((x, y, x + w, y + h), fill=_PAPER, outline=_EDGE)
    draw.multiline_text((x + margin - left, y + margin - top), text, font=font, fill=_INK)
    return float(x), float(y), float(x + w), float(y + h)


def _rows(
    layers: dict[str, bool], day: dt.date | None, extra: tuple[LegendRow, ...] = ()
) -> list[LegendRow]:
    """The legend of ``day`` (what the map draws then), or every row without a day; then
    ``extra`` (a comparison's rows)."""
    rows = legend_for_date(day, layers) if day is not None else legend_rows(layers)
    return [*rows, *extra]


def _legend_shown(spec: MapSpec) -> bool:
    """A legend is drawn when asked for, and always with a comparison (as the print map)."""
    return spec.show_legend or spec.compare is not None


def compare_rows(spec: MapSpec) -> tuple[LegendRow, ...]:
    """The legend rows "Gained, D1 to D2" and "Lost, …" of a comparison (none without one),
    hatched in the colours the page and the print map draw them."""
    if spec.compare is None:
        return ()
    return legend_rows_between(spec.compare, spec.day)


def _legend_size(
    draw: Any,
    s: float,
    pad: int,
    layers: dict[str, bool],
    day: dt.date | None = None,
    extra: tuple[LegendRow, ...] = (),
) -> tuple[int, int]:
    """The legend's (width, height) in image pixels."""
    rows = _rows(layers, day, extra)
    font = _font("DejaVu Sans", round(LEGEND.font_px * s))
    text_w = max(draw.textlength(r.label, font=font) for r in rows)
    gap, swatch_w = round(LEGEND.gap_px * s), round(LEGEND.swatch_w * s)
    return round(gap + swatch_w + gap + text_w + pad), round(LEGEND.row_px * s) * len(rows) + pad


def _hatch(draw: Any, box: tuple[int, int, int, int], ink: Any, width: int, up: bool) -> None:
    """Diagonal lines at 45° across ``box``: rising (gained) or falling (lost)."""
    x0, y0, x1, y1 = box
    h = y1 - y0
    slope = -1 if up else 1  # y per x
    for start in range(x0 - h, x1, max(4, 3 * width + 2)):
        ax, bx = start, start + h
        ay, by = (y1, y0) if up else (y0, y1)
        if ax < x0:  # clip to the box's columns
            ay, ax = ay + slope * (x0 - ax), x0
        if bx > x1:
            by, bx = by - slope * (bx - x1), x1
        draw.line((ax, ay, bx, by), fill=ink, width=width)


def _legend(
    draw: Any,
    x: int,
    y: int,
    s: float,
    pad: int,
    layers: dict[str, bool],
    day: dt.date | None = None,
    extra: tuple[LegendRow, ...] = (),
) -> Box:
    """The legend (:data:`~sovietmap.export.legend.LEGEND`) with its top-left at (x, y): that
    of ``day``, in the map's colours, line widths and dashes, pins as ringed dots."""
    rows = _rows(layers, day, extra)
    font = _font("DejaVu Sans", round(LEGEND.font_px * s))
    line = round(LEGEND.row_px * s)
    swatch_w, swatch_h = round(LEGEND.swatch_w * s), round(LEGEND.swatch_h * s)
    gap = round(LEGEND.gap_px * s)
    box_w, box_h = _legend_size(draw, s, pad, layers, day, extra)
    draw.rectangle((x, y, x + box_w, y + box_h), fill=_PAPER, outline=_EDGE)
    for i, row in enumerate(rows):
        top = y + pad // 2 + i * line
        sx, mid = x + gap, top + line // 2
        stroke = max(1, round(row.line_px * s))
        ink = _rgb(row.line_colour)
        if row.marker == "pin":  # an event pin: a ringed dot, as on the map
            r = swatch_h // 2
            cx = sx + swatch_w // 2
            draw.ellipse(
                (cx - r, mid - r, cx + r, mid + r), fill=_rgb(row.colour), outline=ink, width=stroke
            )
        elif row.is_area:
            box = (sx, mid - swatch_h // 2, sx + swatch_w, mid + swatch_h // 2)
            draw.rectangle(box, fill=_rgb(row.colour, row.fill_alpha), outline=ink, width=stroke)
            if row.marker in ("gained", "lost"):  # a comparison's hatch, as on the map
                _hatch(draw, box, ink, stroke, row.marker == "gained")
        if row.dash and row.marker is None:
            on, off = (max(1, round(v)) for v in row.dashes(s)[:2])
            for start in range(sx, sx + swatch_w, on + off):
                draw.line(
                    (start, mid, min(start + on, sx + swatch_w), mid),
                    fill=ink,
                    width=stroke,
                )
        elif not row.is_area and row.marker is None:
            draw.line((sx, mid, sx + swatch_w, mid), fill=ink, width=stroke)
        draw.text((sx + swatch_w + gap, mid), row.label, font=font, fill=_INK, anchor="lm")
    return float(x), float(y), float(x + box_w), float(y + box_h)


def decorate(pixels: np.ndarray, spec: MapSpec) -> np.ndarray:
    """``pixels`` (height×width×3) with what ``spec`` asks drawn in; a new array."""
    if not (
        spec.title or spec.show_date or spec.caption or _legend_shown(spec) or spec.show_attribution
    ):
        return pixels
    base = Image.fromarray(pixels, "RGB").convert("RGBA")
    layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
    _draw(ImageDraw.Draw(layer), base, spec)
    return np.asarray(Image.alpha_composite(base, layer).convert("RGB"))


class _Boxes:
    """An ImageDraw stand-in that draws and records each rectangle (every decoration has one)."""

    def __init__(self, draw: Any) -> None:
        self.draw = draw
        self.boxes: list[tuple[float, float, float, float]] = []

    def rectangle(self, xy: Any, *args: Any, **kwargs: Any) -> None:
        x0, y0, x1, y1 = xy
        self.boxes.append((float(x0), float(y0), float(x1), float(y1)))
        self.draw.rectangle(xy, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.draw, name)


def decoration_boxes(spec: MapSpec) -> list[tuple[float, float, float, float]]:
    """Where :func:`decorate` will draw for ``spec``: (x0, y0, x1, y1) boxes in CSS pixels
    (image pixels / scale), for the page to keep names clear of them."""
    size = spec.pixel_size
    if not (
        spec.title or spec.show_date or spec.caption or _legend_shown(spec) or spec.show_attribution
    ):
        return []
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    recorder = _Boxes(ImageDraw.Draw(image))
    _draw(recorder, image, spec)
    s = spec.scale
    return [(x0 / s, y0 / s, x1 / s, y1 / s) for x0, y0, x1, y1 in recorder.boxes]


def decoration_layout(spec: MapSpec) -> dict[str, Box]:
    """Where :func:`decorate` puts each decoration for ``spec``: ``title``, ``caption``,
    ``legend``, ``attribution`` (those drawn) as (x0, y0, x1, y1) in image pixels."""
    image = Image.new("RGBA", spec.pixel_size, (0, 0, 0, 0))
    return _draw(ImageDraw.Draw(image), image, spec)


def _draw(draw: Any, base: Any, spec: MapSpec) -> dict[str, Box]:
    """Draw the decorations; return their boxes by name.

    The title and the caption take the top left, wrapped to the room beside the legend (top
    right); when that room would be narrower than :data:`MIN_HEADING` of the image, the legend
    goes to the bottom right instead, above the credits, and the heading has the full width.
    Nothing covers anything else.
    """
    s = spec.scale
    pad = round(LEGEND.pad_px * s)
    width, height = base.width, base.height
    boxes: dict[str, Box] = {}
    credit_font = _font("DejaVu Sans", round(10 * s))
    credit = _wrap(draw, ATTRIBUTION, credit_font, width - 2 * pad)  # a narrow image: 2 lines
    credit_top = height
    if spec.show_attribution:
        left, upper, right, lower = draw.multiline_textbbox((0, 0), credit, font=credit_font)
        credit_top = height - (lower - upper) - round(4 * s) - 2
    legend_w = legend_h = 0
    shown, extra = _legend_shown(spec), compare_rows(spec)
    if shown:
        legend_w, legend_h = _legend_size(draw, s, pad, spec.layers, spec.day, extra)
    beside = width - 2 * pad - (legend_w + pad if shown else 0)
    legend_on_top = shown and beside >= max(MIN_HEADING * width, 160 * s)
    room = beside if legend_on_top else width - 2 * pad
    top = pad
    if spec.title:
        font = _font("DejaVu Serif", round(17 * s), bold=True)
        margin = round(5 * s)
        boxes["title"] = _text_box(draw, spec.title, pad, top, font, margin, room - 2 * margin)
        top = round(boxes["title"][3]) + pad // 2
    if spec.show_date or spec.caption:
        font = _font("DejaVu Serif", round(14 * s))
        margin = round(4 * s)
        text = spec.caption or spec.day.isoformat()
        boxes["caption"] = _text_box(draw, text, pad, top, font, margin, room - 2 * margin)
        top = round(boxes["caption"][3])
    if shown:
        x = width - legend_w - pad
        # else bottom right, above the credits, never up over the heading
        y = pad if legend_on_top else max(top + pad, credit_top - pad - legend_h)
        boxes["legend"] = _legend(draw, x, y, s, pad, spec.layers, spec.day, extra)
    if spec.show_attribution:
        left, upper, right, lower = draw.multiline_textbbox((0, 0), credit, font=credit_font)
        x = width - (right - left) - pad
        y = height - (lower - upper) - round(4 * s)
        draw.rectangle((x - 3, y - 2, width, height), fill=(255, 255, 255, 200))
        draw.multiline_text(
            (x - left, y - upper), credit, font=credit_font, fill=(51, 51, 51, 255), align="right"
        )
        boxes["attribution"] = (float(x - 3), float(y - 2), float(width), float(height))
    return boxes
