"""A 200,000-row events file in the real window, offscreen: load, stalls, filter, memory.

Run through ``benchmarks/run.py --only bigevents`` (a process of its own), or directly:
``python3 benchmarks/bigevents.py [--rows N]`` prints one JSON line. Figures:

- ``load_s``: from File → Open (``window.load_events``) to the events in the list;
- ``stall``: the longest gap of a 5 ms GUI-thread timer while loading (and p99), i.e. how long
  the window could not answer; the target is no gap over 100 ms;
- ``filter``: time per keystroke in the filter box, from the key press to the list redrawn
  (typing on, deleting back, a kind chosen); the target is 50 ms;
- ``cancel``: from Cancel to the loading thread gone, and whether the events stayed as they were;
- ``memory_mb``: peak PSS of the app and its web-engine processes (target under 1 GB);
- ``scrub``: date steps to the page painted with the 200,000 events in (pins 'date' and 'upto').

``--geojson`` measures instead the stalls while a GeoJSON file of as many features loads.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.app import _sum_field, _wait, open_app, percentiles

KINDS = ("battle", "decree", "strike", "repression", "congress", "flood", "census", "rename")
PLACES = ("Baku", "Tiflis", "Erivan", "Ganja", "Batum", "Shusha", "Nakhchivan", "Sukhum")


def write_events_csv(path: Path, rows: int, prefix: str = "big", seed: int = 1) -> Path:
    """A generated events CSV: ``rows`` events over 1918-1995, titles and descriptions of a
    usual length, a few kinds and places."""
    rnd = random.Random(seed)
    first = dt.date(1918, 1, 1).toordinal()
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(
            [
                "id",
                "title",
                "description",
                "start",
                "end",
                "precision",
                "place",
                "lat",
                "lon",
                "kind",
            ]
        )
        for i in range(rows):
            start = dt.date.fromordinal(first + rnd.randrange(28_480))
            end = start + dt.timedelta(days=rnd.choice((0, 0, 0, 1, 5, 30)))
            end = start if end.year > 1995 else end
            place, kind = rnd.choice(PLACES), rnd.choice(KINDS)
            out.writerow(
                [
                    f"{prefix}-{i:06d}",
                    f"Event {i} at {place}: {kind} number {rnd.randrange(10**6)}",
                    f"Generated row {i}, a plain description of usual length.",
                    start.isoformat(),
                    end.isoformat(),
                    "day",
                    place,
                    f"{38.5 + rnd.random() * 5:.4f}",
                    f"{40 + rnd.random() * 10:.4f}",
                    kind,
                ]
            )
    return path


class ThreadSampler:
    """Peak PSS of the app and its web-engine processes, sampled on a thread of its own (the
    GUI thread's timer would count the sampling itself as a stall)."""

    def __init__(self, interval_s: float = 0.2) -> None:
        import threading

        self.peak_mb = 0.0
        self.now_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(interval_s,), daemon=True)
        self._thread.start()

    def sample(self) -> float:
        """Take one sample now; PSS in MB."""
        self.now_mb = _sum_field(os.getpid(), "smaps_rollup", "Pss:")
        self.peak_mb = max(self.peak_mb, self.now_mb)
        return self.now_mb

    def _run(self, interval_s: float) -> None:
        while not self._stop.wait(interval_s):
            self.sample()

    def stop(self) -> dict[str, float]:
        """Stop; the peak PSS and the sum of each process's peak RSS (MB)."""
        self._stop.set()
        self._thread.join()
        self.sample()
        return {
            "memory_mb": self.peak_mb,
            "rss_peaks_sum_mb": _sum_field(os.getpid(), "status", "VmHWM:"),
        }


class StallProbe:
    """A 5 ms timer on the GUI thread; the gaps between its ticks are the window's stalls."""

    def __init__(self, interval_ms: int = 5) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.interval_ms = interval_ms
        self.gaps: list[float] = []
        self.long: list[tuple[float, str]] = []  # gaps over 100 ms and what was going on
        self.stage = "idle"
        self._last = time.perf_counter()
        self.timer = QTimer(interval=interval_ms)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = (now - self._last) * 1e3
        self.gaps.append(gap)
        if gap > 100:
            self.long.append((round(gap), self.stage))
        self._last = now

    def take(self) -> dict[str, Any]:
        """Longest gap and p99 since the last take (ms).

        The next gap is counted from now: the benchmark's own steps before the next phase (a
        pin mode set, a list of 200,000 ids made) are not the window stalling while loading.
        """
        gaps, self.gaps = sorted(self.gaps), []
        long, self.long = self.long, []
        self._last = time.perf_counter()
        if not gaps:
            return {"max_ms": 0.0, "p99_ms": 0.0, "ticks": 0, "over_100ms": long}
        return {
            "max_ms": gaps[-1],
            "p99_ms": gaps[min(len(gaps) - 1, int(0.99 * len(gaps)))],
            "ticks": len(gaps),
            "over_100ms": long,
        }

    def stop(self) -> None:
        """Stop ticking."""
        self.timer.stop()


