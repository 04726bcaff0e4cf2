"""`sovietmap borders --date D [--lines]`: the borders valid on a date, as GeoJSON on stdout.

Plain: one (multi)polygon feature per polity, with its `kind`; `--lines`: one line feature per
stretch of border or coast (see sovietmap.core.lines).
"""

from __future__ import annotations

import argparse
import json
import sys

from sovietmap.core.dates import DateError, parse_timeline_date


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `borders` sub-command."""
    parser = sub.add_parser("borders", help="print the borders valid on a date as GeoJSON")
    parser.add_argument("--date", required=True, help="ISO date YYYY-MM-DD")
    parser.add_argument(
        "--lines",
        action="store_true",
        help="print the border lines (one feature per stretch) instead",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print a FeatureCollection of the features valid on ``args.date``."""
    try:
        day = parse_timeline_date(args.date, what="--date")
    except DateError as exc:
        print(f"sovietmap borders: {exc}", file=sys.stderr)
        return 2
    if args.lines:
        from sovietmap.core.lines import lines_at

        json.dump(lines_at(day), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    from sovietmap.core.atlas import BORDER_FIELDS, BorderAtlas, to_geojson

    atlas = BorderAtlas.load()
    frame = atlas.at(day)
    fields = (*BORDER_FIELDS, "kind") if "kind" in frame.columns else BORDER_FIELDS
    json.dump(to_geojson(frame, fields), sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0
