"""`sovietmap export`: PNG, SVG, PDF, HTML of a date, or a GIF/MP4 over years, headless.

The format follows the output file's suffix. PNG and animations use the real map page in an
offscreen Qt WebEngine view (no window is shown); SVG/PDF use matplotlib; HTML is the page
made self-contained. Every export carries the catalogue's event pins and those of each
--events file (bad rows: one line each on stderr; good rows are used). Bad arguments: one
line on stderr, exit 2. I/O failure: exit 1. SIGINT/SIGTERM: no file, exit 130/143.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from sovietmap.core.dates import DateError, parse_timeline_date, parse_year
from sovietmap.core.views import VIEWS, add_view_option
from sovietmap.export.atomic import (
    EXIT_USAGE,
    ExportError,
    ExportInterruptedError,
    interruptible,
)
from sovietmap.export.service import AnimationOptions, ExportRequest, export_now, family_of
from sovietmap.export.spec import PAPERS, MapSpec, parse_bbox, parse_layers

if TYPE_CHECKING:
    from sovietmap.core.atlas import BorderAtlas
    from sovietmap.core.events import Event

PROG = "sovietmap export"


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `export` sub-command."""
    parser = sub.add_parser(
        "export",
        help="export a map (PNG, SVG, PDF, HTML) or an animation (GIF, MP4)",
        description=__doc__,
    )
    parser.add_argument(
        "--out", required=True, metavar="FILE", help="output file; .png .svg .pdf .html .gif .mp4"
    )
    parser.add_argument("--date", metavar="D", help="ISO date of a single map")
    parser.add_argument(
        "--compare",
        metavar="D1",
        help="PNG/SVG/PDF and one-date HTML: hatch the land gained and lost between D1 and "
        "--date (with its legend)",
    )
    parser.add_argument(
        "--compare-polity",
        metavar="ID",
        help="with --compare: only this polity's gains and losses (e.g. ussr, or azerbaijan: "
        "the ADR, SSR and Republic as one); without it, every polity's",
    )
    parser.add_argument("--from", dest="first", metavar="Y1", help="first year of an animation")
    parser.add_argument("--to", dest="last", metavar="Y2", help="last year of an animation")
    parser.add_argument(
        "--step",
        default="year",
        choices=("year", "change"),
        help="one frame per year or per border change (default year)",
    )
    parser.add_argument("--fps", type=float, default=2.0, help="frames per second (default 2)")
    parser.add_argument("--width", type=int, default=1024, help="width in CSS pixels")
    parser.add_argument("--height", type=int, default=768, help="height in CSS pixels")
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="pixel density of PNG/GIF/MP4 (2 = twice the pixels)",
    )
    parser.add_argument("--bbox", metavar="W,S,E,N", help="extent in degrees")
    add_view_option(parser, "a named extent instead of --bbox")
    parser.add_argument(
        "--layers",
        metavar="L1,L2",
        help="layers to show (others hidden), e.g. land,republics,labels",
    )
    parser.add_argument(
        "--paper",
        metavar="SHEET",
        help="SVG/PDF: the page is a paper sheet, one of "
        + ", ".join(PAPERS)
        + " (a4 and letter are portrait)",
    )
    parser.add_argument("--title", default="", help="title drawn on the map")
    parser.add_argument("--legend", action="store_true", help="draw the legend")
    parser.add_argument("--attribution", action="store_true", help="draw the data attribution")
    parser.add_argument("--no-date", action="store_true", help="leave the date off the image")
    parser.add_argument(
        "--timeline", action="store_true", help="HTML: embed every date with a date slider"
    )
    parser.add_argument(
        "--events",
        metavar="FILE",
        action="append",
        dest="export_events",
        default=[],
        help="also pin the events of this CSV, GeoJSON or YAML "
        "file, as the viewer does (repeatable)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Do the export; 0 on success, 2 for bad arguments, 1 for an I/O failure.

    SIGINT or SIGTERM stops it at once: no file (nor temporary file) is left, one line says
    so, and the status is 130 or 143.
    """
    try:
        with interruptible():
            return _run(args)
    except ExportError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return exc.exit_code
    except ExportInterruptedError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return exc.exit_code


def _spec(args: argparse.Namespace, day: dt.date) -> MapSpec:
    spec = MapSpec(
        day=day,
        width=args.width,
        height=args.height,
        scale=args.scale,
        title=args.title,
        show_date=not args.no_date,
        show_legend=args.legend,
        show_attribution=args.attribution,
    )
    if args.bbox and getattr(args, "view", None):
        raise ExportError("--bbox and --view exclude each other", EXIT_USAGE)
    if args.bbox:
        spec = replace(spec, bbox=parse_bbox(args.bbox))
    elif getattr(args, "view", None):
        spec = replace(spec, bbox=VIEWS[args.view].bbox)
    if args.layers:
        spec = replace(spec, layers=parse_layers(args.layers))
    if getattr(args, "paper", None):
        if family_of(Path(args.out)) != "print":
            raise ExportError("--paper is for print maps (.svg, .pdf)", EXIT_USAGE)
        spec = spec.on_paper(args.paper)
    return spec


def _check_polity(polity: str) -> None:
    """Exit 2 unless ``polity`` is a polity id of the data or a lineage (``azerbaijan``)."""
    from sovietmap.core.atlas import BorderIndex
    from sovietmap.core.changes import LINEAGES

    known = {*BorderIndex.load().ids(), *LINEAGES}
    if polity not in known:
        raise ExportError(
            f"--compare-polity {polity!r} is not a polity of the data ({', '.join(sorted(known))})",
            EXIT_USAGE,
        )


def request_of(args: argparse.Namespace) -> ExportRequest:
    """The :class:`ExportRequest` the arguments describe, checked (:class:`ExportError`)."""
    out = Path(args.out)
    animated = family_of(out) == "animation"
    animation = None
    compare = None
    try:
        if getattr(args, "compare", None) is not None:
            if family_of(out) not in ("print", "snapshot", "html") or args.timeline:
                raise ExportError(
                    "--compare is for PNG, SVG and PDF maps and one-date HTML pages", EXIT_USAGE
                )
            compare = parse_timeline_date(args.compare, what="--compare")
        polity = getattr(args, "compare_polity", None)
        if polity is not None:
            if compare is None:
                raise ExportError("--compare-polity needs --compare D1", EXIT_USAGE)
            _check_polity(polity)
        if animated:
            if args.date is not None or args.first is None or args.last is None:
                raise ExportError(f"{out.suffix} needs --from Y1 --to Y2 (not --date)", EXIT_USAGE)
            first = parse_year(args.first, what="--from")
            last = parse_year(args.last, what="--to")
            day = parse_timeline_date(f"{first}-01-01")
            animation = AnimationOptions(first, last, args.step, args.fps)
        else:
            if args.date is None or args.first is not None or args.last is not None:
                raise ExportError(f"{out.suffix} needs --date D (not --from/--to)", EXIT_USAGE)
            day = parse_timeline_date(args.date, what="--date")
    except DateError as exc:
        raise ExportError(str(exc), EXIT_USAGE) from None
    spec = replace(_spec(args, day), compare=compare, compare_polity=polity)
    request = ExportRequest(out, spec, timeline=args.timeline, animation=animation)
    return request.check()


def _run(args: argparse.Namespace) -> int:
    _check_files(args.export_events)
    request = request_of(args)
    events = _events(args.export_events)
    from sovietmap.core.atlas import BorderAtlas

    atlases: list[BorderAtlas] = []

    def atlas() -> BorderAtlas:
        if not atlases:
            atlases.append(BorderAtlas.load())
        return atlases[0]

    if request.family != "animation":
        export_now(request, atlas, events)
        print(f"{PROG}: wrote {request.path}", file=sys.stderr)
        return 0
    steps = len(request.steps(atlas()))
    started = time.monotonic()

    def progress(done: int, total: int) -> None:
        width = 30
        filled = width * done // total
        sys.stderr.write(
            f"\r{PROG}: [{'#' * filled}{'.' * (width - filled)}] "
            f"{done}/{total} frames, {time.monotonic() - started:.1f} s"
        )
        sys.stderr.flush()

    try:
        export_now(request, atlas, events, progress=progress)
    finally:
        sys.stderr.write("\n")
    print(f"{PROG}: wrote {request.path} ({steps} frames)", file=sys.stderr)
    return 0


def _check_files(files: list[str]) -> None:
    """:class:`ExportError` (exit 2) for an ``--events`` file that is missing."""
    for name in files:
        if not Path(name).is_file():
            what = "not a regular file" if Path(name).exists() else "no such file"
            raise ExportError(f"--events {name!r}: {what}", EXIT_USAGE)


def _events(files: list[str]) -> list[Event]:
    """The catalogue's events plus the good rows of each ``--events`` file, as the viewer
    shows them; each bad row is one line on stderr."""
    from sovietmap.core.events import EventCatalogue, escape_terminal

    catalogue = EventCatalogue.load()
    for name in files:
        for problem in catalogue.add_file(Path(name)):  # file names and text: not controls
            print(f"{PROG}: {escape_terminal(str(problem))}", file=sys.stderr)
    return list(catalogue.events)
