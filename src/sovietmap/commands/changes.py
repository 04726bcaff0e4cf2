"""`sovietmap changes --from D1 --to D2 [--polity ID] [--format json|table|geojson]`.

What changed between two dates (sovietmap.core.changes): per polity the territory gained and
lost, as pieces with their areas in km² (ellipsoidal, equal-area) and the act that made each,
the names before and after, and the change log entries in between.

* ``json`` (default): one object ``{polities: [{id, name_from, name_to, gained_km2, lost_km2,
  pieces}], acts: [{date, summary, sources}]}``; ``pieces`` is a GeoJSON FeatureCollection.
* ``geojson``: every piece of every polity as one FeatureCollection.
* ``table``: the same for reading, without geometry.

Dates given the wrong way round are swapped: the comparison runs from the earlier date to the
later one, and stderr says so (``note: ... swapped``); the exit status stays 0. An unknown
polity or a bad date is exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import TYPE_CHECKING, TextIO

from sovietmap.core.dates import DateError, parse_timeline_date

if TYPE_CHECKING:
    from sovietmap.core.changes import Comparison

PROG = "sovietmap changes"
FORMATS = ("json", "table", "geojson")


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `changes` sub-command."""
    parser = sub.add_parser(
        "changes",
        help="what changed between two dates: territory gained and lost, acts, names",
        description=__doc__.split("\n\n")[1] if __doc__ else None,
    )
    parser.add_argument("--from", dest="start", required=True, metavar="D1", help="ISO date")
    parser.add_argument("--to", dest="end", required=True, metavar="D2", help="ISO date")
    parser.add_argument(
        "--polity",
        metavar="ID",
        help="only this polity (e.g. ussr; azerbaijan: the ADR, SSR and Republic as one)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="json",
        help="json (default): polities and acts; geojson: the pieces; table: for reading",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the comparison of ``args.start`` and ``args.end`` in ``args.format``."""
    try:
        start = parse_timeline_date(args.start, what="--from")
        end = parse_timeline_date(args.end, what="--to")
    except DateError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    from sovietmap.core.atlas import BorderIndex
    from sovietmap.core.changes import LINEAGES

    index = BorderIndex.load()
    if args.polity is not None and args.polity not in {*index.ids(), *LINEAGES}:
        known = ", ".join(sorted({*index.ids(), *LINEAGES}))
        print(
            f"{PROG}: --polity {args.polity!r} is not a polity of the data ({known})",
            file=sys.stderr,
        )
        return 2
    from sovietmap.core.atlas import BorderAtlas
    from sovietmap.core.changes import Comparer

    result = Comparer(BorderAtlas.load()).compare(start, end, polity=args.polity)
    if result.swapped:
        span = f"{result.start.isoformat()} to {result.end.isoformat()}"
        print(
            f"{PROG}: note: --from {args.start.strip()} is after --to {args.end.strip()}: "
            f"the dates were swapped, comparing {span}",
            file=sys.stderr,
        )
    if args.format == "table":
        write_table(result, sys.stdout)
        return 0
    data = result.pieces_geojson() if args.format == "geojson" else result.to_json()
    json.dump(data, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def write_table(result: Comparison, out: TextIO) -> None:
    """The comparison as plain text: totals and pieces per polity, then the acts."""
    head = f"Changes from {result.start.isoformat()} to {result.end.isoformat()}"
    out.write(head + (" (dates swapped)" if result.swapped else "") + "\n\n")
    if not result.polities:
        out.write("No polity changed.\n")
    for pol in result.polities:
        if pol.name_from == pol.name_to:
            names = pol.name_from
        else:
            names = f"{pol.name_from or '(none)'} -> {pol.name_to or '(none)'}"
        out.write(f"{pol.id}: {names}\n")
        out.write(f"  gained {pol.gained_km2:>12,.0f} km2   lost {pol.lost_km2:>12,.0f} km2\n")
        for piece in pol.pieces:
            sign = "+" if piece.change == "gained" else "-"
            what = textwrap.shorten(piece.act, 80, placeholder=" ...")
            out.write(f"  {piece.date.isoformat()} {sign}{piece.area_km2:>10,.0f} km2  {what}\n")
        out.write("\n")
    out.write(f"Acts ({len(result.acts)}):\n")
    for act in result.acts:
        body = textwrap.fill(act.summary, 96, initial_indent="  ", subsequent_indent="  ")
        out.write(f"{act.date.isoformat()}\n{body}\n")
        keys = ", ".join(s.split(":", 1)[0] for s in act.sources)
        if keys:
            out.write(f"  [{keys}]\n")
