"""`sovietmap borders --date D`: the borders valid on a date, as GeoJSON on stdout."""

from __future__ import annotations

import argparse
import json
import sys

from sovietmap.core.dates import DateError, parse_timeline_date


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `borders` sub-command."""
    parser = sub.add_parser("borders", help="print the borders valid on a date as GeoJSON")
    parser.add_argument("--date", required=True, help="ISO date YYYY-MM-DD")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print a FeatureCollection of the features valid on ``args.date``."""
    try:
        day = parse_timeline_date(args.date, what="--date")
    except DateError as exc:
        print(f"sovietmap borders: {exc}", file=sys.stderr)
        return 2
    from sovietmap.core.atlas import BorderAtlas, to_geojson

    atlas = BorderAtlas.load()
    json.dump(to_geojson(atlas.at(day)), sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0
