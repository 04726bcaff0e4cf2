"""The `sovietmap` command: the viewer by default, plus data sub-commands."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from sovietmap import __version__
from sovietmap.core.views import add_view_option

#: Sub-command modules under sovietmap.commands, each with `register(subparsers)`.
COMMANDS = ("borders", "changes", "events", "export")


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (the viewer's options plus the sub-commands)."""
    parser = _Parser(prog="sovietmap", description=__doc__)
    parser.add_argument("--version", action="version", version=f"sovietmap {__version__}")
    viewer = parser.add_argument_group("viewer options (with no sub-command)")
    viewer.add_argument("--date", metavar="D", help="open on this ISO date (YYYY-MM-DD)")
    viewer.add_argument("--year", metavar="Y", help="open on 1 January of this year")
    add_view_option(viewer, "open on this view (default transcaucasia)")
    viewer.add_argument(
        "--events",
        metavar="F",
        action="append",
        dest="event_files",
        default=[],
        help="also show the events of this file (repeatable)",
    )
    viewer.add_argument(
        "--screenshot",
        metavar="FILE",
        help="save a PNG of the window once the map has painted, then exit",
    )
    desktop = parser.add_argument_group("desktop integration")
    desktop.add_argument(
        "--install-desktop",
        action="store_true",
        help="put the desktop entry and the icon into $XDG_DATA_HOME, then exit",
    )
    desktop.add_argument(
        "--uninstall-desktop",
        action="store_true",
        help="remove the desktop entry and the icon put there, then exit",
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    for name in COMMANDS:
        importlib.import_module(f"sovietmap.commands.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `sovietmap` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.install_desktop or args.uninstall_desktop:
        return run_desktop(parser, args)
    if args.command is None:
        return run_viewer(parser, args)
    if getattr(args, "run", None) is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.run(args))
    except BrokenPipeError:  # `sovietmap borders ... | head`: the reader has had enough
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # no second error when Python flushes stdout
        return 0


def run_desktop(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """--install-desktop / --uninstall-desktop: one line per file, exit 1 on a failed write."""
    from sovietmap import desktop

    if args.install_desktop and args.uninstall_desktop:
        parser.error("--install-desktop and --uninstall-desktop exclude each other")
    try:
        if args.install_desktop:
            for path in desktop.install():
                print(f"installed {path}")
        else:
            removed = desktop.uninstall()
            for path in removed:
                print(f"removed {path}")
            if not removed:
                print("no desktop entry or icon of sovietmap to remove")
    except OSError as exc:
        print(f"{parser.prog}: {exc}", file=sys.stderr)
        return 1
    return 0


def run_viewer(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """Check the viewer options, then open the viewer (Qt is imported only here)."""
    from sovietmap.core.dates import DateError, parse_timeline_date, parse_year

    try:
        if args.date is not None:  # an empty --date is a bad date, not no date
            parse_timeline_date(args.date, what="--date")
        if args.year is not None:
            parse_year(args.year, what="--year")
    except DateError as exc:
        parser.error(str(exc))
    if args.screenshot is not None:
        from sovietmap.export.atomic import ExportError, check_writable

        if not args.screenshot.strip():
            parser.error("--screenshot needs a file name")
        try:  # before Qt starts: a path that cannot be written fails at once
            check_writable(Path(args.screenshot))
        except ExportError as exc:
            print(f"{parser.prog}: {exc}", file=sys.stderr)
            return exc.exit_code
    from sovietmap.core.eventfiles import path_problem

    for name in args.event_files:
        refused = path_problem(Path(name))  # a FIFO or device is refused, never opened
        if refused is not None:
            parser.error(f"--events {name!r}: {refused}")
    from sovietmap.ui import app

    return app.run(args)
