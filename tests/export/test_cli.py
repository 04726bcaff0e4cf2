"""`sovietmap export` arguments and failures: one line on stderr, exit 2 or 1, no file."""

from __future__ import annotations

import datetime as dt
import errno
from pathlib import Path

import pytest

from sovietmap.cli import main
from sovietmap.export.atomic import (
    AtomicFile,
    ExportError,
    atomic_path,
    describe_os_error,
    write_text,
)
from sovietmap.export.service import AnimationOptions, ExportRequest, family_of
from sovietmap.export.spec import MapSpec


@pytest.mark.parametrize(
    "args",
    [
        ["--date", "1937-11-01", "--out", "{d}/map.xyz"],
        ["--date", "1937-02-30", "--out", "{d}/map.png"],
        ["--date", "1900-01-01", "--out", "{d}/map.png"],
        ["--from", "1990", "--to", "1980", "--out", "{d}/a.gif"],
        ["--date", "1937-11-01", "--out", "{d}/a.gif"],
        ["--from", "1930", "--to", "1931", "--out", "{d}/map.png"],
        ["--date", "1937-11-01", "--out", "{d}/map.svg", "--bbox", "50,40,45,42"],
        ["--date", "1937-11-01", "--out", "{d}/map.svg", "--layers", "union,roads"],
        ["--date", "1937-11-01", "--out", "{d}/map.png", "--width", "5"],
    ],
)
def test_bad_arguments_exit_2_with_one_line(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["export", *[a.format(d=tmp_path) for a in args]])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and err.startswith("sovietmap export: ")
    assert not list(tmp_path.iterdir())


def test_unwritable_place_exits_1_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    code = main(["export", "--date", "1937-11-01", "--out", str(blocker / "map.svg")])
    err = capsys.readouterr().err
    assert code == 1 and len(err.strip().splitlines()) == 1 and "cannot write" in err
    assert blocker.read_text() == "a file where a folder should be"


def test_svg_from_the_cli(tmp_path: Path) -> None:
    out = tmp_path / "map.svg"
    assert (
        main(
            [
                "export",
                "--date",
                "1937-11-01",
                "--out",
                str(out),
                "--width",
                "500",
                "--height",
                "400",
                "--layers",
                "land,union,republics,labels",
            ]
        )
        == 0
    )
    svg = out.read_text(encoding="utf-8")
    assert 'id="polity-ussr"' in svg and "1937-11-01" in svg
    assert 'id="polity-nkao"' not in svg  # autonomies hidden


def test_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "map.html"
    target.write_text("good")
    with pytest.raises(RuntimeError), atomic_path(target) as temp:
        temp.write_text("half")
        raise RuntimeError("the exporter broke")
    assert target.read_text() == "good" and [p.name for p in tmp_path.iterdir()] == ["map.html"]
    write_text(target, "new")
    assert target.read_text() == "new" and [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_disk_full_message() -> None:
    message = describe_os_error(Path("/x/map.png"), OSError(errno.ENOSPC, "No space left"))
    assert message == "cannot write /x/map.png: the disk is full"
    assert ExportError(message).exit_code == 1


def test_atomic_file_commits_or_discards(tmp_path: Path) -> None:
    target = tmp_path / "map.svg"
    target.write_text("old")
    with AtomicFile(target) as out:
        out.temp.write_text("new")
        assert target.read_text() == "old"  # nothing moves before the commit
        out.commit()
    assert target.read_text() == "new" and [p.name for p in tmp_path.iterdir()] == ["map.svg"]
    with AtomicFile(target) as out:
        out.temp.write_text("newer")
        out.discard()
    assert target.read_text() == "new" and [p.name for p in tmp_path.iterdir()] == ["map.svg"]
    with pytest.raises(KeyboardInterrupt), AtomicFile(target) as out:
        out.temp.write_text("half")
        raise KeyboardInterrupt
    assert target.read_text() == "new" and [p.name for p in tmp_path.iterdir()] == ["map.svg"]
    with pytest.raises(ExportError, match="produced nothing"), AtomicFile(target):
        pass  # an empty file is never put in place
    assert target.read_text() == "new" and [p.name for p in tmp_path.iterdir()] == ["map.svg"]


def test_the_request_kind_follows_the_suffix(tmp_path: Path) -> None:
    spec = MapSpec(dt.date(1937, 11, 1), 300, 200)
    kinds = {
        "a.png": ("png", "snapshot"),
        "a.SVG": ("svg", "print"),
        "a.pdf": ("pdf", "print"),
        "a.htm": ("html", "html"),
        "a.gif": ("gif", "animation"),
        "a.mp4": ("mp4", "animation"),
    }
    for name, (kind, family) in kinds.items():
        request = ExportRequest(tmp_path / name, spec)
        assert (request.kind, request.family, family_of(request.path)) == (kind, family, family)
        assert request.needs_page == (family in ("snapshot", "animation"))
    with pytest.raises(ExportError) as caught:
        ExportRequest(tmp_path / "a.xyz", spec)
    assert caught.value.exit_code == 2
    with pytest.raises(ExportError, match=r"use a \.pdf or \.svg file"):
        ExportRequest(tmp_path / "a.png", spec).check("print")
    with pytest.raises(ExportError, match="needs a year range"):
        ExportRequest(tmp_path / "a.gif", spec).check()
    with pytest.raises(ExportError, match="bad range"):
        ExportRequest(tmp_path / "a.gif", spec, animation=AnimationOptions(1990, 1980)).check()
    good = ExportRequest(tmp_path / "a.gif", spec, animation=AnimationOptions(1936, 1938))
    assert good.check() is good and not list(tmp_path.iterdir())
