"""Run the sovietmap benchmarks and print a table, or JSON with --json.

    python3 benchmarks/run.py [--json] [--only NAME ...]

Sections: data (size of data/geo/), query (atlas and catalogue at(date)). The last line of
--json output is one object with every figure.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import core

TARGETS = {"data_mb": 8.0, "query_ms": 5.0}


def _machine() -> str:
    import os

    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}")


def run(only: list[str] | None) -> dict[str, Any]:
    """Run the chosen sections and return the figures."""
    want = set(only or ["data", "query"])
    out: dict[str, Any] = {"machine": _machine()}
    if "data" in want:
        out["data_mb"] = core.data_size_mb()
    if "query" in want:
        q = core.query()
        out["query"] = q
        out["query_ms"] = max(q["atlas_at"]["mean_ms"], q["events_at"]["mean_ms"])
    return out


def _table(result: dict[str, Any]) -> str:
    rows = [("machine", result["machine"], "")]
    if "data_mb" in result:
        rows.append(("data/geo size", f"{result['data_mb']:.2f} MB", f"<= {TARGETS['data_mb']} MB"))
    if "query" in result:
        q = result["query"]
        rows += [
            ("atlas load", f"{q['atlas_load_s']:.2f} s", ""),
            ("events load", f"{q['events_load_s']:.3f} s", ""),
            ("atlas.at(date)",
             f"{q['atlas_at']['mean_ms']:.4f} ms (max {q['atlas_at']['max_ms']:.3f})",
             f"<= {TARGETS['query_ms']} ms"),
            ("atlas.at uncached", f"{q['atlas_at_uncached']['mean_ms']:.3f} ms", ""),
            ("events.at(date)", f"{q['events_at']['mean_ms']:.4f} ms",
             f"<= {TARGETS['query_ms']} ms"),
        ]
    width = max(len(r[0]) for r in rows)
    return "\n".join(f"{a:<{width}}  {b:<36} {c}" for a, b, c in rows)


def main() -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--only", nargs="*")
    args = parser.parse_args()
    result = run(args.only)
    print(json.dumps(result) if args.json else _table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
