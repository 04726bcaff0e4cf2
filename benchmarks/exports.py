"""Export timings on their own: a warm 1920×1080 PNG and a 1918–1995 GIF.

    python3 benchmarks/exports.py

Both run headless (offscreen Qt) on the real page and data and return seconds. (The full run,
``benchmarks/run.py``, measures the same exports inside the app: :func:`benchmarks.app.exports`.)
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

from sovietmap.core.atlas import BorderIndex
from sovietmap.export.spec import MapSpec


def png_seconds(width: int = 1920, height: int = 1080, repeat: int = 3) -> float:
    """Best time of ``repeat`` PNG exports (capture + encode + atomic write), page warm."""
    from sovietmap.export import qtcapture

    capturer = qtcapture.open_capturer()
    days = [dt.date(1930, 1, 1), dt.date(1950, 1, 1), dt.date(1937, 11, 1)]
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "bench.png"
        qtcapture.save_png(capturer.capture_sync(MapSpec(days[-1], width, height)), out)  # warm
        best = float("inf")
        for i in range(repeat):
            start = time.perf_counter()
            image = capturer.capture_sync(MapSpec(days[i % len(days)], width, height))
            qtcapture.save_png(image, out)
            best = min(best, time.perf_counter() - start)
    capturer.close()
    return best


def gif_seconds(first: int = 1918, last: int = 1995, width: int = 1024, height: int = 768) -> float:
    """Time of a whole GIF, one frame per year, page warm (as ``sovietmap export``)."""
    from sovietmap.export import qtcapture
    from sovietmap.export.animation import animation_steps

    capturer = qtcapture.open_capturer()
    atlas = BorderIndex.load()
    steps = animation_steps(atlas, first, last)
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        qtcapture.record_animation(
            capturer, atlas, MapSpec(steps[0], width, height), steps, Path(folder) / "bench.gif", 4
        )
        took = time.perf_counter() - start
    capturer.close()
    return took


if __name__ == "__main__":
    print(f"png 1920x1080: {png_seconds():.3f} s")
    print(f"gif 1918-1995: {gif_seconds():.1f} s")
