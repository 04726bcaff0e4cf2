"""Interrupted and heavy animations: a signal leaves nothing behind, frames go out one by one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from sovietmap.export.animation import AnimationWriter, write_animation

ROOT = Path(__file__).resolve().parents[2]


def _frames(count: int, width: int = 96, height: int = 64) -> Iterator[np.ndarray]:
    """Frames with a few flat colours (so a 256-colour GIF holds them exactly)."""
    for i in range(count):
        frame = np.full((height, width, 3), (200, 220, 240), dtype=np.uint8)
        frame[: height // 2, : width // 3] = (90, 140, 60)
        frame[5:12, 2 : 2 + 4 * (i + 1)] = (10, 10, 10)  # a caption that grows
        frame[40:50, 10 * i : 10 * i + 10] = (220, 30, 30)  # a block that moves
        yield frame


def _temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if ".part" in p.name]


def test_gif_frames_reach_the_file_one_at_a_time(tmp_path: Path) -> None:
    """Each add() writes its frame to the temporary file at once; nothing is held back."""
    out = tmp_path / "stream.gif"
    writer = AnimationWriter(out, 4)
    sizes = []
    expected = list(_frames(6))
    for frame in expected:
        writer.add(frame)
        (temp,) = _temp_files(tmp_path)
        sizes.append(temp.stat().st_size)
    assert all(b > a for a, b in zip([0, *sizes], sizes, strict=False)), sizes
    writer.finish()
    assert [p.name for p in tmp_path.iterdir()] == ["stream.gif"]
    with Image.open(out) as gif:
        assert getattr(gif, "n_frames", 1) == 6
        for index, frame in enumerate(expected):
            gif.seek(index)
            assert gif.info.get("duration") == 250
            assert np.array_equal(np.asarray(gif.convert("RGB")), frame), f"frame {index}"


@pytest.mark.parametrize("kind", ["gif", "mp4"])
def test_frames_from_a_generator(kind: str, tmp_path: Path) -> None:
    """write_animation() takes frames from a generator; no list of frames is built."""
    out = tmp_path / f"gen.{kind}"
    written: list[int] = []

    def frames() -> Iterator[np.ndarray]:
        for index, frame in enumerate(_frames(5)):
            if kind == "gif" and index:
                (temp,) = _temp_files(tmp_path)
                written.append(temp.stat().st_size)  # the earlier frames are on disk
            yield frame

    assert write_animation(out, frames(), 2) == out
    assert [p.name for p in tmp_path.iterdir()] == [out.name]
    if kind == "gif":
        assert written == sorted(written) and len(set(written)) == 4 and written[0] > 0
        with Image.open(out) as gif:
            assert getattr(gif, "n_frames", 1) == 5
    else:
        assert out.read_bytes()[4:8] == b"ftyp"


def test_an_error_in_the_frame_source_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "keep.gif"
    out.write_bytes(b"GIF89a old")

    def frames() -> Iterator[np.ndarray]:
        yield from _frames(2)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_animation(out, frames(), 2)
    assert out.read_bytes() == b"GIF89a old" and [p.name for p in tmp_path.iterdir()] == [
        "keep.gif"
    ]


def test_exiting_mid_animation_leaves_no_temporary_file(tmp_path: Path) -> None:
    """A program (the app) that ends while a writer is open leaves no temporary file."""
    script = (
        "import sys, numpy as np; from pathlib import Path;"
        "from sovietmap.export.animation import AnimationWriter;"
        "w = AnimationWriter(Path(sys.argv[1]), 2);"
        "w.add(np.zeros((32, 32, 3), dtype=np.uint8));"
        "assert any('.part' in p.name for p in Path(sys.argv[1]).parent.iterdir());"
        "sys.exit(0)"
    )
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    )
    for suffix in ("gif", "mp4"):
        out = tmp_path / f"quit.{suffix}"
        run = subprocess.run(
            [sys.executable, "-c", script, str(out)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert run.returncode == 0, run.stderr
        assert not list(tmp_path.iterdir()), run.stderr


def _start_export(out: Path, export_page: Path) -> subprocess.Popen[bytes]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CACHE_HOME=str(export_page.parents[2]),
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    )
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sovietmap",
            "export",
            "--from",
            "1918",
            "--to",
            "1995",
            "--out",
            str(out),
            "--width",
            "160",
            "--height",
            "120",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def _wait_for_frames(process: subprocess.Popen[bytes], frames: int) -> bytes:
    """Read stderr until the progress shows ``frames`` frames done."""
    assert process.stderr is not None
    os.set_blocking(process.stderr.fileno(), False)
    seen = b""
    deadline = time.monotonic() + 120
    while f" {frames}/78 frames".encode() not in seen:
        assert process.poll() is None, seen.decode(errors="replace")
        assert time.monotonic() < deadline, seen.decode(errors="replace")
        chunk = process.stderr.read()
        if chunk:
            seen += chunk
        else:
            time.sleep(0.05)
    return seen


@pytest.mark.parametrize(
    ("suffix", "signum", "code", "times"),
    [
        # each format, each signal and the repeated Ctrl-C once (the suite's time budget)
        ("gif", signal.SIGINT, 130, 1),
        ("mp4", signal.SIGTERM, 143, 1),
        ("mp4", signal.SIGINT, 130, 3),
    ],
)
def test_a_signal_mid_animation_leaves_nothing(
    suffix: str, signum: int, code: int, times: int, tmp_path: Path, export_page: Path
) -> None:
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) or SIGTERM to the
    process: exit 130/143, one line and no traceback, no temporary file, the old file kept.
    Ctrl-C pressed again while the first is cleaning up changes nothing."""
    out = tmp_path / f"anim.{suffix}"
    out.write_bytes(b"an older, good file")
    process = _start_export(out, export_page)
    try:
        seen = _wait_for_frames(process, 3)
        for _ in range(times):
            if signum == signal.SIGINT:
                os.killpg(process.pid, signum)
            else:
                process.send_signal(signum)
            time.sleep(0.02)
        rest = process.communicate(timeout=60)[1]
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    err = (seen + rest).decode(errors="replace")
    assert process.returncode == code, err[-2000:]
    assert "Traceback" not in err, err[-2000:]
    last = err.strip().splitlines()[-1]
    assert last.startswith("sovietmap export: interrupted"), err[-2000:]
    assert out.read_bytes() == b"an older, good file"
    assert [p.name for p in tmp_path.iterdir()] == [out.name]
