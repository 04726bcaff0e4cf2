"""WCAG 2 contrast of colours (no Qt): relative luminance, contrast ratio, alpha compositing.

Used by :mod:`sovietmap.mapview.style` to darken line colours until every line stands out at
least 3:1 from what it sits on (WCAG 2.1, 1.4.11 "Non-text contrast"), and by the tests that
check the style table and the drawn pixels.
"""

from __future__ import annotations

from collections.abc import Iterable

#: WCAG 1.4.11: graphical objects need a contrast ratio of at least 3:1 with adjacent colours.
MIN_CONTRAST = 3.0

RGB = tuple[float, float, float]


def rgb(colour: str) -> RGB:
    """``#rrggbb`` (or ``#rgb``) as three floats in 0..255."""
    text = colour.lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    return (float(int(text[0:2], 16)), float(int(text[2:4], 16)), float(int(text[4:6], 16)))


def hex_colour(value: Iterable[float]) -> str:
    """Three 0..255 floats as ``#rrggbb`` (rounded, clamped)."""
    return "#" + "".join(f"{max(0, min(255, round(v))):02x}" for v in value)


def composite(top: str, alpha: float, under: str) -> str:
    """``top`` drawn with opacity ``alpha`` over the opaque ``under``."""
    a, b = rgb(top), rgb(under)
    return hex_colour(alpha * x + (1 - alpha) * y for x, y in zip(a, b, strict=True))


def luminance(colour: str) -> float:
    """WCAG relative luminance (0 black .. 1 white)."""

    def channel(v: float) -> float:
        c = v / 255.0
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two opaque colours (1 .. 21)."""
    hi, lo = sorted((luminance(first), luminance(second)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def darken(colour: str, factor: float) -> str:
    """``colour`` with each channel scaled by ``factor`` (0 black .. 1 unchanged)."""
    return hex_colour(v * factor for v in rgb(colour))


def worst_contrast(colour: str, opacity: float, grounds: Iterable[str]) -> float:
    """The lowest contrast of ``colour`` drawn at ``opacity`` over each of ``grounds``."""
    return min(contrast(composite(colour, opacity, g), g) for g in grounds)


def accessible_line(
    colour: str, opacity: float, grounds: Iterable[str], minimum: float = MIN_CONTRAST
) -> str:
    """``colour`` darkened in 2 % steps (hue kept) until, drawn at ``opacity``, it stands out
    at least ``minimum`` from each of ``grounds``; the colour itself if it already does."""
    grounds = list(grounds)
    factor = 1.0
    candidate = colour
    while factor > 0 and worst_contrast(candidate, opacity, grounds) < minimum:
        factor -= 0.02
        candidate = darken(colour, max(factor, 0.0))
    return candidate
