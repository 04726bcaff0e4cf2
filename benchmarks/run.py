"""Run the sovietmap benchmarks and print a table, or JSON with --json.

    python3 benchmarks/run.py [--json] [--only data query start app bigevents]

Sections: data (size of data/geo/), query (atlas and catalogue at(date)), start (cold start of
a new process to the first painted map), app (on one real window, offscreen: scrub, the naive
re-render baseline, PNG and GIF export, peak memory), bigevents (a 200,000-row events file in
the window: background load, GUI-thread stalls, filter per keystroke, Cancel, memory; not in the
default run). With --json the last line is one object with every figure: scrub {p50_ms, p95_ms,
max_ms}, naive {p50_ms, p95_ms}, naive_ratio, start_s, export_png_s, export_gif_s, memory_mb,
memory_quiet_mb (the same as on a machine running no other Qt program: see
benchmarks/app.py's MemorySampler), memory_browse_mb, memory_browse_quiet_mb, query_ms,
data_mb, bigevents {...} (see benchmarks/bigevents.py). benchmarks/memory.py says where the
memory goes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import core

SECTIONS = ("data", "query", "start", "app", "bigevents")
DEFAULT_SECTIONS = ("data", "query", "start", "app")
TARGETS = {
    "data_mb": 8.0,
    "query_ms": 5.0,
    "scrub_p95_ms": 16.7,
    "naive_ratio": 20.0,
    "start_s": 2.5,
    "export_png_s": 1.0,
    "export_gif_s": 30.0,
    "memory_mb": 600.0,
    "memory_browse_mb": 450.0,
}


def _machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), "
        f"Python {platform.python_version()}, offscreen software rendering"
    )


def run(only: list[str] | None) -> dict[str, Any]:
    """Run the chosen sections and return the figures."""
    want = set(only or DEFAULT_SECTIONS)
    out: dict[str, Any] = {"machine": _machine()}
    if "data" in want:
        out["data_mb"] = core.data_size_mb()
    if "query" in want:
        q = core.query()
        out["query"] = q
        out["query_ms"] = max(q["atlas_at"]["mean_ms"], q["events_at"]["mean_ms"])
    if "start" in want or "app" in want:
        from benchmarks import app

        if "start" in want:
            out.update(app.start())
        if "app" in want:
            # A process of its own: the query section above loaded geopandas and the whole
            # atlas, which the app does not, and would be counted in its memory.
            done = subprocess.run(
                [sys.executable, app.__file__], capture_output=True, text=True, check=True
            )
            out.update(json.loads(done.stdout.strip().splitlines()[-1]))
    if "bigevents" in want:  # a process of its own too: its memory is the app's alone
        from benchmarks import bigevents

        done = subprocess.run(
            [sys.executable, bigevents.__file__], capture_output=True, text=True, check=True
        )
        out["bigevents"] = json.loads(done.stdout.strip().splitlines()[-1])
    return out


def _row(name: str, value: str, target: str = "") -> tuple[str, str, str]:
    return name, value, target


def _table(r: dict[str, Any]) -> str:
    rows = [_row("machine", r["machine"])]
    if "data_mb" in r:
        rows.append(_row("data/geo size", f"{r['data_mb']:.2f} MB", "<= 8 MB"))
    if "query" in r:
        q = r["query"]
        rows += [
            _row("atlas load (with geometry)", f"{q['atlas_load_s']:.2f} s"),
            _row(
                "atlas.at(date)",
                f"{q['atlas_at']['mean_ms']:.4f} ms "
                f"(uncached {q['atlas_at_uncached']['mean_ms']:.2f} ms)",
                "<= 5 ms",
            ),
            _row(
                "events.at(date)",
                f"{q['events_at']['mean_ms']:.4f} ms (uncached "
                f"{q['events_at_uncached']['mean_ms']:.3f}, worst "
                f"{q['events_at_uncached']['max_ms']:.3f} ms)",
                "<= 5 ms",
            ),
        ]
    if "start_s" in r:
        rows += [
            _row("start (new process -> painted)", f"{r['start_s']:.2f} s", "<= 2.5 s"),
            _row("first start (builds the page)", f"{r['first_run_s']:.2f} s"),
        ]
    if "scrub" in r:
        s, n = r["scrub"], r["naive"]
        rows += [
            _row(
                "scrub, Python -> 2 frames",
                f"p50 {s['p50_ms']:.1f}  p95 {s['p95_ms']:.1f}  "
                f"max {s['max_ms']:.1f} ms ({s['n']} steps)",
                "p95 <= 16.7 ms",
            ),
            _row(
                "scrub, in-page -> 2 frames",
                f"p50 {s['page']['p50_ms']:.1f}  "
                f"p95 {s['page']['p95_ms']:.1f}  max {s['page']['max_ms']:.1f} ms",
            ),
            _row(
                "frame floor (empty change)",
                f"p50 {s['floor']['p50_ms']:.1f}  p95 {s['floor']['p95_ms']:.1f} ms",
            ),
            _row("naive re-render + reload", f"p50 {n['p50_ms']:.0f}  p95 {n['p95_ms']:.0f} ms"),
            _row("naive / scrub (p50)", f"{r['naive_ratio']:.1f}x", ">= 20x"),
            _row("PNG 1920x1080", f"{r['export_png_s']:.2f} s", "<= 1 s"),
            _row(
                f"GIF 1918-1995 ({r['export_gif_frames']} frames)",
                f"{r['export_gif_s']:.1f} s",
                "<= 30 s",
            ),
            _row(
                "peak memory (PSS, app + web engine)",
                f"{r['memory_mb']:.0f} MB, {r.get('memory_quiet_mb', 0):.0f} MB as on a quiet"
                f" machine (sum of RSS peaks {r['rss_peaks_sum_mb']:.0f} MB)",
                "<= 600 MB",
            ),
            _row(
                "  of which before any export",
                f"{r['memory_browse_mb']:.0f} MB, {r.get('memory_browse_quiet_mb', 0):.0f} MB"
                " as on a quiet machine",
                "<= 450 MB",
            ),
        ]
    if "bigevents" in r:
        rows += _bigevents_rows(r["bigevents"])
    width = max(len(x[0]) for x in rows)
    return "\n".join(f"{a:<{width}}  {b:<52} {c}" for a, b, c in rows)


def _bigevents_rows(b: dict[str, Any]) -> list[tuple[str, str, str]]:
    f, c = b["filter"], b["cancel"]
    return [
        _row(
            f"events file, {b['rows']:,} rows: load",
            f"{b['load_s']:.1f} s in the background ({b['list_rows']:,} rows listed)",
        ),
        _row(
            "  GUI-thread stall while loading",
            f"max {b['stall']['max_ms']:.0f} ms  p99 {b['stall']['p99_ms']:.0f} ms",
            "max <= 100 ms",
        ),
        *[
            _row("    over 100 ms", f"{ms} ms at: {stage}")
            for ms, stage in b["stall"]["over_100ms"] + b["cancel"]["stall"]["over_100ms"]
        ],
        _row(
            "  filter, per keystroke",
            f"p50 {f['p50_ms']:.1f}  p95 {f['p95_ms']:.1f}  "
            f"max {f['max_ms']:.1f} ms ({f['n']} keys)",
            "max <= 50 ms",
        ),
        _row(
            "  Cancel -> thread gone",
            f"{c['to_thread_gone_ms']:.0f} ms, events {'kept' if c['events_kept'] else 'CHANGED'}",
        ),
        _row(
            "  date step -> painted (pins: date)",
            f"p50 {b['scrub_date']['p50_ms']:.0f}  p95 {b['scrub_date']['p95_ms']:.0f} ms",
        ),
        _row(
            "  date step -> painted (pins: up to)",
            f"p50 {b['scrub_upto']['p50_ms']:.0f}  p95 {b['scrub_upto']['p95_ms']:.0f} ms",
        ),
        _row(
            "  memory (PSS, app + web engine)",
            f"{b['memory_before_mb']:.0f} MB before, {b['memory_loaded_mb']:.0f} MB loaded",
        ),
        _row(
            "  peak memory while loading, browsing",
            f"{b['memory_load_peak_mb']:.0f} MB, {b['memory_browse_peak_mb']:.0f} MB",
            "< 1000 MB",
        ),
        _row("  peak with a 2nd file read, cancelled", f"{b['memory_mb']:.0f} MB"),
    ]


def main() -> int:
    """Command line."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--only", nargs="*", choices=SECTIONS, help="run only these sections")
    args = parser.parse_args()
    result = run(args.only)
    if args.json:
        print(json.dumps(result))
    else:
        print(_table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
