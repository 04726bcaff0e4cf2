"""App measurements on the real window, offscreen: scrub, naive, start, memory.

Run through ``benchmarks/run.py``. ``python3 benchmarks/app.py start`` is the child process
the start measurement launches (it prints one line when the first map has painted).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
BENCH_CACHE = Path(tempfile.gettempdir()) / "sovietmap-bench-cache"
#: The page's benchmark hooks (window.sovietmapBench), injected once the page is ready.
PAGE_HOOKS = Path(__file__).with_name("pagehooks.js")


def _options(day: str) -> argparse.Namespace:
    return argparse.Namespace(
        date=day, year=None, event_files=[], screenshot=None, no_remember=True
    )


def percentiles(values: list[float]) -> dict[str, float]:
    """p50, p95 and max of ``values``."""
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "p50_ms": statistics.median(ordered),
        "p95_ms": p95,
        "max_ms": ordered[-1],
        "n": len(ordered),
    }


def _wait(signal: Any, timeout_ms: int = 20_000) -> bool:
    """Spin the event loop until ``signal`` fires; False on timeout."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    fired = {"ok": False}

    def done(*_args: Any) -> None:
        fired["ok"] = True
        loop.quit()

    signal.connect(done)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(done)
    return fired["ok"]


def _js(window: Any, script: str) -> Any:
    from PySide6.QtCore import QEventLoop

    box: list[Any] = []
    loop = QEventLoop()

    def done(result: Any) -> None:
        box.append(result)
        loop.quit()

    window.map.run_js(script, done)
    loop.exec()
    return box[0]


def sweep_dates(window: Any) -> list[dt.date]:
    """Every year (1 January) and every change date of the timeline, in order."""
    model = window.model
    days = {dt.date(y, 1, 1) for y in range(model.start.year, model.end.year + 1)}
    days.update(model.changes)
    return sorted(d for d in days if model.start <= d <= model.end)


def _settings_sandbox() -> None:
    """Keep the benchmark away from the user's settings and page cache."""
    from PySide6.QtCore import QSettings

    tmp = Path(tempfile.mkdtemp(prefix="sovietmap-bench-"))
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
    # One page cache for all benchmark runs: the app is measured with its page built, as a
    # user has it from the second start on (the first start is reported on its own).
    os.environ["XDG_CACHE_HOME"] = str(BENCH_CACHE)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "config"))


def open_app(day: str = "1918-01-01") -> tuple[Any, Any]:
    """The real application window, shown offscreen, after its first paint."""
    _settings_sandbox()
    from sovietmap.ui.app import open_window

    app, window = open_window(_options(day))
    if not window.map.is_ready:
        _wait(window.map.ready, 60_000)
    _wait(window.map.painted, 10_000)
    _js(window, PAGE_HOOKS.read_text(encoding="utf-8") + "\n1")
    return app, window


def _idle(ms: float) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(max(0, round(ms)), loop.quit)
    loop.exec()


def scrub(window: Any, repeats: int = 3) -> dict[str, Any]:
    """Step the date over the sweep; time each step until the page reports two frames.

    Between steps the benchmark idles a random 0-16 ms, as a hand on the slider does, so
    that changes fall at every phase of the page's 60 Hz frame clock (not always just after
    a frame, which would measure the clock instead of the page).
    """
    import random

    jitter = random.Random(1937)
    days = sweep_dates(window)
    python_ms: list[float] = []
    for rep in range(repeats + 1):  # the first pass warms up and is not counted
        if rep == 1:
            _js(window, "sovietmapBench.takePaintTimes().length")
        for day in days if rep % 2 == 0 else reversed(days):
            _idle(jitter.uniform(0, 16.7))
            t0 = time.perf_counter()
            if not window.model.set_date(day):
                continue  # already there (the turn at either end of the sweep)
            if not _wait(window.map.painted):
                raise RuntimeError(f"no paint after setting {day}")
            if rep:
                python_ms.append((time.perf_counter() - t0) * 1e3)
    page_ms = [
        float(v) for v in json.loads(_js(window, "JSON.stringify(sovietmapBench.takePaintTimes())"))
    ]
    return {
        "steps": len(days),
        **percentiles(python_ms),
        "page": percentiles(page_ms),
        "floor": frame_floor(window, jitter),
    }


