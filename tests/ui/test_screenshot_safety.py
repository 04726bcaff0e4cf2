"""`--screenshot` follows the export rules: checked before Qt starts, written atomically, and
a map that failed to load exits non-zero with one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from sovietmap.core.atlas import BorderIndex
from sovietmap.core.events import EventCatalogue
from sovietmap.mapview.page import build_page
from sovietmap.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
OLD = b"the screenshot of yesterday"


def _env(tmp_path: Path) -> dict[str, str]:
    return dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHONDONTWRITEBYTECODE="1",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    )


@pytest.mark.parametrize(
    ("target", "says"),
    [
        ("{d}/missing/out.png", "does not exist"),
        ("{d}/folder", "it is a folder"),
        ("{d}/a-file/out.png", "is a file"),
        ("/sys/sovietmap-screenshot-test.png", "cannot write"),
        ("{d}/" + "n" * 300 + ".png", "too long"),
    ],
)
def test_an_unwritable_target_fails_at_once_with_one_line(
    target: str, says: str, tmp_path: Path
) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "a-file").write_text("not a folder")
    path = target.format(d=tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "sovietmap", "--date", "1930-01-01", "--screenshot", path],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, done.stderr[-2000:]
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr[-2000:]  # nothing else: Qt never started
    assert lines[0].startswith("sovietmap: cannot write ") and says in lines[0]
    assert not (tmp_path / "cache").exists(), "the page was built: Qt started"
    assert not (tmp_path / "missing").exists()
    assert (tmp_path / "a-file").read_text() == "not a folder"
    assert not os.path.exists("/sys/sovietmap-screenshot-test.png")


#: Run in a private mount namespace (gone with the process, nothing to clean up): a 64 KB
#: tmpfs on "$1" holds the old screenshot, then the viewer tries to write a bigger one there.
FULL_DISK = r"""
mount -t tmpfs -o size=64k tmpfs "$1" || exit 99
printf '%s' "$2" > "$1/map.png"
"$3" -m sovietmap --date 1930-01-01 --screenshot "$1/map.png"
echo "exit=$?"
echo "files=$(ls -A "$1" | tr '\n' ' ')"
if [ "$(cat "$1/map.png")" = "$2" ]; then echo "old=kept"
else echo "old=changed to $(wc -c < "$1/map.png") bytes"; fi
"""


def test_a_full_disk_keeps_the_old_screenshot(tmp_path: Path) -> None:
    build_page(cache_dir=tmp_path / "cache" / "sovietmap")  # the child writes only the PNG
    shots = tmp_path / "shots"
    shots.mkdir()
    done = subprocess.run(
        [
            "unshare",
            "--user",
            "--map-root-user",
            "--mount",
            "sh",
            "-c",
            FULL_DISK,
            "sh",
            str(shots),
            OLD.decode(),
            sys.executable,
        ],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    report = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    assert report.get("exit") == "1", done.stdout + done.stderr[-3000:]
    out = shots / "map.png"
    errors = [line for line in done.stderr.splitlines() if f"cannot write {out}" in line]
    assert len(errors) == 1 and "disk is full" in errors[0], done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    assert report["old"] == "kept", report["old"]  # no cut-off PNG in its place
    assert report["files"].split() == ["map.png"], "a temporary file was left"
    assert not any(shots.iterdir()), "the tmpfs outlived its namespace"


def test_a_map_that_failed_to_load_exits_non_zero(
    qtbot: object, tmp_path: Path, capfd: pytest.CaptureFixture[str], border_index: BorderIndex
) -> None:
    from sovietmap.ui.screenshot import take_screenshot

    broken = tmp_path / "page" / "index.html"
    broken.parent.mkdir()
    broken.write_text("<html><body><script>throw new Error('no map today')</script></body></html>")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(border_index, EventCatalogue.load(), broken, settings)
    window.remember = False
    window.show()
    out = tmp_path / "map.png"
    out.write_bytes(OLD)
    try:
        code = take_screenshot(window, out, timeout_ms=60_000)
    finally:
        window.close()
    err = capfd.readouterr().err
    assert code == 1
    mine = [line for line in err.splitlines() if line.startswith("sovietmap: ")]
    assert len(mine) == 1 and "no map today" in mine[0], err[-2000:]
    assert out.read_bytes() == OLD
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".png" or "part" in p.name] == [
        "map.png"
    ]
