"""Animations over a year range: the steps, their captions, and GIF/MP4 writers (no Qt).

Frames come one at a time (from the page capture) and go straight to an
:class:`AnimationWriter`, which writes atomically: :meth:`~AnimationWriter.abort` (a cancel
or an error) leaves no file and never touches an existing one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import Any, Protocol

from sovietmap.core.dates import TIMELINE_END, TIMELINE_START
from sovietmap.export.atomic import (
    EXIT_USAGE,
    ExportCancelledError,
    ExportError,
    atomic_path,
    export_kind,
)

#: How frames are chosen: one per year (1 January) or one per border change date.
STEPS = ("year", "change")


class _HasChanges(Protocol):
    def change_dates(self) -> list[dt.date]: ...


def animation_steps(atlas: _HasChanges, first_year: int, last_year: int,
                    step: str = "year") -> list[dt.date]:
    """The frame dates from 1 January ``first_year`` to 31 December ``last_year``.

    ``year``: 1 January of each year. ``change``: the first day, then every border change
    date in the range. :class:`ExportError` (exit 2) for a bad range or step.
    """
    if step not in STEPS:
        raise ExportError(f"--step {step!r}: use {' or '.join(STEPS)}", EXIT_USAGE)
    if first_year > last_year:
        raise ExportError(f"bad range: {first_year} is after {last_year}", EXIT_USAGE)
    if first_year < TIMELINE_START.year or last_year > TIMELINE_END.year:
        raise ExportError(f"bad range {first_year}–{last_year}: the timeline covers "
                          f"{TIMELINE_START.year}–{TIMELINE_END.year}", EXIT_USAGE)
    start, end = dt.date(first_year, 1, 1), dt.date(last_year, 12, 31)
    if step == "year":
        return [dt.date(y, 1, 1) for y in range(first_year, last_year + 1)]
    changes = [d for d in atlas.change_dates() if start < d <= end]
    return [start, *changes]


class AnimationWriter:
    """Writes frames (height×width×3 uint8 arrays) to a GIF or MP4, atomically.

    Use :meth:`add` per frame, then :meth:`finish`; :meth:`abort` discards everything.
    """

    def __init__(self, path: Path, fps: float = 2.0) -> None:
        self.check_options(path, fps)
        self.path = Path(path)
        self.kind = export_kind(self.path)
        self.fps = fps
        self.frames = 0
        self._stack = contextlib.ExitStack()
        self._temp = self._stack.enter_context(atomic_path(self.path))
        self._gif: list[Any] = []
        self._video: Any = None
        if self.kind == "mp4":
            self._video = self._open_video()

    @staticmethod
    def check_options(path: Path, fps: float) -> None:
        """:class:`ExportError` (exit 2) unless ``path`` is .gif/.mp4 and ``fps`` sensible."""
        if export_kind(Path(path)) not in ("gif", "mp4"):
            raise ExportError(f"{path}: an animation must be .gif or .mp4", EXIT_USAGE)
        if not 0.1 <= fps <= 60:
            raise ExportError(f"--fps {fps:g} out of range (0.1 to 60)", EXIT_USAGE)

    def _open_video(self) -> Any:
        try:
            import imageio.v2 as imageio
            import imageio_ffmpeg  # noqa: F401 - imageio's ffmpeg plugin needs it
        except ImportError:
            self.abort()
            raise ExportError("MP4 needs the imageio-ffmpeg package "
                              "(pip install imageio-ffmpeg); GIF works without it") from None
        return imageio.get_writer(self._temp, format="FFMPEG", fps=self.fps, codec="libx264",
                                  quality=7, macro_block_size=2, pixelformat="yuv420p")

    def add(self, frame: Any) -> None:
        """Append one frame."""
        try:
            if self._video is not None:
                self._video.append_data(frame)
            else:
                from PIL import Image

                image = Image.fromarray(frame, "RGB")
                self._gif.append(image.quantize(256, method=Image.Quantize.FASTOCTREE,
                                                dither=Image.Dither.NONE))
        except Exception:
            self.abort()
            raise
        self.frames += 1

    def finish(self) -> Path:
        """Write the file and move it into place; returns its path."""
        if self.frames == 0:
            self.abort()
            raise ExportError(f"cannot write {self.path}: no frames")
        try:
            if self._video is not None:
                self._video.close()
                self._video = None
            else:
                first, *rest = self._gif
                first.save(self._temp, format="GIF", save_all=True, append_images=rest,
                           duration=round(1000 / self.fps), loop=0, optimize=False)
        except BaseException as exc:
            self._stack.__exit__(type(exc), exc, exc.__traceback__)
            raise
        self._gif = []
        self._stack.close()
        return self.path

    def abort(self) -> None:
        """Discard the frames and the temporary file; the target is left as it was."""
        if self._video is not None:
            with contextlib.suppress(Exception):
                self._video.close()
            self._video = None
        self._gif = []
        cancel = ExportCancelledError()
        with contextlib.suppress(ExportCancelledError):
            self._stack.__exit__(ExportCancelledError, cancel, None)
