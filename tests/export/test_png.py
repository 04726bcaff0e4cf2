"""PNG snapshots of the real page: exact size, real content, one image per date."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sovietmap.export import qtcapture
from sovietmap.export.spec import MapSpec

ROOT = Path(__file__).resolve().parents[2]


def pixels(path: Path) -> np.ndarray:
    """An image file as a height×width×3 array."""
    from PIL import Image

    return np.asarray(Image.open(path).convert("RGB"))


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_png_is_exactly_w_h_times_scale_and_not_blank(
    capturer: qtcapture.PageCapturer, tmp_path: Path, scale: float
) -> None:
    out = tmp_path / "map.png"
    qtcapture.save_png(capturer.capture_sync(MapSpec(dt.date(1937, 11, 1), 320, 240, scale)), out)
    image = pixels(out)
    assert image.shape == (round(240 * scale), round(320 * scale), 3)
    colours = np.unique(image.reshape(-1, 3), axis=0)
    assert len(colours) > 50, "the snapshot looks blank"
    assert out.read_bytes().startswith(b"\x89PNG")


def test_dates_with_different_borders_give_different_images(
    capturer: qtcapture.PageCapturer,
) -> None:
    def grab(day: dt.date) -> np.ndarray:
        image = capturer.capture_sync(MapSpec(day, 320, 240, show_date=False))
        return qtcapture.rgb_array(image)

    first, later, again = (
        grab(dt.date(1930, 1, 1)),
        grab(dt.date(1950, 1, 1)),
        grab(dt.date(1930, 1, 1)),
    )
    changed = int(np.any(first != later, axis=2).sum())
    assert changed > 500, f"only {changed} pixels differ between 1930 and 1950"
    # The same date gives the same picture. Chromium re-rasterises only the tiles a change
    # touches, so a city dot whose label changed in between may differ by a few grey levels
    # in a handful of anti-aliased pixels; nothing a viewer could see.
    # A missing or moved border, label or pin changes hundreds of pixels by far more.
    same = np.abs(first.astype(int) - again.astype(int))
    visible = int(np.any(same > 24, axis=2).sum())
    assert visible <= 0.002 * same.shape[0] * same.shape[1], f"{visible} pixels differ"


def test_decorations_are_drawn_into_the_image(capturer: qtcapture.PageCapturer) -> None:
    plain = qtcapture.rgb_array(
        capturer.capture_sync(MapSpec(dt.date(1937, 11, 1), 480, 320, show_date=False))
    )
    decorated = qtcapture.rgb_array(
        capturer.capture_sync(
            MapSpec(
                dt.date(1937, 11, 1),
                480,
                320,
                title="Baku 1937",
                show_legend=True,
                show_attribution=True,
            )
        )
    )
    differs = np.any(plain != decorated, axis=2)
    assert differs[:60, :200].any(), "no title or date at the top left"
    assert differs[:200, -200:].any(), "no legend at the top right"
    assert differs[-20:, -300:].any(), "no attribution at the bottom right"
    assert not differs[210:270, 20:160].any(), "the map under no decoration must stay as it was"


def test_cli_png_headless(tmp_path: Path, export_page: Path) -> None:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CACHE_HOME=str(export_page.parents[2]),
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    )
    out = tmp_path / "cli.png"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "sovietmap",
            "export",
            "--date",
            "1950-01-01",
            "--out",
            str(out),
            "--width",
            "300",
            "--height",
            "200",
            "--scale",
            "2",
            "--bbox",
            "44,38,51,42.5",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert pixels(out).shape == (400, 600, 3)


def test_cli_png_shows_the_event_pins(
    tmp_path: Path, export_page: Path, capturer: qtcapture.PageCapturer
) -> None:
    """The headless PNG carries the pins of its date, as the viewer and the print map do."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CACHE_HOME=str(export_page.parents[2]),
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    )
    out = tmp_path / "hamberg.png"
    bbox = "48.5,39.5,50.9,41.3"  # Baku, where the 1 November 1937 pin stands
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "sovietmap",
            "export",
            "--date",
            "1937-11-01",
            "--out",
            str(out),
            "--width",
            "320",
            "--height",
            "240",
            "--bbox",
            bbox,
            "--no-date",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    capturer.set_events([])  # the same map without pins
    west, south, east, north = (float(v) for v in bbox.split(","))
    bare = qtcapture.rgb_array(
        capturer.capture_sync(
            MapSpec(
                dt.date(1937, 11, 1), 320, 240, bbox=(west, south, east, north), show_date=False
            )
        )
    )
    changed = np.any(np.abs(pixels(out).astype(int) - bare.astype(int)) > 40, axis=2)
    assert changed.sum() > 60, "no pin drawn in the CLI snapshot"
