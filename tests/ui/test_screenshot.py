"""`sovietmap --screenshot` writes a real PNG of the window, different for different dates."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parents[2]


def test_screenshots_differ_between_dates(tmp_path: Path) -> None:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    )
    runs = {}
    for day in ("1930-01-01", "1950-01-01"):
        out = tmp_path / f"{day}.png"
        out.write_bytes(b"an older screenshot")  # replaced whole, by rename
        runs[day] = (
            out,
            subprocess.Popen(
                [sys.executable, "-m", "sovietmap", "--date", day, "--screenshot", str(out)],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            ),
        )
    images = {}
    for day, (out, proc) in runs.items():
        log, _ = proc.communicate(timeout=180)
        assert proc.returncode == 0, log[-2000:]
        image = Image.open(out).convert("RGB")
        assert image.width > 800 and image.height > 500
        assert len(image.getcolors(maxcolors=1 << 20) or []) > 50, "screenshot looks blank"
        images[day] = image
    assert not [p.name for p in tmp_path.iterdir() if ".part" in p.name], "temporary file left"
    assert not (tmp_path / "config" / "sovietmap").exists() or not any(
        (tmp_path / "config" / "sovietmap").iterdir()
    ), "a screenshot run must not save settings"
    diff = ImageChops.difference(images["1930-01-01"], images["1950-01-01"])
    changed = int(np.asarray(diff).any(axis=2).sum())
    assert changed > 2000, f"only {changed} pixels differ between 1930 and 1950"
