"""Non-text contrast (WCAG 1.4.11): every line and pin of the style table stands out at least
3:1 from every fill, land and sea it can sit on."""

from __future__ import annotations

import pytest

from sovietmap.mapview import style
from sovietmap.mapview.contrast import MIN_CONTRAST, composite, contrast, luminance


def test_wcag_formula_matches_known_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert luminance("#ffffff") == pytest.approx(1.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_the_issue_s_measures_were_below_3() -> None:
    """The orange pin's own colour on Azerbaijan's fill: 2.3:1 (why the pin has a dark ring)."""
    ground = style.backgrounds()["republic-azerbaijan"]
    assert contrast(style.EVENT_COLOURS["default"], ground) < MIN_CONTRAST
    # Armenia's fill colour as a line on Azerbaijan's fill (the old dotted Arm–Az line).
    line = composite(style.COUNTRY_COLOURS["armenia"], 1.0, ground)
    assert contrast(line, ground) < MIN_CONTRAST


@pytest.mark.parametrize("ground", sorted(style.backgrounds()))
def test_every_line_and_pin_stands_out_3_to_1(ground: str) -> None:
    colour = style.backgrounds()[ground]
    lines = {
        f"country {k}": (v, style.KINDS["republic"]["opacity"])
        for k, v in style.COUNTRY_LINE_COLOURS.items()
    }
    lines |= {
        f"kind {k}": (v, style.KINDS[k]["opacity"]) for k, v in style.KIND_LINE_COLOURS.items()
    }
    lines["coast"] = (style.COAST_LINE, style.COAST["opacity"])
    for name, (line, opacity) in lines.items():
        drawn = composite(line, float(opacity), colour)
        assert contrast(drawn, colour) >= MIN_CONTRAST, (name, ground)
    assert contrast(style.PIN["stroke"], colour) >= MIN_CONTRAST
    assert contrast(style.PIN["focusStroke"], colour) >= MIN_CONTRAST


def test_the_page_draws_the_accessible_colours() -> None:
    page = style.page_style()
    assert page["countryLineColours"] == style.COUNTRY_LINE_COLOURS
    assert page["kindLineColours"] == style.KIND_LINE_COLOURS
    assert page["coast"]["colour"] == style.COAST_LINE
    assert page["pin"] == style.PIN
    arm_az = {"kind": "republic", "country": "armenia"}
    assert style.polity_line_colour(arm_az) == style.COUNTRY_LINE_COLOURS["armenia"]
    # Same hue family: the line is the fill colour darkened, not another colour.
    assert style.polity_line_colour(arm_az) != style.polity_colour(arm_az)
