"""Peak memory of writing an animation, by frame count: it should not grow with the frames.

    python3 benchmarks/animation_memory.py [--size 4096] [--frames 4 16] [--kind gif mp4]

Each run is a process of its own that feeds ``--size``² frames, made one at a time by a
generator, to :class:`sovietmap.export.animation.AnimationWriter` (no Qt: the page capture is
not what is measured) and reports its peak resident memory (``ru_maxrss``). The frames look
like a map animation: a fixed picture with a caption strip and a moving block that change.
The last line of the output is JSON: {"gif": {"4": MB, "16": MB}, ...}.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def frames(size: int, count: int) -> Iterator[Any]:
    """``count`` frames of ``size``×``size``, each a new array (nothing kept here)."""
    import numpy as np

    ramp = np.linspace(0, 255, size, dtype=np.float32)
    base = np.empty((size, size, 3), dtype=np.uint8)
    base[..., 0] = ramp[None, :].astype(np.uint8)
    base[..., 1] = ramp[:, None].astype(np.uint8)
    base[..., 2] = 128
    for i in range(count):
        frame = base.copy()
        frame[: size // 16, : size // 2] = (20 * i) % 256  # the caption
        x = (i * size // (count + 1)) % (size - size // 8)
        frame[size // 2 : size // 2 + size // 8, x : x + size // 8] = (255, 40 * i % 256, 0)
        yield frame
    del base


def one(kind: str, size: int, count: int) -> dict[str, float]:
    """Write one animation in this process: peak RSS (MB), seconds, file size (MB)."""
    sys.path.insert(0, str(ROOT / "src"))
    from sovietmap.export.animation import AnimationWriter

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"bench.{kind}"
        start = time.perf_counter()
        writer = AnimationWriter(out, 4)
        for frame in frames(size, count):
            writer.add(frame)
        writer.finish()
        took = time.perf_counter() - start
        file_mb = out.stat().st_size / 1e6
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "peak_mb": round(peak_kb / 1024, 1),
        "seconds": round(took, 2),
        "file_mb": round(file_mb, 2),
    }


def main() -> None:
    """Run each (kind, frame count) in a process of its own and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=4096)
    parser.add_argument("--frames", type=int, nargs="+", default=[4, 16])
    parser.add_argument("--kind", nargs="+", default=["gif", "mp4"])
    parser.add_argument("--one", nargs=3, metavar=("KIND", "SIZE", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        kind, size, count = args.one
        print(json.dumps(one(kind, int(size), int(count))))
        return
    result: dict[str, dict[str, Any]] = {}
    for kind in args.kind:
        for count in args.frames:
            done = subprocess.run(
                [sys.executable, __file__, "--one", kind, str(args.size), str(count)],
                capture_output=True,
                text=True,
                check=True,
            )
            figures = json.loads(done.stdout.strip().splitlines()[-1])
            result.setdefault(kind, {})[str(count)] = figures
            print(
                f"{kind} {count:3d} frames of {args.size}²: peak {figures['peak_mb']:7.1f} MB,"
                f" {figures['seconds']:6.1f} s, file {figures['file_mb']:.2f} MB",
                flush=True,
            )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
