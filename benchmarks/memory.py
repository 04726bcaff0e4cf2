"""Where the app's memory goes: PSS per process kind, browsing and with the exports.

    python3 benchmarks/memory.py [--repeats 1] [--no-exports]

Opens the real window offscreen (as ``benchmarks/app.py`` does), scrubs the date over the
sweep ``--repeats`` times, then makes the PNG and GIF exports of ``benchmarks/run.py``, sampling
the proportional set size (PSS) of the app and each web-engine process every 200 ms. It prints
the peak total and, at the peak of each phase (browsing, opening the export page, the PNGs, the
GIF), the split by process kind (app, renderer, zygote, GPU, utility) and by memory kind
(anonymous, file, shared), plus what the visible page holds: its data.js size, its Leaflet
layers and SVG paths, and its JavaScript heap. The last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import app


def _kind(pid: int) -> str:
    """What a process of the app's tree is: app (the browser side, with Chromium's GPU thread),
    renderer (forked by a zygote), zygote, gpu, utility or other."""
    if pid == os.getpid():
        return "app"
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        ppid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return "gone"
    for arg in argv:
        if arg.startswith(b"--type="):
            kind = arg.split(b"=", 1)[1].decode()
            if kind == "zygote" and ppid != os.getpid():
                return "renderer"  # a zygote's child is a renderer (it keeps the command line)
            return "gpu" if kind == "gpu-process" else kind
    return "other"


def split() -> dict[str, float]:
    """PSS (MB) of the app's process tree by process kind, the total, and the total split into
    anonymous, file-backed and shared memory (file pages of Qt's libraries are shared with
    any other Qt process on the machine, so the anonymous part is the steadier comparison)."""
    out: dict[str, float] = {}
    renderers = 0
    for pid in app._tree(os.getpid()):
        try:
            text = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        kind = _kind(pid)
        renderers += kind == "renderer"
        for line in text.splitlines():
            field, _, rest = line.partition(":")
            if field in ("Pss", "Pss_Anon", "Pss_File", "Pss_Shmem"):
                key = kind if field == "Pss" else field.lower()
                out[key] = out.get(key, 0.0) + int(rest.split()[0]) / 1024
    out["total"] = sum(v for k, v in out.items() if not k.startswith("pss_"))
    out["renderers"] = renderers
    return {k: round(v, 1) for k, v in sorted(out.items())}


class SplitSampler:
    """Samples :func:`split` on a timer; keeps the sample with the highest total overall and
    since the last :meth:`reset`."""

    def __init__(self, interval_ms: int = 200) -> None:
        from PySide6.QtCore import QTimer

        self.peak: dict[str, float] = {"total": 0.0}
        self.phase: dict[str, float] = {"total": 0.0}
        self.quiet_peak = 0.0
        self.timer = QTimer(interval=interval_ms)
        self.timer.timeout.connect(self.sample)
        self.timer.start()

    def sample(self) -> dict[str, float]:
        """Take one sample now; return it."""
        now = split()
        if now["total"] > self.peak["total"]:
            self.peak = now
        if now["total"] > self.phase["total"]:
            self.phase = now
        return now

    def reset(self) -> dict[str, float]:
        """Sample now; return the peak since the last reset and start a new phase, with
        ``file_alone`` (:func:`benchmarks.app.file_alone_mb`, now) and ``quiet_total``: the
        peak's anonymous and shared memory plus ``file_alone``, the total PSS on a machine
        running nothing else."""
        self.sample()
        phase, self.phase = self.phase, {"total": 0.0}
        phase["file_alone"] = round(app.file_alone_mb(os.getpid()), 1)
        phase["quiet_total"] = round(
            phase.get("pss_anon", 0) + phase.get("pss_shmem", 0) + phase["file_alone"], 1
        )
        self.quiet_peak = max(self.quiet_peak, phase["quiet_total"])
        return phase

    def stop(self) -> dict[str, float]:
        """Stop sampling; the peak sample."""
        self.sample()
        self.timer.stop()
        return self.peak


#: JS: what the page holds (layers, SVG paths, DOM nodes, the JS heap if Chromium tells).
_PAGE_JS = """JSON.stringify((function () {
  var m = window.map_sovietmap, layers = 0, onMap = 0;
  if (m) { m.eachLayer(function () { onMap++; }); }
  var mem = performance.memory || {};
  return {layers_on_map: onMap, svg_paths: document.querySelectorAll('path').length,
    dom_nodes: document.getElementsByTagName('*').length,
    js_heap_used_mb: (mem.usedJSHeapSize || 0) / 1048576,
    js_heap_total_mb: (mem.totalJSHeapSize || 0) / 1048576};
})())"""


def page_facts(window: Any) -> dict[str, Any]:
    """The visible page's size and what it holds now."""
    facts = json.loads(app._js(window, _PAGE_JS))
    index = Path(window.map.view.url().toLocalFile())
    for name in ("data.js", "sovietmap.js", "index.html"):
        path = index.with_name(name)
        if path.exists():
            facts[f"{name}_mb"] = round(path.stat().st_size / 1e6, 2)
    return facts