def frame_floor(window: Any, jitter: Any, steps: int = 150) -> dict[str, float]:
    """The same round trip with nothing changed: what the 60 Hz frame clock alone costs."""
    times = []
    for _ in range(steps):
        _idle(jitter.uniform(0, 16.7))
        t0 = time.perf_counter()
        window.map.run_js("sovietmapBench.repaint();")
        if not _wait(window.map.painted):
            raise RuntimeError("no paint after an empty change")
        times.append((time.perf_counter() - t0) * 1e3)
    return percentiles(times)


def _naive_page(
    atlas: Any, gazetteer: Any, catalogue: Any, base: dict[str, Any], day: dt.date, token: str
) -> str:
    """The folium page a naive viewer renders for one date: what our page shows, rebuilt."""
    import folium
    import xstatic.pkg.leaflet as xleaflet

    from sovietmap.core.events import escape_html
    from sovietmap.mapview.page import VIEW
    from sovietmap.mapview.style import KINDS, LAND, PRECISION, polity_colour

    leaflet = Path(xleaflet.BASE_DIR)
    m = folium.Map(tiles=None, zoom_start=6, location=[41, 46])
    m.default_js = [("leaflet", (leaflet / "leaflet.js").as_uri())]
    m.default_css = [("leaflet_css", (leaflet / "leaflet.css").as_uri())]
    folium.GeoJson(base, style_function=lambda _f: dict(LAND)).add_to(m)
    for row in atlas.at(day).itertuples():
        kind = KINDS.get(row.kind, KINDS["context"])
        line = PRECISION[str(row.precision)]
        colour = polity_colour({"kind": row.kind, "country": getattr(row, "country", None)})
        look = {
            "color": colour,
            "weight": kind["weight"],
            "dashArray": line["dash"],
            "fillOpacity": kind["fillOpacity"],
        }
        folium.GeoJson(
            row.geometry.__geo_interface__,
            style_function=lambda _f, s=look: s,
            tooltip=escape_html(row.name),
        ).add_to(m)
    for place in gazetteer.places:
        name = place.name_on(day)
        if name:
            folium.Marker(
                [place.lat, place.lon],
                icon=folium.DivIcon(html=f"<span>{escape_html(name)}</span>"),
            ).add_to(m)
    for event in catalogue.at(day):  # a tooltip: folium's popups need jQuery, offline too
        folium.CircleMarker(
            [event.lat, event.lon], radius=7, tooltip=escape_html(event.title)
        ).add_to(m)
    m.fit_bounds(VIEW)
    return (
        m.get_root()
        .render()
        .replace(
            "</body>",
            "<script>requestAnimationFrame(() => requestAnimationFrame(() => "
            f"{{document.title = '{token}';}}));</script></body>",
        )
    )


