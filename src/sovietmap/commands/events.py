"""`sovietmap events`: the event pins (catalogue plus the user's files) as JSON or a table."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from sovietmap.core.dates import DateError, parse_timeline_date, parse_year
from sovietmap.core.eventtext import escape_terminal

_PROG = "sovietmap events"
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


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
        "--file",
        action="append",
        default=[],
        metavar="F",
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
    from sovietmap.core.eventfiles import path_problem

    files = [Path(f) for f in args.file]
    for path in files:
        refused = path_problem(path)
        if refused is not None:
            return _fail(f"--file {escape_terminal(repr(str(path)))}: {refused}")

    from sovietmap.core.events import CatalogueError, EventCatalogue

    try:
        catalogue = EventCatalogue.load()
    except (CatalogueError, OSError) as exc:
        print(f"{_PROG}: {exc}", file=sys.stderr)
        return 1
    for path in files:
        for problem in catalogue.add_file(path):
            print(f"{_PROG}: {escape_terminal(str(problem))}", file=sys.stderr)

    if day is not None:
        events = catalogue.at(day)
    elif year is not None:
        events = catalogue.in_year(year)
    else:
        events = list(catalogue.events)

    if args.format == "json":
        # Whole, then written: never half a document. JSON is UTF-8 whatever the locale; the
        # controls json leaves raw (DEL, C1, bidi, line separators) are written \uXXXX too.
        text = json.dumps([e.to_dict() for e in events], ensure_ascii=False, indent=1)
        text = _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
        _write(text + "\n", "utf-8")
    else:
        rows = [("start", "end", "id", "place", "title")]
        rows += [
            (
                e.start.isoformat(),
                e.end.isoformat(),
                escape_terminal(e.id),
                escape_terminal(e.place),
                escape_terminal(e.title),
            )
            for e in events
        ]
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        lines = []
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            lines.append("  ".join([*cells, row[4]]))
        _write("\n".join(lines) + "\n", getattr(sys.stdout, "encoding", None) or "utf-8")
    return 0


def _write(text: str, encoding: str) -> None:
    """Write ``text`` to stdout in ``encoding``; what it cannot hold is written ``\\uXXXX``."""
    data = text.encode(encoding, "backslashreplace")
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (tests that swap stdout)
        sys.stdout.write(data.decode(encoding))
        return
    sys.stdout.flush()
    buffer.write(data)
    buffer.flush()
