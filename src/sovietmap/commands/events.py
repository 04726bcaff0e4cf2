"""`sovietmap events`: the event pins (catalogue plus the user's files) as JSON or a table."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sovietmap.core.dates import DateError, parse_timeline_date, parse_year

_PROG = "sovietmap events"


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `events` sub-command."""
    parser = sub.add_parser(
        "events",
        help="list event pins (catalogue plus your own files)",
        description="List event pins: the bundled catalogue plus any --file given. "
        "Problems in your files are reported one per line on stderr; good rows still print.",
    )
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--date", help="only events whose interval holds this ISO date")
    when.add_argument("--year", help="only events that touch this year")
    parser.add_argument(
        "--file", action="append", default=[], metavar="F",
        help="a CSV, GeoJSON or YAML file of your own events (repeatable)",
    )
    parser.add_argument("--format", choices=("json", "table"), default="json")
    parser.set_defaults(run=run)


def _fail(message: str) -> int:
    print(f"{_PROG}: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    """Print the selected events; exit 2 on bad arguments, 1 if the catalogue is broken."""
    try:
        day = parse_timeline_date(args.date, what="--date") if args.date is not None else None
        year = parse_year(args.year, what="--year") if args.year is not None else None
    except DateError as exc:
        return _fail(str(exc))
    files = [Path(f) for f in args.file]
    for path in files:
        if not path.is_file():
            return _fail(f"--file {str(path)!r}: no such file")

    from sovietmap.core.events import CatalogueError, EventCatalogue

    try:
        catalogue = EventCatalogue.load()
    except (CatalogueError, OSError) as exc:
        print(f"{_PROG}: {exc}", file=sys.stderr)
        return 1
    for path in files:
        for problem in catalogue.add_file(path):
            print(f"{_PROG}: {problem}", file=sys.stderr)

    if day is not None:
        events = catalogue.at(day)
    elif year is not None:
        events = catalogue.in_year(year)
    else:
        events = list(catalogue.events)

    if args.format == "json":
        json.dump([e.to_dict() for e in events], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        rows = [("start", "end", "id", "place", "title")]
        rows += [(e.start.isoformat(), e.end.isoformat(), e.id, e.place, e.title) for e in events]
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            print("  ".join([*cells, row[4]]))
    return 0
