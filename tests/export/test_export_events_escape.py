"""`sovietmap export --events FILE`: a problem line on stderr shows control characters of
the file's name or text escaped, never as terminal controls."""

from __future__ import annotations

from pathlib import Path

import pytest

from sovietmap.cli import main


def test_problem_lines_escape_control_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "evil\x1b]0;owned\x07\x1b[2J.csv"
    path.write_text(
        "id,title,start,lat,lon\n"
        "ok-pin,Fine,1950-06-01,41.7,44.8\n"
        "bad\x1b[31m,Bad,1950-13-01,41.7,44.8\n",
        encoding="utf-8",
    )
    out = tmp_path / "map.html"
    assert main(["export", "--date", "1950-06-01", "--out", str(out), "--events", str(path)]) == 0
    err = capsys.readouterr().err
    problems = [line for line in err.splitlines() if "row 3" in line]
    assert len(problems) == 1 and "field start" in problems[0]
    assert "\x1b" not in err and "\x07" not in err
    assert "evil\\x1b]0;owned\\x07\\x1b[2J.csv" in problems[0]
