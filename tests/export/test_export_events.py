"""`sovietmap export --events FILE`: headless exports carry the user's pins, as the app's do."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sovietmap.cli import main
from sovietmap.core.atlas import BorderAtlas
from sovietmap.core.events import EventCatalogue
from sovietmap.export import qtcapture
from sovietmap.export.spec import MapSpec, date_caption
from sovietmap.mapview.page import event_payload

ROOT = Path(__file__).resolve().parents[2]
DAY = "1950-06-01"
BBOX = "43.5,41.0,46.0,42.5"  # around Tbilisi
HEADER = "id,title,start,end,lat,lon,kind\n"


@pytest.fixture
def user_csv(tmp_path: Path) -> Path:
    """One good row (a pin at Tbilisi on DAY) and one with a bad start date (row 3)."""
    path = tmp_path / "mine.csv"
    path.write_text(
        HEADER + f"my-tbilisi-pin,My Tbilisi pin,{DAY},{DAY},41.72,44.79,test\n"
        "my-bad-row,Bad row,1950-13-01,,41.7,44.8,test\n",
        encoding="utf-8",
    )
    return path


def _out_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_svg_and_pdf_carry_the_users_pins(
    user_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    second = tmp_path / "more.yaml"
    second.write_text(
        f"- {{id: my-yaml-pin, title: Another pin, start: '{DAY}', lat: 41.6, lon: 45.2}}\n",
        encoding="utf-8",
    )
    out = _out_folder(tmp_path) / "map.svg"
    code = main(
        [
            "export",
            "--date",
            DAY,
            "--out",
            str(out),
            "--bbox",
            BBOX,
            "--width",
            "400",
            "--height",
            "300",
            "--events",
            str(user_csv),
            "--events",
            str(second),
        ]
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 0, err
    svg = out.read_text(encoding="utf-8")
    assert 'id="event-my-tbilisi-pin"' in svg and 'id="event-my-yaml-pin"' in svg
    assert 'id="event-my-bad-row"' not in svg
    problems = [line for line in err if "wrote" not in line]
    assert problems == [
        f"sovietmap export: {user_csv}, row 3, field start: "
        + problems[0].split("field start: ", 1)[1]
    ]


def test_html_carries_the_users_pins(
    user_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _out_folder(tmp_path) / "map.html"
    assert main(["export", "--date", DAY, "--out", str(out), "--events", str(user_csv)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "my-tbilisi-pin" in text and "My Tbilisi pin" in text and "my-bad-row" not in text
    assert "row 3, field start" in capsys.readouterr().err


def test_a_missing_events_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _out_folder(tmp_path) / "map.svg"
    code = main(
        ["export", "--date", DAY, "--out", str(out), "--events", str(tmp_path / "nowhere.csv")]
    )
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert err.startswith("sovietmap export: --events ") and "no such file" in err
    assert not out.exists()
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)  # would block a reader for ever: refused before it is opened
    code = main(["export", "--date", DAY, "--out", str(out), "--events", str(fifo)])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "not a regular file" in err
    assert not out.exists()


def test_png_carries_the_users_pin(
    user_csv: Path, tmp_path: Path, export_page: Path, capturer: qtcapture.PageCapturer
) -> None:
    """The headless PNG shows the user's pin over the same map with only the catalogue's."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CACHE_HOME=str(export_page.parents[2]),
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    )
    out = _out_folder(tmp_path) / "pins.png"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "sovietmap",
            "export",
            "--date",
            DAY,
            "--out",
            str(out),
            "--width",
            "320",
            "--height",
            "240",
            "--bbox",
            BBOX,
            "--no-date",
            "--events",
            str(user_csv),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "row 3, field start" in run.stderr and "Traceback" not in run.stderr
    capturer.set_events([event_payload(e) for e in EventCatalogue.load().events])
    west, south, east, north = (float(v) for v in BBOX.split(","))
    seed_only = qtcapture.rgb_array(
        capturer.capture_sync(
            MapSpec(
                dt.date.fromisoformat(DAY),
                320,
                240,
                bbox=(west, south, east, north),
                show_date=False,
            )
        )
    )
    from PIL import Image

    image = np.asarray(Image.open(out).convert("RGB"))
    changed = np.any(np.abs(image.astype(int) - seed_only.astype(int)) > 40, axis=2)
    assert changed.sum() > 60, "no user pin drawn in the CLI snapshot"
    _rows, cols = np.nonzero(changed)
    # the pin stands at 44.79 E, next to the middle of the 43.5-46 E extent
    x = (44.79 - west) / (east - west) * 320
    assert abs(np.median(cols) - x) < 40, (np.median(cols), x)


def test_gif_carries_the_users_pin(
    tmp_path: Path, export_page: Path, atlas: BorderAtlas, capturer: qtcapture.PageCapturer
) -> None:
    """An animation's frames show the user's pin too (the frame of 1 January 1950)."""
    mine = tmp_path / "year.csv"
    mine.write_text(
        HEADER + "my-year-pin,A pin all 1950,1950-01-01,1950-12-31,41.72,44.79,test\n",
        encoding="utf-8",
    )
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CACHE_HOME=str(export_page.parents[2]),
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    )
    out = _out_folder(tmp_path) / "pins.gif"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "sovietmap",
            "export",
            "--from",
            "1950",
            "--to",
            "1950",
            "--out",
            str(out),
            "--width",
            "320",
            "--height",
            "240",
            "--bbox",
            BBOX,
            "--no-date",
            "--events",
            str(mine),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    capturer.set_events([event_payload(e) for e in EventCatalogue.load().events])
    west, south, east, north = (float(v) for v in BBOX.split(","))
    day = dt.date(1950, 1, 1)  # a frame is captioned with its date and standing
    seed_only = qtcapture.rgb_array(
        capturer.capture_sync(
            MapSpec(day, 320, 240, bbox=(west, south, east, north), show_date=False).with_day(
                day, date_caption(atlas, day)
            )
        )
    )
    from PIL import Image

    with Image.open(out) as gif:
        frame = np.asarray(gif.convert("RGB"))
    changed = np.any(np.abs(frame.astype(int) - seed_only.astype(int)) > 40, axis=2)
    assert changed.sum() > 60, "no user pin drawn in the animation"
    rows, cols = np.nonzero(changed)
    assert abs(np.median(cols) - 160) < 40 and np.median(rows) > 60, "not where the pin is"
