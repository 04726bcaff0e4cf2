"""Core measurements: the size of data/geo/ and the speed of date queries (no Qt)."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from typing import Any

from sovietmap import GEO_DIR


def data_size_mb() -> float:
    """Total size of data/geo/ in MB (10^6 bytes)."""
    return sum(p.stat().st_size for p in GEO_DIR.rglob("*") if p.is_file()) / 1e6


def _days() -> list[dt.date]:
    start = dt.date(1918, 1, 1)
    return [start + dt.timedelta(days=d) for d in range(0, 78 * 365, 7)]


def _per_call_ms(fn: Any, days: list[dt.date], repeats: int = 5) -> dict[str, float]:
    """Median over repeats of the mean time of one call, and the worst single call (ms)."""
    means, worst = [], 0.0
    for _ in range(repeats):
        t0 = time.perf_counter()
        for day in days:
            t = time.perf_counter()
            fn(day)
            worst = max(worst, time.perf_counter() - t)
        means.append((time.perf_counter() - t0) / len(days))
    return {"mean_ms": statistics.median(means) * 1e3, "max_ms": worst * 1e3}


def query() -> dict[str, Any]:
    """Load time and per-date query time of the border atlas and the event catalogue."""
    from sovietmap.core.atlas import BorderAtlas
    from sovietmap.core.events import EventCatalogue

    t0 = time.perf_counter()
    atlas = BorderAtlas.load()
    atlas_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    catalogue = EventCatalogue.load()
    events_load = time.perf_counter() - t0
    days = _days()
    for day in days:  # warm up: the first query of each border state fills the cache
        atlas.at(day)
        catalogue.at(day)
    cold = BorderAtlas(atlas.frame)

    def uncached(day: dt.date) -> None:
        cold._rows.clear()
        cold._frames.clear()
        cold.at(day)

    def events_uncached(day: dt.date) -> None:
        catalogue._at_cache.clear()  # every call on a day not asked before
        catalogue.at(day)

    return {
        "atlas_load_s": atlas_load,
        "events_load_s": events_load,
        "atlas_at": _per_call_ms(atlas.at, days),
        "atlas_at_uncached": _per_call_ms(uncached, days, 1),
        "events_at": _per_call_ms(catalogue.at, days),
        "events_at_uncached": _per_call_ms(events_uncached, days, 1),
    }