def naive(window: Any, steps: int = 16) -> dict[str, Any]:
    """The baseline: re-render the folium map for each date and load it anew, until painted.

    Each page holds what ours shows on that date (land, styled borders, city names, pins),
    written to a file (too big for setHtml) and loaded into a web view of the map's size.
    """
    from PySide6.QtCore import QUrl
    from PySide6.QtWebEngineWidgets import QWebEngineView

    from sovietmap.core.atlas import BorderAtlas
    from sovietmap.core.places import Gazetteer
    from sovietmap.mapview.page import BASE_FILE

    atlas = BorderAtlas.load()
    gazetteer = Gazetteer.load()
    base = json.loads(BASE_FILE.read_text("utf-8"))
    days = sweep_dates(window)
    chosen = days[:: max(1, len(days) // steps)][:steps]
    view = QWebEngineView()
    view.resize(window.map.view.size())
    view.show()
    folder = Path(tempfile.mkdtemp(prefix="sovietmap-naive-"))
    times: list[float] = []
    for i, day in enumerate(chosen):
        t0 = time.perf_counter()
        token = f"painted-{i}"
        path = folder / f"naive-{i}.html"
        path.write_text(_naive_page(atlas, gazetteer, window.catalogue, base, day, token), "utf-8")
        view.load(QUrl.fromLocalFile(str(path)))
        while view.title() != token:
            if not _wait(view.titleChanged, 30_000):
                raise RuntimeError(f"naive page for {day} never painted")
        times.append((time.perf_counter() - t0) * 1e3)
    view.close()
    shutil.rmtree(folder, ignore_errors=True)
    return {"steps": len(chosen), **percentiles(times[1:])}  # the first load warms up


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def _sum_field(pid: int, name: str, field: str) -> float:
    """Sum of a /proc field (kB) over ``pid`` and its descendants, in MB."""
    total = 0
    for p in _tree(pid):
        try:
            for line in Path(f"/proc/{p}/{name}").read_text().splitlines():
                if line.startswith(field):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def file_alone_mb(pid: int) -> float:
    """The file-backed memory of ``pid`` and its descendants as PSS would count it on a quiet
    machine: their distinct file pages in memory (Linux pagemap; root sees the page frames,
    else 0). PSS splits a library's pages among every process mapping them, so other Qt
    programs running at the same time lower the app's PSS; this figure does not move with them.
    """
    import struct

    frames: set[int] = set()
    for p in _tree(pid):
        try:
            maps = Path(f"/proc/{p}/maps").read_text().splitlines()
            pagemap = open(f"/proc/{p}/pagemap", "rb")  # noqa: SIM115 - closed below
        except OSError:
            continue
        with pagemap:
            for line in maps:
                parts = line.split(maxsplit=5)
                if len(parts) < 6 or not parts[5].startswith("/") or parts[4] == "0":
                    continue
                if parts[5].startswith(("/dev/", "/memfd:")):  # shared memory: counted apart
                    continue
                start, end = (int(x, 16) for x in parts[0].split("-"))
                try:
                    pagemap.seek(start // 4096 * 8)
                    raw = pagemap.read((end - start) // 4096 * 8)
                except OSError:
                    continue
                for (entry,) in struct.iter_unpack("<Q", raw):
                    if entry >> 63 and entry & ((1 << 55) - 1):  # present, frame visible
                        frames.add(entry & ((1 << 55) - 1))
    return len(frames) * 4096 / 2**20


class MemorySampler:
    """Samples the proportional set size (PSS) of the app and its web-engine processes.

    PSS shares each shared page among the processes that map it, so the sum over the
    process tree is the memory the app really holds; the peak is kept. Because other Qt
    programs on the machine share the libraries' pages (and so lower the app's PSS), it also
    keeps the peak of the app's own (anonymous and shared-memory) PSS and, at checkpoints,
    :func:`file_alone_mb`: their sum is the peak PSS on a machine running nothing else.
    """

    def __init__(self, interval_ms: int = 200) -> None:
        from PySide6.QtCore import QTimer

        self.peak_pss_mb = 0.0
        self.peak_own_mb = 0.0
        self.file_alone_mb = 0.0
        self.timer = QTimer(interval=interval_ms)
        self.timer.timeout.connect(self.sample)
        self.timer.start()

    def sample(self) -> None:
        """Take one sample now."""
        pid = os.getpid()
        self.peak_pss_mb = max(self.peak_pss_mb, _sum_field(pid, "smaps_rollup", "Pss:"))
        own = _sum_field(pid, "smaps_rollup", "Pss_Anon:")
        own += _sum_field(pid, "smaps_rollup", "Pss_Shmem:")
        self.peak_own_mb = max(self.peak_own_mb, own)

    def checkpoint(self) -> None:
        """Sample, and count the file pages the processes hold now."""
        self.sample()
        self.file_alone_mb = max(self.file_alone_mb, file_alone_mb(os.getpid()))

    def quiet_mb(self) -> float:
        """The peak PSS so far as on a quiet machine (own memory + file pages)."""
        return self.peak_own_mb + self.file_alone_mb

    def stop(self) -> dict[str, float]:
        """Stop; the peak PSS, the same as on a quiet machine, and, for comparison, the sum of
        each process's peak RSS."""
        self.checkpoint()
        self.timer.stop()
        return {
            "memory_mb": self.peak_pss_mb,
            "memory_quiet_mb": self.quiet_mb(),
            "rss_peaks_sum_mb": _sum_field(os.getpid(), "status", "VmHWM:"),
        }


def start(runs: int = 3) -> dict[str, float]:
    """Cold start: a new process from launch to the first painted map (median of runs)."""
    times = []
    shutil.rmtree(BENCH_CACHE, ignore_errors=True)
    for _ in range(runs + 1):  # the first run also builds the page: reported apart
        t0 = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, str(Path(__file__)), "start"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert child.stdout is not None
        line = child.stdout.readline()
        elapsed = time.perf_counter() - t0
        child.wait(timeout=60)
        if not line.startswith("painted"):
            raise RuntimeError("the app did not paint")
        times.append(elapsed)
    return {"start_s": statistics.median(times[1:]), "first_run_s": times[0]}


def _child_start() -> int:
    from PySide6.QtCore import QTimer

    _settings_sandbox()
    from sovietmap.ui.app import open_window

    app, window = open_window(_options("1937-11-01"))

    def painted() -> None:
        print("painted", flush=True)
        QTimer.singleShot(0, app.quit)

    window.map.painted.connect(painted)
    app.exec()
    return 0


def exports(
    window: Any, png_runs: int = 5, before_close: Callable[[], None] | None = None
) -> dict[str, Any]:
    """One 1920x1080 PNG (median of runs, page warm) and a full 1918-1995 GIF, in the app;
    ``before_close()`` runs while the export page is still open."""
    from sovietmap.export import qtcapture
    from sovietmap.export.animation import animation_steps
    from sovietmap.export.spec import MapSpec

    capturer = qtcapture.open_capturer()
    folder = Path(tempfile.mkdtemp(prefix="sovietmap-bench-export-"))
    days = [dt.date(1930, 1, 1), dt.date(1950, 1, 1), dt.date(1937, 11, 1)]
    png = []
    for i in range(png_runs + 1):  # the first run warms the hidden page up
        t0 = time.perf_counter()
        image = capturer.capture_sync(MapSpec(days[i % len(days)], 1920, 1080))
        qtcapture.save_png(image, folder / "snapshot.png")
        if i:
            png.append(time.perf_counter() - t0)
    steps = animation_steps(window.atlas, 1918, 1995)
    t0 = time.perf_counter()
    qtcapture.record_animation(
        capturer, window.atlas, MapSpec(steps[0], 1024, 768), steps, folder / "timeline.gif", 4
    )
    gif = time.perf_counter() - t0
    if before_close is not None:
        before_close()
    capturer.close()
    shutil.rmtree(folder, ignore_errors=True)
    return {
        "export_png_s": statistics.median(png),
        "export_gif_s": gif,
        "export_gif_frames": len(steps),
    }


def prebuild_page() -> None:
    """Build the benchmark's page in a process of its own if it is not cached: the app is
    measured as a user has it from the second start on (a build in the app's process would
    leave its imports and freed heap in the memory figures)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(BENCH_CACHE)}
    code = "from sovietmap.mapview.page import build_page; build_page()"
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)


def run_all(extra: Callable[[Any], dict[str, Any]] | None = exports) -> dict[str, Any]:
    """scrub, naive and memory in one app instance; ``extra(window)`` adds figures."""
    prebuild_page()
    _app, window = open_app()
    memory = MemorySampler()
    out: dict[str, Any] = {"scrub": scrub(window)}
    memory.checkpoint()
    out["memory_browse_mb"] = memory.peak_pss_mb  # start and scrubbing, before any export
    out["memory_browse_quiet_mb"] = memory.quiet_mb()
    if extra is exports:
        out.update(exports(window, before_close=memory.checkpoint))
    elif extra is not None:
        out.update(extra(window))
    out.update(memory.stop())  # the naive baseline below is not the app: not counted
    out["naive"] = naive(window)
    out["naive_ratio"] = out["naive"]["p50_ms"] / out["scrub"]["p50_ms"]
    window.close()
    return out


if __name__ == "__main__":
    if sys.argv[1:] == ["start"]:
        raise SystemExit(_child_start())
    print(json.dumps(run_all()))