def _settle(ms: int = 300) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _keys(window: Any, keys: list[Any]) -> list[float]:
    """Time each key in the filter box until the list has repainted."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    edit = window.events_panel.filter
    times = []
    for key in keys:
        t0 = time.perf_counter()
        if isinstance(key, str):
            QTest.keyClicks(edit, key)
        else:
            QTest.keyClick(edit, key, Qt.KeyboardModifier.NoModifier)
        QApplication.processEvents()  # the list lays out and paints
        times.append((time.perf_counter() - t0) * 1e3)
    return times


def filtering(window: Any) -> dict[str, Any]:
    """Per-keystroke times: typing 'event 1234' and 'baku', deleting back, a kind chosen."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    panel = window.events_panel
    panel.filter.setFocus()
    panel.filter.clear()
    typing = _keys(window, list("event 1234"))
    shown = panel.model.rowCount()
    deleting = _keys(window, [Qt.Key.Key_Backspace] * 10)
    typing += _keys(window, list("baku"))
    kinds = []
    for i in (1, 2, 0):
        t0 = time.perf_counter()
        panel.kind.setCurrentIndex(i)
        QApplication.processEvents()
        kinds.append((time.perf_counter() - t0) * 1e3)
    deleting += _keys(window, [Qt.Key.Key_Backspace] * 4)
    every = typing + deleting + kinds
    return {
        **percentiles(every),
        "typing": percentiles(typing),
        "deleting": percentiles(deleting),
        "kind": percentiles(kinds),
        "rows_for_event_1234": shown,
    }


def scrub(window: Any, mode: str, steps: int = 40) -> dict[str, Any]:
    """Date steps (one a year apart, over the range) until the page has painted."""
    window.events_panel.set_pin_mode(mode)
    _wait(window.map.painted, 20_000)
    times = []
    for i in range(steps):
        day = dt.date(1920 + (i * 7) % 75, 1 + i % 12, 1 + i % 28)
        t0 = time.perf_counter()
        if window.model.set_date(day) and not _wait(window.map.painted, 30_000):
            raise RuntimeError(f"no paint after {day}")
        times.append((time.perf_counter() - t0) * 1e3)
    return percentiles(times)


def run(rows: int = 200_000) -> dict[str, Any]:
    """Everything above, on one window."""
    folder = Path(tempfile.mkdtemp(prefix="sovietmap-bigevents-"))
    big = write_events_csv(folder / "big.csv", rows)
    other = write_events_csv(folder / "other.csv", rows, prefix="other", seed=2)
    _app, window = open_app("1937-11-01")
    memory = ThreadSampler()
    out: dict[str, Any] = {"rows": rows, "memory_before_mb": memory.sample()}
    loader = window.events_loader
    probe = StallProbe()
    loader.progress.connect(
        lambda stage, done, total: setattr(probe, "stage", f"{stage} {done}/{total}")
    )
    loader.loaded.connect(lambda *_a: setattr(probe, "stage", "loaded"))
    t0 = time.perf_counter()
    window.load_events(big)
    if not _wait(loader.loaded, 600_000):
        raise RuntimeError("the big file did not load")
    out["load_s"] = time.perf_counter() - t0
    _wait(window.map.painted, 20_000)
    out["stall"] = probe.take()
    out["list_rows"] = window.events_panel.model.rowCount()
    _settle()
    out["memory_loaded_mb"] = memory.sample()
    out["memory_load_peak_mb"] = memory.peak_mb
    probe.take()
    out["filter"] = filtering(window)
    out["scrub_date"] = scrub(window, "date")
    out["scrub_upto"] = scrub(window, "upto")
    window.events_panel.set_pin_mode("date")
    out["memory_browse_peak_mb"] = memory.peak_mb
    # Cancel half-way through reading a second file of the same size.
    before = [e.id for e in window.catalogue.events]
    probe.take()
    window.load_events(other)
    _settle(2000)
    t0 = time.perf_counter()
    window.events_panel.cancel_button.click()
    while loader._threads:  # the thread ends at its next Python step
        _settle(5)
    out["cancel"] = {
        "to_thread_gone_ms": (time.perf_counter() - t0) * 1e3,
        "events_kept": [e.id for e in window.catalogue.events] == before,
        "stall": probe.take(),
    }
    probe.stop()
    out.update(memory.stop())
    window.close()
    for path in (big, other):
        path.unlink()
    folder.rmdir()
    return out


def write_events_geojson(path: Path, rows: int) -> Path:
    """The rows of :func:`write_events_csv` as a GeoJSON FeatureCollection."""
    source = write_events_csv(path.with_suffix(".csv"), rows)
    with source.open(encoding="utf-8", newline="") as handle:
        features = [
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(r.pop("lon")), float(r.pop("lat"))],
                },
                "properties": r,
            }
            for r in csv.DictReader(handle)
        ]
    source.unlink()
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    return path


def geojson(rows: int = 200_000) -> dict[str, Any]:
    """Stalls while a GeoJSON file of ``rows`` features loads (``--geojson``; a window of its
    own, not in run.py): the file is parsed whole before its rows are read."""
    folder = Path(tempfile.mkdtemp(prefix="sovietmap-bigevents-"))
    path = write_events_geojson(folder / "big.geojson", rows)
    _app, window = open_app("1937-11-01")
    probe = StallProbe()
    window.events_loader.progress.connect(
        lambda stage, done, total: setattr(probe, "stage", f"{stage} {done}/{total}")
    )
    t0 = time.perf_counter()
    window.load_events(path)
    if not _wait(window.events_loader.loaded, 600_000):
        raise RuntimeError("the GeoJSON file did not load")
    out: dict[str, Any] = {
        "rows": rows,
        "file_mb": path.stat().st_size / 1e6,
        "load_s": time.perf_counter() - t0,
    }
    _wait(window.map.painted, 20_000)
    out["stall"] = probe.take()
    probe.stop()
    window.close()
    path.unlink()
    folder.rmdir()
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--geojson", action="store_true", help="only the GeoJSON load stalls")
    args = parser.parse_args()
    print(json.dumps(geojson(args.rows) if args.geojson else run(args.rows)))
