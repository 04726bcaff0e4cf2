"""Title, date, legend and attribution drawn into a snapshot or frame (Pillow, no Qt).

Fonts are the DejaVu faces that matplotlib ships, so images look the same everywhere.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from sovietmap.export.spec import ATTRIBUTION, MapSpec
from sovietmap.mapview.style import legend_entries

_PAPER = (250, 246, 234, 230)
_EDGE = (138, 122, 85, 255)
_INK = (30, 26, 18, 255)


@functools.lru_cache(maxsize=32)
def _font(family: str, size: int, bold: bool = False) -> Any:
    from matplotlib import font_manager

    prop = font_manager.FontProperties(family=family, weight="bold" if bold else "normal")
    return ImageFont.truetype(font_manager.findfont(prop), max(7, size))


def _rgb(colour: str, alpha: float = 1.0) -> tuple[int, int, int, int]:
    value = colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return r, g, b, round(255 * alpha)


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
) -> int:
    """Boxed text with its top-left at (x, y), wrapped to ``width``; returns the box height."""
    text = _wrap(draw, text, font, width)
    left, top, right, bottom = draw.multiline_textbbox((0, 0), text, font=font)
    w, h = right - left + 2 * margin, bottom - top + 2 * margin
    draw.rectangle((x, y, x + w, y + h), fill=_PAPER, outline=_EDGE)
    draw.multiline_text((x + margin - left, y + margin - top), text, font=font, fill=_INK)
    return h


def _legend(draw: Any, width: int, s: float, pad: int, layers: dict[str, bool]) -> None:
    rows = legend_entries(layers)
    font = _font("DejaVu Sans", round(11 * s))
    line = round(15 * s)
    swatch = round(26 * s)
    text_w = max(draw.textlength(r[0], font=font) for r in rows)
    box_w = round(swatch + 14 * s + text_w + pad)
    x, y = width - box_w - pad, pad
    draw.rectangle((x, y, x + box_w, y + line * len(rows) + pad), fill=_PAPER, outline=_EDGE)
    stroke = max(1, round(2 * s))
    for i, (label, colour, fill, dash) in enumerate(rows):
        top = y + pad // 2 + i * line
        sx, mid = x + round(6 * s), top + line // 2
        if fill > 0:
            draw.rectangle(
                (sx, top + 3, sx + swatch, top + line - 3), fill=_rgb(colour, min(1.0, fill * 1.6))
            )
        if dash:
            on, off = (max(1, round(float(v) * s / 2)) for v in dash.split()[:2])
            for start in range(sx, sx + swatch, on + off):
                draw.line(
                    (start, mid, min(start + on, sx + swatch), mid), fill=_rgb(colour), width=stroke
                )
        else:
            draw.line((sx, mid, sx + swatch, mid), fill=_rgb(colour), width=stroke)
        draw.text((sx + swatch + round(6 * s), mid), label, font=font, fill=_INK, anchor="lm")


def decorate(pixels: np.ndarray, spec: MapSpec) -> np.ndarray:
    """``pixels`` (height×width×3) with what ``spec`` asks drawn in; a new array."""
    if not (
        spec.title or spec.show_date or spec.caption or spec.show_legend or spec.show_attribution
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
        spec.title or spec.show_date or spec.caption or spec.show_legend or spec.show_attribution
    ):
        return []
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    recorder = _Boxes(ImageDraw.Draw(image))
    _draw(recorder, image, spec)
    s = spec.scale
    return [(x0 / s, y0 / s, x1 / s, y1 / s) for x0, y0, x1, y1 in recorder.boxes]


def _draw(draw: Any, base: Any, spec: MapSpec) -> None:
    s = spec.scale
    pad = round(8 * s)
    top = pad
    if spec.title:
        font = _font("DejaVu Serif", round(17 * s), bold=True)
        top += _text_box(draw, spec.title, pad, top, font, round(5 * s)) + pad // 2
    if spec.show_date or spec.caption:
        font = _font("DejaVu Serif", round(14 * s))
        # A long caption (1991) wraps within the left part, clear of the legend.
        room = base.width * (0.55 if spec.show_legend else 1.0) - 2 * pad - round(8 * s)
        _text_box(draw, spec.caption or spec.day.isoformat(), pad, top, font, round(4 * s), room)
    if spec.show_legend:
        _legend(draw, base.width, s, pad, spec.layers)
    if spec.show_attribution:
        font = _font("DejaVu Sans", round(10 * s))
        left, upper, right, lower = draw.textbbox((0, 0), ATTRIBUTION, font=font)
        x = base.width - (right - left) - pad
        y = base.height - (lower - upper) - round(4 * s)
        draw.rectangle((x - 3, y - 2, base.width, base.height), fill=(255, 255, 255, 200))
        draw.text((x - left, y - upper), ATTRIBUTION, font=font, fill=(51, 51, 51, 255))
