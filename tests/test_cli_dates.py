"""Empty or malformed dates are bad arguments everywhere: one line on stderr, exit 2, no Qt."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sovietmap.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize(
    "args",
    [
        ["--date", ""],
        ["--date", " "],
        ["--date", "1937-13-01"],
        ["--date", "soon"],
        ["--year", ""],
        ["--year", "19x7"],
        ["--screenshot", ""],
        ["--date", "", "--screenshot", "{d}/out.png"],
    ],
)
def test_viewer_bad_arguments_exit_2_before_qt(args: list[str], tmp_path: Path) -> None:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    )
    done = subprocess.run(
        [sys.executable, "-m", "sovietmap", *[a.format(d=tmp_path) for a in args]],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, done.stderr[-2000:]
    line = _one_line(done.stderr)
    assert line.startswith("sovietmap: ") and args[0] in line
    assert not (tmp_path / "out.png").exists() and not (tmp_path / "cache").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["borders", "--date", ""],
        ["borders", "--date", " "],
        ["borders", "--date", "1937-02-30"],
        ["events", "--date", ""],
        ["events", "--year", ""],
        ["export", "--date", "", "--out", "{d}/map.svg"],
        ["export", "--date", "", "--out", "{d}/map.png"],
        ["export", "--date", "", "--from", "1930", "--to", "1931", "--out", "{d}/a.gif"],
        ["export", "--from", "", "--to", "1931", "--out", "{d}/a.gif"],
    ],
)
def test_sub_command_empty_dates_exit_2(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main([a.format(d=tmp_path) for a in args])
    err = capsys.readouterr().err
    assert code == 2, err
    line = _one_line(err)
    assert line.startswith(f"sovietmap {args[0]}: ")
    option = next(a for a in args if a.startswith("--") and a != "--out")
    assert option in line, line
    assert not list(tmp_path.iterdir())
