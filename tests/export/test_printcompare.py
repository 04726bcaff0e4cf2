"""Print maps (SVG/PDF) honour a comparison: gained and lost land hatched, with legend rows;
`sovietmap export --compare D1 --date D2 --out F.svg` makes one headless."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from sovietmap.core.atlas import BorderAtlas
from sovietmap.export.atomic import ExportError
from sovietmap.export.printmap import PrintMapper
from sovietmap.export.spec import MapSpec

EUROPE = (14.0, 44.0, 42.0, 70.0)


@pytest.fixture(scope="module")
def mapper(atlas: BorderAtlas) -> PrintMapper:
    return PrintMapper(atlas)


def test_svg_hatches_the_gains_and_has_their_legend(mapper: PrintMapper) -> None:
    spec = MapSpec(day=dt.date(1941, 1, 1), compare=dt.date(1939, 1, 1), bbox=EUROPE)
    svg = mapper.render(spec, "svg").decode()
    assert 'id="compare-gained' in svg  # the USSR's 1939-40 gains
    assert 'id="compare-lost' not in svg  # nothing lost in Europe then
    assert "Gained, 1939-01-01 to 1941-01-01" in svg  # the legend, though --legend is off
    plain = mapper.render(MapSpec(day=dt.date(1941, 1, 1), bbox=EUROPE), "svg").decode()
    assert "compare-" not in plain and "Gained," not in plain


def test_the_earlier_date_may_be_the_maps_own(mapper: PrintMapper) -> None:
    spec = MapSpec(day=dt.date(1944, 1, 1), compare=dt.date(1947, 1, 1), bbox=EUROPE)
    svg = mapper.render(spec, "svg").decode()
    assert 'id="compare-lost' in svg  # Białystok and Przemyśl back to Poland, 1945
    assert 'id="compare-gained' in svg  # Petsamo, Transcarpathia, Königsberg
    assert "Lost, 1944-01-01 to 1947-01-01" in svg


def test_comparing_a_date_with_itself_is_refused() -> None:
    with pytest.raises(ExportError, match="nothing to compare") as caught:
        MapSpec(day=dt.date(1941, 1, 1), compare=dt.date(1941, 1, 1)).check()
    assert caught.value.exit_code == 2


def _export(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sovietmap", "export", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_export_compare_headless(tmp_path: Path) -> None:
    out = tmp_path / "ussr.svg"
    done = _export(
        "--compare",
        "1939-01-01",
        "--date",
        "1941-01-01",
        "--bbox",
        "14,44,42,70",
        "--out",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    assert 'id="compare-gained' in out.read_text("utf-8")
    refused = _export(  # an animation cannot compare (PNG can: test_png_compare.py)
        "--compare",
        "1939-01-01",
        "--from",
        "1939",
        "--to",
        "1941",
        "--out",
        str(tmp_path / "a.gif"),
    )
    assert refused.returncode == 2 and "--compare is for PNG, SVG and PDF" in refused.stderr
    assert not (tmp_path / "a.gif").exists()
    page = tmp_path / "all.html"
    refused = _export("--compare", "1939-01-01", "--date", "1941-01-01", "--timeline",
                      "--out", str(page))  # fmt: skip
    assert refused.returncode == 2 and "one-date HTML" in refused.stderr
    assert not page.exists()
    page = tmp_path / "ussr.html"
    done = _export("--compare", "1939-01-01", "--date", "1941-01-01", "--compare-polity", "ussr",
                   "--out", str(page))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "setCompare" in page.read_text("utf-8")


def test_compare_polity_keeps_one_country(atlas: BorderAtlas, tmp_path: Path) -> None:
    """``--compare-polity azerbaijan`` hatches only Azerbaijan's gains (the ADR, SSR and
    Republic as one country), not every polity's; an unknown polity is exit 2."""
    from sovietmap.cli import build_parser
    from sovietmap.commands.export import request_of
    from sovietmap.export.printcompare import comparison

    out = str(tmp_path / "m.png")
    base = ["export", "--compare", "1920-01-01", "--date", "1925-01-01", "--out", out]
    parser = build_parser()
    spec = request_of(parser.parse_args([*base, "--compare-polity", "azerbaijan"])).spec
    assert spec.compare_polity == "azerbaijan"
    one = comparison(atlas, spec)
    every = comparison(atlas, request_of(parser.parse_args(base)).spec)
    assert one is not None and every is not None
    assert [p.id for p in one.polities] == ["azerbaijan"]
    assert 14_000 < one.polities[0].gained_km2 < 15_500  # Nakhchivan, Karabakh, Zangezur's east
    assert len(every.polities) > 5  # the USSR, the TSFSR, the republics, ...
    with pytest.raises(ExportError) as bad:
        request_of(parser.parse_args([*base, "--compare-polity", "atlantis"]))
    assert bad.value.exit_code == 2 and "atlantis" in str(bad.value)
    with pytest.raises(ExportError):  # a polity without a comparison
        request_of(parser.parse_args(["export", *base[3:], "--compare-polity", "ussr"]))
