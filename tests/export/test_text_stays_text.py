"""Text stays text in print maps (never matplotlib mathtext), and an over-long file name is one
line, not a traceback."""

from __future__ import annotations

import datetime as dt
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib
import pytest
from matplotlib.text import Text

from sovietmap.cli import main
from sovietmap.core.atlas import BorderAtlas
from sovietmap.export.printmap import PrintMapper
from sovietmap.export.spec import MapSpec

#: Would be typeset by mathtext (an alpha, a fraction) ...
TITLE = r"Price $\alpha$ & <b>x</b> $\frac{1}{2}$ rouble"
#: ... or refused by it with a traceback (an unknown symbol, an unclosed group).
BROKEN = r"$\nosuchsymbol$ and $\frac{$"
SMALL = ["--width", "400", "--height", "300", "--layers", "land,union,republics,labels"]


@pytest.fixture(scope="module")
def mapper(atlas: BorderAtlas) -> PrintMapper:
    return PrintMapper(atlas)


def _svg_text(svg: bytes) -> str:
    return "\n".join(
        "".join(node.itertext()) for node in ET.fromstring(svg).iter() if node.tag.endswith("}text")
    )


def _pdf_text(pdf: bytes) -> str:
    """The strings shown by an uncompressed matplotlib PDF with Type 42 fonts (UTF-16BE)."""
    out = []
    for block in re.findall(rb"BT\n(.*?)\nET", pdf, re.S):
        parts = re.findall(rb"\(((?:\\.|[^\\)])*)\)", block, re.S)
        raw = b"".join(re.sub(rb"\\(.)", rb"\1", part, flags=re.S) for part in parts)
        out.append(raw.decode("utf-16-be", "replace"))
    return "\n".join(out)


@pytest.mark.parametrize("title", [TITLE, BROKEN])
def test_a_dollar_title_is_drawn_literally_in_svg(title: str, tmp_path: Path) -> None:
    out = tmp_path / "map.svg"
    assert (
        main(
            [
                "export",
                "--date",
                "1937-11-01",
                "--out",
                str(out),
                "--title",
                title,
                "--legend",
                "--attribution",
                *SMALL,
            ]
        )
        == 0
    )
    assert title in _svg_text(out.read_bytes())


@pytest.mark.parametrize("title", [TITLE, BROKEN])
def test_a_dollar_title_is_drawn_literally_in_pdf(title: str, mapper: PrintMapper) -> None:
    spec = MapSpec(
        dt.date(1937, 11, 1), 400, 300, title=title, show_legend=True, show_attribution=True
    )
    with matplotlib.rc_context({"pdf.compression": 0}):
        pdf = mapper.render(spec, "pdf")
    assert title in _pdf_text(pdf)


def test_no_text_of_a_print_map_goes_through_mathtext(mapper: PrintMapper) -> None:
    # Whatever the rc settings around it (a user's matplotlibrc may turn on usetex).
    spec = MapSpec(
        dt.date(1937, 11, 1), 600, 450, title=TITLE, show_legend=True, show_attribution=True
    )
    with matplotlib.rc_context({"text.parse_math": True, "text.usetex": False}):
        fig = mapper.figure(spec)
    undrawn = {
        id(t)
        for ax in fig.axes
        if not ax.axison  # axis labels of a hidden axis
        for axis in (ax.xaxis, ax.yaxis)
        for t in axis.findobj(Text)
    }
    texts = [t for t in fig.findobj(Text) if t.get_text() and id(t) not in undrawn]
    kinds = {t.get_gid() or "" for t in texts}
    assert {"caption", "attribution"} <= kinds and any(k.startswith("label-") for k in kinds)
    assert any(TITLE in t.get_text() for t in texts)
    assert [t.get_text() for t in texts if t.get_parse_math() or t.get_usetex()] == []


def test_a_name_with_dollars_is_placed_literally(tmp_path: Path) -> None:
    from matplotlib.figure import Figure

    from sovietmap.export.printlabels import PrintLabel, place

    fig = Figure(figsize=(3, 2), dpi=100)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 300)
    ax.set_ylim(0, 200)
    name = r"$x_1$ and $\frac{$"
    placed = place(fig, ax, [PrintLabel(name, 150, 100, 0, "city-x", {"fontsize": 9}, city=True)])
    assert "city-x" in placed.texts
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fig.savefig(tmp_path / "names.svg", format="svg")
    assert name in _svg_text((tmp_path / "names.svg").read_bytes())


@pytest.mark.parametrize("suffix", [".svg", ".pdf", ".html", ".png", ".gif"])
def test_an_over_long_file_name_is_one_line(
    suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / ("x" * 300 + suffix)
    when = ["--from", "1930", "--to", "1931"] if suffix == ".gif" else ["--date", "1937-11-01"]
    code = main(["export", *when, "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("sovietmap export: cannot write ") and "too long" in err
    assert not list(tmp_path.iterdir())


def test_the_longest_name_that_fits_is_written(tmp_path: Path) -> None:
    # The temporary file beside it must not need a longer name than the target's.
    longest = os.pathconf(tmp_path, "PC_NAME_MAX")
    out = tmp_path / ("y" * (longest - len(".svg")) + ".svg")
    assert main(["export", "--date", "1937-11-01", "--out", str(out), *SMALL]) == 0
    assert [p.name for p in tmp_path.iterdir()] == [out.name]
    assert b"polity-ussr" in out.read_bytes()
