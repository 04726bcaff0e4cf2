"""SVG and PDF print maps: polity shapes, names as then called, the date, one PDF page."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import matplotlib
import pytest

from sovietmap.core.atlas import BorderAtlas
from sovietmap.export.atomic import ExportError
from sovietmap.export.printlabels import renderer_of
from sovietmap.export.printmap import _RC, PrintMapper
from sovietmap.export.spec import MapSpec


@pytest.fixture(scope="module")
def mapper(atlas: BorderAtlas) -> PrintMapper:
    return PrintMapper(atlas)


def test_svg_holds_the_polities_names_and_date(mapper: PrintMapper, tmp_path: Path) -> None:
    out = tmp_path / "1930.svg"
    mapper.save(MapSpec(dt.date(1930, 1, 1), 600, 400, title="Before <1936>"), out)
    svg = out.read_text(encoding="utf-8")
    for polity in ("ussr", "tsfsr", "azerbaijan-ssr", "armenia-ssr", "nkao"):
        assert re.search(rf'id="polity-{polity}"[^>]*>\s*<path', svg), polity
    assert "1930-01-01" in svg and "Transcaucasian" in svg
    assert "Ganja" in svg and "Kirovabad" not in svg  # the name in use in 1930
    assert "Before &lt;1936&gt;" in svg  # user text is escaped


def test_print_attribution_names_what_drew_it(mapper: PrintMapper, tmp_path: Path) -> None:
    """A print map is drawn with Matplotlib: its attribution says so, not Leaflet (the PNG's)."""
    out = tmp_path / "credits.svg"
    mapper.save(MapSpec(dt.date(1930, 1, 1), 600, 400, show_attribution=True), out)
    svg = out.read_text(encoding="utf-8")
    assert "Natural Earth" in svg and "Matplotlib" in svg and "Leaflet" not in svg


def test_the_legend_goes_where_it_hides_least_of_the_republics(mapper: PrintMapper) -> None:
    """Transcaucasia in June 1919: the bottom right would cover the ADR's south (Lenkoran,
    Astara); the legend goes to the bottom left, over Turkey, and the caption stays clear."""
    from dataclasses import replace

    from sovietmap.core.views import VIEWS
    from sovietmap.export.printmap import _project

    spec = MapSpec(dt.date(1919, 6, 1), 1000, 700, show_legend=True, show_attribution=True)
    spec = replace(spec, bbox=VIEWS["transcaucasia"].bbox)
    with matplotlib.rc_context(_RC):
        fig = mapper.figure(spec)
        renderer = renderer_of(fig)
        (legend,) = fig.legends
        where = legend.get_window_extent(renderer)
        to_screen = fig.axes[0].transData
        for lon, lat in ((48.85, 38.75), (48.87, 38.44)):  # Lenkoran, Astara
            x, y = to_screen.transform(_project(lon, lat))
            assert not where.contains(x, y), (lon, lat)
        assert where.x1 < fig.bbox.width / 2  # the bottom left
        assert not any(where.overlaps(t.get_window_extent(renderer)) for t in fig.texts)


def test_later_date_has_later_borders_and_names(mapper: PrintMapper, tmp_path: Path) -> None:
    out = tmp_path / "1950.svg"
    mapper.save(MapSpec(dt.date(1950, 1, 1), 600, 400), out)
    svg = out.read_text(encoding="utf-8")
    assert 'id="polity-tsfsr"' not in svg and 'id="polity-azerbaijan-ssr"' in svg
    assert "Kirovabad" in svg and "1950-01-01" in svg


def test_layers_are_respected(mapper: PrintMapper, tmp_path: Path) -> None:
    out = tmp_path / "union.svg"
    layers = {
        "union": True,
        "land": False,
        "republics": False,
        "autonomies": False,
        "federation": False,
        "neighbours": False,
        "labels": False,
        "cities": False,
        "events": False,
    }
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


def _text_boxes(fig: Any) -> dict[str, Any]:
    """Every name, city dot, caption, legend and credit on a print map: gid -> display box."""
    renderer = renderer_of(fig)
    ax = fig.axes[0]
    boxes = {t.get_gid(): t.get_window_extent(renderer) for t in ax.texts}
    boxes.update(
        {
            line.get_gid(): line.get_window_extent(renderer)
            for line in ax.lines
            if str(line.get_gid()).endswith("-dot")
        }
    )
    boxes.update({f"figure-{t.get_gid()}": t.get_window_extent(renderer) for t in fig.texts})
    boxes.update(
        {f"legend-{i}": leg.get_window_extent(renderer) for i, leg in enumerate(fig.legends)}
    )
    return boxes


def _collisions(boxes: dict[str, Any], slack: float = 0.5) -> list[tuple[str, str]]:
    items = sorted(boxes.items())
    return [
        (a, b)
        for i, (a, ba) in enumerate(items)
        for b, bb in items[i + 1 :]
        if min(ba.x1, bb.x1) - max(ba.x0, bb.x0) > slack
        and min(ba.y1, bb.y1) - max(ba.y0, bb.y0) > slack
        and not b.startswith(a + "-")
    ]  # a city's name and its own dot


@pytest.mark.parametrize("size", [(1024, 768), (800, 600), (600, 400)])
def test_print_names_do_not_overlap(mapper: PrintMapper, size: tuple[int, int]) -> None:
    with matplotlib.rc_context(_RC):
        fig = mapper.figure(MapSpec(dt.date(1937, 11, 1), *size, show_legend=True))
        boxes = _text_boxes(fig)
        assert sum(k.startswith(("label-", "city-")) for k in boxes) >= 10
        assert _collisions(boxes) == []


def test_crowded_print_names_are_moved_not_dropped(mapper: PrintMapper) -> None:
    # The pairs that sat on each other in the print map of 1 Nov 1937 both show, apart.
    with matplotlib.rc_context(_RC):
        fig = mapper.figure(MapSpec(dt.date(1937, 11, 1), 1024, 768, show_legend=True))
        boxes = _text_boxes(fig)
    for pair in (
        ("city-sukhumi", "label-abkhazia"),
        ("city-batumi", "label-adjara"),
        ("city-nakhchivan", "label-nakhchivan"),
        ("city-gyumri", "city-vanadzor"),
    ):
        assert set(pair) <= set(boxes), pair
    assert _collisions(boxes) == []


def test_a_zoomed_print_map_has_no_overlaps(mapper: PrintMapper) -> None:
    with matplotlib.rc_context(_RC):
        for day, bbox in (
            (dt.date(1990, 12, 1), (44.6, 38.7, 46.4, 39.8)),
            (dt.date(1937, 11, 1), (41.0, 40.9, 44.0, 43.5)),
        ):
            fig = mapper.figure(MapSpec(day, 800, 600, bbox=bbox))
            assert _collisions(_text_boxes(fig)) == [], day


def test_names_at_one_point_are_spread_then_left_out() -> None:
    from matplotlib.figure import Figure

    from sovietmap.export.printlabels import PrintLabel, place

    fig = Figure(figsize=(3, 2), dpi=100)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 300)
    ax.set_ylim(0, 200)
    labels = [
        PrintLabel(
            f"Town {i}", 150, 100, priority=i, gid=f"city-{i}", options={"fontsize": 9}, city=True
        )
        for i in range(3)
    ]
    labels += [
        PrintLabel(
            f"Republic {i}", 150, 100, priority=0, gid=f"label-{i}", options={"fontsize": 10}
        )
        for i in range(30)
    ]
    placed = place(fig, ax, labels)
    # The republics claim the room first but keep clear of the dot there when they can, so the
    # first town shows; the other two towns' dots would sit on its dot: they are left out.
    assert {"label-0", "label-1", "city-0"} <= set(placed.texts)
    assert {"city-1", "city-2"} <= set(placed.left_out)
    assert set(placed.texts) | set(placed.left_out) == {lab.gid for lab in labels}
    assert placed.left_out  # thirty names cannot all fit on a 3 x 2 inch page
    boxes = list(placed.boxes.values())
    assert all(
        not (a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1)
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
    )
    assert all(fig.bbox.x0 <= b.x0 and b.x1 <= fig.bbox.x1 for b in boxes)


def test_one_legend_spec_for_print_and_image(mapper: PrintMapper) -> None:
    from sovietmap.export.decorate import decoration_boxes
    from sovietmap.export.legend import LEGEND, PT, legend_for_date

    spec = MapSpec(dt.date(1925, 1, 1), 800, 600, scale=2.0, show_legend=True)
    rows = legend_for_date(spec.day, spec.layers)  # the legend of the date, in both
    fig = mapper.figure(spec)
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == [r.label for r in rows]
    assert legend.get_texts()[0].get_fontsize() == pytest.approx(LEGEND.font_px * PT)
    # the image's legend frame: one row height per row plus the padding, in scaled pixels
    s = spec.scale
    frame = round(LEGEND.row_px * s) * len(rows) + round(LEGEND.pad_px * s)
    heights = [round((y1 - y0) * s) for _x0, y0, _x1, y1 in decoration_boxes(spec)]
    assert frame in heights
