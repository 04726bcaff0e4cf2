"""Animations: steps, frame counts, cancel and failure leave nothing behind."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from sovietmap.core.atlas import BorderAtlas
from sovietmap.export import qtcapture
from sovietmap.export.animation import AnimationWriter, animation_steps
from sovietmap.export.atomic import ExportError
from sovietmap.export.spec import MapSpec


def test_steps_per_year_and_per_change(atlas: BorderAtlas) -> None:
    years = animation_steps(atlas, 1918, 1995)
    assert len(years) == 78 and years[0] == dt.date(1918, 1, 1)
    changes = animation_steps(atlas, 1936, 1937, "change")
    assert changes[0] == dt.date(1936, 1, 1) and dt.date(1936, 12, 5) in changes
    assert all(dt.date(1936, 1, 1) <= d <= dt.date(1937, 12, 31) for d in changes)
    for bad in ((1990, 1980), (1900, 1920), (1918, 2001)):
        with pytest.raises(ExportError) as caught:
            animation_steps(atlas, *bad)
        assert caught.value.exit_code == 2


def test_gif_has_one_frame_per_step(
    capturer: qtcapture.PageCapturer, atlas: BorderAtlas, tmp_path: Path
) -> None:
    out = tmp_path / "years.gif"
    steps = animation_steps(atlas, 1934, 1938)
    qtcapture.record_animation(capturer, atlas, MapSpec(steps[0], 200, 150), steps, out, 4)
    with Image.open(out) as gif:
        assert getattr(gif, "n_frames", 1) == len(steps) == 5
        gif.seek(0)
        first = np.asarray(gif.convert("RGB"))
        gif.seek(4)
        last = np.asarray(gif.convert("RGB"))
    assert first.shape == (150, 200, 3) and np.any(first != last)
    assert [p.name for p in tmp_path.iterdir()] == ["years.gif"]


def test_mp4_is_written(
    capturer: qtcapture.PageCapturer, atlas: BorderAtlas, tmp_path: Path
) -> None:
    out = tmp_path / "changes.mp4"
    steps = animation_steps(atlas, 1936, 1937, "change")
    qtcapture.record_animation(capturer, atlas, MapSpec(steps[0], 200, 150), steps, out, 2)
    assert out.read_bytes()[4:8] == b"ftyp"


def test_cancel_leaves_nothing_and_keeps_an_existing_file(
    capturer: qtcapture.PageCapturer, atlas: BorderAtlas, tmp_path: Path
) -> None:
    out = tmp_path / "keep.gif"
    out.write_bytes(b"GIF89a an older, good file")
    steps = animation_steps(atlas, 1920, 1930)
    recorder = qtcapture.AnimationRecorder(
        capturer, atlas, MapSpec(steps[0], 160, 120), steps, out, 2
    )
    recorder.progress.connect(lambda done, _total: recorder.cancel() if done == 2 else None)
    recorder.start()
    qtcapture.wait_for(lambda: recorder.result is not None, 30, "the cancel")
    assert recorder.cancelled and recorder.done < len(steps)
    assert out.read_bytes() == b"GIF89a an older, good file"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.gif"]


def test_writer_abort_and_bad_options(tmp_path: Path) -> None:
    writer = AnimationWriter(tmp_path / "a.gif", 2)
    writer.add(np.zeros((10, 10, 3), dtype=np.uint8))
    writer.abort()
    assert not list(tmp_path.iterdir())
    for name, fps in (("a.gif", 0.0), ("a.png", 2.0)):
        with pytest.raises(ExportError) as caught:
            AnimationWriter(tmp_path / name, fps)
        assert caught.value.exit_code == 2
    assert not list(tmp_path.iterdir())
