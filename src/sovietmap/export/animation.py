"""Animations over a year range: the steps, their captions, and GIF/MP4 writers (no Qt).

Frames come one at a time (from the page capture, or any iterable given to
:func:`write_animation`) and go straight to an :class:`AnimationWriter`, which streams each
to the temporary file at once (GIF: its own image block; MP4: ffmpeg's pipe), so memory does
not grow with the number of frames. It writes atomically: :meth:`~AnimationWriter.abort` (a
cancel, an error, a signal, or the interpreter exiting first) leaves no file and never
touches an existing one.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import os
import struct
import weakref
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Protocol

from sovietmap.core.dates import TIMELINE_END, TIMELINE_START
from sovietmap.export.atomic import (
    EXIT_USAGE,
    AtomicFile,
    ExportError,
    describe_os_error,
    export_kind,
)

#: How frames are chosen: one per year (1 January) or one per border change date.
STEPS = ("year", "change")


class _HasChanges(Protocol):
    def change_dates(self) -> list[dt.date]: ...


def animation_steps(
    atlas: _HasChanges, first_year: int, last_year: int, step: str = "year"
) -> list[dt.date]:
    """The frame dates from 1 January ``first_year`` to 31 December ``last_year``.

    ``year``: 1 January of each year. ``change``: the first day, then every border change
    date in the range. :class:`ExportError` (exit 2) for a bad range or step.
    """
    check_steps(first_year, last_year, step)
    start, end = dt.date(first_year, 1, 1), dt.date(last_year, 12, 31)
    if step == "year":
        return [dt.date(y, 1, 1) for y in range(first_year, last_year + 1)]
    changes = [d for d in atlas.change_dates() if start < d <= end]
    return [start, *changes]


def check_steps(first_year: int, last_year: int, step: str = "year") -> None:
    """:class:`ExportError` (exit 2) unless the year range and the step are good."""
    if step not in STEPS:
        raise ExportError(f"--step {step!r}: use {' or '.join(STEPS)}", EXIT_USAGE)
    if first_year > last_year:
        raise ExportError(f"bad range: {first_year} is after {last_year}", EXIT_USAGE)
    if first_year < TIMELINE_START.year or last_year > TIMELINE_END.year:
        raise ExportError(
            f"bad range {first_year}–{last_year}: the timeline covers "
            f"{TIMELINE_START.year}–{TIMELINE_END.year}",
            EXIT_USAGE,
        )


class _GifStream:
    """A GIF written frame by frame to an open file; only the previous frame is kept.

    The first frame is whole; each later one is the rectangle that changed since the one
    before, drawn over it (disposal "leave in place"), each with its own 256-colour palette.
    """

    def __init__(self, fh: IO[bytes], fps: float) -> None:
        self._fh = fh
        self._duration = round(1000 / fps)
        self._previous: Any = None

    def add(self, frame: Any) -> None:
        import numpy as np
        from PIL import GifImagePlugin, Image

        pixels = np.ascontiguousarray(frame, dtype=np.uint8)
        if pixels.ndim != 3 or pixels.shape[2] != 3:
            shape = "×".join(map(str, pixels.shape))
            raise ExportError(f"a frame must be height×width×3, not {shape}")
        height, width = pixels.shape[:2]
        if self._previous is None:
            self._fh.write(b"GIF89a" + struct.pack("<HHBBB", width, height, 0, 0, 0))
            self._fh.write(b"!\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00")  # loop forever
            x0, y0, x1, y1 = 0, 0, width, height
        else:
            if pixels.shape != self._previous.shape:
                raise ExportError("all frames of an animation must have the same size")
            changed = np.any(pixels != self._previous, axis=2)
            rows = np.flatnonzero(changed.any(axis=1))
            cols = np.flatnonzero(changed.any(axis=0))
            if rows.size:
                x0, y0, x1, y1 = int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1
            else:  # the same picture: one unchanged pixel keeps one frame per step
                x0, y0, x1, y1 = 0, 0, 1, 1
        image = Image.fromarray(pixels[y0:y1, x0:x1], "RGB").quantize(
            256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
        )
        for chunk in GifImagePlugin.getdata(
            image, (x0, y0), duration=self._duration, disposal=1, include_color_table=True
        ):
            self._fh.write(chunk)
        self._fh.flush()
        self._previous = pixels

    def close(self) -> None:
        self._fh.write(b";")
        self._fh.flush()
        os.fsync(self._fh.fileno())


#: Writers not yet finished or aborted; discarded if the interpreter exits first.
_OPEN: weakref.WeakSet[AnimationWriter] = weakref.WeakSet()


@atexit.register
def _abort_open_writers() -> None:
    for writer in list(_OPEN):
        writer.abort()


class AnimationWriter:
    """Writes frames (height×width×3 uint8 arrays) to a GIF or MP4, atomically, as they come.

    Use :meth:`add` per frame, then :meth:`finish`; :meth:`abort` discards everything. As a
    context manager it finishes on success and aborts on any exception (signals included).
    """

    def __init__(self, path: Path, fps: float = 2.0) -> None:
        self.check_options(path, fps)
        self.path = Path(path)
        self.kind = export_kind(self.path)
        self.fps = fps
        self.frames = 0
        self._file = AtomicFile(self.path)
        self._temp = self._file.temp
        _OPEN.add(self)
        self._gif: _GifStream | None = None
        self._fh: IO[bytes] | None = None
        self._video: Any = None
        if self.kind == "mp4":
            self._video = self._open_video()
        else:
            try:
                self._fh = open(self._temp, "wb")  # noqa: SIM115 - closed by finish/abort
            except OSError as exc:
                self.abort()
                raise ExportError(describe_os_error(self.path, exc)) from None
            self._gif = _GifStream(self._fh, fps)

    def __enter__(self) -> AnimationWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc is None:
            self.finish()
        else:
            self.abort()

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
            raise ExportError(
                "MP4 needs the imageio-ffmpeg package "
                "(pip install imageio-ffmpeg); GIF works without it"
            ) from None
        # imageio-ffmpeg starts ffmpeg in a process group of its own: a Ctrl-C reaches us only
        return imageio.get_writer(
            self._temp,
            format="FFMPEG",
            fps=self.fps,
            codec="libx264",
            quality=7,
            macro_block_size=2,
            pixelformat="yuv420p",
        )

    def add(self, frame: Any) -> None:
        """Write one frame to the temporary file now (nothing is kept but the last frame)."""
        try:
            if self._video is not None:
                self._video.append_data(frame)
            elif self._gif is not None:
                self._gif.add(frame)
            else:
                raise ExportError(f"cannot write {self.path}: the animation was closed")
        except BaseException:
            self.abort()
            raise
        self.frames += 1

    def finish(self) -> Path:
        """Close the file and move it into place; returns its path."""
        if self.frames == 0:
            self.abort()
            raise ExportError(f"cannot write {self.path}: no frames")
        try:
            if self._video is not None:
                self._video.close()
                self._video = None
            elif self._gif is not None:
                self._gif.close()
                self._gif = None
                self._close_file()
        except OSError as exc:
            self.abort()
            raise ExportError(describe_os_error(self.path, exc)) from None
        except BaseException:
            self.abort()
            raise
        _OPEN.discard(self)
        return self._file.commit()

    def _close_file(self) -> None:
        if self._fh is not None:
            fh, self._fh = self._fh, None
            fh.close()

    def abort(self) -> None:
        """Discard the frames and the temporary file; the target is left as it was."""
        _OPEN.discard(self)
        if self._video is not None:
            with contextlib.suppress(Exception):
                self._video.close()
            self._video = None
        self._gif = None
        with contextlib.suppress(OSError):
            self._close_file()
        self._file.discard()


def write_animation(path: Path, frames: Iterable[Any], fps: float = 2.0) -> Path:
    """Write ``frames`` (any iterable, e.g. a generator) to ``path``, one frame at a time.

    No list of frames is made: each goes to the file before the next is asked for. On any
    exception (signals included) nothing is left at ``path``'s place but what was there.
    """
    with AnimationWriter(path, fps) as writer:
        for frame in frames:
            writer.add(frame)
    return Path(path)