def exports(window: Any, sampler: SplitSampler, png_runs: int = 5) -> dict[str, Any]:
    """The exports of ``benchmarks/app.py`` (PNGs at 1920x1080, the 1918-1995 GIF at 1024x768),
    with the peak of each phase: opening the export page, the PNGs, the GIF."""
    import datetime as dt
    import shutil
    import tempfile
    import time

    from sovietmap.export import qtcapture
    from sovietmap.export.animation import animation_steps
    from sovietmap.export.spec import MapSpec

    out: dict[str, Any] = {}
    sampler.reset()
    capturer = qtcapture.open_capturer()
    out["open_peak"] = sampler.reset()
    folder = Path(tempfile.mkdtemp(prefix="sovietmap-bench-memory-"))
    days = [dt.date(1930, 1, 1), dt.date(1950, 1, 1), dt.date(1937, 11, 1)]
    t0 = time.perf_counter()
    for i in range(png_runs + 1):
        image = capturer.capture_sync(MapSpec(days[i % len(days)], 1920, 1080))
        qtcapture.save_png(image, folder / "snapshot.png")
        del image
    out["png_s"] = round((time.perf_counter() - t0) / (png_runs + 1), 2)
    out["png_peak"] = sampler.reset()
    steps = animation_steps(window.atlas, 1918, 1995)
    t0 = time.perf_counter()
    qtcapture.record_animation(
        capturer, window.atlas, MapSpec(steps[0], 1024, 768), steps, folder / "timeline.gif", 4
    )
    out["gif_s"] = round(time.perf_counter() - t0, 1)
    out["gif_peak"] = sampler.reset()
    capturer.close()
    shutil.rmtree(folder, ignore_errors=True)
    return out


def main() -> int:
    """Command line; prints a short table and the figures as JSON on the last line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=1, help="scrub passes (after a warm-up)")
    parser.add_argument("--no-exports", action="store_true", help="browse only")
    args = parser.parse_args()
    app.prebuild_page()
    _app, window = app.open_app()
    sampler = SplitSampler()
    out: dict[str, Any] = {"after_start": split()}
    scrub = app.scrub(window, repeats=args.repeats)
    out["scrub_ms"] = {k: round(scrub[k], 1) for k in ("p50_ms", "p95_ms", "max_ms")}
    out["browse_peak"] = sampler.reset()
    out["page"] = page_facts(window)
    if not args.no_exports:
        out.update(exports(window, sampler))
    out["peak"] = sampler.stop()
    out["quiet_peak"] = sampler.quiet_peak
    app._idle(1000)
    out["after_exports"] = split()
    window.close()
    for key, value in out.items():
        if isinstance(value, dict) and "total" in value:
            print(f"{key:14s} " + "  ".join(f"{k} {v:.0f}" for k, v in value.items()), flush=True)
    print(f"scrub ms {out['scrub_ms']}  quiet peak {out['quiet_peak']:.0f} MB", flush=True)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
