"""The app starts on a damaged or stale page cache: it rebuilds the page and says so once.

Real start-ups: ``sovietmap --screenshot`` (the window, its map page loaded and painted) and
``sovietmap export`` (the headless page), with the page cache in a temporary
``$XDG_CACHE_HOME/sovietmap`` damaged beforehand.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from PIL import Image

from sovietmap.mapview.page import build_page

ROOT = Path(__file__).resolve().parents[2]


def _env(tmp_path: Path) -> dict[str, str]:
    return dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHONDONTWRITEBYTECODE="1",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    )


def _reseal(folder: Path) -> None:
    """Make a manifest (if any) agree with the files, as the old install would have."""
    manifest = folder / "manifest.json"
    if not manifest.exists():
        return
    data = json.loads(manifest.read_text("utf-8"))
    for name, entry in data["files"].items():
        raw = (folder / name).read_bytes()
        entry.update(size=len(raw), sha256=hashlib.sha256(raw).hexdigest())
    data["assets"] = {key: "/opt/gone/" + key for key in data["assets"]}
    manifest.write_text(json.dumps(data), encoding="utf-8")


def _truncate_data_js(folder: Path) -> None:
    data = folder / "data.js"
    data.write_bytes(data.read_bytes()[:200_000])


def _old_install(folder: Path) -> None:
    index = folder / "index.html"
    old = re.sub(
        r'file://[^"]*/(leaflet\.(?:js|css))"',
        r'file:///opt/gone/xstatic/\1"',
        index.read_text("utf-8"),
    )
    assert "/opt/gone/" in old
    index.write_text(old, encoding="utf-8")
    _reseal(folder)


@pytest.mark.parametrize(
    "damage",
    [_truncate_data_js, _old_install],
    ids=["truncated-data.js", "page-of-a-removed-install"],
)
def test_the_window_starts_on_a_damaged_cache(damage, tmp_path: Path) -> None:
    index = build_page(cache_dir=tmp_path / "cache" / "sovietmap")
    damage(index.parent)
    out = tmp_path / "map.png"
    done = subprocess.run(
        [sys.executable, "-m", "sovietmap", "--date", "1930-01-01", "--screenshot", str(out)],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    warned = [
        line
        for line in done.stderr.splitlines()
        if line.startswith("WARNING") and "page cache" in line
    ]
    assert len(warned) == 1 and str(index.parent) in warned[0], done.stderr[-3000:]
    image = Image.open(out).convert("RGB")
    assert len(image.getcolors(maxcolors=1 << 20) or []) > 50, "the map looks blank"
    assert (index.parent / "data.js").stat().st_size > 1_000_000  # rebuilt whole, in place


def test_a_headless_export_runs_when_the_cache_folder_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "sovietmap").write_text("the user's own file")
    out = tmp_path / "baku.png"
    done = subprocess.run(
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
            "640",
            "--height",
            "480",
        ],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    assert Image.open(out).size == (640, 480)
    assert (tmp_path / "cache" / "sovietmap").read_text() == "the user's own file"


@pytest.mark.parametrize(
    "argv",
    [["--date", "1930-01-01"], ["export", "--date", "1930-01-01", "--out", "{d}/a.png"]],
    ids=["viewer", "export"],
)
def test_no_cache_and_no_temporary_folder_is_one_line(
    argv: list[str],
    qapp: object,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    """The cache folder is a file and the temporary folder cannot be written (/proc)."""
    from sovietmap.cli import main

    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "sovietmap").write_text("the user's own file")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with monkeypatch.context() as patch:  # only while the app runs (pytest needs its own)
        patch.setattr(tempfile, "tempdir", "/proc/sovietmap-no-temporary-folder")
        code = main([arg.format(d=tmp_path) for arg in argv])
    err = capfd.readouterr().err
    mine = [line for line in err.splitlines() if line.startswith("sovietmap")]
    assert code == 1 and "Traceback" not in err, err[-3000:]
    assert len(mine) == 1 and "cannot write the map page" in mine[0], err[-3000:]
    assert str(tmp_path / "cache" / "sovietmap") in mine[0] and "/proc/" in mine[0]
    assert (tmp_path / "cache" / "sovietmap").read_text() == "the user's own file"
    assert not (tmp_path / "a.png").exists()
