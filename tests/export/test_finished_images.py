"""Issue 12 §6: PNG and GIF decorations never overlap (the legend clear of title and caption),
print maps keep names off the page's edges, and print maps come on A4 or Letter paper."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from PIL import Image

from sovietmap.core.atlas import BorderAtlas
from sovietmap.export import qtcapture
from sovietmap.export.decorate import decoration_layout
from sovietmap.export.legend import LEGEND
from sovietmap.export.printlabels import EDGE_PT
from sovietmap.export.printmap import _RC, PrintMapper
from sovietmap.export.spec import PAPERS, MapSpec, date_caption

LONG_TITLE = "The end of the Soviet Union in the South Caucasus, for a lesson"
SIZES = [(520, 420, 1.0), (900, 600, 1.0), (360, 640, 1.0), (1920, 1080, 2.0), (640, 360, 2.0)]
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QTWEBENGINE_DISABLE_SANDBOX": "1"}


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize(("width", "height", "scale"), SIZES)
@pytest.mark.parametrize("day", [dt.date(1937, 11, 1), dt.date(1991, 12, 26)])
def test_no_decoration_covers_another(
    atlas: BorderAtlas, width: int, height: int, scale: float, day: dt.date
) -> None:
    for caption in ("", date_caption(atlas, day)):  # a snapshot's date; a frame's caption
        spec = MapSpec(
            day, width, height, scale, title=LONG_TITLE, caption=caption,
            show_legend=True, show_attribution=True,
        )  # fmt: skip
        boxes = decoration_layout(spec)
        assert set(boxes) == {"title", "caption", "legend", "attribution"}
        names = sorted(boxes)
        for i, a in enumerate(names):
            x0, y0, x1, y1 = boxes[a]
            assert 0 <= x0 < x1 <= spec.pixel_size[0] + 1, (a, boxes[a])
            assert 0 <= y0 < y1 <= spec.pixel_size[1] + 1, (a, boxes[a])
            for b in names[i + 1 :]:
                assert not _overlap(boxes[a], boxes[b]), f"{a} {boxes[a]} covers {b} {boxes[b]}"


def _edge_intact(pixels: np.ndarray, box: tuple[float, ...]) -> None:
    """The frame of ``box`` is drawn whole: nothing was drawn over any of its four sides."""
    edge = np.array(Image.new("RGB", (1, 1), LEGEND.edge).getpixel((0, 0)))
    x0, y0, x1, y1 = (round(v) for v in box)
    sides = {
        "top": pixels[y0, x0 : x1 + 1],
        "bottom": pixels[y1, x0 : x1 + 1],
        "left": pixels[y0 : y1 + 1, x0],
        "right": pixels[y0 : y1 + 1, x1],
    }
    for side, line in sides.items():
        assert (np.abs(line - edge).sum(axis=1) < 30).mean() > 0.95, side


def test_png_title_caption_and_legend_are_drawn_whole(
    capturer: qtcapture.PageCapturer, tmp_path: Path
) -> None:
    """In the real PNG the frames of the title, the caption and the legend are whole: none is
    drawn over another; the title's and caption's boxes hold their text."""
    for width in (520, 900):
        spec = MapSpec(
            dt.date(1991, 12, 26), width, 420, title=LONG_TITLE, show_legend=True,
            show_attribution=True,
        )  # fmt: skip
        out = tmp_path / f"legend-{width}.png"
        qtcapture.save_png(capturer.capture_sync(spec), out)
        with Image.open(out) as image:
            pixels = np.asarray(image.convert("RGB")).astype(int)
        boxes = decoration_layout(spec)
        for name in ("title", "caption", "legend"):
            _edge_intact(pixels, boxes[name])
            x0, y0, x1, y1 = (round(v) for v in boxes[name])
            assert (pixels[y0 + 2 : y1 - 1, x0 + 2 : x1 - 1].sum(axis=2) < 200).sum() > 30


def test_gif_frames_keep_the_caption_clear_of_the_legend(tmp_path: Path) -> None:
    out = tmp_path / "frames.gif"
    subprocess.run(
        [sys.executable, "-m", "sovietmap", "export", "--from", "1937", "--to", "1938",
         "--out", str(out), "--width", "520", "--height", "420", "--title", LONG_TITLE,
         "--legend"],
        check=True, env=ENV, capture_output=True, timeout=300,
    )  # fmt: skip
    atlas = BorderAtlas.load()
    day = dt.date(1938, 1, 1)
    spec = MapSpec(day, 520, 420, title=LONG_TITLE, caption=date_caption(atlas, day),
                   show_legend=True)  # fmt: skip
    boxes = decoration_layout(spec)
    assert not _overlap(boxes["caption"], boxes["legend"])
    assert not _overlap(boxes["title"], boxes["legend"])
    with Image.open(out) as gif:
        gif.seek(1)
        frame = np.asarray(gif.convert("RGB")).astype(int)
    paper = np.array(Image.new("RGB", (1, 1), LEGEND.paper).getpixel((0, 0)))
    for name in ("title", "caption", "legend"):
        x0, y0, x1, y1 = (round(v) for v in boxes[name])
        inside = frame[y0 + 2 : y1 - 2, x0 + 2 : x1 - 2]
        assert (np.abs(inside - paper).sum(axis=2) < 40).mean() > 0.4, name


@pytest.fixture(scope="module")
def mapper(atlas: BorderAtlas) -> PrintMapper:
    return PrintMapper(atlas)


@pytest.mark.parametrize("paper", ["", *PAPERS])
@pytest.mark.parametrize("day", [dt.date(1937, 11, 1), dt.date(1991, 12, 26)])
def test_print_names_stay_off_the_edges(mapper: PrintMapper, paper: str, day: dt.date) -> None:
    spec = MapSpec(day, 700, 500, show_legend=True, show_attribution=True).on_paper(paper)
    with matplotlib.rc_context(_RC):
        fig = mapper.figure(spec)
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        page = fig.bbox
        edge = EDGE_PT * fig.dpi / 72 - 1
        names = [t for ax in fig.axes for t in ax.texts]
        assert len(names) > 10
        for text in names:
            box = text.get_window_extent(renderer)
            assert box.x0 >= page.x0 + edge and box.x1 <= page.x1 - edge, text.get_text()
            assert box.y0 >= page.y0 + edge and box.y1 <= page.y1 - edge, text.get_text()


def _media_box(pdf: bytes) -> tuple[float, float]:
    match = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert match is not None
    return float(match.group(1)), float(match.group(2))


@pytest.mark.parametrize(
    ("paper", "points"),
    [
        ("a4-portrait", (595.28, 841.89)),
        ("a4-landscape", (841.89, 595.28)),
        ("letter-portrait", (612, 792)),
        ("letter-landscape", (792, 612)),
    ],
)
def test_pdf_page_is_the_paper(
    mapper: PrintMapper, paper: str, points: tuple[float, float]
) -> None:
    spec = MapSpec(dt.date(1937, 11, 1), show_legend=True).on_paper(paper)
    assert _media_box(mapper.render(spec, "pdf")) == pytest.approx(points, abs=0.05)


def test_cli_paper(tmp_path: Path) -> None:
    out = tmp_path / "letter.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "sovietmap", "export", "--date", "1937-11-01", "--out", str(out),
         "--paper", "letter-landscape", "--legend"],
        env=ENV, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert _media_box(out.read_bytes()) == pytest.approx((792, 612), abs=0.05)
    for args, message in (
        (["--out", str(tmp_path / "x.png"), "--paper", "a4"], "--paper is for print maps"),
        (["--out", str(tmp_path / "x.pdf"), "--paper", "a5"], "paper 'a5' is not one of"),
    ):
        bad = subprocess.run(
            [sys.executable, "-m", "sovietmap", "export", "--date", "1937-11-01", *args],
            env=ENV, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert bad.returncode == 2 and message in bad.stderr, bad.stderr
        assert len(bad.stderr.strip().splitlines()) == 1
