"""SVG and PDF print maps: polity shapes, names as then called, the date, one PDF page."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from sovietmap.core.atlas import BorderAtlas
from sovietmap.export.atomic import ExportError
from sovietmap.export.printmap import PrintMapper
from sovietmap.export.spec import MapSpec


@pytest.fixture(scope="module")
def mapper(geo_atlas: BorderAtlas) -> PrintMapper:
    return PrintMapper(geo_atlas)


def test_svg_holds_the_polities_names_and_date(mapper: PrintMapper, tmp_path: Path) -> None:
    out = tmp_path / "1930.svg"
    mapper.save(MapSpec(dt.date(1930, 1, 1), 600, 400, title="Before <1936>"), out)
    svg = out.read_text(encoding="utf-8")
    for polity in ("ussr", "tsfsr", "azerbaijan-ssr", "armenia-ssr", "nkao"):
        assert re.search(rf'id="polity-{polity}"[^>]*>\s*<path', svg), polity
    assert "1930-01-01" in svg and "Transcaucasian" in svg
    assert "Ganja" in svg and "Kirovabad" not in svg  # the name in use in 1930
    assert "Before &lt;1936&gt;" in svg  # user text is escaped


def test_later_date_has_later_borders_and_names(mapper: PrintMapper, tmp_path: Path) -> None:
    out = tmp_path / "1950.svg"
    mapper.save(MapSpec(dt.date(1950, 1, 1), 600, 400), out)
    svg = out.read_text(encoding="utf-8")
    assert 'id="polity-tsfsr"' not in svg and 'id="polity-azerbaijan-ssr"' in svg
    assert "Kirovabad" in svg and "1950-01-01" in svg


def test_layers_are_respected(mapper: PrintMapper, tmp_path: Path) -> None:
    out = tmp_path / "union.svg"
    layers = {"union": True, "land": False, "republics": False, "autonomies": False,
              "federation": False, "neighbours": False, "labels": False, "cities": False,
              "events": False}
    mapper.save(MapSpec(dt.date(1950, 1, 1), 600, 400, layers=layers), out)
    svg = out.read_text(encoding="utf-8")
    assert 'id="polity-ussr"' in svg and 'id="polity-azerbaijan-ssr"' not in svg
    assert "Kirovabad" not in svg


def test_pdf_is_one_page(mapper: PrintMapper, tmp_path: Path) -> None:
    out = tmp_path / "map.pdf"
    mapper.save(MapSpec(dt.date(1937, 11, 1), 800, 600, show_legend=True), out)
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == 1


def test_unknown_suffix_is_a_usage_error(mapper: PrintMapper, tmp_path: Path) -> None:
    with pytest.raises(ExportError) as caught:
        mapper.save(MapSpec(dt.date(1937, 11, 1)), tmp_path / "map.png")
    assert caught.value.exit_code == 2
    assert not list(tmp_path.iterdir())
